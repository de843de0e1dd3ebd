"""Where a viewport's image lies in the patient (a mixin of Viewport): orientation letters and
scale bar for the canvas, reference lines of other viewports' planes and the 3D cursor mark.

Reference lines and the cursor cross are children of the ImageItem, so they live in image
coordinates (pyqtgraph's: DICOM pixel coordinates + 0.5) and follow zoom, pan, rotation and
flip; the cross keeps its size on screen. Like the corner text they are hidden with ``T``.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, Qt
from PySide6.QtGui import QColor, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QGraphicsPathItem

from viewer.ui.viewing import edges as edge_text
from viewer.viewing import orientation
from viewer.viewing.frame_header import FrameHeaders
from viewer.viewing.state import orientation_matrix

LINE_COLOURS = {"current": QColor(0, 220, 255), "end": QColor(0, 150, 190)}
CURSOR_COLOUR = QColor(255, 80, 80)
CURSOR_ARM = 8  # screen pixels from the centre of the cross to each end


def line_pen(kind: str) -> QPen:
    """The active image's line solid, the first/last images' dashed; cosmetic (screen) width."""
    pen = QPen(LINE_COLOURS[kind], 2 if kind == "current" else 1)
    pen.setCosmetic(True)
    if kind == "end":
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


class Orienting:
    """Needs ``ref``, ``state``, ``canvas``, ``show_annotations`` and ViewOps' ``zoom()``."""

    def _init_orienting(self) -> None:
        self.headers = FrameHeaders()  # corner values, axes, spacing, aspect: read once a frame
        self._edges_key = None  # what the letters and bar shown were worked out from
        self.reference_lines: list[tuple[str, tuple]] = []  # (kind, ((c0, r0), (c1, r1)))
        self.cursor_pixel: tuple[float, float] | None = None  # DICOM (column, row)
        self._line_items: list[QGraphicsLineItem] = []
        self._cursor_item: QGraphicsPathItem | None = None

    # --- letters and scale bar ------------------------------------------------------------
    def orientation_edges(self) -> dict[str, str]:
        """Untranslated letters at each edge of the frame shown now ({} without any)."""
        if self.ref is None:
            return {}
        return orientation.edge_letters(self.headers.axes(self.ref), orientation_matrix(self.state))

    def current_scale_bar(self) -> orientation.ScaleBar | None:
        if self.ref is None:
            return None
        return orientation.scale_bar(self.headers.spacing(self.ref), self.zoom(),
                                     self.canvas.viewport().width())

    def refresh_edges(self) -> None:
        """Letters and bar for the frame and view now; worked out again only when what they
        depend on changed (the slices of a stack share them)."""
        ref, state = self.ref, self.state
        key = None if ref is None else (
            self.headers.axes(ref), self.headers.spacing(ref), state.rotation, state.flip_h,
            state.flip_v, self.zoom(), self.canvas.viewport().width())
        if key is not None and key == self._edges_key:
            return
        self._edges_key = key
        edges = {e: edge_text.letters_text(t) for e, t in self.orientation_edges().items()}
        bar = self.current_scale_bar()
        label = None if bar is None else (bar.pixels, edge_text.bar_label(bar))
        self.canvas.set_edges(edges, label)

    # --- reference lines and 3D cursor ----------------------------------------------------
    def set_reference_lines(self, lines: list[tuple[str, tuple]]) -> None:
        """Lines (kind "current" or "end", two DICOM (column, row) points) on this image; the
        items are kept and moved while the number of lines stays (scrolling moves them)."""
        if lines == self.reference_lines:
            return
        self.reference_lines = list(lines)
        while len(self._line_items) > len(lines):
            item = self._line_items.pop()
            item.setParentItem(None)
            self.canvas.scene().removeItem(item)
        while len(self._line_items) < len(lines):
            item = QGraphicsLineItem()
            item.setParentItem(self.canvas.image_item)
            self._line_items.append(item)
        for item, (kind, ((c0, r0), (c1, r1))) in zip(self._line_items, lines):
            item.setLine(QLineF(c0 + 0.5, r0 + 0.5, c1 + 0.5, r1 + 0.5))
            item.setPen(line_pen(kind))
        self._show_overlay_items()

    def set_cursor_mark(self, pixel: tuple[float, float] | None) -> None:
        """The 3D cursor's cross at DICOM (column, row), or none."""
        self.cursor_pixel = pixel
        if pixel is None:
            if self._cursor_item is not None:
                self._cursor_item.setVisible(False)
            return
        if self._cursor_item is None:
            self._cursor_item = self._cross_item()
        self._cursor_item.setPos(QPointF(pixel[0] + 0.5, pixel[1] + 0.5))
        self._show_overlay_items()

    def _cross_item(self) -> QGraphicsPathItem:
        path = QPainterPath()
        path.moveTo(-CURSOR_ARM, 0)
        path.lineTo(CURSOR_ARM, 0)
        path.moveTo(0, -CURSOR_ARM)
        path.lineTo(0, CURSOR_ARM)
        item = QGraphicsPathItem(path)
        pen = QPen(CURSOR_COLOUR, 2)
        pen.setCosmetic(True)
        item.setPen(pen)
        item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        item.setParentItem(self.canvas.image_item)
        return item

    def _show_overlay_items(self) -> None:
        visible = self.show_annotations
        for item in self._line_items:
            item.setVisible(visible)
        if self._cursor_item is not None:
            self._cursor_item.setVisible(visible and self.cursor_pixel is not None)
