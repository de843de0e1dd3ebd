"""Drags, hover readout and measurements of a viewport (a mixin of Viewport).

:class:`~.input.MouseInput` decides the mode of a drag; this mixin carries it out.
Measurements belong to the frame they were drawn on and are shown only with it.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QPoint, QPointF

from viewer.ui.viewing import measurements as ms
from viewer.ui.viewing import overlays
from viewer.ui.viewing.input import zoom_factor
from viewer.viewing.geometry import pixel_spacing

MEASURE_TOOLS = ("distance", "rectangle", "ellipse")


class Tools:
    """Needs ``state``, ``ref``, ``stored``, ``shown``, ``canvas`` and ViewOps methods."""

    def _init_tools(self) -> None:
        self.measurements: list[tuple[object, ms.Measurement]] = []
        self._drawing: ms.Measurement | None = None
        self._drag_start = None
        self.hover_text: str | None = None

    def image_point(self, pos: QPoint | None) -> tuple[float, float] | None:
        """Image (x, y) under a canvas position, or None."""
        if pos is None or self.canvas.image_item.image is None:
            return None
        scene = self.canvas.mapToScene(pos)
        point = self.canvas.image_item.mapFromScene(QPointF(scene))
        return point.x(), point.y()

    # --- drags --------------------------------------------------------------------------
    def begin_drag(self, mode: str, pos: QPoint) -> None:
        if self.ref is None or self.stored is None:
            self._drag_start = None
            return
        if mode == "window":
            self._drag_start = self.drag_start_window()
        elif mode == "pan":
            self._drag_start = self.image_center()
        elif mode == "zoom":
            self._drag_start = (self.zoom(), self.state.center)
        elif mode in MEASURE_TOOLS:
            self._drag_start = self.image_point(pos)

    def drag(self, mode: str, dx: int, dy: int, pos: QPoint) -> None:
        start = self._drag_start
        if start is None:
            return
        if mode == "window":
            self.window_drag(start, dx, dy)
        elif mode == "pan":
            self.pan_by(start, dx, dy)
        elif mode == "zoom":
            self._zoom_drag(start, dy)
        elif mode in MEASURE_TOOLS:
            self._measure_drag(mode, start, pos)

    def end_drag(self, mode: str, pos: QPoint, moved: bool) -> None:
        if mode in MEASURE_TOOLS and self._drawing is not None:
            drawn, self._drawing = self._drawing, None
            if moved:
                self._finish(drawn)
                self.measurements.append((self.ref, drawn))
            else:
                ms.remove(drawn)
        self._drag_start = None
        self.viewChanged.emit(self)

    def _zoom_drag(self, start, dy: int) -> None:
        zoom, center = start
        self.state = replace(self.state, zoom=zoom, center=center)
        self.zoom_by(zoom_factor(dy))

    def _measure_drag(self, mode: str, start, pos: QPoint) -> None:
        point = self.image_point(pos)
        if point is None:
            return
        if self._drawing is None:
            self._drawing = ms.start(mode, start, self.canvas.image_item)
        ms.place(self._drawing, point)
        self._finish(self._drawing)

    def _finish(self, m: ms.Measurement) -> None:
        spacing = pixel_spacing(self.ref.instance.ds, self.ref.frame_index)
        values = None if self.shown.colour else self.display.values(self.ref, self.stored)
        ms.compute(m, spacing, values, ms.unit_for(self.series.modality))

    def clear_measurements(self) -> None:
        for _, m in self.measurements:
            ms.remove(m)
        self.measurements.clear()

    def _show_measurements_of(self, ref) -> None:
        for owner, m in self.measurements:
            m.item.setVisible(owner == ref)
            m.label.setVisible(owner == ref)

    def current_measurements(self) -> list[ms.Measurement]:
        return [m for owner, m in self.measurements if owner == self.ref]

    # --- hover readout ------------------------------------------------------------------
    def hover(self, pos: QPoint | None) -> None:
        self.hover_text = self._pixel_text(self.image_point(pos))
        self.refresh_overlay()
        if self.hover_text:
            self.statusMessage.emit(self.hover_text)

    def _pixel_text(self, point) -> str | None:
        if point is None or self.stored is None:
            return None
        column, row = int(np.floor(point[0])), int(np.floor(point[1]))
        rows, columns = self.stored.shape[:2]
        if not (0 <= row < rows and 0 <= column < columns):
            return None
        if self.shown.colour:
            value = self.stored[row, column]
        else:
            patch = self.stored[row : row + 1, column : column + 1]
            value = self.display.values(self.ref, patch)[0, 0]
        dose = self.corner.dose if self.corner is not None else None
        text = overlays.value_text(value, self.shown.colour, self.series.modality,
                                   dose.units if dose is not None else "")
        return overlays.pixel_line(row, column, text)
