"""RT Structure Set contours drawn over a viewport's image: one QGraphicsPathItem per ROI on the
frame shown, in the ROI's display colour.

Where each contour lands is decided Qt-free (:mod:`viewer.viewing.rt_contours`, image
coordinates); the items are children of the canvas' image item, so they follow zoom, pan,
rotation and flip like the measurements and a report's regions. Lines are cosmetic (two screen
pixels); a POINT contour is a small cross. ROIs the reader switched off are not drawn.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPathItem

from viewer.viewing.rt_contours import DrawnContour, SeriesContours

MARKER = 3.0  # image pixels of a POINT contour's cross arms
Z_VALUE = 3  # under measurements (and a report's regions), over the image


def contour_path(contours: list[DrawnContour]) -> QPainterPath:
    """One path holding every contour of one ROI on one frame."""
    path = QPainterPath()
    for contour in contours:
        if contour.point:
            for x, y in contour.points:
                path.moveTo(x - MARKER, y)
                path.lineTo(x + MARKER, y)
                path.moveTo(x, y - MARKER)
                path.lineTo(x, y + MARKER)
            continue
        path.addPolygon(QPolygonF([QPointF(float(x), float(y)) for x, y in contour.points]))
        if contour.closed:
            path.closeSubpath()
    return path


class StructureSetOverlay:
    """The contours one viewport shows: ``set_placed`` the structure sets placed on its series
    (with the ROIs switched off), ``show_for`` the frame shown."""

    def __init__(self, parent_item) -> None:
        self.parent_item = parent_item
        self.placed: list[tuple[SeriesContours, frozenset[int]]] = []
        self.items: list[QGraphicsPathItem] = []
        self.frame: int | None = None
        self.key = None  # what the placed contours were made from (set by rt_controls)

    def set_placed(self, placed: list[tuple[SeriesContours, frozenset[int]]]) -> None:
        self.placed = list(placed)
        self.show_for(self.frame)

    def show_for(self, frame: int | None) -> None:
        self._remove_items()
        self.frame = frame
        if frame is None:
            return
        for contours, hidden in self.placed:
            by_roi: dict[int, list[DrawnContour]] = {}
            for contour in contours.on_frame(frame):
                if contour.roi_number not in hidden:
                    by_roi.setdefault(contour.roi_number, []).append(contour)
            for roi_contours in by_roi.values():
                self.items.append(self._item(roi_contours))

    def _item(self, contours: list[DrawnContour]) -> QGraphicsPathItem:
        item = QGraphicsPathItem(contour_path(contours), self.parent_item)
        pen = QPen(QColor(*contours[0].colour))
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        item.setPen(pen)
        item.setZValue(Z_VALUE)
        item.setData(0, contours[0].roi_number)
        return item

    def clear(self) -> None:
        self.placed, self.key = [], None
        self.frame = None
        self._remove_items()

    def _remove_items(self) -> None:
        for item in self.items:
            scene = item.scene()
            item.setParentItem(None)
            if scene is not None:
                scene.removeItem(item)
        self.items = []
