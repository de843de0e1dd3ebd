"""VOI LUT stage (PS3.3 C.11.2; PS3.4 N.2.1.2): modality values -> 0..255 (unrounded floats).

Window functions, with output range y_min = 0, y_max = 255:

- LINEAR (C.11.2.1.2.1)::

      x <= c - 0.5 - (w - 1) / 2  -> 0
      x >  c - 0.5 + (w - 1) / 2  -> 255
      else ((x - (c - 0.5)) / (w - 1) + 0.5) * 255          (requires w >= 1)

- LINEAR_EXACT (C.11.2.1.3.2): ``x <= c - w/2 -> 0``, ``x > c + w/2 -> 255``, else
  ``((x - c) / w + 0.5) * 255`` (requires w > 0).
- SIGMOID (C.11.2.1.3.1): ``255 / (1 + exp(-4 (x - c) / w))`` (requires w > 0).

A VOI LUT Sequence item (C.11.2.1.1) is a clamped lookup whose n-bit entries are brought to
0..255 by keeping their top 8 bits, like DCMTK (see :func:`viewer.pipeline.lut.reduce_depth`).
The final rounding to uint8 happens once, after the Presentation LUT stage, by truncation
(:mod:`viewer.pipeline.compose`).
"""

from __future__ import annotations

import math

import numpy as np

from viewer.pipeline.lut import LookupTable, reduce_depth
from viewer.pipeline.params import Window, normalize_function

Y_MAX = 255.0


def check_window(width: float, function: str = "LINEAR", center: float = 0.0) -> None:
    """Reject widths the VOI LUT Function does not define, with a message saying which."""
    function = normalize_function(function)
    if not (math.isfinite(center) and math.isfinite(width)):
        raise ValueError(f"Window Center {center} / Width {width} must be finite numbers")
    if function == "LINEAR" and not width >= 1:
        raise ValueError(
            f"Window Width {width} is invalid for VOI LUT Function LINEAR: "
            "it must be >= 1 (PS3.3 C.11.2.1.2.1)"
        )
    if function != "LINEAR" and not width > 0:
        section = "C.11.2.1.3.2" if function == "LINEAR_EXACT" else "C.11.2.1.3.1"
        raise ValueError(
            f"Window Width {width} is invalid for VOI LUT Function {function}: "
            f"it must be > 0 (PS3.3 {section})"
        )


def linear(x, center: float, width: float) -> np.ndarray:
    """LINEAR window (PS3.3 C.11.2.1.2.1) onto 0..255, unrounded."""
    check_window(width, "LINEAR")
    x = np.asarray(x, dtype=np.float64)
    c, w = center - 0.5, width - 1.0
    if w == 0:
        return np.where(x <= c, 0.0, Y_MAX)
    out = ((x - c) / w + 0.5) * Y_MAX
    out = np.where(x <= c - w / 2, 0.0, out)
    return np.where(x > c + w / 2, Y_MAX, out)


def linear_exact(x, center: float, width: float) -> np.ndarray:
    """LINEAR_EXACT window (PS3.3 C.11.2.1.3.2) onto 0..255, unrounded."""
    check_window(width, "LINEAR_EXACT")
    x = np.asarray(x, dtype=np.float64)
    out = ((x - center) / width + 0.5) * Y_MAX
    out = np.where(x <= center - width / 2, 0.0, out)
    return np.where(x > center + width / 2, Y_MAX, out)


def sigmoid(x, center: float, width: float) -> np.ndarray:
    """SIGMOID window (PS3.3 C.11.2.1.3.1) onto 0..255, unrounded."""
    check_window(width, "SIGMOID")
    x = np.asarray(x, dtype=np.float64)
    with np.errstate(over="ignore"):
        return Y_MAX / (1.0 + np.exp(-4.0 * (x - center) / width))


WINDOW_FUNCTIONS = {"LINEAR": linear, "LINEAR_EXACT": linear_exact, "SIGMOID": sigmoid}


def apply_window(x, window: Window) -> np.ndarray:
    """The window's VOI LUT Function applied to modality values, onto 0..255 unrounded."""
    function = WINDOW_FUNCTIONS[normalize_function(window.function)]
    return function(x, window.center, window.width)


def apply_voi_lut(x, lut: LookupTable) -> np.ndarray:
    """A VOI LUT Sequence item (PS3.3 C.11.2.1.1): clamped lookup, entries brought to 0..255.

    Indices are computed in int64/float64, so LUTs with 8-bit entries and more than 256
    entries are never wrapped.
    """
    return reduce_depth(lut.lookup(x), lut.bits)


def voi_stage(x, voi: Window | LookupTable) -> np.ndarray:
    """Apply the selected VOI transformation (window or VOI LUT) to modality values."""
    if isinstance(voi, LookupTable):
        return apply_voi_lut(x, voi)
    return apply_window(x, voi)
