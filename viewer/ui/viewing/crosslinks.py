"""Reference lines and the 3D cursor across the viewports of a ViewerArea.

- Reference lines: every other visible viewport showing a series of the active one's Frame of
  Reference UID shows where the active viewport's image cuts its own image (and, with
  ``show_ends``, where the first and last images of the active series do), recomputed when a
  frame, a series or the active viewport changes. Other frames of reference and parallel
  planes get none (:func:`viewer.viewing.crossref.reference_line`).
- 3D cursor: a Shift+click on an image gives a patient point; every viewport of the same frame
  of reference goes to its slice nearest that point, and each viewport showing the slice
  nearest the point marks the point's projection with a cross.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from viewer.viewing import crossref
from viewer.viewing.stack import same_frame_of_reference


class CrossLinks:
    def __init__(self, area) -> None:
        self.area = area
        self.show_ends = False
        self.cursor: tuple[str, object] | None = None  # (frame of reference UID, point)
        self._planes: dict[int, tuple[object, list]] = {}
        self._frame_planes: dict[tuple[int, int], tuple[object, object]] = {}

    def planes_of(self, series) -> list:
        cached = self._planes.get(id(series))
        if cached is None or cached[0] is not series:
            planes = [crossref.image_plane(f.instance.ds, f.frame_index) for f in series.frames]
            cached = (series, planes)
            self._planes[id(series)] = cached
        return cached[1]

    def forget(self) -> None:
        self._planes.clear()
        self._frame_planes.clear()
        self.cursor = None

    def current_plane(self, viewport):
        """The plane of the frame the viewport is at (its header: shown or still loading); that
        frame's header alone is read (a line on a 500-slice stack does not walk the stack)."""
        series = viewport.series
        if series is None or not 0 <= viewport.state.frame < len(series.frames):
            return None
        ref = series.frames[viewport.state.frame]
        cached = self._frame_planes.get((id(ref.instance), ref.frame_index))
        if cached is None or cached[0] is not ref.instance:
            cached = (ref.instance, crossref.image_plane(ref.instance.ds, ref.frame_index))
            self._frame_planes[(id(ref.instance), ref.frame_index)] = cached
        return cached[1]

    def refresh(self, *_) -> None:
        active = self.area.active_viewport
        visible = self.area.viewports
        for viewport in self.area.all_viewports():
            lines = []
            if viewport in visible and viewport is not active:
                lines = self._lines_on(viewport, active)
            viewport.set_reference_lines(lines)
        self._mark_cursor()

    def _lines_on(self, viewport, active) -> list:
        if active.series is None or viewport.series is None:
            return []
        if not same_frame_of_reference(active.series.frame_of_reference_uid,
                                       viewport.series.frame_of_reference_uid):
            return []
        target = self.current_plane(viewport)
        if target is None:
            return []
        sources = [("current", self.current_plane(active))]
        if self.show_ends:
            planes = self.planes_of(active.series)
            sources += [("end", planes[0]), ("end", planes[-1])]
        lines = []
        for kind, plane in sources:
            segment = None if plane is None else crossref.reference_line(plane, target)
            if segment is not None:
                lines.append((kind, segment))
        return lines

    def pick(self, source, x: float, y: float) -> None:
        """The 3D cursor at image point (x, y) (pyqtgraph coordinates) of *source*."""
        plane = self.current_plane(source)
        uid = source.series.frame_of_reference_uid if source.series is not None else None
        if plane is None or not uid:
            source.statusMessage.emit(QCoreApplication.translate(
                "CrossLinks", "No 3D cursor: this image has no position in the patient."))
            return
        point = crossref.to_patient(plane, x - 0.5, y - 0.5)
        self.cursor = (uid, point)
        for viewport in self.area.viewports:
            if viewport is source or not self._same_frame(viewport, uid):
                continue
            index = crossref.nearest_to_point(self.planes_of(viewport.series), point)
            if index is not None:
                viewport.set_frame(index, user=False)
        self.refresh()

    def _same_frame(self, viewport, uid: str) -> bool:
        return viewport.series is not None and same_frame_of_reference(
            viewport.series.frame_of_reference_uid, uid)

    def _mark_cursor(self) -> None:
        for viewport in self.area.all_viewports():
            viewport.set_cursor_mark(self._cursor_pixel(viewport))

    def _cursor_pixel(self, viewport):
        if self.cursor is None or not self._same_frame(viewport, self.cursor[0]):
            return None
        if viewport not in self.area.viewports:
            return None
        point = self.cursor[1]
        planes = self.planes_of(viewport.series)
        if crossref.nearest_to_point(planes, point) != viewport.state.frame:
            return None
        return crossref.to_pixel(planes[viewport.state.frame], point)
