"""Frame geometry, Qt-free: pixel spacing and aspect, plane position, slice sync.

Attributes are looked up per frame the way enhanced multi-frame objects store them (PS3.3
C.7.6.16): the frame's Per-Frame Functional Groups item, then the Shared one, then the top level.

- Pixel Spacing (0028,0030) is "row spacing\\column spacing" in mm in the patient (PS3.3
  C.7.6.2.1.1, C.8.11.2); without it, Imager Pixel Spacing (0018,1164) gives spacing at the
  detector plane (projection radiography, PS3.3 C.8.11.7), which measurements must say.
- Without either, Pixel Aspect Ratio (0028,0034) "vertical\\horizontal" gives the aspect only.
- Synchronised scrolling maps a slice's Image Position (Patient) onto another series' slice
  normal and picks the nearest slice (PS3.3 C.7.6.2.1.1).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from pydicom.dataset import Dataset

PER_FRAME = "PerFrameFunctionalGroupsSequence"
SHARED = "SharedFunctionalGroupsSequence"
PARALLEL = 0.99  # |cos| between slice normals for two stacks to count as parallel


class Spacing(NamedTuple):
    """Physical size of a pixel in mm; ``source`` "pixel" (patient) or "imager" (detector)."""

    row: float  # distance between rows (vertical size of a pixel)
    column: float  # distance between columns (horizontal size)
    source: str


def _value(ds: Dataset, keyword: str):
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an unconvertible value counts as absent
        return None
    return None if value in (None, "") else value


def frame_value(ds: Dataset, frame_index: int, macro: str, keyword: str):
    """*keyword* from the frame's functional group *macro* (per-frame, shared) or top level."""
    for group_keyword, index in ((PER_FRAME, frame_index), (SHARED, 0)):
        groups = _value(ds, group_keyword) or []
        if 0 <= index < len(groups):
            items = _value(groups[index], macro) or []
            if items:
                value = _value(items[0], keyword)
                if value is not None:
                    return value
    return _value(ds, keyword)


def _pair(value) -> tuple[float, float] | None:
    try:
        numbers = [float(v) for v in value]
    except (TypeError, ValueError):
        return None
    if len(numbers) != 2 or not all(np.isfinite(numbers)) or min(numbers) <= 0:
        return None
    return numbers[0], numbers[1]


def pixel_spacing(ds: Dataset, frame_index: int = 0) -> Spacing | None:
    """Pixel Spacing, else Imager Pixel Spacing, else None."""
    pair = _pair(frame_value(ds, frame_index, "PixelMeasuresSequence", "PixelSpacing"))
    if pair is not None:
        return Spacing(pair[0], pair[1], "pixel")
    pair = _pair(_value(ds, "ImagerPixelSpacing"))
    if pair is not None:
        return Spacing(pair[0], pair[1], "imager")
    return None


def pixel_aspect(ds: Dataset, frame_index: int = 0) -> float:
    """Horizontal over vertical size of a pixel on screen (1.0 for square pixels)."""
    spacing = pixel_spacing(ds, frame_index)
    if spacing is not None:
        return spacing.column / spacing.row
    ratio = _pair(_value(ds, "PixelAspectRatio"))
    return ratio[1] / ratio[0] if ratio is not None else 1.0


def slice_thickness(ds: Dataset, frame_index: int = 0) -> float | None:
    value = frame_value(ds, frame_index, "PixelMeasuresSequence", "SliceThickness")
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


class Plane(NamedTuple):
    position: np.ndarray  # Image Position (Patient) of the first pixel, mm
    normal: np.ndarray  # unit slice normal (row cosines x column cosines)


def frame_position(ds: Dataset, frame_index: int = 0):
    """Image Position (Patient) of a frame. The frames of an RT Dose lie along the normal at its
    Grid Frame Offset Vector (3004,000C), relative to the first frame (PS3.3 C.8.8.3.2: the
    offsets are relative when the first is 0, else absolute z; either way frame i is
    offset[i] - offset[0] from Image Position (Patient))."""
    position = frame_value(ds, frame_index, "PlanePositionSequence", "ImagePositionPatient")
    offsets = _value(ds, "GridFrameOffsetVector")
    if offsets is None or position is None or not frame_index:
        return position
    try:
        offsets = [float(v) for v in offsets]
        cosines = np.asarray([float(v) for v in ds.ImageOrientationPatient], dtype=float)
        start = np.asarray([float(v) for v in position], dtype=float)
        normal = np.cross(cosines[:3], cosines[3:])
        return start + (offsets[frame_index] - offsets[0]) * normal / np.linalg.norm(normal)
    except (AttributeError, IndexError, TypeError, ValueError):
        return position


def frame_plane(ds: Dataset, frame_index: int = 0) -> Plane | None:
    """Position and normal of a frame, or None without usable geometry."""
    position = frame_position(ds, frame_index)
    orientation = frame_value(
        ds, frame_index, "PlaneOrientationSequence", "ImageOrientationPatient"
    )
    try:
        position = np.asarray([float(v) for v in position], dtype=float)
        cosines = np.asarray([float(v) for v in orientation], dtype=float)
    except (TypeError, ValueError):
        return None
    if position.shape != (3,) or cosines.shape != (6,):
        return None
    normal = np.cross(cosines[:3], cosines[3:])
    norm = np.linalg.norm(normal)
    if not np.isfinite(norm) or norm < 0.5 or not np.all(np.isfinite(position)):
        return None
    return Plane(position, normal / norm)


def slice_location(ds: Dataset, frame_index: int = 0) -> float | None:
    """Slice Location (0020,1041), else the position along the normal."""
    value = _value(ds, "SliceLocation")
    try:
        if value is not None:
            return float(value)
    except (TypeError, ValueError):
        pass
    plane = frame_plane(ds, frame_index)
    return None if plane is None else float(np.dot(plane.normal, plane.position))


def stack_planes(frames) -> list[Plane | None]:
    """The plane of every (instance, frame_index) entry of a series."""
    return [frame_plane(ref.instance.ds, ref.frame_index) for ref in frames]


def nearest_slice(planes: list[Plane | None], point: np.ndarray, normal: np.ndarray):
    """Index of the slice of *planes* nearest to *point*, or None when the stack has no
    geometry or is not parallel to *normal*."""
    best, best_distance = None, np.inf
    for index, plane in enumerate(planes):
        if plane is None or abs(float(np.dot(plane.normal, normal))) < PARALLEL:
            continue
        distance = abs(float(np.dot(plane.normal, point - plane.position)))
        if distance < best_distance:
            best, best_distance = index, distance
    return best
