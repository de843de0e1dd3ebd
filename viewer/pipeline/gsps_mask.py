"""Mask subtraction of multi-frame XA/XRF images by a presentation state (PS3.3 C.7.6.10;
PS3.4 N.2.1.1: after the modality LUT, before the VOI LUT). Qt-free.

- AVG_SUB: the Mask Frame Numbers are averaged (in modality values) and subtracted from every
  contrast frame in an Applicable Frame Range.
- TID (time interval differencing): contrast frame *n* minus frame ``n - TID Offset``; no
  subtraction when that frame does not exist.

Mask Sub-pixel Shift (row\\column) moves the mask by the shift rounded to whole pixels (edge
pixels repeated). Contrast Frame Averaging is not applied.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["mask_frame_numbers", "mask_item_for", "mask_values"]


def mask_item_for(ps, frame_number: int):
    """The state's Mask Subtraction item that applies to the 1-based frame, or None."""
    return next((item for item in ps.mask if item.applies_to(frame_number)), None)


def mask_frame_numbers(item, frame_number: int, number_of_frames: int) -> tuple[int, ...]:
    """1-based frames forming the mask of a contrast frame (empty: no subtraction)."""
    if item.operation == "TID":
        mask = frame_number - (item.tid_offset or 0)
        return (mask,) if 1 <= mask <= number_of_frames and item.tid_offset else ()
    return tuple(f for f in item.mask_frames if 1 <= f <= number_of_frames)


def shift(values: np.ndarray, sub_pixel_shift) -> np.ndarray:
    """*values* moved by (row, column) rounded to whole pixels, edges repeated."""
    if not sub_pixel_shift:
        return values
    dr, dc = (int(round(v)) for v in sub_pixel_shift)
    rows = np.clip(np.arange(values.shape[0]) - dr, 0, values.shape[0] - 1)
    cols = np.clip(np.arange(values.shape[1]) - dc, 0, values.shape[1] - 1)
    return values[rows[:, None], cols[None, :]]


def mask_values(item, frame_number: int, number_of_frames: int,
                frame: Callable[[int], np.ndarray],
                modality: Callable[[np.ndarray], np.ndarray]) -> np.ndarray | None:
    """Averaged, shifted mask in modality values for a 1-based contrast frame, or None.

    *frame* decodes a 0-based frame index; *modality* maps stored values to modality values.
    """
    if item is None:
        return None
    numbers = mask_frame_numbers(item, frame_number, number_of_frames)
    if not numbers:
        return None
    total = sum(modality(frame(n - 1)) for n in numbers)
    return shift(total / len(numbers), item.sub_pixel_shift)
