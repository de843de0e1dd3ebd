"""Mouse input of an MPR viewport: the crosshair first, then the usual viewport input.

- left drag starting on a crosshair line (within ``GRAB`` screen pixels; on the crossing, both
  lines) moves those planes with the mouse;
- Ctrl+Shift+left drag turns the other planes about this view's normal (the lines turn live;
  the other views are re-sliced on release);
- everything else (tools, right-drag window/level, Shift+click 3D cursor, wheel) is
  :class:`~viewer.ui.viewing.input.MouseInput`'s.
"""

from __future__ import annotations

from viewer.ui.viewing.input import CTRL, LEFT, SHIFT, MouseInput
from viewer.viewing.mpr_cursor import image_angle


class MprInput(MouseInput):
    def __init__(self, viewport, mode) -> None:
        super().__init__(viewport)
        self.mpr = mode
        self.grab: tuple[str, object] | None = None  # ("move", planes) or ("turn", angle)

    def mousePress(self, event) -> bool:
        if event.button() == LEFT and self._start_grab(event):
            self.viewport.activate()
            return True
        return super().mousePress(event)

    def _start_grab(self, event) -> bool:
        modifiers = event.modifiers()
        point = self.viewport.image_point(event.position().toPoint())
        if point is None:
            return False
        if modifiers & CTRL and modifiers & SHIFT:
            centre = self.mpr.centre_pixel(self.viewport)
            if centre is None:
                return False
            self.grab = ("turn", (centre, image_angle(centre, point)))
            return True
        if modifiers:
            return False
        planes = self.mpr.hit(self.viewport, event.position())
        if not planes:
            return False
        self.grab = ("move", planes)
        return True

    def mouseMove(self, event) -> bool:
        if self.grab is None:
            return super().mouseMove(event)
        point = self.viewport.image_point(event.position().toPoint())
        if point is None:
            return True
        kind, value = self.grab
        if kind == "move":
            self.mpr.move(self.viewport, point, value)
        else:
            centre, angle = value
            now = image_angle(centre, point)
            self.mpr.turn(self.viewport, now - angle)
            self.grab = ("turn", (centre, now))
        return True

    def mouseRelease(self, event) -> bool:
        if self.grab is None:
            return super().mouseRelease(event)
        kind, self.grab = self.grab[0], None
        if kind == "turn":
            self.mpr.reslice(self.viewport)
        return True
