"""Mouse and wheel input of a viewport.

- right drag, or Ctrl + left drag: window/level (horizontal = width, vertical = center);
  a right click without moving opens the context menu;
- middle drag, or Shift + left drag: pan; Shift + left click (no drag): the 3D cursor there;
- left drag: the current tool (window, pan, zoom, distance, rectangle or ellipse ROI);
- wheel: previous/next frame; Ctrl + wheel: zoom about the cursor;
- moving without a button: pixel value under the cursor.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, Qt

CLICK_SLOP = 3  # pixels a right click may move and still open the menu
WHEEL_NOTCH = 120
ZOOM_DRAG = 200.0  # pixels of vertical drag doubling/halving the zoom (times ln 2)
TOOLS = ("window", "pan", "zoom", "distance", "rectangle", "ellipse")

LEFT = Qt.MouseButton.LeftButton
RIGHT = Qt.MouseButton.RightButton
MIDDLE = Qt.MouseButton.MiddleButton
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


class MouseInput:
    """Turns mouse events on the canvas into calls on the viewport."""

    def __init__(self, viewport) -> None:
        self.viewport = viewport
        self.tool = "window"
        self.mode: str | None = None
        self.picking = False  # a Shift + left press: a click (no drag) places the 3D cursor
        self.origin = QPoint()
        self.moved = False
        self._wheel_rest = 0

    def mode_for(self, button, modifiers) -> str | None:
        if button == RIGHT:
            return "window"
        if button == MIDDLE:
            return "pan"
        if button != LEFT:
            return None
        if modifiers & CTRL:
            return "window"
        if modifiers & SHIFT:
            return "pan"
        return self.tool

    def mousePress(self, event) -> bool:
        self.viewport.activate()
        self.mode = self.mode_for(event.button(), event.modifiers())
        if self.mode is None:
            return False
        self.origin = event.position().toPoint()
        self.moved = False
        self.picking = (event.button() == LEFT and self.mode == "pan"
                        and bool(event.modifiers() & SHIFT))
        self.viewport.begin_drag(self.mode, self.origin)
        return True

    def mouseMove(self, event) -> bool:
        pos = event.position().toPoint()
        if self.mode is None:
            self.viewport.hover(pos)
            return True
        delta = pos - self.origin
        if not self.moved and delta.manhattanLength() < CLICK_SLOP:
            return True
        self.moved = True
        self.viewport.drag(self.mode, delta.x(), delta.y(), pos)
        return True

    def mouseRelease(self, event) -> bool:
        if self.mode is None:
            return False
        mode, self.mode = self.mode, None
        pos = event.position().toPoint()
        if event.button() == RIGHT and not self.moved:
            self.viewport.context_menu(event.globalPosition().toPoint())
            return True
        self.viewport.end_drag(mode, pos, self.moved)
        if self.picking and not self.moved:
            self.viewport.pick_point(pos)
        return True

    def mouseDoubleClick(self, event) -> bool:
        return event.button() == LEFT

    def wheel(self, event) -> bool:
        steps = self._notches(event.angleDelta().y())
        if event.modifiers() & CTRL:
            if steps:
                self.viewport.zoom_at(event.position().toPoint(), 1.25 ** steps)
            return True
        if steps:
            self.viewport.scroll(-steps, user=True)
        return True

    def _notches(self, angle: int) -> int:
        """Whole wheel notches, keeping the remainder of high-resolution wheels."""
        self._wheel_rest += angle
        steps = int(self._wheel_rest / WHEEL_NOTCH)
        self._wheel_rest -= steps * WHEEL_NOTCH
        return steps

    def leave(self, event) -> bool:
        self.viewport.hover(None)
        return False


def zoom_factor(dy: float) -> float:
    """Zoom tool: dragging up enlarges, down shrinks."""
    return math.exp(-dy / ZOOM_DRAG)
