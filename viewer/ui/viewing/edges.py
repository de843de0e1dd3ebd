"""Orientation letters at the middle of each viewport edge and the scale bar, painted in the
canvas foreground (screen coordinates) with the same dark outline as the corner text.

The values come from :mod:`viewer.viewing.orientation`; this module translates and draws
them. The letters are translated one by one (readers of most languages keep R/L/A/P/H/F).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen

from viewer.ui.viewing.placeholders import fill
from viewer.viewing.annotations import format_number
from viewer.viewing.orientation import ScaleBar

translate = QCoreApplication.translate  # literal contexts below, so lupdate finds the strings
TEXT = QColor(235, 235, 235)
SHADOW = QColor(0, 0, 0, 230)
LETTER_GAP = 2  # pixels between an edge and its letters
BAR_TICK = 5  # height of the bar's end ticks
BAR_LIFT = 4  # pixels between the bottom letters and the bar


def letter_text(letter: str) -> str:
    """One orientation letter translated (the patient's right, left, anterior, ...)."""
    names = {
        "R": lambda: translate("OrientationLetters", "R", "patient's right"),
        "L": lambda: translate("OrientationLetters", "L", "patient's left"),
        "A": lambda: translate("OrientationLetters", "A", "anterior"),
        "P": lambda: translate("OrientationLetters", "P", "posterior"),
        "H": lambda: translate("OrientationLetters", "H", "head"),
        "F": lambda: translate("OrientationLetters", "F", "foot"),
    }
    name = names.get(letter)
    return letter if name is None else name()


def letters_text(letters: str) -> str:
    return "".join(letter_text(c) for c in letters)


def bar_label(bar: ScaleBar) -> str:
    length = format_number(bar.millimetres, 3)
    if bar.source == "imager":
        return fill(translate("ViewportOverlay", "%1 mm at detector"), length)
    return fill(translate("ViewportOverlay", "%1 mm"), length)


def letter_font(font: QFont) -> QFont:
    bigger = QFont(font)
    bigger.setPointSizeF(font.pointSizeF() * 1.2)
    bigger.setBold(True)
    return bigger


def _outlined_text(painter: QPainter, at: QPointF, text: str) -> None:
    painter.setPen(SHADOW)
    for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
        painter.drawText(at + QPointF(dx, dy), text)
    painter.setPen(TEXT)
    painter.drawText(at, text)


def draw_letters(painter: QPainter, area: QRectF, font: QFont, edges: dict[str, str]) -> float:
    """The letters of each edge (already translated); returns the height the bottom ones take."""
    painter.setFont(font)
    metrics = QFontMetricsF(font)
    bottom_height = 0.0
    for edge, text in edges.items():
        if not text:
            continue
        width = metrics.horizontalAdvance(text)
        if edge in ("top", "bottom"):
            x = area.center().x() - width / 2
            y = (area.top() + LETTER_GAP + metrics.ascent() if edge == "top"
                 else area.bottom() - LETTER_GAP - metrics.descent())
            bottom_height = metrics.height() + LETTER_GAP if edge == "bottom" else bottom_height
        else:
            x = area.left() + LETTER_GAP if edge == "left" else area.right() - LETTER_GAP - width
            y = area.center().y() + (metrics.ascent() - metrics.descent()) / 2
        _outlined_text(painter, QPointF(x, y), text)
    return bottom_height


def draw_scale_bar(painter: QPainter, area: QRectF, font: QFont, pixels: float, label: str,
                   above: float) -> None:
    """A horizontal bar *pixels* long centred at the bottom, *above* pixels up, its length
    written over it."""
    metrics = QFontMetricsF(font)
    y = area.bottom() - above - BAR_LIFT
    left = area.center().x() - pixels / 2
    line = QLineF(left, y, left + pixels, y)
    ticks = [QLineF(x, y, x, y - BAR_TICK) for x in (line.x1(), line.x2())]
    for colour, width in ((SHADOW, 3.0), (TEXT, 1.0)):
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLine(line)
        for tick in ticks:
            painter.drawLine(tick)
    painter.setFont(font)
    x = area.center().x() - metrics.horizontalAdvance(label) / 2
    _outlined_text(painter, QPointF(x, y - BAR_TICK - 2 - metrics.descent()), label)


def draw_edges(painter: QPainter, area: QRectF, font: QFont, edges: dict[str, str],
               bar: tuple[float, str] | None) -> None:
    """Letters and scale bar (*bar* = (length on screen in pixels, label)), screen coordinates."""
    painter.save()
    painter.resetTransform()
    above = draw_letters(painter, area, letter_font(font), edges)
    if bar is not None:
        draw_scale_bar(painter, area, font, bar[0], bar[1], above)
    painter.restore()
