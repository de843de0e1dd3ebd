"""Reading the grayscale pipeline's attributes from a Dataset, for one frame.

Sources (PS3.3):

- Image Pixel Module (C.7.6.3): Photometric Interpretation, Bits Allocated/Stored, Pixel
  Representation, Smallest/Largest Image Pixel Value; Pixel Padding Value / Range Limit
  (C.7.5.1.1.2, General Equipment).
- Modality LUT Module (C.11.1): Rescale Slope/Intercept or Modality LUT Sequence.
- VOI LUT Module (C.11.2): Window Center/Width (+ Explanation), VOI LUT Function, VOI LUT
  Sequence.
- Enhanced multi-frame objects (C.7.6.16, Multi-frame Functional Groups): the same attributes in
  the frame's item of the Per-Frame Functional Groups Sequence, else in the Shared Functional
  Groups Sequence, inside Pixel Value Transformation Sequence (C.7.6.16.2.9) and Frame VOI LUT
  Sequence (C.7.6.16.2.10). The top-level Dataset is the last resort.
- Presentation LUT (C.11.4, C.11.6; General Image Module C.7.6.1): Presentation LUT Shape or
  Presentation LUT Sequence. MONOCHROME1 without an explicit shape means INVERSE (C.11.6.1); an
  explicit shape is taken as the whole truth, so INVERSE on a MONOCHROME1 image inverts once,
  and IDENTITY shows it uninverted (as DCMTK does, and as PS3.4 N.2.1.4 describes).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

from viewer.dicom.rt_dose import dose_grid_scaling

from viewer.pipeline.lut import (
    LookupTable,
    is_little_endian,
    read_lut,
    read_luts,
    signed16,
    value_of,
)

PER_FRAME = "PerFrameFunctionalGroupsSequence"
SHARED = "SharedFunctionalGroupsSequence"
PIXEL_VALUE_TRANSFORMATION = "PixelValueTransformationSequence"
FRAME_VOI_LUT = "FrameVOILUTSequence"
VOI_FUNCTIONS = ("LINEAR", "LINEAR_EXACT", "SIGMOID")


@dataclass(frozen=True)
class PixelFormat:
    """Image Pixel Module description of the stored values (PS3.3 C.7.6.3)."""

    photometric: str
    samples_per_pixel: int
    bits_allocated: int
    bits_stored: int
    signed: bool

    @property
    def stored_range(self) -> tuple[int, int]:
        """Smallest and largest stored value that Bits Stored and Pixel Representation allow."""
        if self.signed:
            return -(1 << (self.bits_stored - 1)), (1 << (self.bits_stored - 1)) - 1
        return 0, (1 << self.bits_stored) - 1


@dataclass(frozen=True)
class Window:
    """A VOI window (PS3.3 C.11.2.1.2): center, width, VOI LUT Function and its label."""

    center: float
    width: float
    function: str = "LINEAR"
    explanation: str = ""


@dataclass(frozen=True)
class GrayscaleParams:
    """Everything the grayscale pipeline needs for one frame (PS3.4 Annex N order)."""

    pixel: PixelFormat
    rescale: tuple[float, float] | None  # (slope, intercept)
    modality_lut: LookupTable | None
    windows: tuple[Window, ...]
    voi_function: str  # the header's VOI LUT Function, LINEAR when absent
    voi_luts: tuple[LookupTable, ...]
    presentation_shape: str  # IDENTITY or INVERSE (already resolved for MONOCHROME1)
    presentation_lut: LookupTable | None
    pixel_value_limits: tuple[int, int] | None  # Smallest/Largest Image Pixel Value
    padding: tuple[int, int] | None  # Pixel Padding Value .. Range Limit, inclusive


def frame_sources(ds: Dataset, frame_index: int, macro: str) -> list[Dataset]:
    """Datasets that may hold a functional group macro's attributes, most specific first.

    The frame's Per-Frame Functional Groups item, then the Shared item (PS3.3 C.7.6.16), then
    the top-level Dataset (classic single- and multi-frame objects).
    """
    sources = []
    for keyword in (PER_FRAME, SHARED):
        groups = value_of(ds, keyword) or []
        index = frame_index if keyword == PER_FRAME else 0
        if 0 <= index < len(groups):
            inner = value_of(groups[index], macro) or []
            sources.extend(inner[:1])
    sources.append(ds)
    return sources


def first_holding(sources: list[Dataset], *keywords: str) -> Dataset | None:
    """The first source that has a value for any of `keywords`."""
    for source in sources:
        if any(value_of(source, keyword) is not None for keyword in keywords):
            return source
    return None


def as_float(value, what: str) -> float:
    """A DS/FD value as float, or a ValueError naming the attribute."""
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} is not a number: {value!r}") from None


def as_list(value) -> list:
    """Values of a possibly multi-valued element (VM 1 -> one-element list, empty -> [])."""
    if value is None or value == "":
        return []
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


def required_int(ds: Dataset, keyword: str, default: int | None = None) -> int:
    """An integer Image Pixel attribute, or a ValueError naming it when missing."""
    value = value_of(ds, keyword, default)
    if value is None:
        raise ValueError(f"the image has no {keyword}; cannot interpret its pixel values")
    return int(value)


def pixel_format(ds: Dataset) -> PixelFormat:
    """Image Pixel Module attributes (PS3.3 C.7.6.3.1); float pixel data default to their size."""
    bits_allocated = required_int(ds, "BitsAllocated")
    bits_stored = required_int(ds, "BitsStored", bits_allocated)
    if not 1 <= bits_stored <= bits_allocated:
        raise ValueError(f"Bits Stored {bits_stored} is not in 1..Bits Allocated {bits_allocated}")
    photometric = str(value_of(ds, "PhotometricInterpretation") or "MONOCHROME2").strip().upper()
    return PixelFormat(
        photometric=photometric,
        samples_per_pixel=required_int(ds, "SamplesPerPixel", 1),
        bits_allocated=bits_allocated,
        bits_stored=bits_stored,
        signed=required_int(ds, "PixelRepresentation", 0) == 1,
    )


def stored_value(value, pixel: PixelFormat) -> int:
    """A US-or-SS attribute holding a stored pixel value, read per Pixel Representation."""
    value = int(value)
    if pixel.bits_allocated <= 16:
        return signed16(value) if pixel.signed else value & 0xFFFF
    return value


def read_rescale(ds: Dataset, frame_index: int) -> tuple[float, float] | None:
    """(Rescale Slope, Rescale Intercept) for the frame (PS3.3 C.11.1, C.7.6.16.2.9); an RT
    Dose without them is rescaled by its Dose Grid Scaling (C.8.8.3: the dose in Dose Units)."""
    sources = frame_sources(ds, frame_index, PIXEL_VALUE_TRANSFORMATION)
    source = first_holding(sources, "RescaleSlope", "RescaleIntercept")
    if source is None:
        scaling = dose_grid_scaling(ds)
        return None if scaling is None else (scaling, 0.0)
    slope = as_float(value_of(source, "RescaleSlope", 1.0), "Rescale Slope (0028,1053)")
    intercept = as_float(value_of(source, "RescaleIntercept", 0.0), "Rescale Intercept (0028,1052)")
    return slope, intercept


def read_modality_lut(ds: Dataset, frame_index: int, pixel: PixelFormat) -> LookupTable | None:
    """The Modality LUT Sequence's (single) item; first value mapped signed per PR (C.11.1.1)."""
    sources = frame_sources(ds, frame_index, PIXEL_VALUE_TRANSFORMATION)
    source = first_holding(sources, "ModalityLUTSequence")
    if source is None or not source.ModalityLUTSequence:
        return None
    item = source.ModalityLUTSequence[0]
    return read_lut(item, is_little_endian(ds), signed_first=pixel.signed, name="Modality LUT")


