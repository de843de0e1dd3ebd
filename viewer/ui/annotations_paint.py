"""Drawing presentation-state graphics and text into a frame with QPainter on a QImage.

Used by the GUI and passed to the headless export (:mod:`viewer.export`) by the CLI: where graphics
land is decided Qt-free in :mod:`viewer.pipeline.gsps_graphics`; this module only rasterises
the primitives (lines, polygons, point markers and text, including Japanese) because numpy has
no text renderer. QImage + QPainter need no display (QT_QPA_PLATFORM=offscreen) and no
QApplication for shapes; text needs a QGuiApplication, created here on first use if none exists.

Shapes are drawn without antialiasing, one output pixel wide, so their pixels carry exactly the
layer's value; text is antialiased. Text in a bounding box gets the largest pixel size (at most
the box height, at least 6) at which it fits the box width, words wrapped if it still does not,
with the box's horizontal justification; text without a box starts at its anchor point.
"""

from __future__ import annotations

import os

import numpy as np

__all__ = ["paint_primitives", "TEXT_PIXEL_SIZE"]

TEXT_PIXEL_SIZE = 14  # text without a bounding box
MARKER_RADIUS = 2  # POINT and anchor markers: a cross of 2 * radius + 1 pixels


def _ensure_gui_application():
    """Fonts need a Qt application. A QApplication (not only a QGuiApplication), so that a
    process that painted headless can still open widgets later (the same process may export
    and then show the GUI; a QGuiApplication would make every QWidget abort)."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # headless: never abort
        _ensure_gui_application.app = QApplication([])  # kept alive for the process
    return QApplication.instance()


def _to_qimage(image: np.ndarray):
    from PySide6.QtGui import QImage

    rgb = image if image.ndim == 3 else np.repeat(image[:, :, None], 3, axis=2)
    height, width = rgb.shape[:2]
    argb = np.empty((height, width, 4), dtype=np.uint8)
    argb[:, :, 0], argb[:, :, 1], argb[:, :, 2], argb[:, :, 3] = rgb[:, :, 2], rgb[:, :, 1], \
        rgb[:, :, 0], 255
    qimage = QImage(argb.data, width, height, width * 4, QImage.Format.Format_ARGB32)
    return qimage.copy()


def _from_qimage(qimage, gray: bool) -> np.ndarray:
    from PySide6.QtGui import QImage

    qimage = qimage.convertToFormat(QImage.Format.Format_ARGB32)
    width, height, stride = qimage.width(), qimage.height(), qimage.bytesPerLine()
    data = np.frombuffer(qimage.constBits(), np.uint8, count=stride * height)
    bgra = data.reshape(height, stride)[:, : width * 4].reshape(height, width, 4)
    rgb = np.ascontiguousarray(bgra[:, :, 2::-1])
    return np.ascontiguousarray(rgb[:, :, 0]) if gray else rgb


def _colour(primitive, gray: bool):
    from PySide6.QtGui import QColor

    if gray:
        return QColor(primitive.gray, primitive.gray, primitive.gray)
    return QColor(*primitive.rgb)


def _polygon(points):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPolygonF

    return QPolygonF([QPointF(float(x), float(y)) for x, y in points])


def _draw_shape(painter, primitive, colour) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QBrush, QPen

    pen = QPen(colour)
    pen.setWidth(1)
    painter.setPen(pen)
    painter.setBrush(QBrush(colour) if primitive.filled else Qt.BrushStyle.NoBrush)
    if primitive.kind == "points":
        for x, y in primitive.points:
            r = MARKER_RADIUS
            painter.drawLine(QPointF(x - r, y), QPointF(x + r, y))
            painter.drawLine(QPointF(x, y - r), QPointF(x, y + r))
    elif primitive.kind == "polygon":
        painter.drawPolygon(_polygon(primitive.points))
    else:
        painter.drawPolyline(_polygon(primitive.points))


def _fitting_font(painter, text: str, width: float, height: float):
    from PySide6.QtGui import QFont, QFontMetricsF

    font = QFont(painter.font())
    size = max(6, int(height))
    while True:
        font.setPixelSize(size)
        if size <= 6 or QFontMetricsF(font).horizontalAdvance(text) <= width:
            return font
        size -= 1


def _draw_text(painter, primitive, colour) -> None:
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QFont, QPainter

    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
    painter.setPen(colour)
    if primitive.rect is None:
        font = QFont(painter.font())
        font.setPixelSize(TEXT_PIXEL_SIZE)
        painter.setFont(font)
        x, y = primitive.points[0]
        painter.drawText(QPointF(x, y + TEXT_PIXEL_SIZE), primitive.text)
        return
    left, top, right, bottom = primitive.rect
    painter.setFont(_fitting_font(painter, primitive.text, right - left, bottom - top))
    align = {"RIGHT": Qt.AlignmentFlag.AlignRight, "CENTER": Qt.AlignmentFlag.AlignHCenter}
    flags = align.get(primitive.justification, Qt.AlignmentFlag.AlignLeft) | \
        Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap
    painter.drawText(QRectF(left, top, right - left, bottom - top), flags, primitive.text)


def paint_primitives(image: np.ndarray, primitives) -> np.ndarray:
    """*image* (uint8 H x W gray or H x W x 3 RGB) with *primitives* drawn over it, in order.

    Gray images get each primitive's gray value, RGB images its RGB colour. Returns a new array
    of the same shape.
    """
    if not primitives:
        return image
    from PySide6.QtGui import QPainter

    gray = image.ndim == 2
    if any(p.kind == "text" for p in primitives):
        _ensure_gui_application()
    qimage = _to_qimage(image)
    painter = QPainter(qimage)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for primitive in primitives:
            colour = _colour(primitive, gray)
            if primitive.kind == "text":
                _draw_text(painter, primitive, colour)
            else:
                _draw_shape(painter, primitive, colour)
    finally:
        painter.end()
    return _from_qimage(qimage, gray)
