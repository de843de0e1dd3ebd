"""The local study open in the viewer, kept up to date while its files arrive.

A study can be opened while it is being retrieved (as soon as its first series is in the local
list). The archive then keeps reporting changes to it (``Session.indexChanged``, queued from the
index writer thread); a moment later a worker reads only the files the viewer has not seen
(:func:`viewer.ui.jobs.study_update`) and the series that grew or appeared come out as
``seriesArrived``, for ``ViewerArea.add_series``. A study deleted while open is ``studyRemoved``.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from viewer.ui import jobs

UPDATE_DELAY_MS = 300


class LiveStudy(QObject):
    seriesArrived = Signal(list)  # viewer.dicom.Series: new, or the same UID with more frames
    studyRemoved = Signal(str)  # study UID

    def __init__(self, session, pool, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool = session, pool
        self.study_uid: str | None = None
        self.instances: list = []  # what the viewer was given, read once
        self.known: set[str] = set()  # paths read or skipped
        self._ready = False  # the first load has ended
        self._pending = False  # the archive changed since the last read
        self._worker = None
        self._following = 0  # bumped by every follow/stop: a result of an earlier one is stale
        self._timer = QTimer(self, singleShot=True, interval=UPDATE_DELAY_MS)
        self._timer.timeout.connect(self._update)
        session.indexChanged.connect(self._index_changed)

    def follow(self, study_uid: str) -> None:
        """The study is being opened: note its changes from now on."""
        self.stop()
        self.study_uid = study_uid

    def opened(self, study_uid: str, series: list, skipped: list) -> None:
        """Its first load ended: what was read is the baseline (nothing read: the viewer
        keeps what it showed, and this study is not followed)."""
        if study_uid != self.study_uid:
            return
        if not series:
            self.stop()
            return
        self.instances = [i for s in series for i in s.instances]
        self.known = {str(i.path) for i in self.instances} | {str(s.path) for s in skipped}
        self._ready = True
        if self._pending:
            self._timer.start()

    def stop(self) -> None:
        """Something else is shown now."""
        self.study_uid, self.instances, self.known = None, [], set()
        self._ready = self._pending = False
        self._following += 1
        self._timer.stop()
        if self._worker is not None and not self._worker.is_done:
            self._worker.cancel()
        self._worker = None

    @property
    def busy(self) -> bool:
        """An update is waiting or running (tests wait for the end)."""
        return self._timer.isActive() or (self._worker is not None and not self._worker.is_done)

    def _index_changed(self, change) -> None:
        uid = self.study_uid
        if uid is None:
            return
        if uid in change.removed_studies:
            self.stop()
            self.studyRemoved.emit(uid)
        elif uid in change.changed_studies:
            self._pending = True
            if self._ready and not self._timer.isActive():
                self._timer.start()

    def _update(self) -> None:
        archive = self.session.archive
        if archive is None or self.study_uid is None:
            return
        if self._worker is not None and not self._worker.is_done:
            return  # it ends soon and looks at _pending again
        self._pending = False
        uid, following = self.study_uid, self._following
        self._worker = self.pool.run(
            jobs.study_update, archive, uid, frozenset(self.known), tuple(self.instances),
            name="study-update", on_finished=lambda result: self._updated(following, result),
            on_failed=lambda _text: self._updated(following, None))  # the next change tries

    def _updated(self, following: int, result) -> None:
        """A read's result, unless the study was opened again (or another one) since: the same
        study opened twice must not get series built from the first opening's objects."""
        if following != self._following:
            return
        if result is not None:
            new, skipped, changed = result
            self.instances.extend(new)
            self.known.update(str(i.path) for i in new)
            self.known.update(str(s.path) for s in skipped)
            if changed:
                self.seriesArrived.emit(changed)
        if self._pending:
            self._timer.start()
