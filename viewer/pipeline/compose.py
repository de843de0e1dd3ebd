"""Composing the grayscale stages into one lookup table, and applying it (PS3.4 N.2.1).

Modality LUT -> VOI LUT -> Presentation LUT are evaluated in float64 with the VOI and
Presentation outputs on a 0..255 scale, then truncated once::

    output = floor(255 * f(x))        f in [0, 1] the composed stages

which is what DCMTK (dcm2pnm) produces. A 1e-9 guard absorbs float error on values that are
exact integers in real arithmetic.

For integer data of up to 16 Bits Stored the composition is tabulated over every stored value
``[min stored, max stored]`` (from Bits Stored and Pixel Representation), so a new window only
rebuilds that table. Frames are applied through an expanded table indexed directly by the raw
8/16-bit pattern of each pixel (``expanded.take(frame.view(uint))``): no subtraction pass, and
the pattern is masked to Bits Stored and sign-extended on the way, as DCMTK reads stored values.
32-bit and float data are evaluated stage by stage instead.
"""

from __future__ import annotations

import numpy as np

from viewer.pipeline.lut import LookupTable
from viewer.pipeline.modality import modality_stage
from viewer.pipeline.params import GrayscaleParams, PixelFormat, Window
from viewer.pipeline.presentation import presentation_stage
from viewer.pipeline.voi import voi_stage

EPSILON = 1e-9
MAX_TABLE_BITS = 16


def to_uint8(values) -> np.ndarray:
    """Truncate 0..255 floats to uint8 (``floor``; out-of-range and NaN clamp), C-contiguous."""
    values = np.nan_to_num(np.asarray(values, dtype=np.float64), nan=0.0)
    return np.ascontiguousarray(np.floor(np.clip(values + EPSILON, 0.0, 255.0)).astype(np.uint8))


def evaluate(stored, params: GrayscaleParams, voi: Window | LookupTable) -> np.ndarray:
    """All grayscale stages on stored values, unrounded (0..255 floats)."""
    modality = modality_stage(stored, params)
    values = voi_stage(modality, voi)
    return presentation_stage(values, params.presentation_shape, params.presentation_lut)


def render_direct(stored, params: GrayscaleParams, voi: Window | LookupTable) -> np.ndarray:
    """Stage-by-stage rendering of a frame to uint8 (reference for the composed table)."""
    return to_uint8(evaluate(stored, params, voi))


def tabulable(pixel: PixelFormat) -> bool:
    """Whether stored values are few enough (<= 16 Bits Stored) to tabulate the pipeline."""
    return pixel.bits_stored <= MAX_TABLE_BITS


def build_table(params: GrayscaleParams, voi: Window | LookupTable) -> np.ndarray:
    """uint8 output for every stored value from min to max stored (``table[x - min]``)."""
    low, high = params.pixel.stored_range
    return render_direct(np.arange(low, high + 1, dtype=np.int64), params, voi)


def pattern_index(dtype: np.dtype, pixel: PixelFormat) -> np.ndarray:
    """Table index for each bit pattern of an 8/16-bit integer frame dtype.

    The pattern is masked to Bits Stored and sign-extended when Pixel Representation is 1.
    """
    nbits = np.dtype(dtype).itemsize * 8
    patterns = np.arange(1 << nbits, dtype=np.int64)
    bits = min(pixel.bits_stored, nbits)
    values = patterns & ((1 << bits) - 1)
    if pixel.signed:
        values = np.where(values >= 1 << (bits - 1), values - (1 << bits), values)
    low, high = pixel.stored_range
    return np.clip(values - low, 0, high - low).astype(np.intp)


def pattern_view(frame: np.ndarray) -> np.ndarray:
    """The frame as native unsigned integers of the same size (no copy when native order)."""
    if not frame.dtype.isnative:
        frame = frame.astype(frame.dtype.newbyteorder("="))
    return frame.view(f"u{frame.dtype.itemsize}")


def indexable(frame: np.ndarray) -> bool:
    """Whether a frame can be applied through an expanded bit-pattern table."""
    return frame.dtype.kind in "iub" and frame.dtype.itemsize <= 2


def apply_table(expanded: np.ndarray, frame: np.ndarray) -> np.ndarray:
    """Apply an expanded (bit-pattern indexed) table to an 8/16-bit integer frame."""
    if frame.dtype.kind == "b":
        frame = frame.view(np.uint8)
    return expanded.take(pattern_view(frame))


def apply_range_table(table: np.ndarray, offset: int, frame: np.ndarray) -> np.ndarray:
    """Apply a table over [offset, offset + len) to wider integers, clamping outside values."""
    index = np.clip(frame.astype(np.int64) - offset, 0, len(table) - 1)
    return table.take(index)
