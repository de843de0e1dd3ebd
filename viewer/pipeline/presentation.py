"""Presentation LUT stage (PS3.3 C.11.4, C.11.6; PS3.4 N.2.1.4): VOI output -> P-values 0..255.

- IDENTITY: unchanged.
- INVERSE (C.11.6.1.2): ``P = max - value`` relative to the nominal output range, i.e.
  ``255 - v`` over the whole 0..255 range, never the frame's own min/max (pydicom 3.0.2's
  ``apply_presentation_lut`` inverts relative to the array's maximum instead).
- Presentation LUT Sequence (C.11.4.1): the VOI output range is quantised linearly onto the
  table's entries (``floor(v * (entries - 1) / 255)``, truncating like the rest of the pipeline)
  and the n-bit P-values are brought to 0..255 by keeping their top 8 bits.

Which shape applies is decided in :func:`viewer.pipeline.params.read_presentation`
(MONOCHROME1 defaults to INVERSE and is inverted exactly once).
"""

from __future__ import annotations

import numpy as np

from viewer.pipeline.lut import LookupTable, reduce_depth

Y_MAX = 255.0


def inverse(values) -> np.ndarray:
    """INVERSE shape: ``255 - v`` over the nominal 0..255 range (PS3.3 C.11.6.1.2)."""
    return Y_MAX - np.asarray(values, dtype=np.float64)


def apply_presentation_lut(values, lut: LookupTable) -> np.ndarray:
    """Presentation LUT Sequence item (PS3.3 C.11.4.1) applied to VOI output in 0..255."""
    position = np.asarray(values, dtype=np.float64) * (len(lut.data) - 1) / Y_MAX
    return reduce_depth(lut.lookup(position + lut.first_mapped), lut.bits)


def presentation_stage(values, shape: str, lut: LookupTable | None = None) -> np.ndarray:
    """Apply the Presentation LUT (sequence if given, else the shape) to VOI output."""
    if lut is not None:
        return apply_presentation_lut(values, lut)
    if shape == "INVERSE":
        return inverse(values)
    return np.asarray(values, dtype=np.float64)
