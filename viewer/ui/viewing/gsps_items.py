"""A presentation state's graphics and text drawn over a viewport's image, as vector items.

Where each graphic lands is decided Qt-free (:meth:`AppliedPresentation.graphics` with target
"image": transformed-image coordinates); here the points are taken back to image coordinates
and through the viewport's own image -> view matrix (aspect, rotation, flip), so the graphics
follow zoom, pan, rotation and flip like the image. Text stays upright: a text box is the box
its mapped corners span, its font the largest pixel size (at most the box height, at least
:data:`MIN_TEXT`) whose text fits the box width, words wrapped if it still does not, as the
export does (:mod:`viewer.ui.annotations_paint`). Text without a box is drawn at its anchor in
:data:`TEXT_PIXEL_SIZE` screen pixels. Lines are one screen pixel wide (cosmetic pens) in the
layer's colour. DISPLAY units are placed on the state's displayed area as applied; after the user
zooms or pans they stay on the image (the view is then marked modified anyway).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QGraphicsSimpleTextItem

TEXT_PIXEL_SIZE = 14
MIN_TEXT = 6
MARKER_RADIUS = 3  # screen pixels of a point marker's arms
Z_VALUE = 5


@dataclass(frozen=True)
class Drawn:
    """One primitive in view coordinates."""

    kind: str  # polyline, polygon, points, text
    points: np.ndarray
    colour: tuple[int, int, int]
    filled: bool = False
    text: str = ""
    rect: tuple[float, float, float, float] | None = None
    justification: str = "LEFT"


def to_view(primitives, transform, matrix: np.ndarray) -> list[Drawn]:
    """Primitives in transformed-image coordinates -> :class:`Drawn` in view coordinates."""
    def place(points):
        image = transform.inverse_points(points)
        return image @ np.asarray(matrix, dtype=float).T

    drawn = []
    for p in primitives:
        rect = None
        if p.rect is not None:
            left, top, right, bottom = p.rect
            corners = place([(left, top), (right, bottom)])
            (x0, y0), (x1, y1) = corners.min(axis=0), corners.max(axis=0)
            rect = (float(x0), float(y0), float(x1), float(y1))
        drawn.append(Drawn(p.kind, place(p.points), tuple(p.rgb), p.filled, p.text, rect,
                           p.justification))
    return drawn


def _polygon(points) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in points])


def fitting_font(base: QFont, text: str, width: float, height: float) -> QFont:
    """The largest pixel size (at most *height*, at least MIN_TEXT) whose *text* fits *width*."""
    font = QFont(base)
    size = max(MIN_TEXT, int(height))
    while True:
        font.setPixelSize(size)
        if size <= MIN_TEXT or QFontMetricsF(font).horizontalAdvance(text) <= width:
            return font
        size -= 1


class PresentationGraphics(QGraphicsItem):
    """Every graphic and text of the state on the current frame; lives in view coordinates."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.drawn: list[Drawn] = []
        self._bounds = QRectF()
        self.labels: list[QGraphicsSimpleTextItem] = []
        self.setZValue(Z_VALUE)

    def set_drawn(self, drawn: list[Drawn]) -> None:
        self.prepareGeometryChange()
        self.drawn = list(drawn)
        self._bounds = self._union()
        for label in self.labels:
            label.setParentItem(None)
            if label.scene() is not None:
                label.scene().removeItem(label)
        self.labels = [self._label(d) for d in self.drawn if d.kind == "text" and d.rect is None]
        self.update()

    def _union(self) -> QRectF:
        points = [d.points for d in self.drawn if len(d.points)]
        points += [np.array([d.rect[:2], d.rect[2:]]) for d in self.drawn if d.rect is not None]
        if not points:
            return QRectF()
        every = np.vstack(points)
        (x0, y0), (x1, y1) = every.min(axis=0), every.max(axis=0)
        return QRectF(x0, y0, x1 - x0, y1 - y0).adjusted(-2, -2, 2, 2)

    def _label(self, d: Drawn) -> QGraphicsSimpleTextItem:
        label = QGraphicsSimpleTextItem(d.text, self)
        font = QFont(label.font())
        font.setPixelSize(TEXT_PIXEL_SIZE)
        label.setFont(font)
        label.setBrush(QBrush(QColor(*d.colour)))
        label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        label.setPos(QPointF(*map(float, d.points[0])))
        return label

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter, option, widget=None) -> None:
        for d in self.drawn:
            colour = QColor(*d.colour)
            if d.kind == "text":
                if d.rect is not None:
                    self._paint_box_text(painter, d, colour)
                continue
            pen = QPen(colour)
            pen.setCosmetic(True)
            pen.setWidthF(1.0)
            painter.setPen(pen)
            painter.setBrush(QBrush(colour) if d.filled else Qt.BrushStyle.NoBrush)
            if d.kind == "points":
                self._paint_markers(painter, d.points)
            elif d.kind == "polygon":
                painter.drawPolygon(_polygon(d.points))
            else:
                painter.drawPolyline(_polygon(d.points))

    @staticmethod
    def _paint_markers(painter, points) -> None:
        t = painter.transform()
        r = MARKER_RADIUS / max(float(np.hypot(t.m11(), t.m12())), 1e-6)
        path = QPainterPath()
        for x, y in points:
            path.moveTo(x - r, y)
            path.lineTo(x + r, y)
            path.moveTo(x, y - r)
            path.lineTo(x, y + r)
        painter.drawPath(path)

    @staticmethod
    def _paint_box_text(painter, d: Drawn, colour: QColor) -> None:
        left, top, right, bottom = d.rect
        painter.setFont(fitting_font(painter.font(), d.text, right - left, bottom - top))
        painter.setPen(colour)
        align = {"RIGHT": Qt.AlignmentFlag.AlignRight, "CENTER": Qt.AlignmentFlag.AlignHCenter}
        flags = align.get(d.justification, Qt.AlignmentFlag.AlignLeft) | \
            Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(QRectF(left, top, right - left, bottom - top), flags, d.text)
