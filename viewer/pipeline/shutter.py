"""Display shutters of a presentation state (PS3.3 C.7.6.11, C.7.6.15; PS3.4 N.2.2). Qt-free.

A shutter hides the image outside its opening. Geometric openings, on 1-based pixel indices
(row r, column c) of the image before the spatial transformation:

- RECTANGULAR: ``left <= c <= right`` and ``upper <= r <= lower`` (edges included);
- CIRCULAR: Center of Circular Shutter is given as *row\\column*; open where
  ``(r - row)^2 + (c - column)^2 <= radius^2``;
- POLYGONAL: vertices given as *row\\column* pairs; open inside the polygon or on its edges
  (even-odd rule on pixel centres);
- BITMAP: Shutter Overlay Group names an overlay plane whose 1 bits are shuttered.

With several shapes the opening is their intersection (C.7.6.11.1.1: a pixel is shown only if
no shutter hides it). Shuttered pixels show Shutter Presentation Value, a P-value that comes
*after* the presentation LUT (it is not inverted by INVERSE), brought to 8 bits by its top 8
bits (0xFFFF -> 255), or the Shutter Presentation Color CIELab Value on colour output.
"""

from __future__ import annotations

import numpy as np

from viewer.pipeline.gsps_colour import cielab_to_gray, cielab_to_rgb, pvalue_to_gray

__all__ = ["circular_opening", "polygonal_opening", "rectangular_opening", "shutter_colour",
           "shutter_opening", "apply_shutter"]


def _grid(rows: int, columns: int):
    r = np.arange(1, rows + 1, dtype=np.float64)[:, None]
    c = np.arange(1, columns + 1, dtype=np.float64)[None, :]
    return r, c


def rectangular_opening(shape, left, right, upper, lower) -> np.ndarray:
    """Open pixels of a rectangular shutter (edges are 1-based columns / rows, inclusive)."""
    r, c = _grid(*shape)
    return (c >= left) & (c <= right) & (r >= upper) & (r <= lower)


def circular_opening(shape, center_row, center_column, radius) -> np.ndarray:
    """Open pixels of a circular shutter (centre as row, column; 1-based)."""
    r, c = _grid(*shape)
    return (r - center_row) ** 2 + (c - center_column) ** 2 <= float(radius) ** 2 + 1e-9


def _on_segment(r, c, a, b) -> np.ndarray:
    (r0, c0), (r1, c1) = a, b
    cross = (r1 - r0) * (c - c0) - (c1 - c0) * (r - r0)
    within = ((np.minimum(r0, r1) <= r) & (r <= np.maximum(r0, r1))
              & (np.minimum(c0, c1) <= c) & (c <= np.maximum(c0, c1)))
    return (np.abs(cross) < 1e-9) & within


def polygonal_opening(shape, vertices) -> np.ndarray:
    """Open pixels of a polygonal shutter (vertices as (row, column), 1-based)."""
    r, c = _grid(*shape)
    r, c = np.broadcast_arrays(r, c)
    inside = np.zeros(shape, dtype=bool)
    edge = np.zeros(shape, dtype=bool)
    points = list(vertices)
    for a, b in zip(points, points[1:] + points[:1]):
        (r0, c0), (r1, c1) = a, b
        if r0 != r1:
            crosses = (r0 > r) != (r1 > r)
            at = c0 + (r - r0) * (c1 - c0) / (r1 - r0)
            inside ^= crosses & (c < at)
        edge |= _on_segment(r, c, a, b)
    return inside | edge


def shutter_opening(shutters, shape, bitmap: np.ndarray | None = None) -> np.ndarray | None:
    """Pixels left visible by every shutter (True = shown), or None when nothing is shuttered.

    *bitmap* is the overlay plane of the bitmap shutter placed on the image (True = hidden).
    """
    if shutters is None:
        return None
    opening = np.ones(shape, dtype=bool)
    if shutters.rectangle is not None:
        opening &= rectangular_opening(shape, *shutters.rectangle)
    if shutters.circle is not None:
        opening &= circular_opening(shape, *shutters.circle)
    if shutters.polygon is not None:
        opening &= polygonal_opening(shape, shutters.polygon)
    if bitmap is not None:
        opening &= ~bitmap
    return None if opening.all() else opening


def shutter_colour(shutters, colour: bool = False):
    """The shuttered pixels' 8-bit gray value, or (R, G, B) when *colour* (default black)."""
    value = getattr(shutters, "presentation_value", None)
    lab = getattr(shutters, "cielab", None)
    if colour and lab is not None:
        return cielab_to_rgb(lab)
    gray = pvalue_to_gray(value) if value is not None else (
        cielab_to_gray(lab) if lab is not None else 0)
    return (gray, gray, gray) if colour else gray


def apply_shutter(image: np.ndarray, opening: np.ndarray | None, value) -> np.ndarray:
    """*image* (uint8, H x W [x 3]) with pixels outside *opening* set to *value*, in place."""
    if opening is not None:
        image[~opening] = value
    return image
