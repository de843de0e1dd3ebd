"""Where the viewer widget goes: ``viewer.ui.viewing.area.ViewerArea`` when it is part of the
build, else a placeholder that lists what was opened (so the rest of the window works)."""

from __future__ import annotations

import io
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

LOG = logging.getLogger(__name__)


def make_viewer_area(parent=None):
    """The real ViewerArea, or a :class:`PlaceholderArea` if it cannot be imported."""
    try:
        from viewer.ui.viewing.area import ViewerArea
    except ImportError as exc:
        LOG.info("viewer widget not available (%s); using a placeholder", exc)
        return PlaceholderArea(parent)
    return ViewerArea(parent)


def connect_archive(area, session, pool, on_error) -> None:
    """Presentation states and the local archive, when the viewer supports them: the states of
    the study shown are looked up in the archive, and a state the user saves is stored there
    (written and indexed in a worker; *on_error(text)* if that fails)."""
    if hasattr(area, "set_archive"):
        session.archiveReady.connect(lambda: area.set_archive(session.archive))
        if session.archive is not None:
            area.set_archive(session.archive)
    if hasattr(area, "set_presentation_state_saver"):
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


def is_placeholder(area) -> bool:
    return isinstance(area, PlaceholderArea)


class PlaceholderArea(QWidget):
    """Stands in for ViewerArea: same calls, shows the series it was given as text."""

    statusMessage = Signal(str)
    seriesShown = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.series: list = []
        self.label = QLabel(self.tr("Open a study: double-click it in Local studies, drop files "
                                    "on the window, or retrieve one from an archive."))
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet("color: gray; font-size: 14pt")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.active_viewport = None
        self.viewports: list = []

    def show_series_list(self, series: list) -> None:
        self.series = list(series)
        self._describe()
        if self.series:
            self.seriesShown.emit(self.series[0].series_instance_uid)

    def add_series(self, series_list) -> None:
        """New series are added; one with a UID already there replaces it (it grew)."""
        by_uid = {s.series_instance_uid: s for s in self.series}
        by_uid.update((s.series_instance_uid, s) for s in series_list)
        self.series = list(by_uid.values())
        self._describe()

    def set_layout(self, rows: int, cols: int) -> None:
        pass

    def actions(self) -> list:
        return []

    def _describe(self) -> None:
        lines = [self.tr("{n} series opened (the image viewer is not part of this build):")
                 .format(n=len(self.series))]
        for s in self.series[:20]:
            lines.append(f"{s.number if s.number is not None else '-'}  {s.modality or ''}  "
                         f"{s.description or ''}  ({len(s.frames)} frames)")
        self.label.setText("\n".join(lines))


def displayed_frame(area):
    """``(instance, frame_index, window or None)`` shown in the active viewport, or None
    (the viewport's ``ref``, a viewer.dicom.FrameRef, and ``current_window()``)."""
    viewport = getattr(area, "active_viewport", None)
    ref = getattr(viewport, "ref", None)
    if ref is None or not hasattr(ref, "instance"):
        return None
    window = getattr(viewport, "current_window", None)
    window = window() if callable(window) else None
    if not (isinstance(window, tuple) and len(window) == 2):
        window = None
    return ref.instance, ref.frame_index, window
