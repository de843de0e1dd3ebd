"""Presentation states in the viewer area: where they come from, the toolbar's pick list and
"annotations only" switch, and saving the active viewport's view as a new state.

States offered for a series (:func:`viewer.viewing.presentation.offered_states`) come from:

1. the study objects found with the series (``Series.study_objects``: a dropped folder);
2. a source the main window sets, e.g. the local archive
   (:meth:`PresentationControls.set_archive`), asked once per study shown on the UI's shared
   worker threads (the GUI thread never reads the index or the files);
3. the states saved in this session.

Saving asks for a label (:class:`~.gsps_dialog.LabelDialog`), builds the data set from the
active viewport (:meth:`~.presenting.Presenting.presentation_dataset`) and hands it to the
saver the main window sets (``saver(dataset) -> path``, e.g. into the store), else a save-file
dialog. The saved state is offered at once and picked in that viewport.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFileDialog, QSizePolicy

from viewer.dicom import instance_from_dataset
from viewer.ui.viewing.gsps_dialog import LabelDialog, state_text
from viewer.ui.workers import SHARED_THREADS
from viewer.viewing.gsps_save import write_presentation_state
from viewer.viewing.gsps_store import presentation_states_in_study
from viewer.viewing.presentation import offered_states
from viewer.viewing.presentation_save import next_label

LOG = logging.getLogger(__name__)
LIST_KEYS = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp,
             Qt.Key.Key_PageDown)


translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


class ListKeys(QObject):
    """Arrow, Home/End and Page keys go to the pick list while it has the focus (not to the
    viewer's shortcuts for scrolling)."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in LIST_KEYS:
            event.accept()
        return False


class PresentationControls(QObject):
    """Owned by the ViewerArea; ``found(study_uid, instances)`` arrives in the GUI thread."""

    found = Signal(str, object)

    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.source = None  # study_uid -> [Instance] (called in a worker thread)
        self.saver = None  # dataset -> path
        self.creator = ""
        self.dialog: LabelDialog | None = None
        self.file_dialog: QFileDialog | None = None  # where to save, without a saver
        self._from_source: dict[str, list] = {}
        self._asked: set[str] = set()
        self._saved: dict[str, list] = {}
        self.found.connect(self._arrived)
        self.combo = QComboBox(area)
        self.combo.setObjectName("presentationStates")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(14)
        self.combo.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.combo.setToolTip(translate("PresentationStates",
                                        "Presentation state applied to the active viewport"))
        self.combo.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._keys = ListKeys(self.combo)
        self.combo.installEventFilter(self._keys)
        self.combo.activated.connect(self._picked)

    # --- sources ---------------------------------------------------------------------------
    def set_source(self, source) -> None:
        """*source(study_uid) -> list of Instances* (None: only what came with the series)."""
        self.source = source
        self._from_source.clear()
        self._asked.clear()
        for viewport in self.area.viewports:
            if viewport.series is not None:
                viewport.offer_states()

    def set_archive(self, archive) -> None:
        """Offer the states of the local archive (None: stop asking it)."""
        self.set_source(None if archive is None else
                        (lambda uid: presentation_states_in_study(archive, uid)))

    def forget_source_results(self) -> None:
        """Ask the source again for studies shown from now on (new studies opened)."""
        self._from_source.clear()
        self._asked.clear()

    def offered_for(self, series) -> list:
        """The viewports' ``states_for``: every known candidate of the series' study."""
        study = series.study_instance_uid
        if self.source is not None and study and study not in self._asked:
            self._ask(study)
        candidates = list(series.study_objects) + self._from_source.get(study, []) + \
            self._saved.get(study, [])
        return offered_states(series, candidates)

    def open_series(self, series_uid: str):
        """The Instances of a series in the strip (a Blending state's superimposed images)."""
        series = self.area.strip.series.get(series_uid)
        return series.instances if series is not None else None

    def _ask(self, study: str) -> None:
        self._asked.add(study)
        source = self.source

        def run() -> None:
            try:
                found = list(source(study))
            except Exception:  # noqa: BLE001 - an archive that fails offers nothing more
                LOG.warning("cannot list the presentation states of study %s", study,
                            exc_info=True)
                found = []
            try:
                self.found.emit(study, found)
            except RuntimeError:  # the area is gone
                pass

        SHARED_THREADS.submit(run)  # reused threads: one archive reader connection each

    def _arrived(self, study: str, instances) -> None:
        if study not in self._asked:
            return  # asked before the source changed
        self._from_source[study] = list(instances)
        self._reoffer(study)

    def _reoffer(self, study: str) -> None:
        for viewport in self.area.all_viewports():
            if viewport.series is not None and viewport.series.study_instance_uid == study:
                viewport.offer_states()

    # --- pick list ---------------------------------------------------------------------------
    def refresh(self, viewport=None) -> None:
        """Fill the pick list from the active viewport (when *viewport* is it, or None)."""
        active = self.area.active_viewport
        if viewport is not None and viewport is not active:
            return
        choice = active.presentation
        self.combo.blockSignals(True)
        self.combo.clear()
        if choice.offered:
            none = translate("PresentationStates", "No presentation state")
        else:
            none = translate("PresentationStates", "No presentation states")
        self.combo.addItem(none, None)
        for info in choice.offered:
            self.combo.addItem(state_text(info, short=True), info)
            self.combo.setItemData(self.combo.count() - 1, state_text(info), 3)  # tooltip
        current = choice.info.sop_instance_uid if choice.info else None
        uids = [None] + [info.sop_instance_uid for info in choice.offered]
        self.combo.setCurrentIndex(uids.index(current) if current in uids else 0)
        self.combo.setEnabled(bool(choice.offered))
        self.combo.blockSignals(False)
        action = self.area.action_map["annotations_only"]
        action.setChecked(choice.annotations_only)

    def _picked(self, index: int) -> None:
        self.area.active_viewport.choose_presentation(self.combo.itemData(index))

    def toggle_annotations_only(self) -> None:
        viewport = self.area.active_viewport
        viewport.set_annotations_only(not viewport.presentation.annotations_only)
        self.area.action_map["annotations_only"].setChecked(
            viewport.presentation.annotations_only)

    # --- saving ------------------------------------------------------------------------------
    def ask_and_save(self) -> None:
        """Ask for a label (non-modal dialog), then save (see :meth:`save`)."""
        viewport = self.area.active_viewport
        if viewport.ref is None:
            self.area.statusMessage.emit(
                translate("PresentationStates", "No image is shown: nothing to save."))
            return
        labels = [info.label for info in viewport.presentation.offered]
        self.dialog = LabelDialog(next_label(labels), self.area)
        self.dialog.accepted.connect(
            lambda d=self.dialog: self.save(d.label(), d.description()))
        self.dialog.open()
        self.dialog.activateWindow()

    def save(self, label: str, description: str = ""):
        """Save the active viewport's view as a state labelled *label* with the saver; returns
        the path, or None (error: the status bar says why; or, without a saver, a save-file
        dialog was opened and the state is written once the user answers it)."""
        viewport = self.area.active_viewport
        try:
            ds = viewport.presentation_dataset(label, self.creator, description)
            if self.saver is None:
                self._ask_where(ds, viewport)
                return None
            path = self.saver(ds)
        except (ValueError, OSError) as exc:
            self._not_saved(exc)
            return None
        return self._announce_saved(ds, path, viewport) if path else None

    def _ask_where(self, ds, viewport) -> None:
        """A save-file dialog, window-modal and non-blocking (open(), never exec())."""
        name = f"{ds.ContentLabel.strip().replace(' ', '_') or 'VIEW'}.dcm"
        dialog = QFileDialog(self.area, translate("PresentationStates", "Save presentation state"),
                             "", translate("PresentationStates",
                                           "DICOM files (*.dcm);;All files (*)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("dcm")
        dialog.selectFile(name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda path: self._write(ds, path, viewport))
        self.file_dialog = dialog
        dialog.open()

    def _write(self, ds, path: str, viewport) -> None:
        try:
            written = write_presentation_state(ds, path)
        except (ValueError, OSError) as exc:
            self._not_saved(exc)
            return
        self._announce_saved(ds, written, viewport)

    def _not_saved(self, exc: Exception) -> None:
        text = translate("PresentationStates", "Presentation state not saved: %1")
        self.area.statusMessage.emit(text.replace("%1", str(exc)))

    def _announce_saved(self, ds, path, viewport):
        self._remember(ds, path, viewport)
        text = translate("PresentationStates", "Presentation state %1 saved: %2")
        self.area.statusMessage.emit(text.replace("%1", str(ds.ContentLabel))
                                     .replace("%2", str(path)))
        return path

    def _remember(self, ds, path, viewport) -> None:
        instance = instance_from_dataset(ds, path)
        study = viewport.series.study_instance_uid
        self._saved.setdefault(study, []).append(instance)
        viewport.drop_saved_measurements()
        self._reoffer(study)
        info = next((i for i in viewport.presentation.offered
                     if i.sop_instance_uid == instance.sop_instance_uid), None)
        if info is not None:
            viewport.choose_presentation(info)
