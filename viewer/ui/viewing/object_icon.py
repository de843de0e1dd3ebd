"""Pictures for the thumbnail strip that are not thumbnails: the icon of a series whose objects
the viewer does not display as images (a sheet with a folded corner and the modality, e.g.
RTPLAN, ECG, SR, DOC), and the star with a count on a series holding key images."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPixmap, QPolygonF
from pydicom.uid import UID

from viewer.dicom import Series

KEY_COLOUR = QColor(255, 196, 0)


def sop_class_name(series: Series) -> str:
    """The SOP class of the series' first object as the standard names it (pydicom's UID
    dictionary), else its UID."""
    uid = series.instances[0].sop_class_uid if series.instances else None
    return UID(uid).name if uid else "?"


def object_icon(series: Series, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    w, h = size * 0.62, size * 0.8
    left, top = (size - w) / 2, (size - h) / 2
    fold = w * 0.28
    sheet = QPolygonF([QPointF(left, top), QPointF(left + w - fold, top),
                       QPointF(left + w, top + fold), QPointF(left + w, top + h),
                       QPointF(left, top + h)])
    painter.setPen(QColor(90, 90, 90))
    painter.setBrush(QColor(236, 236, 236))
    painter.drawPolygon(sheet)
    painter.drawLine(QPointF(left + w - fold, top), QPointF(left + w - fold, top + fold))
    painter.drawLine(QPointF(left + w - fold, top + fold), QPointF(left + w, top + fold))
    painter.setPen(QColor(170, 170, 170))
    for line in range(3):
        y = top + h * (0.62 + 0.1 * line)
        painter.drawLine(QPointF(left + w * 0.15, y), QPointF(left + w * 0.85, y))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(8, int(size * 0.13)))
    painter.setFont(font)
    painter.setPen(QColor(40, 70, 140))
    text = (series.modality or "DICOM")[:8]
    while font.pixelSize() > 6 and QFontMetricsF(font).horizontalAdvance(text) > w * 0.92:
        font.setPixelSize(font.pixelSize() - 1)  # RTSTRUCT fits the sheet, smaller
    painter.setFont(font)
    painter.drawText(QRectF(left, top + h * 0.25, w, h * 0.25), Qt.AlignmentFlag.AlignCenter,
                     text)
    painter.end()
    return pixmap


def star(center: QPointF, radius: float) -> QPolygonF:
    """A five-pointed star, one point up."""
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle)))
    return QPolygonF(points)


def with_key_badge(pixmap: QPixmap, count: int) -> QPixmap:
    """*pixmap* with a gold star and *count* in its top right corner."""
    out = QPixmap(pixmap)
    painter = QPainter(out)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    radius = max(8.0, out.width() / 7)
    center = QPointF(out.width() - radius - 1, radius + 1)
    painter.setPen(QColor(0, 0, 0))
    painter.setBrush(KEY_COLOUR)
    painter.drawPolygon(star(center, radius))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(int(radius * 0.9))
    painter.setFont(font)
    painter.setPen(QColor(0, 0, 0))
    box = QRectF(center.x() - radius, center.y() - radius * 0.55, 2 * radius, 1.3 * radius)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, str(count))
    painter.end()
    return out
