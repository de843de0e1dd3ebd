"""A report's SCOORD regions drawn over a viewport's image, each on the frames it belongs to.

The items are children of the canvas' image item, so they are placed in image coordinates
(column, row; 0,0 the top left corner of the top left pixel, as in the SR) and follow zoom, pan,
rotation and flip like the measurements do. Lines are cosmetic (two screen pixels) in cyan.
SCOORD3D regions are drawn on each frame whose plane holds them (:mod:`viewer.viewing.sr_volume`),
placed again whenever the frame shown changes.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QPainterPath, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsPathItem

from viewer.dicom.sr_regions import ImageRegion
from viewer.viewing.sr_volume import region_on_frame

COLOUR = QColor(0, 230, 255)
MARKER = 2.0  # image pixels of a point's cross arms


def region_path(region: ImageRegion) -> QPainterPath:
    path = QPainterPath()
    points = [QPointF(x, y) for x, y in region.points]
    kind = region.graphic_type
    if kind in ("POINT", "MULTIPOINT"):
        for p in points:
            path.moveTo(p.x() - MARKER, p.y())
            path.lineTo(p.x() + MARKER, p.y())
            path.moveTo(p.x(), p.y() - MARKER)
            path.lineTo(p.x(), p.y() + MARKER)
    elif kind == "CIRCLE" and len(points) >= 2:
        radius = math.dist(region.points[0], region.points[1])
        path.addEllipse(points[0], radius, radius)
    elif kind == "ELLIPSE" and len(points) >= 4:
        path = _ellipse(region.points)
    else:  # POLYLINE, POLYGON (closed by its last point, as the SR sends it)
        path.addPolygon(QPolygonF(points))
        if kind == "POLYGON":
            path.closeSubpath()
    return path


def _ellipse(points) -> QPainterPath:
    """PS3.3 C.18.6.1.2: the end points of the major axis, then of the minor axis."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
    centre = ((x0 + x1) / 2, (y0 + y1) / 2)
    major, minor = math.dist((x0, y0), (x1, y1)) / 2, math.dist((x2, y2), (x3, y3)) / 2
    path = QPainterPath()
    path.addEllipse(QRectF(-major, -minor, 2 * major, 2 * minor))
    turn = QTransform().translate(*centre).rotateRadians(math.atan2(y1 - y0, x1 - x0))
    return turn.map(path)


class ReportRegions:
    """The regions one viewport shows (``set_regions``), visible on their frames (``show_for``)."""

    def __init__(self, parent_item) -> None:
        self.parent_item = parent_item
        self.items: list[tuple[ImageRegion, QGraphicsPathItem]] = []
        self.volumes: list = []  # VolumeRegion
        self.volume_items: list[QGraphicsPathItem] = []  # the volumes on the frame shown

    def set_regions(self, regions: list[ImageRegion], volumes=()) -> None:
        self.clear()
        for region in regions:
            item = self._item(region)
            item.setVisible(False)
            self.items.append((region, item))
        self.volumes = list(volumes)

    def _item(self, region: ImageRegion) -> QGraphicsPathItem:
        pen = QPen(COLOUR)
        pen.setCosmetic(True)
        pen.setWidthF(2.0)
        item = QGraphicsPathItem(region_path(region), self.parent_item)
        item.setPen(pen)
        item.setZValue(4)
        item.setToolTip(region.concept)
        return item

    def show_for(self, ref) -> None:
        for region, item in self.items:
            item.setVisible(ref is not None and region.applies_to(
                ref.instance.sop_instance_uid or "", ref.frame_index + 1))
        _remove(self.volume_items)
        if ref is None:
            return
        for volume in self.volumes:
            drawn = region_on_frame(volume, ref.instance.ds, ref.frame_index,
                                    ref.instance.sop_instance_uid or "")
            if drawn is not None:
                self.volume_items.append(self._item(drawn))

    def clear(self) -> None:
        _remove([item for _region, item in self.items])
        _remove(self.volume_items)
        self.items.clear()
        self.volumes = []


def _remove(items: list) -> None:
    for item in items:
        scene = item.scene()
        item.setParentItem(None)
        if scene is not None:
            scene.removeItem(item)
    items.clear()
