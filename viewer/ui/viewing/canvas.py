"""The drawing surface of a viewport: a pyqtgraph GraphicsView with one ViewBox and ImageItem.

pyqtgraph's own mouse handling is off: the viewport's :class:`~.input.MouseInput` decides what a
drag does. Corner annotations (and, through :mod:`.edges`, the orientation letters and scale
bar) are painted in the foreground in screen coordinates, light text on
a dark outline so they stay readable on bright images; each line of corner text is drawn once
into an image, and a corner's image is put together again from them only when one of its lines
changes (scrolling changes one or two lines of one corner).
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter
from PySide6.QtWidgets import QFrame

from viewer.ui.viewing.object_icon import KEY_COLOUR, star
from viewer.ui.viewing.edges import LETTER_GAP, draw_edges, letter_font

CORNERS = ("tl", "tr", "bl", "br")
MARGIN = 6
OUTLINE = 1
KEPT_LINES = 1024  # ~10 kB each: two changing lines for each slice of a 500-slice stack


class Canvas(pg.GraphicsView):
    """GraphicsView whose mouse, wheel and context-menu events go to a handler object."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent, background="k")
        self.handler = None
        self.corners: dict[str, list[str]] = {c: [] for c in CORNERS}
        self.show_corners = True  # corner text, edge letters and scale bar
        self.edges: dict[str, str] = {}  # translated orientation letters by edge
        self.scale_bar: tuple[float, str] | None = None  # (screen pixels, label)
        self.message = ""  # why nothing is shown (a frame that cannot be decoded), centred
        self.badge = ""  # the key-image badge's text, top centre ("" for none)
        self._cache: dict[str, tuple] = {}
        self._lines: dict[tuple, QImage] = {}  # one line's image by (text, width, font)
        self._placed: tuple | None = None  # ((corners, area), [(point, image)])
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(False)
        self.viewport().setAcceptDrops(False)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The view paints every pixel (black background, then the image): nothing behind it
        # (the viewport frame, its style sheet, the window) is painted again at each frame.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
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

    def set_edges(self, edges: dict[str, str], scale_bar: tuple[float, str] | None) -> None:
        if edges != self.edges or scale_bar != self.scale_bar:
            self.edges, self.scale_bar = edges, scale_bar
            self.viewport().update()

    def set_message(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.viewport().update()

    def set_badge(self, text: str) -> None:
        if text != self.badge:
            self.badge = text
            self.viewport().update()

    def corner_text(self) -> str:
        """All corner lines, top left, top right, bottom left, bottom right."""
        return "\n".join(line for c in CORNERS for line in self.corners.get(c, []))

    def drawForeground(self, painter: QPainter, rect) -> None:
        super().drawForeground(painter, rect)
        area = QRectF(self.viewport().rect()).adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        if self.message:
            self._draw_message(painter, area)
        if not self.show_corners:
            return
        draw_edges(painter, area, self.overlay_font, self.edges, self.scale_bar)
        if self.badge:
            self._draw_badge(painter, area)
        painter.save()
        painter.resetTransform()
        for at, image in self._placed_corners(area):
            painter.drawImage(at, image)
        painter.restore()

    def _placed_corners(self, area: QRectF) -> list[tuple[QPointF, QImage]]:
        """Each corner's image and where it goes, worked out when the corners or the size
        changed (a frame is often painted more than once)."""
        key = (self.corners, area.getRect())  # set_corners replaces the dict when it changes
        if self._placed is not None and self._placed[0][0] is key[0] \
                and self._placed[0][1] == key[1]:
            return self._placed[1]
        placed = []
        for corner in CORNERS:
            image = self._corner_image(corner, area.width() / 2 - 4)
            if image is None:
                continue
            x = area.left() if corner[1] == "l" else area.right() - image.width()
            y = area.top() if corner[0] == "t" else area.bottom() - image.height()
            placed.append((QPointF(x, y), image))
        self._placed = (key, placed)
        return placed

    def _draw_message(self, painter: QPainter, area: QRectF) -> None:
        """The message in the middle third of the height, wrapped (it is shown whether the
        corner annotations are or not: it replaces the image)."""
        painter.save()
        painter.resetTransform()
        painter.setFont(self.overlay_font)
        painter.setPen(QColor(235, 235, 235))
        box = area.adjusted(area.width() / 10, area.height() / 3, -area.width() / 10,
                            -area.height() / 3)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(box, int(flags), self.message)
        painter.restore()

    def _draw_badge(self, painter: QPainter, area: QRectF) -> None:
        """A gold star and the badge text on a dark plate at the top centre (under the top
        orientation letters)."""
        painter.save()
        painter.resetTransform()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.overlay_font)
        metrics = QFontMetricsF(self.overlay_font)
        text = metrics.elidedText(self.badge, Qt.TextElideMode.ElideRight, area.width() / 2)
        height = metrics.height() + 6
        width = metrics.horizontalAdvance(text) + height + 10
        top = area.top()
        if self.edges.get("top"):  # below the top edge's orientation letters
            top += QFontMetricsF(letter_font(self.overlay_font)).height() + LETTER_GAP
        plate = QRectF(area.center().x() - width / 2, top, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(plate, 4, 4)
        painter.setBrush(KEY_COLOUR)
        painter.drawPolygon(star(QPointF(plate.left() + height / 2 + 2, plate.center().y()),
                                 height / 2 - 2))
        painter.setPen(KEY_COLOUR)
        painter.drawText(plate.adjusted(height + 4, 0, 0, 0),
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text)
        painter.restore()

    def _corner_image(self, corner: str, max_width: float) -> QImage | None:
        """The corner's text drawn once into a transparent image, redrawn when it changes."""
        lines = tuple(self.corners.get(corner, []))
        if not lines:
            return None
        key = (lines, int(max_width), self.overlay_font.toString())
        cached = self._cache.get(corner)
        if cached is not None and cached[0] == key:
            return cached[1]
        image = self._render_lines(lines, max_width, right=corner[1] == "r")
        self._cache[corner] = (key, image)
        return image

    def _render_lines(self, lines, max_width: float, right: bool) -> QImage:
        """The lines stacked (left- or right-aligned) from each line's own image: a line whose
        text did not change is not drawn again (scrolling changes one or two lines)."""
        metrics = QFontMetricsF(self.overlay_font)
        images = [self._line_image(text, max_width, metrics) for text in lines]
        width = max(image.width() for image in images)
        step = metrics.lineSpacing()
        image = QImage(max(width, 1), max(int(step * len(images)) + 2 * OUTLINE + 1, 1),
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        for number, line in enumerate(images):
            painter.drawImage(QPointF(width - line.width() if right else 0, number * step), line)
        painter.end()
        return image

    def _line_image(self, text: str, max_width: float, metrics: QFontMetricsF) -> QImage:
        """One line, elided to *max_width*, light on a dark outline (kept by its text)."""
        key = (text, int(max_width), self.overlay_font.toString())
        image = self._lines.get(key)
        if image is not None:
            return image
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(max_width, 20))
        width = int(metrics.horizontalAdvance(text)) + 2 * OUTLINE + 2
        image = QImage(max(width, 1), int(metrics.lineSpacing()) + 2 * OUTLINE + 1,
                       QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setFont(self.overlay_font)
        baseline = OUTLINE + metrics.ascent()
        painter.setPen(QColor(0, 0, 0, 230))
        for dx, dy in ((-1, 0), (1, 0), (0, -1), (0, 1), (1, 1)):
            painter.drawText(QPointF(OUTLINE + dx, baseline + dy), text)
        painter.setPen(QColor(235, 235, 235))
        painter.drawText(QPointF(OUTLINE, baseline), text)
        painter.end()
        if len(self._lines) >= KEPT_LINES:
            self._lines.pop(next(iter(self._lines)))
        self._lines[key] = image
        return image
