"""Reference lines and the 3D cursor across images of one Frame of Reference, Qt-free.

Pixel coordinates here are DICOM's: (column, row) with pixel (0, 0)'s centre at Image Position
(Patient) (PS3.3 C.7.6.2.1.1), so a pixel covers [c - 0.5, c + 0.5) x [r - 0.5, r + 0.5) and the
image spans [-0.5, columns - 0.5] x [-0.5, rows - 0.5]. (pyqtgraph's image coordinates are these
plus 0.5.) A point (c, r) lies at ``position + c * column spacing * row cosines + r * row
spacing * column cosines``.

- Reference line: the segment where the plane of one image cuts another image, both taken as
  their finite rectangles (the line of an axial slice on a localizer is as wide as the slice).
  Planes within ``geometry.PARALLEL`` of parallel have none.
- 3D cursor: a point picked on one image; every other stack of the frame of reference goes to
  its slice nearest the point (distance along each slice's own normal), where the point's
  projection is marked.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from pydicom.dataset import Dataset

from viewer.viewing.geometry import PARALLEL, frame_position, frame_value

Point = tuple[float, float]


class ImagePlane(NamedTuple):
    position: np.ndarray  # centre of the first pixel, mm
    row: np.ndarray  # unit direction of increasing column index
    column: np.ndarray  # unit direction of increasing row index
    spacing: tuple[float, float]  # (between rows, between columns) mm
    rows: int
    columns: int

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.row, self.column)


def _floats(value, count: int) -> np.ndarray | None:
    try:
        numbers = np.asarray([float(v) for v in value], dtype=float)
    except (TypeError, ValueError):
        return None
    return numbers if numbers.shape == (count,) and np.all(np.isfinite(numbers)) else None


def image_plane(ds: Dataset, frame_index: int = 0) -> ImagePlane | None:
    """The frame's plane in the patient, or None without Image Position/Orientation (Patient)
    and Pixel Spacing (a projection's Imager Pixel Spacing has no patient plane)."""
    position = _floats(frame_position(ds, frame_index), 3)
    cosines = _floats(frame_value(ds, frame_index, "PlaneOrientationSequence",
                                  "ImageOrientationPatient"), 6)
    spacing = _floats(frame_value(ds, frame_index, "PixelMeasuresSequence", "PixelSpacing"), 2)
    try:
        rows, columns = int(ds.Rows), int(ds.Columns)
    except (AttributeError, TypeError, ValueError):
        return None
    if position is None or cosines is None or spacing is None or min(spacing) <= 0:
        return None
    row, column = cosines[:3], cosines[3:]
    if min(np.linalg.norm(row), np.linalg.norm(column)) < 0.5 or rows < 1 or columns < 1:
        return None
    row, column = row / np.linalg.norm(row), column / np.linalg.norm(column)
    if np.linalg.norm(np.cross(row, column)) < 0.5:
        return None
    return ImagePlane(position, row, column, (float(spacing[0]), float(spacing[1])),
                      rows, columns)


def to_patient(plane: ImagePlane, column: float, row: float) -> np.ndarray:
    return (plane.position + column * plane.spacing[1] * plane.row
            + row * plane.spacing[0] * plane.column)


def to_pixel(plane: ImagePlane, point) -> Point:
    """(column, row) of a patient point projected onto the plane."""
    offset = np.asarray(point, dtype=float) - plane.position
    return (float(np.dot(offset, plane.row)) / plane.spacing[1],
            float(np.dot(offset, plane.column)) / plane.spacing[0])


def _inside(plane: ImagePlane, origin: np.ndarray, direction: np.ndarray, interval):
    """Narrow the parameter *interval* of origin + t * direction to the plane's rectangle."""
    low, high = interval
    for axis, spacing, size in ((plane.row, plane.spacing[1], plane.columns),
                                (plane.column, plane.spacing[0], plane.rows)):
        start = float(np.dot(origin - plane.position, axis)) / spacing
        speed = float(np.dot(direction, axis)) / spacing
        if abs(speed) < 1e-12:
            if not -0.5 <= start <= size - 0.5:
                return None
            continue
        a, b = sorted(((-0.5 - start) / speed, (size - 0.5 - start) / speed))
        low, high = max(low, a), min(high, b)
        if low > high:
            return None
    return low, high


def reference_line(active: ImagePlane, other: ImagePlane) -> tuple[Point, Point] | None:
    """Where *active*'s image cuts *other*'s: two (column, row) points of *other*, or None
    (parallel planes, or the rectangles do not meet)."""
    n1, n2 = active.normal, other.normal
    if abs(float(np.dot(n1, n2))) >= PARALLEL:
        return None
    direction = np.cross(n1, n2)
    direction /= np.linalg.norm(direction)
    system = np.array([n1, n2, direction])
    heights = np.array([np.dot(n1, active.position), np.dot(n2, other.position), 0.0])
    origin = np.linalg.solve(system, heights)
    interval = (-np.inf, np.inf)
    for plane in (active, other):
        interval = _inside(plane, origin, direction, interval)
        if interval is None:
            return None
    ends = [to_pixel(other, origin + t * direction) for t in interval]
    return ends[0], ends[1]


def distance_to(plane: ImagePlane, point) -> float:
    return abs(float(np.dot(plane.normal, np.asarray(point, dtype=float) - plane.position)))


def nearest_to_point(planes: list[ImagePlane | None], point) -> int | None:
    """Index of the plane nearest *point* (ties: the first), or None when none has geometry."""
    best, best_distance = None, np.inf
    for index, plane in enumerate(planes):
        if plane is None:
            continue
        distance = distance_to(plane, point)
        if distance < best_distance - 1e-9:
            best, best_distance = index, distance
    return best