def normalize_function(value, what: str = "VOI LUT Function (0028,1056)") -> str:
    """LINEAR, LINEAR_EXACT or SIGMOID (PS3.3 C.11.2.1.3), case-insensitively."""
    name = str(value or "LINEAR").strip().upper()
    if name not in VOI_FUNCTIONS:
        expected = ", ".join(VOI_FUNCTIONS)
        raise ValueError(f"unsupported {what} {value!r}: expected one of {expected}")
    return name


def read_windows(ds: Dataset, frame_index: int) -> tuple[tuple[Window, ...], str]:
    """The frame's windows and the header's VOI LUT Function (C.11.2, C.7.6.16.2.10)."""
    sources = frame_sources(ds, frame_index, FRAME_VOI_LUT)
    source = first_holding(sources, "WindowCenter")
    function_source = source or first_holding(sources, "VOILUTFunction")
    function = None if function_source is None else value_of(function_source, "VOILUTFunction")
    function = normalize_function(function)
    if source is None:
        return (), function
    centers = as_list(value_of(source, "WindowCenter"))
    widths = as_list(value_of(source, "WindowWidth"))
    labels = as_list(value_of(source, "WindowCenterWidthExplanation"))
    windows = []
    for i, (center, width) in enumerate(zip(centers, widths)):
        label = str(labels[i]).strip() if i < len(labels) else ""
        windows.append(
            Window(
                as_float(center, f"Window Center (0028,1050) #{i + 1}"),
                as_float(width, f"Window Width (0028,1051) #{i + 1}"),
                function,
                label,
            )
        )
    return tuple(windows), function


