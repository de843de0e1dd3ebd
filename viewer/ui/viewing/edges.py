"""Orientation letters at the middle of each viewport edge and the scale bar, painted in the
canvas foreground (screen coordinates) with the same dark outline as the corner text.

The values come from :mod:`viewer.viewing.orientation`; this module translates and draws
them, each label drawn once into an image that later paints blit (scrolling repaints them at
every step). The letters are translated one by one (readers of most languages keep R/L/A/P/H/F).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPen

from viewer.ui.viewing.placeholders import fill
from viewer.viewing.annotations import format_number
from viewer.viewing.orientation import ScaleBar

translate = QCoreApplication.translate  # literal contexts below, so lupdate finds the strings
TEXT = QColor(235, 235, 235)
SHADOW = QColor(0, 0, 0, 230)
LETTER_GAP = 2  # pixels between an edge and its letters
BAR_TICK = 5  # height of the bar's end ticks
BAR_LIFT = 4  # pixels between the bottom letters and the bar
OUTLINE = 1  # the dark outline around text, pixels
KEPT_TEXT_IMAGES = 64
KEPT_LAYOUTS = 16
_TEXT_IMAGES: dict[tuple[str, str], QImage] = {}
_LAYOUTS: dict[tuple, tuple[list, list]] = {}


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


def _text_image(text: str, font: QFont) -> QImage:
    """*text* with its outline drawn once into a transparent image (the baseline at
    ``OUTLINE + ascent``); painting it again is one image blit, not six text draws."""
    key = (text, font.toString())
    image = _TEXT_IMAGES.get(key)
    if image is None:
        metrics = QFontMetricsF(font)
        width = int(metrics.horizontalAdvance(text)) + 2 * OUTLINE + 2
        image = QImage(width, int(metrics.height()) + 2 * OUTLINE + 2,
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setFont(font)
        at = QPointF(OUTLINE, OUTLINE + metrics.ascent())
        painter.setPen(SHADOW)
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
            painter.drawText(at + QPointF(dx, dy), text)
        painter.setPen(TEXT)
        painter.drawText(at, text)
        painter.end()
        if len(_TEXT_IMAGES) >= KEPT_TEXT_IMAGES:
            _TEXT_IMAGES.pop(next(iter(_TEXT_IMAGES)))
        _TEXT_IMAGES[key] = image
    return image


def _placed(at: QPointF, text: str, font: QFont, metrics: QFontMetricsF):
    """(top-left, image) of *text* whose baseline starts at *at*."""
    return QPointF(at.x() - OUTLINE, at.y() - metrics.ascent() - OUTLINE), _text_image(text, font)


def _letters(area: QRectF, font: QFont, edges: dict[str, str]) -> tuple[list, float]:
    """The letters of each edge (already translated) placed; and the height the bottom ones
    take."""
    metrics = QFontMetricsF(font)
    placed, bottom_height = [], 0.0
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
        placed.append(_placed(QPointF(x, y), text, font, metrics))
    return placed, bottom_height


def _scale_bar(area: QRectF, font: QFont, pixels: float, label: str, above: float):
    """A horizontal bar *pixels* long centred at the bottom, *above* pixels up, its length
    written over it: (its lines, its placed label)."""
    metrics = QFontMetricsF(font)
    y = area.bottom() - above - BAR_LIFT
    left = area.center().x() - pixels / 2
    line = QLineF(left, y, left + pixels, y)
    lines = [line] + [QLineF(x, y, x, y - BAR_TICK) for x in (line.x1(), line.x2())]
    x = area.center().x() - metrics.horizontalAdvance(label) / 2
    return lines, _placed(QPointF(x, y - BAR_TICK - 2 - metrics.descent()), label, font, metrics)


def _layout(area: QRectF, font: QFont, edges: dict[str, str], bar: tuple[float, str] | None):
    """(placed images, bar lines) for one viewport's edges, computed when something changed."""
    key = (area.getRect(), font.toString(), tuple(edges.items()), bar)
    found = _LAYOUTS.get(key)
    if found is None:
        placed, above = _letters(area, letter_font(font), edges)
        lines = []
        if bar is not None:
            lines, label = _scale_bar(area, font, bar[0], bar[1], above)
            placed.append(label)
        found = (placed, lines)
        if len(_LAYOUTS) >= KEPT_LAYOUTS:
            _LAYOUTS.pop(next(iter(_LAYOUTS)))
        _LAYOUTS[key] = found
    return found


def draw_edges(painter: QPainter, area: QRectF, font: QFont, edges: dict[str, str],
               bar: tuple[float, str] | None) -> None:
    """Letters and scale bar (*bar* = (length on screen in pixels, label)), screen coordinates."""
    placed, lines = _layout(area, font, edges, bar)
    painter.save()
    painter.resetTransform()
    for colour, width in ((SHADOW, 3.0), (TEXT, 1.0)) if lines else ():
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawLines(lines)
    for at, image in placed:
        painter.drawImage(at, image)
    painter.restore()
