"""The Palette Color LUT of a Pseudo-Color or Blending presentation state. Qt-free.

PS3.4 N.2.3 (Pseudo-Color) and N.2.4.2 (the superimposed image of a Blending state): the
output range of the VOI LUT stage is "implicitly scaled to the entire input range of the
Palette Color LUT". The VOI stage here outputs 8-bit values v = 0..255 (truncated, as
everywhere in the pipeline, :mod:`viewer.pipeline.compose`), so the palette index is::

    index = first value mapped + floor(v * (entries - 1) / 255)

(a 256-entry palette is indexed by v itself). The palette is the state's own (PS3.3 C.7.9 in
the state's data set: Red/Green/Blue Palette Color Lookup Table Descriptor (0028,1101-1103)
with Palette Color Lookup Table Data (0028,1201-1203) or Segmented ... Data (0028,1221-1223));
a Palette Color LUT of the image is ignored (N.2.4.2). The three descriptors must agree on the
number of entries and the first value mapped (C.7.6.3.1.5).

Entries are output either as 8-bit RGB (top 8 bits of 16-bit entries, like the image palette
pipeline, :func:`viewer.pipeline.colour.palette_rgb`) or, for blending, as fractions
``entry / (2**bits - 1)`` (N.2.4.2: entry 0 is 0.0, the largest entry possible 1.0).
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline.colour import CHANNELS, palette_lut, palette_rgb
from viewer.pipeline.lut import LookupTable

__all__ = ["palette_fractions", "palette_indices", "palette_stage", "read_palette"]

OWNER = "The presentation state"


def read_palette(ds: Dataset) -> tuple[LookupTable, LookupTable, LookupTable]:
    """The state's red, green and blue tables; ValueError when one is missing or broken, or
    when their descriptors disagree."""
    luts = tuple(palette_lut(ds, channel, False, OWNER) for channel in CHANNELS)
    sizes = {(len(lut.data), lut.first_mapped) for lut in luts}
    if len(sizes) != 1:
        described = ", ".join(f"{channel} {len(lut.data)} entries from {lut.first_mapped}"
                              for channel, lut in zip(CHANNELS, luts))
        raise ValueError(f"the Palette Color Lookup Table Descriptors of the presentation "
                         f"state disagree ({described}): PS3.3 C.7.6.3.1.5 requires the same "
                         f"number of entries and first value mapped")
    return luts


def palette_indices(values: np.ndarray, lut: LookupTable) -> np.ndarray:
    """Palette input values for 8-bit VOI output *values* (see the module docstring)."""
    scaled = np.floor(np.asarray(values, dtype=np.int64) * (len(lut.data) - 1) / 255.0 + 1e-9)
    return scaled.astype(np.int64) + lut.first_mapped


def palette_stage(values: np.ndarray, luts) -> np.ndarray:
    """uint8 H x W VOI output -> uint8 H x W x 3 through the palette (PS3.4 N.2.3)."""
    table = palette_rgb(luts, palette_indices(np.arange(256), luts[0]))  # 256 x 3
    return table[np.asarray(values, dtype=np.uint8)]


def palette_fractions(values: np.ndarray, luts) -> np.ndarray:
    """float64 H x W x 3 in 0..1 for 8-bit VOI output *values* (PS3.4 N.2.4.2)."""
    indices = palette_indices(np.arange(256), luts[0])
    table = np.stack([lut.lookup(indices) / float((1 << lut.bits) - 1) for lut in luts], axis=-1)
    return table[np.asarray(values, dtype=np.uint8)]
