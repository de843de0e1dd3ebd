"""Measurement math, Qt-free: distance and rectangle/ellipse ROI statistics.

Points are in image coordinates (pixel (r, c) covers ``[c, c+1) x [r, r+1)``). Lengths use
:func:`viewer.viewing.geometry.pixel_spacing`: mm in the patient with Pixel Spacing, mm at the
detector with only Imager Pixel Spacing (``source == "imager"``: the UI must say so), pixels
with neither.

An ROI contains the pixels whose centres lie inside the shape (on the border counts). Its area is
the shape's geometric area; mean, standard deviation (population, ddof=0), min and max are over
the contained pixels' modality values (e.g. HU).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from viewer.viewing.geometry import Spacing


class Length(NamedTuple):
    value: float
    unit: str  # "mm" or "px"
    source: str | None  # "pixel", "imager" or None (pixels)


class RoiStats(NamedTuple):
    area: float
    unit: str  # "mm2" or "px2"
    source: str | None
    count: int
    mean: float | None
    sd: float | None
    min: float | None
    max: float | None


def distance(p0: tuple[float, float], p1: tuple[float, float], spacing: Spacing | None) -> Length:
    """Distance between two image points (x, y)."""
    dx, dy = p1[0] - p0[0], p1[1] - p0[1]
    if spacing is None:
        return Length(math.hypot(dx, dy), "px", None)
    return Length(math.hypot(dx * spacing.column, dy * spacing.row), "mm", spacing.source)


def _box(p0, p1) -> tuple[float, float, float, float]:
    return min(p0[0], p1[0]), min(p0[1], p1[1]), max(p0[0], p1[0]), max(p0[1], p1[1])


def roi_mask(shape: str, p0, p1, rows: int, columns: int) -> np.ndarray:
    """Boolean rows x columns mask of the pixels whose centres are inside the shape."""
    x0, y0, x1, y1 = _box(p0, p1)
    ys = np.arange(rows)[:, None] + 0.5
    xs = np.arange(columns)[None, :] + 0.5
    if shape == "rectangle":
        return (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)
    if shape == "ellipse":
        cx, cy, rx, ry = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
        if rx <= 0 or ry <= 0:
            return np.zeros((rows, columns), dtype=bool)
        return ((xs - cx) / rx) ** 2 + ((ys - cy) / ry) ** 2 <= 1.0
    raise ValueError(f"unknown ROI shape {shape!r}")


def roi_area(shape: str, p0, p1, spacing: Spacing | None) -> tuple[float, str]:
    x0, y0, x1, y1 = _box(p0, p1)
    area = (x1 - x0) * (y1 - y0)
    if shape == "ellipse":
        area *= math.pi / 4
    if spacing is None:
        return area, "px2"
    return area * spacing.row * spacing.column, "mm2"


def roi_stats(shape: str, p0, p1, values: np.ndarray, spacing: Spacing | None) -> RoiStats:
    """Statistics of the modality *values* (rows x columns) inside the ROI (p0, p1 corners)."""
    values = np.asarray(values, dtype=np.float64)
    inside = values[roi_mask(shape, p0, p1, *values.shape[:2])]
    area, unit = roi_area(shape, p0, p1, spacing)
    source = None if spacing is None else spacing.source
    if inside.size == 0:
        return RoiStats(area, unit, source, 0, None, None, None, None)
    return RoiStats(
        area,
        unit,
        source,
        int(inside.size),
        float(inside.mean()),
        float(inside.std()),
        float(inside.min()),
        float(inside.max()),
    )
