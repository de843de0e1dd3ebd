"""Modality LUT stage (PS3.3 C.11.1; PS3.4 N.2.1.1): stored values -> modality values.

Either the linear Rescale Slope/Intercept (``slope * SV + intercept``, e.g. Hounsfield Units for
CT) or the Modality LUT Sequence (clamped table lookup, C.11.1.1). With neither, the stage is the
identity. Outputs are float64 and unrounded; :func:`modality_values` is the reusable readout of
pixel values in modality units (e.g. HU under the cursor).
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline.lut import LookupTable
from viewer.pipeline.params import GrayscaleParams, pixel_format, read_modality_lut, read_rescale


def rescale(stored, slope: float, intercept: float) -> np.ndarray:
    """Rescale Slope/Intercept (PS3.3 C.11.1.1.2): ``slope * stored + intercept``."""
    return np.asarray(stored, dtype=np.float64) * slope + intercept


def apply_modality(stored, rescaling: tuple[float, float] | None, lut: LookupTable | None):
    """Modality LUT (clamped lookup, C.11.1.1) if given, else rescale, else identity."""
    if lut is not None:
        return lut.lookup(stored).astype(np.float64)
    if rescaling is not None:
        return rescale(stored, *rescaling)
    return np.asarray(stored, dtype=np.float64)


def modality_stage(stored, params: GrayscaleParams) -> np.ndarray:
    """Apply the frame's Modality LUT or rescale (PS3.3 C.11.1) to stored values."""
    return apply_modality(stored, params.rescale, params.modality_lut)


def modality_range(params: GrayscaleParams, low: float, high: float) -> tuple[float, float]:
    """Smallest and largest modality value reached by stored values in [low, high].

    A rescale is monotonic, so its ends suffice (a negative slope swaps them); a Modality LUT
    is searched over the entries that inputs in the interval reach.
    """
    lut = params.modality_lut
    if lut is not None:
        start = int(np.clip(np.floor(low) - lut.first_mapped, 0, len(lut.data) - 1))
        stop = int(np.clip(np.floor(high) - lut.first_mapped, 0, len(lut.data) - 1))
        reached = lut.data[start : stop + 1]
        return float(reached.min()), float(reached.max())
    ends = modality_stage(np.array([low, high], dtype=np.float64), params)
    return float(ends.min()), float(ends.max())


def modality_values(ds: Dataset, stored, frame_index: int = 0) -> np.ndarray:
    """Pixel values of one frame in modality units (float64), e.g. HU for CT.

    `stored` is the frame as ``pydicom.pixels.pixel_array(ds, index=frame_index)`` returns it;
    rescale parameters are taken from the frame's functional groups when present.
    """
    lut = read_modality_lut(ds, frame_index, pixel_format(ds))
    rescaling = None if lut is not None else read_rescale(ds, frame_index)
    return apply_modality(stored, rescaling, lut)
