"""Overlay planes (PS3.3 C.9.2) placed on an image frame, for presentation states. Qt-free.

An overlay plane of group 60xx has Overlay Rows/Columns, Overlay Origin (row\\column, 1-based:
the image pixel under the plane's top left bit), Overlay Data (one bit per pixel, decoded with
``pydicom.overlays.get_overlay_array``) and, for multi-frame overlays, Number of Frames in
Overlay and Image Frame Origin (the 1-based image frame the first overlay frame belongs to).

In a presentation state (C.11.7 Overlay Activation), only overlays with an Overlay Activation
Layer are shown, on that graphic layer; the plane is looked up in the presentation state first,
then in the image. The bitmap display shutter (C.7.6.15) uses an overlay plane of the state the
same way.
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.overlays import get_overlay_array
from pydicom.tag import Tag

__all__ = ["find_overlay", "overlay_bitmap", "place_overlay"]


def has_overlay(ds: Dataset | None, group: int) -> bool:
    """Whether *ds* holds Overlay Data (group,3000) for the group."""
    return ds is not None and Tag(group, 0x3000) in ds


def find_overlay(group: int, *datasets: Dataset | None) -> Dataset | None:
    """The first data set (presentation state first, then image) holding the overlay plane."""
    return next((ds for ds in datasets if has_overlay(ds, group)), None)


def _int(ds: Dataset, group: int, element: int, default: int) -> int:
    item = ds.get(Tag(group, element))
    if item is None or item.value in (None, ""):
        return default
    value = item.value
    return int(value[0] if isinstance(value, (list, MultiValue)) else value)


def _origin(ds: Dataset, group: int) -> tuple[int, int]:
    item = ds.get(Tag(group, 0x0050))
    if item is None or item.value in (None, ""):
        return 1, 1
    row, column = (int(v) for v in list(item.value)[:2])
    return row, column


def overlay_bitmap(ds: Dataset, group: int, frame_number: int = 1) -> tuple[np.ndarray, tuple]:
    """(bits as bool rows x columns, origin (row, column)) of the overlay for an image frame.

    Returns an all-False bitmap when a multi-frame overlay has no frame for *frame_number*.
    """
    bits = np.asarray(get_overlay_array(ds, group)).astype(bool)
    if bits.ndim == 3:
        first = _int(ds, group, 0x0051, 1)  # Image Frame Origin
        index = frame_number - first
        bits = bits[index] if 0 <= index < len(bits) else np.zeros(bits.shape[1:], dtype=bool)
    return bits, _origin(ds, group)


def place_overlay(bits: np.ndarray, origin: tuple[int, int], shape: tuple[int, int]) -> np.ndarray:
    """The overlay bits on an image of *shape* (rows, columns); True where a bit is set."""
    out = np.zeros(shape, dtype=bool)
    row0, col0 = origin[0] - 1, origin[1] - 1
    top, left = max(row0, 0), max(col0, 0)
    bottom = min(row0 + bits.shape[0], shape[0])
    right = min(col0 + bits.shape[1], shape[1])
    if bottom > top and right > left:
        out[top:bottom, left:right] = bits[top - row0:bottom - row0, left - col0:right - col0]
    return out


def overlay_on_image(group: int, shape, frame_number: int, *datasets) -> np.ndarray | None:
    """The overlay *group* found in *datasets* placed on the image, or None when absent."""
    source = find_overlay(group, *datasets)
    if source is None:
        return None
    bits, origin = overlay_bitmap(source, group, frame_number)
    return place_overlay(bits, origin, shape)
