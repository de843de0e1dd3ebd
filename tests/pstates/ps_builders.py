"""Color, Pseudo-Color and Blending Softcopy Presentation States for tests (pydicom only)."""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence
from pydicom.uid import generate_uid

try:
    from icc_profiles import srgb_profile
    from gsps_builders import _meta, item, make_gsps, make_image, reference
except ImportError:  # imported as tests' package pstates.ps_builders (the UI tests)
    from pstates.icc_profiles import srgb_profile
    from gsps.gsps_builders import _meta, item, make_gsps, make_image, reference

COLOR = "1.2.840.10008.5.1.4.1.1.11.2"
PSEUDO_COLOR = "1.2.840.10008.5.1.4.1.1.11.3"
BLENDING = "1.2.840.10008.5.1.4.1.1.11.4"
CHANNELS = ("Red", "Green", "Blue")


def make_rgb_image(pixels, **keywords) -> Dataset:
    """An uncompressed 8-bit RGB image (rows x columns x 3)."""
    array = np.asarray(pixels, dtype=np.uint8)
    ds = make_image(array[:, :, 0], bits=8, **keywords)
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.PixelData = array.tobytes()
    return ds


def make_state(sop_class: str, *images: Dataset, profile: bytes | None | str = "sRGB",
               **attributes) -> Dataset:
    """A state of *sop_class* referencing *images*, with an ICC Profile (littleCMS's sRGB by
    default; None: none)."""
    ds = make_gsps(*images, shape=None, **attributes)
    ds.SOPClassUID = sop_class
    if profile is not None:
        ds.ICCProfile = srgb_profile() if profile == "sRGB" else profile
    _meta(ds)
    return ds


def set_palette(ds: Dataset, red, green, blue, first: int = 0, bits: int = 16) -> Dataset:
    """Red/Green/Blue Palette Color Lookup Table Descriptor and Data (PS3.3 C.7.9)."""
    for channel, values in zip(CHANNELS, (red, green, blue)):
        values = np.asarray(values, dtype="<u2")
        setattr(ds, f"{channel}PaletteColorLookupTableDescriptor", [len(values), first, bits])
        setattr(ds, f"{channel}PaletteColorLookupTableData", values.tobytes())
    return ds


def set_segmented_palette(ds: Dataset, segments: dict[str, list[int]], entries: int,
                          bits: int = 16) -> Dataset:
    """Segmented Red/Green/Blue Palette Color LUT Data (PS3.3 C.7.9.2), opcodes as given."""
    for channel in CHANNELS:
        setattr(ds, f"{channel}PaletteColorLookupTableDescriptor", [entries, 0, bits])
        setattr(ds, f"Segmented{channel}PaletteColorLookupTableData",
                np.asarray(segments[channel], dtype="<u2").tobytes())
    return ds


def place(ds: Dataset, position, spacing=(1.0, 1.0), orientation=(1, 0, 0, 0, 1, 0),
          frame_of_reference: str = "1.2.3.4", thickness: float | None = None) -> Dataset:
    """Give an image its plane (PS3.3 C.7.6.2)."""
    ds.ImagePositionPatient = [float(v) for v in position]
    ds.ImageOrientationPatient = [float(v) for v in orientation]
    ds.PixelSpacing = [float(v) for v in spacing]
    ds.FrameOfReferenceUID = frame_of_reference
    if thickness is not None:
        ds.SliceThickness = thickness
    return ds


def blending_item(position: str, images, voi=None, rescale=None) -> Dataset:
    """One Blending Sequence item (PS3.3 C.11.14)."""
    out = item(BlendingPosition=position, StudyInstanceUID=images[0].StudyInstanceUID)
    by_series: dict[str, list] = {}
    for image in images:
        by_series.setdefault(image.SeriesInstanceUID, []).append(reference(image))
    out.ReferencedSeriesSequence = Sequence(
        [item(SeriesInstanceUID=uid, ReferencedImageSequence=Sequence(refs))
         for uid, refs in by_series.items()])
    if voi is not None:
        out.SoftcopyVOILUTSequence = Sequence([item(WindowCenter=voi[0], WindowWidth=voi[1])])
    if rescale is not None:
        out.RescaleSlope, out.RescaleIntercept, out.RescaleType = rescale[0], rescale[1], "US"
    return out


def make_blending(underlying, superimposed, opacity: float = 0.5, *, under_voi=None,
                  over_voi=None, profile: bytes | None | str = "sRGB", **attributes) -> Dataset:
    """A Blending state of *superimposed* images over *underlying* ones."""
    ds = make_state(BLENDING, *underlying, profile=profile, **attributes)
    del ds.ReferencedSeriesSequence
    ds.BlendingSequence = Sequence([blending_item("UNDERLYING", underlying, under_voi),
                                    blending_item("SUPERIMPOSED", superimposed, over_voi)])
    ds.RelativeOpacity = opacity
    return ds


def new_series_uid() -> str:
    return generate_uid()
