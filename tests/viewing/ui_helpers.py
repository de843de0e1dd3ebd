"""Helpers for the viewer GUI tests (tests/ui/test_viewing_*): a shown ViewerArea, real mouse,
wheel and key events, and mapping image points to screen pixels of a viewport."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QApplication

from viewer.dicom import Series, assemble_series, open_path
from viewer.ui.viewing.area import ViewerArea


def make_area(qtbot, size=(900, 700)) -> ViewerArea:
    area = ViewerArea()
    qtbot.addWidget(area)
    area.resize(*size)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is area)
    return area


def load(path: Path | str) -> list[Series]:
    return assemble_series(open_path(path).instances)


def wait_shown(qtbot, viewport) -> None:
    """Until the viewport paints the frame its state asks for."""
    def painted():
        series = viewport.series
        return (series is not None and viewport.ref is not None
                and viewport.ref == series.frames[viewport.state.frame])

    qtbot.waitUntil(painted)


def surface(viewport):
    return viewport.canvas.viewport()


def drag(qtbot, viewport, button, start: QPoint, delta: tuple[int, int],
         modifier=Qt.KeyboardModifier.NoModifier) -> None:
    widget = surface(viewport)
    end = start + QPoint(*delta)
    qtbot.mousePress(widget, button, modifier, start)
    qtbot.mouseMove(widget, start + QPoint(delta[0] // 2, delta[1] // 2))
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, button, modifier, end)


def wheel(viewport, pos: QPoint, angle: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    widget = surface(viewport)
    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, angle), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def hover(viewport, pos: QPoint) -> None:
    """A mouse move without buttons, sent to the canvas (not routed through the window system,
    so another test's leftover window cannot catch it)."""
    widget = surface(viewport)
    event = QMouseEvent(QEvent.Type.MouseMove, QPointF(pos), QPointF(widget.mapToGlobal(pos)),
                        Qt.MouseButton.NoButton, Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def key(qtbot, viewport, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    viewport.canvas.setFocus()
    qtbot.keyClick(viewport.canvas, key, modifier)


def screen_of(viewport, x: float, y: float) -> QPoint:
    """Canvas pixel showing image point (x, y) (the pixel whose square contains it)."""
    scene = viewport.canvas.image_item.mapToScene(QPointF(x, y))
    at = viewport.canvas.viewportTransform().map(scene)
    return QPoint(int(np.floor(at.x())), int(np.floor(at.y())))


def center_of(viewport) -> QPoint:
    return surface(viewport).rect().center()


def painted_gray(viewport, points) -> list[int]:
    """Gray levels painted at the centres of image pixels (column, row)."""
    image = surface(viewport).grab().toImage()
    values = []
    for column, row in points:
        pos = screen_of(viewport, column + 0.5, row + 0.5)
        colour = QColor(image.pixel(pos))
        assert colour.red() == colour.green() == colour.blue()
        values.append(colour.red())
    return values


def expected_at(frame: np.ndarray, points) -> list[int]:
    return [int(frame[row, column]) for column, row in points]
