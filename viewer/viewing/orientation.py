"""Orientation letters on the viewport edges and the scale bar, Qt-free.

Patient directions (PS3.3 C.7.6.2.1.1): +x towards the patient's Left, +y Posterior, +z Head.
A direction is written with up to three letters, the largest component first, as PS3.3
C.7.6.1.1.1 describes for Patient Orientation (0020,0020) of obliques ("LPH"); a component
smaller than OBLIQUE_MIN is left out, so a plane a hair off-axis still reads "L", not "LPH".

Where the image's axes point:
- Image Orientation (Patient) (0020,0037): row cosines = direction of increasing column index
  (screen right of an unrotated image), column cosines = increasing row index (down);
- else Patient Orientation (0020,0020) of projection images: the two letter strings give the
  row direction and the column direction.

The letters at each edge follow the view's rotation/flip (:func:`viewer.viewing.state.orientation_matrix`):
the direction of screen right is the image direction M^-1 (1, 0), and so on.

The scale bar: a view unit is one row spacing in mm (the pixel aspect makes x and y the same
size on screen), so one screen pixel is ``row spacing / zoom`` mm whatever the rotation.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from pydicom.dataset import Dataset

from viewer.viewing.geometry import Spacing, frame_value

OBLIQUE_MIN = 1e-3  # components below this (a cosine) are not written
POSITIVE = ("L", "P", "H")
NEGATIVE = ("R", "A", "F")
OPPOSITE = {"R": "L", "L": "R", "A": "P", "P": "A", "H": "F", "F": "H"}
SCREEN = {"right": (1, 0), "left": (-1, 0), "bottom": (0, 1), "top": (0, -1)}
STEPS = (1, 2, 5)
BAR_FRACTION = 0.25  # the bar is the longest round length within a quarter of the width


def direction_letters(vector) -> str:
    """Letters of a patient direction, largest component first ("" for no direction)."""
    v = np.asarray(vector, dtype=float)
    if v.shape != (3,) or not np.all(np.isfinite(v)):
        return ""
    order = sorted(range(3), key=lambda axis: -abs(v[axis]))
    return "".join((POSITIVE if v[a] > 0 else NEGATIVE)[a] for a in order
                   if abs(v[a]) >= OBLIQUE_MIN)


def opposite(letters: str) -> str:
    return "".join(OPPOSITE[c] for c in letters)


def _orientation_axes(ds: Dataset, frame_index: int) -> tuple[str, str] | None:
    cosines = frame_value(ds, frame_index, "PlaneOrientationSequence",
                          "ImageOrientationPatient")
    try:
        values = np.asarray([float(v) for v in cosines], dtype=float)
    except (TypeError, ValueError):
        return None
    if values.shape != (6,) or not np.all(np.isfinite(values)):
        return None
    row, column = values[:3], values[3:]
    if np.linalg.norm(row) < 0.5 or np.linalg.norm(column) < 0.5:
        return None
    return direction_letters(row), direction_letters(column)


def _patient_orientation(ds: Dataset) -> tuple[str, str] | None:
    try:
        value = ds.get("PatientOrientation")
    except Exception:  # noqa: BLE001 - an unreadable value counts as absent
        return None
    if value is None or isinstance(value, str) or len(value) != 2:
        return None
    axes = tuple(str(v).strip().upper() for v in value)
    if not all(axes) or not all(c in OPPOSITE for axis in axes for c in axis):
        return None  # quadruped letters and the like: no letters rather than wrong ones
    return axes


def image_axes(ds: Dataset, frame_index: int = 0) -> tuple[str, str] | None:
    """(letters of the row direction, letters of the column direction) of a frame, or None."""
    return _orientation_axes(ds, frame_index) or _patient_orientation(ds)


def edge_letters(axes: tuple[str, str] | None, matrix) -> dict[str, str]:
    """Letters at the middle of each screen edge ("top", "bottom", "left", "right") for image
    *axes* shown through the 2x2 rotation/flip *matrix* (image direction -> screen)."""
    if axes is None:
        return {}
    inverse = np.rint(np.linalg.inv(np.asarray(matrix, dtype=float))).astype(int)
    edges = {}
    for edge, screen in SCREEN.items():
        x, y = inverse @ np.array(screen)
        letters, sign = (axes[0], x) if x else (axes[1], y)
        edges[edge] = letters if sign > 0 else opposite(letters)
    return edges


class ScaleBar(NamedTuple):
    millimetres: float
    pixels: float  # on screen
    source: str  # "pixel" (in the patient) or "imager" (at the detector)


def round_length(limit: float) -> float | None:
    """The largest 1, 2 or 5 x 10^n not above *limit* (> 0), else None."""
    if not np.isfinite(limit) or limit <= 0:
        return None
    exponent = int(np.floor(np.log10(limit)))
    for power in (exponent, exponent - 1):
        for step in reversed(STEPS):
            length = step * 10.0 ** power
            if length <= limit * (1 + 1e-12):
                return float(f"{length:.12g}")
    return None


def scale_bar(spacing: Spacing | None, zoom: float, width: float) -> ScaleBar | None:
    """The bar for a viewport *width* screen pixels wide at *zoom* (screen pixels per view
    unit), or None without a pixel spacing."""
    if spacing is None or zoom <= 0 or width <= 0:
        return None
    mm_per_pixel = spacing.row / zoom
    length = round_length(width * BAR_FRACTION * mm_per_pixel)
    if length is None:
        return None
    return ScaleBar(length, length / mm_per_pixel, spacing.source)
