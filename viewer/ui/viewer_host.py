"""The viewer widget in the main window: ``viewer.ui.viewing.area.ViewerArea``, connected to
the local archive, and what it shows for the export action."""

from __future__ import annotations

import io
from collections import deque
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject

from viewer.ui.viewing.area import ViewerArea


def connect_archive(area: ViewerArea, session, pool, on_error) -> None:
    """Presentation states and the local archive: the states of the study shown are looked up
    in the archive, and a state the user saves is stored there (written and indexed in a
    worker; *on_error(text)* if that fails)."""
    session.archiveReady.connect(lambda: area.set_archive(session.archive))
    if session.archive is not None:
        area.set_archive(session.archive)
    area.set_presentation_state_saver(
        lambda ds: store_presentation_state(session, pool, ds, on_error))
    keys = KeyObjectStore(session, pool, on_error, area)
    area.set_key_object_store(keys.save, keys.remove)


class KeyObjectStore(QObject):
    """The reader's key object selections into the store: writes (a revision under the same
    SOP Instance UID) and deletes run one at a time, in order, so an older revision never
    overwrites a newer one."""

    def __init__(self, session, pool, on_error, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool, self.on_error = session, pool, on_error
        self._queue: deque = deque()
        self._busy = False

    def save(self, ds) -> Path:
        from viewer.ui.jobs import store_file

        path, data = _encoded(self.session, ds)
        self._enqueue(store_file, self.session.archive, path, data)
        return path

    def remove(self, _study_uid: str, _series_uid: str, sop_instance_uid: str) -> None:
        from viewer.ui.jobs import delete_instance

        if self.session.archive is not None:
            self._enqueue(delete_instance, self.session.archive, sop_instance_uid)

    def _enqueue(self, fn, *args) -> None:
        self._queue.append((fn, args))
        self._next()

    def _next(self) -> None:
        if self._busy or not self._queue:
            return
        fn, args = self._queue.popleft()
        self._busy = True
        worker = self.pool.run(fn, *args, name="store-key-images", on_failed=self.on_error)
        worker.done.connect(self._done)

    def _done(self) -> None:
        self._busy = False
        self._next()


def store_presentation_state(session, pool, ds, on_error) -> Path:
    """Where *ds* goes in the store (returned at once); the file is written by a worker."""
    from viewer.ui.jobs import store_file

    path, data = _encoded(session, ds)
    pool.run(store_file, session.archive, path, data, name="store-presentation-state",
             on_failed=on_error)
    return path


def _encoded(session, ds) -> tuple[Path, bytes]:
    """Where *ds* goes in the store and its bytes (encoded here: the viewer keeps using it);
    OSError when there is no local archive."""
    from viewer.store.layout import instance_relpath

    archive = session.archive
    if archive is None:
        raise OSError(session.archive_error or QCoreApplication.translate(
            "ViewerHost", "the local archive is not open"))
    path = Path(archive.store_dir) / instance_relpath(
        str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID), str(ds.SOPInstanceUID))
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    return path, buffer.getvalue()


def displayed_frame(area: ViewerArea):
    """``(instance, frame_index, window or None)`` shown in the active viewport, or None when it
    shows no image (window None for colour or a VOI LUT table)."""
    viewport = area.active_viewport
    if viewport.ref is None:
        return None
    return viewport.ref.instance, viewport.ref.frame_index, viewport.current_window()
