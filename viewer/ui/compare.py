""""Compare with prior": the current study and a prior side by side, matching series paired.

A prior only on the archive is retrieved first (the window's retrieve: a Transfers row with its
progress, Cancel); once it is local both studies are read in a worker, their image series
paired (:func:`viewer.viewing.priors.pair_image_series`) and hung: the current series on the
left, each one's prior on its right (1x2 for one pair, 2x2 for two; the strip lists every series,
the prior's marked with its date), scrolling linked (:class:`.viewing.prior_scroll.PriorScrolling`).
Showing another current series in a left viewport (or a prior one on the right) brings its
partner into the viewport beside it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from viewer.dicom import assemble_series, open_paths
from viewer.ui import formatting as fmt
from viewer.ui.transfers import CANCELLED, DONE, FAILED
from viewer.ui.viewing.prior_scroll import PriorScrolling
from viewer.viewing.priors import pair_image_series


def load_studies(archive, study_uids, *, cancel):
    """Worker: the series of each local study (``[]`` for one with no files)."""
    from viewer.ui.jobs import study_paths

    loaded = []
    for uid in study_uids:
        if cancel.is_set():
            return None
        loaded.append(assemble_series(open_paths(study_paths(archive, uid)).instances))
    return loaded


class PriorComparison(QObject):
    """The window's comparisons; ``shown`` after each hanging (the pairs hung)."""

    shown = Signal(list)  # [SeriesPair] hung (linked)

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.ops = window.operations
        self.scrolling = PriorScrolling(window.viewer)
        self.pairs: list = []  # every pair of the comparison shown
        self.studies: tuple | None = None  # (CurrentStudy, OtherStudy) shown
        self._loading = None
        self._series: dict[str, object] = {}
        self._hanging = False
        window.viewer.seriesShown.connect(self._series_shown)
        self.ops.seriesReady.connect(lambda *_: self.end())  # another study opened

    def end(self) -> None:
        """The comparison is over (another study is shown)."""
        self.pairs, self._series, self.studies = [], {}, None
        self.scrolling.clear()

    def compare(self, current, prior, node=None) -> None:
        """Show *current* (a CurrentStudy) beside *prior* (an OtherStudy, None: there is none);
        *node* is the archive to retrieve a prior from that is not local."""
        if prior is None:
            self.ops.notice.emit(self.tr("Compare with prior"),
                                 self.tr("There is no other study of this patient to compare "
                                         "with."))
            return
        if prior.local:
            self._load(current, prior)
        elif node is None:
            self.ops.notice.emit(self.tr("Compare with prior"),
                                 self.tr("The prior is not on this workstation; choose the "
                                         "archive that holds it."))
        else:
            self._retrieve(current, prior, node)

    def _retrieve(self, current, prior, node) -> None:
        from viewer.ui.query_panel import RetrieveRequest

        label = " – ".join(t for t in (fmt.person_name(prior.patient_name),
                                       fmt.dicom_date(prior.study_date), prior.description) if t)
        request = RetrieveRequest("STUDY", {"StudyInstanceUID": prior.study_uid}, label,
                                  prior.study_uid)
        job = self.ops.retrieve(node, [request])[0]
        self.window.show_transfers()
        self.ops.statusMessage.emit(self.tr("Retrieving the prior {what}…").format(what=label))

        def changed() -> None:
            if job.state in (DONE, FAILED, CANCELLED):
                job.changed.disconnect(changed)
                self._retrieved(job, current, prior)

        job.changed.connect(changed)

    def _retrieved(self, job, current, prior) -> None:
        if job.state == DONE and job.completed:
            self._load(current, replace(prior, local=True))
        elif job.state != CANCELLED:
            reason = job.detail or self.tr("the archive sent no images")
            self.ops.notice.emit(self.tr("Compare with prior"),
                                 self.tr("The prior could not be retrieved: {reason}").format(
                                     reason=reason))

    def _load(self, current, prior) -> None:
        archive = self.window.session.archive
        if archive is None:
            self.ops.notice.emit(self.tr("Compare with prior"),
                                 self.tr("The local archive cannot be used."))
            return
        if self._loading is not None and not self._loading.is_done:
            self._loading.cancel()
        self.ops.statusMessage.emit(self.tr("Opening {what} with its prior…").format(
            what=current.label))
        worker = None

        def loaded(result) -> None:
            if worker is self._loading and result is not None:
                self._hang(current, prior, *result)

        worker = self.window.pool.run(
            load_studies, archive, [current.study_uid, prior.study_uid], name="compare",
            on_finished=loaded,
            on_failed=lambda text: self.ops.notice.emit(self.tr("Cannot open"), text))
        self._loading = worker

    # --- hanging -------------------------------------------------------------------------------

    def _hang(self, current, prior, current_series: list, prior_series: list) -> None:
        if not current_series or not prior_series:
            self.ops.notice.emit(self.tr("Compare with prior"),
                                 self.tr("The study or its prior has no files on this "
                                         "workstation."))
            return
        ops, viewer = self.ops, self.window.viewer
        ops.live.stop()  # the comparison replaces what was open, and is not followed
        if ops.opening is not None and not ops.opening.is_done:
            ops.opening.cancel()
        self._hanging = True  # (the viewports filled now are not the reader's choice)
        self.pairs = pair_image_series(current_series, prior_series)
        self._series = {s.series_instance_uid: s for s in current_series + prior_series}
        self.studies = (current, prior)
        self.scrolling.clear()
        viewer.show_series_list(current_series + prior_series)
        self._mark_prior(prior, prior_series)
        hung = self.pairs[:2]
        viewer.set_layout(*((2, 2) if len(hung) > 1 else (1, 2)))
        views = viewer.viewports
        for row, pair in enumerate(hung):
            self._show_pair(views[2 * row], views[2 * row + 1], pair)
        if not hung:  # nothing alike: each study's first images, unlinked
            images = [s for s in prior_series if s.frames]
            if images:
                viewer.show_series(views[1], images[0])
        if views[0].series is not None:
            viewer.show_series(views[0], views[0].series)  # the current one is active
        self._hanging = False
        self.window.act_viewer.trigger()
        self.window.setWindowTitle(self.tr("{current} compared with the prior of {date} – DICOM "
                                           "Viewer").format(current=current.label,
                                                            date=fmt.dicom_date(prior.study_date)))
        ops.statusMessage.emit(self.tr("%n series pair(s) matched", "", len(self.pairs)))
        self.shown.emit(hung)

    def _mark_prior(self, prior, prior_series: list) -> None:
        strip = self.window.viewer.strip
        word = self.tr("Prior {date}").format(date=fmt.dicom_date(prior.study_date))
        for series in prior_series:
            item = strip.item_for(series.series_instance_uid)
            if item is not None:
                item.setText(word + "\n" + item.text())

    def _show_pair(self, left, right, pair) -> None:
        left.set_series(self._series[pair.current])
        right.set_series(self._series[pair.prior])
        self.scrolling.link(left, right)

    def _series_shown(self, uid: str) -> None:
        """Another series shown in a compared viewport: its partner beside it, linked."""
        if self._hanging or not self.pairs or uid not in self._series:
            return
        viewer = self.window.viewer
        views = viewer.viewports
        if len(views) < 2 or viewer.active_viewport not in views:
            return
        at = views.index(viewer.active_viewport)
        left, right = views[at - at % 2], views[at - at % 2 + 1]
        for pair in self.pairs:
            if uid in (pair.current, pair.prior) and (left.series_uid, right.series_uid) != (
                    pair.current, pair.prior):
                if (uid == pair.current) == (left is viewer.active_viewport):
                    self._show_pair(left, right, pair)
                return
