"""Distance and ROI measurements drawn on a viewport's image (Qt twin of viewing.measure).

Shapes are children of the ImageItem, so they live in image coordinates and follow zoom, pan,
rotation and flip; their labels ignore the view transform and stay readable. The numbers come
from :mod:`viewer.viewing.measure`; this module only draws them and formats the text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QLineF, QPointF, QRectF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsLineItem
from PySide6.QtWidgets import QGraphicsRectItem

from viewer.viewing.geometry import Spacing
from viewer.viewing.measure import Length, RoiStats, distance, roi_stats
from viewer.ui.viewing.placeholders import fill

COLOUR = QColor(255, 220, 0)
SHAPES = ("distance", "rectangle", "ellipse")


translate = QCoreApplication.translate  # literal contexts below, so lupdate finds the strings


def number(value: float) -> str:
    return f"{value:.1f}" if abs(value) < 1e5 else f"{value:.4g}"


def length_text(length: Length) -> str:
    text = number(length.value)
    if length.unit == "px":
        return fill(translate("Measurements", "%1 px"), text)
    if length.source == "imager":
        return fill(translate("Measurements", "%1 mm (detector)"), text)
    return fill(translate("Measurements", "%1 mm"), text)


def area_text(stats: RoiStats) -> str:
    text = number(stats.area)
    if stats.unit == "px2":
        return fill(translate("Measurements", "Area %1 px²"), text)
    if stats.source == "imager":
        return fill(translate("Measurements", "Area %1 mm² (detector)"), text)
    return fill(translate("Measurements", "Area %1 mm²"), text)


def stats_text(stats: RoiStats, unit: str) -> str:
    lines = [area_text(stats)]
    if stats.count == 0:
        return lines[0]
    suffix = f" {unit}" if unit else ""
    mean, sd = number(stats.mean), number(stats.sd)
    lines.append(fill(translate("Measurements", "Mean %1 SD %2"), mean, sd) + suffix)
    low, high = number(stats.min), number(stats.max)
    lines.append(fill(translate("Measurements", "Min %1 Max %2"), low, high) + suffix)
    return "\n".join(lines)


@dataclass
class Measurement:
    """One measurement on the image: its shape, corners (image x, y) and result text."""

    shape: str
    p0: tuple[float, float]
    p1: tuple[float, float]
    item: QGraphicsItem
    label: pg.TextItem
    result: Length | RoiStats | None = None
    text: str = ""


def _pen() -> QPen:
    pen = QPen(COLOUR)
    pen.setCosmetic(True)
    pen.setWidthF(1.5)
    return pen


def new_item(shape: str, parent: QGraphicsItem) -> QGraphicsItem:
    kinds = {"distance": QGraphicsLineItem, "rectangle": QGraphicsRectItem,
             "ellipse": QGraphicsEllipseItem}
    item = kinds[shape](parent)
    item.setPen(_pen())
    return item


def start(shape: str, point: tuple[float, float], parent: QGraphicsItem) -> Measurement:
    if shape not in SHAPES:
        raise ValueError(f"unknown measurement {shape!r}")
    label = pg.TextItem(color=COLOUR, anchor=(0, 1), fill=pg.mkBrush(0, 0, 0, 140))
    label.setParentItem(parent)
    m = Measurement(shape, point, point, new_item(shape, parent), label)
    place(m, point)
    return m


def place(m: Measurement, point: tuple[float, float]) -> None:
    """Move the second corner (end point) to *point* and redraw."""
    m.p1 = point
    if m.shape == "distance":
        m.item.setLine(QLineF(QPointF(*m.p0), QPointF(*m.p1)))
    else:
        x0, y0 = min(m.p0[0], m.p1[0]), min(m.p0[1], m.p1[1])
        rect = QRectF(x0, y0, abs(m.p1[0] - m.p0[0]), abs(m.p1[1] - m.p0[1]))
        m.item.setRect(rect)
    m.label.setPos(QPointF(*m.p1))


def compute(m: Measurement, spacing: Spacing | None, values: np.ndarray | None,
            unit: str) -> None:
    """Fill in the result and its label from the current frame's modality *values*."""
    if m.shape == "distance":
        m.result = distance(m.p0, m.p1, spacing)
        m.text = length_text(m.result)
    elif values is not None:
        m.result = roi_stats(m.shape, m.p0, m.p1, values, spacing)
        m.text = stats_text(m.result, unit)
    else:
        m.text = translate("Measurements", "No statistics for colour images")
    m.label.setText(m.text)


def remove(m: Measurement) -> None:
    for item in (m.item, m.label):
        scene = item.scene()
        item.setParentItem(None)
        if scene is not None:
            scene.removeItem(item)


def unit_for(modality: str | None) -> str:
    return "HU" if (modality or "").upper() == "CT" else ""


__all__ = ["Measurement", "start", "place", "compute", "remove", "unit_for"]
