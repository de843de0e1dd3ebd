"""A waveform drawn on ECG paper with QPainter into an RGB array, for ``dicom-viewer export``.

The same paper as the viewer's (:mod:`viewer.ui.viewing.waveform_view`): a 1 mm grid with every
fifth line bolder, each trace placed by :mod:`viewer.viewing.ecg_layout` (25 mm/s and
10 mm/mV unless chosen otherwise), its label above it, annotated sample positions as blue ticks;
above the paper a line with the group, sampling rate, duration, speed and gain, and the
annotations' text. :data:`PIXELS_PER_MM` output pixels per paper millimetre; paper point
(x, y) mm is output pixel (x * PIXELS_PER_MM, HEADER + y * PIXELS_PER_MM).
Needs no display (QT_QPA_PLATFORM=offscreen), as the presentation-state painter.
"""

from __future__ import annotations

import numpy as np

from viewer.dicom.waveform import MultiplexGroup, WaveformAnnotation
from viewer.ui.annotations_paint import _ensure_gui_application, _from_qimage
from viewer.viewing.ecg_layout import (MM_PER_MILLIVOLT, MM_PER_SECOND, ROW_HEIGHT,
                                       ecg_layout, mark_positions, trace_points)

__all__ = ["HEADER", "PIXELS_PER_MM", "paint_ecg", "paper_size"]

PIXELS_PER_MM = 8
HEADER = 48  # output pixels of text above the paper
PAPER, MINOR, MAJOR, INK, MARK = "#fff6f4", "#f6c9c4", "#e2817a", "#101010", "#1f5fbf"


def paper_size(group: MultiplexGroup, speed: float = MM_PER_SECOND) -> tuple[float, float]:
    """(width, height) of the paper in mm."""
    traces = ecg_layout(group, speed)
    height = ROW_HEIGHT * (max((t.baseline for t in traces), default=0.0) // ROW_HEIGHT + 1)
    return max(group.duration * speed, 1.0), height


def paint_ecg(group: MultiplexGroup, annotations: list[WaveformAnnotation] = (),
              number: int = 1, speed: float = MM_PER_SECOND,
              gain: float = MM_PER_MILLIVOLT) -> np.ndarray:
    """Multiplex group *group* (number *number*, 1-based, for its annotations) as RGB uint8."""
    _ensure_gui_application()
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPolygonF

    width_mm, height_mm = paper_size(group, speed)
    scale = PIXELS_PER_MM
    image = QImage(int(np.ceil(width_mm * scale)) + 1, HEADER + int(np.ceil(height_mm * scale)) + 1,
                   QImage.Format.Format_RGB32)
    image.fill(QColor(PAPER))
    painter = QPainter(image)
    try:
        _header(painter, group, annotations, speed, gain, image.width())
        painter.translate(0, HEADER)
        for step, colour in ((1, MINOR), (5, MAJOR)):
            painter.setPen(QPen(QColor(colour), 1))
            for x in np.arange(0.0, width_mm + step / 2, step):
                painter.drawLine(QPointF(x * scale, 0), QPointF(x * scale, height_mm * scale))
            for y in np.arange(0.0, height_mm + step / 2, step):
                painter.drawLine(QPointF(0, y * scale), QPointF(width_mm * scale, y * scale))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        traces = ecg_layout(group, speed)
        font = painter.font()
        font.setPixelSize(int(3 * scale))
        painter.setFont(font)
        for trace in traces:
            x, y = trace_points(group, trace, speed, gain)
            painter.setPen(QPen(QColor(INK), 1.5, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPolyline(QPolygonF([QPointF(a * scale, b * scale) for a, b in zip(x, y)]))
            painter.drawText(QPointF((trace.x + 1.0) * scale,
                                     (trace.baseline - ROW_HEIGHT * 0.3) * scale), trace.label)
        painter.setPen(QPen(QColor(MARK), 2))
        for mx, baseline in mark_positions(group, traces, annotations, number, speed):
            painter.drawLine(QPointF(mx * scale, (baseline + 0.3 * ROW_HEIGHT) * scale),
                             QPointF(mx * scale, (baseline + 0.4 * ROW_HEIGHT) * scale))
    finally:
        painter.end()
    return _from_qimage(image, gray=False)


def _header(painter, group, annotations, speed, gain, width) -> None:
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor

    font = painter.font()
    font.setPixelSize(16)
    painter.setFont(font)
    painter.setPen(QColor(INK))
    caption = " · ".join(x for x in (group.label, f"{group.sampling_frequency:g} Hz",
                                     f"{group.duration:g} s", f"{speed:g} mm/s",
                                     f"{gain:g} mm/mV") if x)
    notes = " · ".join(a.text for a in annotations if a.is_measurement_or_text)
    painter.drawText(QRectF(6, 2, width - 12, HEADER - 4),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
                         | Qt.TextFlag.TextWordWrap), caption + ("\n" + notes if notes else ""))

