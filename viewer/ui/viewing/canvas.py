"""The drawing surface of a viewport: a pyqtgraph GraphicsView with one ViewBox and ImageItem.

pyqtgraph's own mouse handling is off: the viewport's :class:`~.input.MouseInput` decides what a
drag does. Corner annotations are painted in the foreground in screen coordinates, white on a
dark outline so they stay readable on bright images.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QFrame

CORNERS = ("tl", "tr", "bl", "br")
MARGIN = 6


class Canvas(pg.GraphicsView):
    """GraphicsView whose mouse, wheel and context-menu events go to a handler object."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="k")
        self.handler = None
        self.corners: dict[str, list[str]] = {c: [] for c in CORNERS}
        self.show_corners = True
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view_box = pg.ViewBox(invertY=True, enableMouse=False, enableMenu=False)
        self.view_box.setDefaultPadding(0)
        self.view_box.disableAutoRange()
        self.setCentralItem(self.view_box)
        self.image_item = pg.ImageItem(axisOrder="row-major")
        self.image_item.setAutoDownsample(False)
        self.view_box.addItem(self.image_item)
        self.overlay_font = QFont(self.font())
        self.overlay_font.setPointSizeF(max(9.0, self.font().pointSizeF()))

    # Input goes to the handler; an unhandled event falls back to pyqtgraph.
    def _forward(self, name: str, event) -> None:
        method = getattr(self.handler, name, None)
        if method is None or not method(event):
            getattr(super(), name + "Event")(event)

    def mousePressEvent(self, event):
        self._forward("mousePress", event)

    def mouseMoveEvent(self, event):
        self._forward("mouseMove", event)

    def mouseReleaseEvent(self, event):
        self._forward("mouseRelease", event)

    def mouseDoubleClickEvent(self, event):
        self._forward("mouseDoubleClick", event)

    def wheelEvent(self, event):
        self._forward("wheel", event)

    def leaveEvent(self, event):
        self._forward("leave", event)

    def set_corners(self, corners: dict[str, list[str]]) -> None:
        if corners != self.corners:
            self.corners = corners
            self.viewport().update()

    def corner_text(self) -> str:
        """All corner lines, top left, top right, bottom left, bottom right."""
        return "\n".join(line for c in CORNERS for line in self.corners.get(c, []))

    def drawForeground(self, painter: QPainter, rect) -> None:
        super().drawForeground(painter, rect)
        if not self.show_corners:
            return
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        metrics = QFontMetricsF(self.overlay_font)
        area = QRectF(self.viewport().rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        for corner in CORNERS:
            self._draw_corner(painter, metrics, area, corner)
        painter.restore()

    def _draw_corner(self, painter, metrics, area: QRectF, corner: str) -> None:
        lines = self.corners.get(corner, [])
        height = metrics.lineSpacing()
        top = area.top() if corner[0] == "t" else area.bottom() - height * len(lines)
        for number, line in enumerate(lines):
            text = metrics.elidedText(line, Qt.TextElideMode.ElideRight, area.width() / 2 - 4)
            width = metrics.horizontalAdvance(text)
            x = area.left() if corner[1] == "l" else area.right() - width
            baseline = top + number * height + metrics.ascent()
            self._outlined(painter, QPointF(x, baseline), text)

    def _outlined(self, painter: QPainter, at: QPointF, text: str) -> None:
        path = QPainterPath()
        path.addText(at, self.overlay_font, text)
        painter.strokePath(path, QPen(QColor(0, 0, 0, 220), 3.0))
        painter.fillPath(path, QColor(235, 235, 235))
