"""Spatial transformation of a presentation state (PS3.3 C.10.6; PS3.4 N.2.3). Qt-free.

Image Rotation (0070,0042) turns the image clockwise by 0, 90, 180 or 270 degrees, *then* Image
Horizontal Flip (0070,0041) mirrors it left-right (C.10.6.1.1: "the rotation is applied before
the flip"). For ``[[1, 2, 3, 4], [5, 6, 7, 8]]``, rotating 90 then flipping gives
``[[1, 5], [2, 6], [3, 7], [4, 8]]`` (a transpose); flipping first would give
``[[8, 4], [7, 3], [6, 2], [5, 1]]``. Rotating 180 then flipping is a vertical flip.

Three coordinate kinds are mapped the same way:

- arrays (:func:`transform_array`);
- continuous image coordinates (x, y) = (column, row), (0, 0) the top left corner of the image,
  as Graphic Data in PIXEL units (:func:`transform_points`);
- 1-based pixel indices (column, row), as displayed area corners (:func:`transform_pixel`).
"""

from __future__ import annotations

import numpy as np

__all__ = ["SpatialTransform", "transform_array", "transform_points", "transform_pixel",
           "transformed_size"]

ROTATIONS = (0, 90, 180, 270)


def _check(rotation: int) -> int:
    rotation = int(rotation) % 360
    if rotation not in ROTATIONS:
        raise ValueError(f"Image Rotation must be 0, 90, 180 or 270 degrees, not {rotation}")
    return rotation


def transformed_size(width: int, height: int, rotation: int) -> tuple[int, int]:
    """(width, height) after the rotation (a flip does not change it)."""
    return (height, width) if _check(rotation) in (90, 270) else (width, height)


def transform_array(image: np.ndarray, rotation: int = 0, flip: bool = False) -> np.ndarray:
    """Rotate *image* (rows x columns [x samples]) clockwise, then flip it horizontally."""
    turns = _check(rotation) // 90
    out = np.rot90(image, k=-turns, axes=(0, 1)) if turns else image
    if flip:
        out = out[:, ::-1]
    return np.ascontiguousarray(out)


def transform_points(points, width: float, height: float, rotation: int = 0,
                     flip: bool = False) -> np.ndarray:
    """Continuous (x, y) image coordinates of a width x height image -> transformed image.

    Clockwise rotation by 90: (x, y) -> (height - y, x); by 180: (width - x, height - y);
    by 270: (y, width - x). The flip then maps x -> new width - x.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    x, y = pts[:, 0], pts[:, 1]
    rotation = _check(rotation)
    if rotation == 90:
        x, y = height - y, x
    elif rotation == 180:
        x, y = width - x, height - y
    elif rotation == 270:
        x, y = y, width - x
    new_width = transformed_size(int(round(width)), int(round(height)), rotation)[0]
    if flip:
        x = new_width - x
    return np.stack([x, y], axis=1)


def transform_pixel(column: int, row: int, width: int, height: int, rotation: int = 0,
                    flip: bool = False) -> tuple[int, int]:
    """A 1-based pixel index (column, row) -> its 1-based index in the transformed image.

    The pixel's centre (column - 0.5, row - 0.5) is mapped, so any pixel, inside the image or
    not, lands on a pixel centre.
    """
    (x, y), = transform_points([(column - 0.5, row - 0.5)], width, height, rotation, flip)
    return int(round(x + 0.5)), int(round(y + 0.5))


class SpatialTransform:
    """Rotation then flip of one image of *width* x *height* pixels, with its inverse."""

    def __init__(self, width: int, height: int, rotation: int = 0, flip: bool = False):
        self.width, self.height = int(width), int(height)
        self.rotation, self.flip = _check(rotation), bool(flip)
        self.out_width, self.out_height = transformed_size(self.width, self.height, self.rotation)

    def array(self, image: np.ndarray) -> np.ndarray:
        """The transformed array."""
        return transform_array(image, self.rotation, self.flip)

    def points(self, points) -> np.ndarray:
        """Image coordinates -> transformed image coordinates."""
        return transform_points(points, self.width, self.height, self.rotation, self.flip)

    def inverse_points(self, points) -> np.ndarray:
        """Transformed image coordinates -> image coordinates (undo the flip, then rotate back)."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2).copy()
        if self.flip:
            pts[:, 0] = self.out_width - pts[:, 0]
        back = (360 - self.rotation) % 360
        return transform_points(pts, self.out_width, self.out_height, back, False)

    def pixel(self, column: int, row: int) -> tuple[int, int]:
        """1-based pixel index -> 1-based index in the transformed image."""
        return transform_pixel(column, row, self.width, self.height, self.rotation, self.flip)

    def inverse_pixel(self, column: int, row: int) -> tuple[int, int]:
        """1-based index in the transformed image -> 1-based pixel index of the image."""
        (x, y), = self.inverse_points([(column - 0.5, row - 0.5)])
        return int(round(x + 0.5)), int(round(y + 0.5))
