"""View operations of a viewport: window, presets, invert, zoom, pan, rotation and flip.

A mixin of :class:`~.viewport.Viewport`: every operation replaces ``self.state`` with the
result of a :mod:`viewer.viewing.state` function and then shows it (``_apply_view`` for the
geometry, ``repaint_frame`` for the pixels).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QRectF
from PySide6.QtGui import QTransform

from viewer.viewing import state as vs
from viewer.viewing.presets import Preset, presets_for

INVERT_LUT = np.arange(255, -1, -1, dtype=np.uint8)


class ViewOps:
    """Needs ``state``, ``shown``, ``ref``, ``stored``, ``display``, ``canvas`` from the host."""

    # --- window -------------------------------------------------------------------------
    def current_window(self) -> tuple[float, float] | None:
        """The window shown now (the state's, else the frame's own); None for colour/VOI LUT."""
        if self.state.window is not None:
            return self.state.window
        return None if self.shown is None else self.shown.window

    def set_window(self, center: float, width: float, preset: str | None = None) -> None:
        if self.shown is None or self.shown.colour:
            return
        self.state = vs.set_window(self.state, center, width, preset)
        self._user_changed(geometry=False)
        self.repaint_frame()

    def reset_window(self) -> None:
        self.state = vs.reset_window(self.state)
        self.repaint_frame()

    def drag_start_window(self) -> tuple[float, float] | None:
        window = self.current_window()
        if window is None and self.ref is not None and self.stored is not None:
            window = self.display.default_window(self.ref, self.stored)
        return window

    def window_drag(self, start: tuple[float, float], dx: float, dy: float) -> None:
        value_range = self.display.value_range(self.ref, self.stored)
        self.set_window(*vs.drag_window(start, dx, dy, value_range))

    def presets(self) -> list[Preset]:
        if self.ref is None:
            return []
        ds = self.ref.instance.ds
        return presets_for(self.series.modality, ds, self.ref.frame_index)

    def apply_preset(self, preset: Preset) -> None:
        if preset.center is None:
            self.reset_window()
        else:
            self.set_window(preset.center, preset.width, preset.name)

    def apply_preset_key(self, key: str) -> bool:
        preset = next((p for p in self.presets() if p.key == key), None)
        if preset is not None:
            self.apply_preset(preset)
        return preset is not None

    def auto_window(self) -> None:
        if self.shown is None or self.shown.colour:
            return
        window = vs.auto_window(self.display.values(self.ref, self.stored))
        if window is not None:
            self.set_window(*window, preset="auto")

    def set_invert(self, invert: bool) -> None:
        self.state = replace(self.state, invert=bool(invert))
        self._user_changed(geometry=False)
        self._apply_lut()
        if self.shown is not None and not self.shown.colour and self.shown.image.ndim == 3:
            self.repaint_frame()  # a state's colour graphics: inverted in the frame itself
        self.refresh_overlay()

    def _apply_lut(self) -> None:
        grey = self.shown is not None and not self.shown.colour
        lut = INVERT_LUT if (self.state.invert and grey) else None
        if (lut is None) != (self.canvas.image_item.lut is None):
            self.canvas.image_item.setLookupTable(lut)

    # --- geometry -----------------------------------------------------------------------
    def aspect(self) -> float:
        return 1.0 if self.ref is None else self.headers.aspect(self.ref)

    def image_shape(self) -> tuple[int, int]:
        image = self.canvas.image_item.image
        return (1, 1) if image is None else image.shape[:2]

    def image_matrix(self) -> np.ndarray:
        """Image (x, y) -> view coordinates: aspect, then rotation/flip (read-only; worked out
        again when one of them changes, not at every frame)."""
        key = (self.aspect(), self.state.rotation, self.state.flip_h, self.state.flip_v)
        cached = getattr(self, "_image_matrix", None)
        if cached is None or cached[0] != key:
            matrix = vs.orientation_matrix(self.state) @ np.diag([key[0], 1.0])
            matrix.setflags(write=False)
            cached = self._image_matrix = (key, matrix)
        return cached[1]

    def image_center(self) -> tuple[float, float]:
        rows, columns = self.image_shape()
        return self.state.center or (columns / 2, rows / 2)

    def fitted_zoom(self) -> float:
        rows, columns = self.image_shape()
        box = np.abs(self.image_matrix()) @ np.array([columns, rows], dtype=float)
        size = self.canvas.view_box.size()
        return vs.fit_zoom(tuple(box), (size.width(), size.height()))

    def zoom(self) -> float:
        """Screen pixels per view unit now (the fitted zoom when fitting)."""
        return self.state.zoom if self.state.zoom is not None else self.fitted_zoom()

    def _apply_view(self) -> None:
        t = self.image_matrix()
        self.canvas.image_item.setTransform(QTransform(t[0, 0], t[1, 0], t[0, 1], t[1, 1], 0, 0))
        size = self.canvas.view_box.size()
        width, height = size.width(), size.height()
        if width <= 0 or height <= 0:
            return
        zoom = self.zoom()
        cx, cy = t @ np.array(self.image_center(), dtype=float)
        # Snap the left/top edge to whole screen pixels: at 1:1 each image pixel is one
        # screen pixel exactly, with no resampling.
        x0 = round((cx - width / (2 * zoom)) * zoom) / zoom
        y0 = round((cy - height / (2 * zoom)) * zoom) / zoom
        self.canvas.view_box.setRange(QRectF(x0, y0, width / zoom, height / zoom), padding=0)
        self.canvas.view_box.updateMatrix()  # mappings are right now, not at the next paint
        self._update_graphics()
        self.refresh_overlay()

    def _set_state(self, state: vs.ViewState, user: bool = True) -> None:
        self.state = state
        if user:
            self._user_changed(geometry=True)
        self._apply_view()
        self.viewChanged.emit(self)

    def set_zoom_center(self, zoom: float | None, center: tuple[float, float] | None) -> None:
        """Show at *zoom* (None: fit) around image point *center* (None: the image center)."""
        zoom = None if zoom is None else float(min(max(zoom, vs.ZOOM_LIMITS[0]), vs.ZOOM_LIMITS[1]))
        self._set_state(replace(self.state, zoom=zoom, center=center))

    def zoom_by(self, factor: float) -> None:
        self._set_state(vs.zoom_by(self.state, factor, self.zoom()))

    def zoom_at(self, pos, factor: float) -> None:
        """Zoom by *factor* keeping the image point under screen *pos* in place."""
        point = self.image_point(pos)
        before = self.zoom()
        state = vs.zoom_by(self.state, factor, before)
        if point is not None:
            (cx, cy), f = self.image_center(), state.zoom / before
            state = replace(state, center=(point[0] + (cx - point[0]) / f,
                                           point[1] + (cy - point[1]) / f))
        self._set_state(state)

    def pan_by(self, start_center, dx: float, dy: float) -> None:
        probe = replace(self.state, center=start_center)
        self._set_state(vs.pan_by(probe, start_center, dx, dy, self.aspect(), self.zoom()))

    def fit(self) -> None:
        self._set_state(vs.fit(self.state))

    def actual_size(self) -> None:
        self._set_state(vs.actual_size(self.state))

    def rotate(self, quarter_turns: int = 1) -> None:
        self._set_state(vs.rotate(self.state, quarter_turns))

    def flip(self, horizontal: bool = True) -> None:
        self._set_state(vs.flip(self.state, horizontal))

    def reset_view(self) -> None:
        """Fit, no rotation/flip/invert, the image's own window; with a presentation state,
        the state as saved."""
        if self.presentation.active:
            self.presentation.reapply()
            self._present_fresh(keep_base=True)
            self.viewChanged.emit(self)
            return
        self.state = vs.ViewState(frame=self.state.frame)
        self.base_view = self.state
        self._apply_lut()
        self._set_state(self.state, user=False)
        self.repaint_frame()
