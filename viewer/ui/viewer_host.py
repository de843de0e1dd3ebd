"""The viewer widget in the main window: ``viewer.ui.viewing.area.ViewerArea``, connected to
the local archive, and what it shows for the export action."""

from __future__ import annotations

import io
from pathlib import Path

from PySide6.QtCore import QCoreApplication

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


def store_presentation_state(session, pool, ds, on_error) -> Path:
    """Where *ds* goes in the store (returned at once); the file is written by a worker."""
    from viewer.store.layout import instance_relpath
    from viewer.ui.jobs import store_file

    archive = session.archive
    if archive is None:
        raise OSError(session.archive_error or QCoreApplication.translate(
            "ViewerHost", "the local archive is not open"))
    path = Path(archive.store_dir) / instance_relpath(
        str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID), str(ds.SOPInstanceUID))
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)  # here: the viewer keeps using *ds*
    pool.run(store_file, archive, path, buffer.getvalue(), name="store-presentation-state",
             on_failed=on_error)
    return path


def displayed_frame(area: ViewerArea):
    """``(instance, frame_index, window or None)`` shown in the active viewport, or None when it
    shows no image (window None for colour or a VOI LUT table)."""
    viewport = area.active_viewport
    if viewport.ref is None:
        return None
    return viewport.ref.instance, viewport.ref.frame_index, viewport.current_window()
