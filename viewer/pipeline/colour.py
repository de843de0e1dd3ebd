"""Colour frames to 8-bit RGB (PS3.3 C.7.6.3.1.2, C.7.6.3.1.5, C.7.9). No Modality or VOI stage.

- RGB-like frames: pydicom's ``pixel_array`` already returns RGB for RGB, YBR_FULL and
  YBR_FULL_422 (converted) and YBR_ICT/YBR_RCT (the JPEG 2000 decoder undoes the component
  transform); video frames (YBR_PARTIAL_420) come from PyAV as RGB. Samples with Bits
  Stored > 8 keep their top 8 bits (``v >> (bits - 8)``, as DCMTK does); fewer bits are stretched, ``floor(255 * v / (2**bits - 1))``.
- PALETTE COLOR: Red/Green/Blue Palette Color Lookup Table Descriptor + Data (C.7.6.3.1.5) or
  Segmented Palette Color Lookup Table Data (C.7.9, expanded with pydicom's
  ``_expand_segmented_lut``). Indices below the first value mapped take the first entry, beyond
  the table the last; 16-bit entries keep their top 8 bits. pydicom's ``apply_color_lut`` is not
  used because it indexes 8-bit tables through a uint8 array (wraps with more than 256 entries)
  and reads the first value mapped unsigned.
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.pixels.processing import _expand_segmented_lut

from viewer.pipeline import compose
from viewer.pipeline.lut import (
    LookupTable,
    is_little_endian,
    lut_entries,
    lut_words,
    read_descriptor,
    reduce_depth,
    unpack_bytes,
    value_of,
)
from viewer.pipeline.params import PixelFormat, pixel_format

# YBR_PARTIAL_420 is used only by the video syntaxes (PS3.3 C.7.6.3.1.2), whose frames the
# video decoder (viewer.dicom.video, PyAV) already gives as RGB.
RGB_LIKE = ("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT", "YBR_PARTIAL_420")
PALETTE = "PALETTE COLOR"
CHANNELS = ("Red", "Green", "Blue")


def is_colour(ds: Dataset) -> bool:
    """Whether the image renders as RGB (colour or palette Photometric Interpretation)."""
    photometric = str(value_of(ds, "PhotometricInterpretation") or "").strip().upper()
    if photometric in RGB_LIKE or photometric == PALETTE:
        return True
    return int(value_of(ds, "SamplesPerPixel", 1) or 1) > 1


def to_8bit(samples: np.ndarray, pixel: PixelFormat) -> np.ndarray:
    """Integer samples of Bits Stored depth to uint8 (top 8 bits, or stretched when fewer)."""
    bits = pixel.bits_stored
    if samples.dtype == np.uint8 and bits == 8:
        return samples
    values = samples.astype(np.int64)
    if pixel.signed:
        values = values - pixel.stored_range[0]
    values &= (1 << bits) - 1
    if bits >= 8:
        return (values >> (bits - 8)).astype(np.uint8)
    return (values * 255 // ((1 << bits) - 1)).astype(np.uint8)


def render_rgb(stored, pixel: PixelFormat) -> np.ndarray:
    """An RGB frame (H x W x 3, as pydicom returns it) to C-contiguous uint8."""
    frame = np.asarray(stored)
    if frame.ndim != 3 or frame.shape[-1] != 3:
        raise ValueError(f"expected an RGB frame (rows x columns x 3), got shape {frame.shape}")
    if frame.dtype.kind not in "iu":
        raise ValueError(f"RGB samples must be integers, got {frame.dtype}")
    return np.ascontiguousarray(to_8bit(frame, pixel))


def segmented_entries(words: np.ndarray, bits: int, little_endian: bool, name: str) -> np.ndarray:
    """Expand Segmented Palette Color LUT Data (PS3.3 C.7.9.2) with pydicom's helper."""
    if bits <= 8:
        data, fmt = tuple(int(v) for v in unpack_bytes(words)), "<B"
    else:
        data, fmt = tuple(int(v) for v in words), "<H" if little_endian else ">H"
    try:
        return np.asarray(_expand_segmented_lut(data, fmt), dtype=np.int64)
    except (ValueError, IndexError) as exc:
        raise ValueError(f"{name}: cannot expand the segmented palette: {exc}") from None


def palette_lut(ds: Dataset, channel: str, signed: bool,
                owner: str = "PALETTE COLOR image") -> LookupTable:
    """One channel's Palette Color LUT (first value mapped SS when *signed*, else US: Pixel
    Representation of an image; a presentation state's is US). *owner* names *ds* in errors."""
    name = f"{channel} Palette Color Lookup Table"
    descriptor = value_of(ds, f"{channel}PaletteColorLookupTableDescriptor")
    if descriptor is None:
        raise ValueError(f"{owner} has no {name} Descriptor")
    entries, first, bits = read_descriptor(descriptor, signed, name)
    little = is_little_endian(ds)
    plain = value_of(ds, f"{channel}PaletteColorLookupTableData")
    segmented = value_of(ds, f"Segmented{channel}PaletteColorLookupTableData")
    if plain is not None:
        data, bits = lut_entries(lut_words(plain, little), entries, bits, name)
    elif segmented is not None:
        words = lut_words(segmented, little)
        data = segmented_entries(words, bits, little, name)[:entries]
        if data.size == 0:
            raise ValueError(f"{name}: the segmented palette expands to no entries")
    else:
        raise ValueError(f"{owner} has no {name} Data")
    return LookupTable(first, bits, data)


def palette_rgb(luts: tuple[LookupTable, ...], indices) -> np.ndarray:
    """uint8 RGB for palette indices (clamped lookup, entries reduced to 8 bits)."""
    channels = [reduce_depth(lut.lookup(indices), lut.bits) for lut in luts]
    return np.stack(channels, axis=-1).astype(np.uint8)


def render_palette(ds: Dataset, stored, pixel: PixelFormat) -> np.ndarray:
    """A PALETTE COLOR frame of indices to uint8 RGB through one tabulated palette."""
    frame = np.asarray(stored)
    if frame.ndim != 2:
        raise ValueError(f"expected one frame of palette indices, got shape {frame.shape}")
    luts = tuple(palette_lut(ds, channel, pixel.signed) for channel in CHANNELS)
    if not compose.indexable(frame):
        return np.ascontiguousarray(palette_rgb(luts, frame))
    low = pixel.stored_range[0]
    table = palette_rgb(luts, compose.pattern_index(frame.dtype, pixel) + low)
    return table.take(compose.pattern_view(frame), axis=0)


def render_colour(ds: Dataset, stored) -> np.ndarray:
    """RGB or PALETTE COLOR frame to C-contiguous uint8 H x W x 3."""
    pixel = pixel_format(ds)
    if pixel.photometric == PALETTE:
        return render_palette(ds, stored, pixel)
    if pixel.photometric not in RGB_LIKE:
        raise ValueError(
            f"Photometric Interpretation {pixel.photometric} with {pixel.samples_per_pixel} "
            "samples per pixel is not supported"
        )
    return render_rgb(stored, pixel)