def voi_input_signed(pixel: PixelFormat, rescale, modality_lut) -> bool:
    """Whether the VOI LUT's first value mapped is SS (PS3.3 C.11.2.1.1).

    SS when the input to the VOI LUT may be negative: Pixel Representation 1 without a Modality
    LUT stage, or a rescale whose output range may be negative; a Modality LUT's output is
    always unsigned.
    """
    if modality_lut is not None:
        return False
    if rescale is None:
        return pixel.signed
    lo, hi = pixel.stored_range
    slope, intercept = rescale
    return min(lo * slope + intercept, hi * slope + intercept) < 0


def read_voi_luts(ds: Dataset, frame_index: int, signed_first: bool) -> tuple[LookupTable, ...]:
    """The frame's VOI LUT Sequence items (C.11.2, Frame VOI LUT With LUT Macro)."""
    source = first_holding(frame_sources(ds, frame_index, FRAME_VOI_LUT), "VOILUTSequence")
    items = source.VOILUTSequence if source is not None else None
    little = is_little_endian(ds)
    return read_luts(items, little, signed_first=signed_first, name="VOI LUT Sequence")


def read_presentation(ds: Dataset, pixel: PixelFormat) -> tuple[str, LookupTable | None]:
    """(Presentation LUT Shape, Presentation LUT) for the image (C.11.4, C.11.6.1)."""
    items = value_of(ds, "PresentationLUTSequence") or []
    if items:
        lut = read_lut(items[0], is_little_endian(ds), name="Presentation LUT")
        return "IDENTITY", lut
    shape = str(value_of(ds, "PresentationLUTShape") or "").strip().upper()
    if shape in ("IDENTITY", "INVERSE"):
        return shape, None
    return ("INVERSE" if pixel.photometric == "MONOCHROME1" else "IDENTITY"), None


def read_pair(ds: Dataset, first: str, second: str, pixel: PixelFormat):
    """Two stored-value attributes as an ordered (low, high) pair, or None."""
    if value_of(ds, first) is None:
        return None
    a = stored_value(value_of(ds, first), pixel)
    b = stored_value(value_of(ds, second), pixel) if value_of(ds, second) is not None else a
    return min(a, b), max(a, b)


def grayscale_params(ds: Dataset, frame_index: int = 0) -> GrayscaleParams:
    """Collect the grayscale pipeline's parameters for frame `frame_index` (0-based)."""
    pixel = pixel_format(ds)
    rescale = read_rescale(ds, frame_index)
    modality_lut = read_modality_lut(ds, frame_index, pixel)
    windows, function = read_windows(ds, frame_index)
    signed_voi = voi_input_signed(pixel, rescale, modality_lut)
    shape, presentation_lut = read_presentation(ds, pixel)
    limits = read_pair(ds, "SmallestImagePixelValue", "LargestImagePixelValue", pixel)
    if limits is not None and value_of(ds, "LargestImagePixelValue") is None:
        limits = None
    return GrayscaleParams(
        pixel=pixel,
        rescale=None if modality_lut is not None else rescale,
        modality_lut=modality_lut,
        windows=windows,
        voi_function=function,
        voi_luts=read_voi_luts(ds, frame_index, signed_voi),
        presentation_shape=shape,
        presentation_lut=presentation_lut,
        pixel_value_limits=limits,
        padding=read_pair(ds, "PixelPaddingValue", "PixelPaddingRangeLimit", pixel),
    )
