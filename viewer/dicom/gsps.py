"""A Softcopy Presentation State (PS3.3 A.33.1-A.33.4) read into plain data. Qt-free.

:func:`read_presentation_state` collects, from a Grayscale (GSPS), Color, Pseudo-Color or
Blending state, every part that PS3.4 Annex N applies, in that order (the parts a kind lacks
are absent; ``kind``, ``icc_profile`` and ``blending`` come from :mod:`.softcopy_states`):

1. Modality LUT (C.11.1 in the state): Rescale Slope/Intercept or a Modality LUT Sequence item;
   absent means identity (the image's own is not used).
2. Mask subtraction (C.7.6.10 Mask Module): AVG_SUB / TID items for multi-frame XA/XRF.
3. Softcopy VOI LUT (C.11.8): items, each with the images/frames it applies to, holding a
   window (with VOI LUT Function) or a VOI LUT Sequence item; an image no item covers gets the
   identity VOI.
4. Softcopy Presentation LUT (C.11.6): shape or LUT item, overriding Photometric Interpretation.
5. Display shutters (C.7.6.11, bitmap C.7.6.15) with their presentation value.
6. Overlay activation (C.11.7): which overlay groups show, on which graphic layer.
7. Graphic layers and annotations (C.10.7, C.10.5), see :mod:`.gsps_graphics`.
8. Spatial transformation (C.10.6): Image Rotation (clockwise) then Image Horizontal Flip.
9. Displayed area selection (C.10.4), per image.

LUT items are kept as pydicom items: the pipeline decodes them (:mod:`viewer.pipeline.lut`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.tag import Tag

from .gsps_graphics import GraphicAnnotation, GraphicLayer, read_annotations, read_graphic_layers
from .presentation_state import (
    STATE_KINDS,
    ImageReference,
    PresentationStateInfo,
    image_references,
    item_applies,
    matches_any,
    presentation_state_info,
    applied_references,
)
from .softcopy_states import Blending, read_blending, read_icc_profile
from .values import get_float, get_floats, get_int, get_str, get_strs, get_value

__all__ = ["DisplayedArea", "MaskSubtraction", "PresentationState", "Shutters", "SoftcopyVOI",
           "read_presentation_state", "OVERLAY_GROUPS"]

OVERLAY_GROUPS = tuple(range(0x6000, 0x6020, 2))


@dataclass(frozen=True)
class SoftcopyVOI:
    """One Softcopy VOI LUT Sequence item (C.11.8): window(s) or a VOI LUT item."""

    references: tuple[ImageReference, ...] | None
    windows: tuple[tuple[float, float, str], ...]  # (center, width, explanation)
    function: str
    lut_item: Dataset | None = None


@dataclass(frozen=True)
class DisplayedArea:
    """One Displayed Area Selection Sequence item (C.10.4).

    Corners are 1-based (column, row) pixels of the image *before* the spatial transformation:
    ``top_left`` is the pixel shown at the top left *after* it. They may lie outside the image.
    """

    references: tuple[ImageReference, ...] | None
    top_left: tuple[int, int]
    bottom_right: tuple[int, int]
    size_mode: str  # SCALE TO FIT, TRUE SIZE or MAGNIFY
    pixel_spacing: tuple[float, float] | None = None  # (row, column) mm
    aspect_ratio: tuple[float, float] | None = None  # (vertical, horizontal)
    magnification: float | None = None


@dataclass(frozen=True)
class Shutters:
    """Display shutters (C.7.6.11, C.7.6.15): shapes and the presentation value.

    rectangle = (left, right, upper, lower) edges (columns, rows; 1-based); circle =
    (center row, center column, radius); polygon = ((row, column), ...) vertices.
    """

    shapes: tuple[str, ...]
    rectangle: tuple[int, int, int, int] | None = None
    circle: tuple[float, float, float] | None = None
    polygon: tuple[tuple[float, float], ...] | None = None
    bitmap_group: int | None = None
    presentation_value: int | None = None  # 16-bit P-value
    cielab: tuple[int, int, int] | None = None


@dataclass(frozen=True)
class MaskSubtraction:
    """One Mask Subtraction Sequence item (C.7.6.10.1)."""

    operation: str  # AVG_SUB or TID
    mask_frames: tuple[int, ...] = ()  # 1-based
    applicable_ranges: tuple[tuple[int, int], ...] = ()  # (first, last), 1-based, inclusive
    tid_offset: int | None = None
    sub_pixel_shift: tuple[float, float] | None = None  # (row, column)

    def applies_to(self, frame_number: int) -> bool:
        """Whether the 1-based contrast frame is in an Applicable Frame Range (all if none)."""
        if not self.applicable_ranges:
            return True
        return any(first <= frame_number <= last for first, last in self.applicable_ranges)


@dataclass(frozen=True)
class PresentationState:
    """Everything a GSPS says, per PS3.4 Annex N stage (see the module docstring)."""

    info: PresentationStateInfo
    references: tuple[ImageReference, ...]
    rescale: tuple[float, float] | None  # (slope, intercept)
    modality_lut_item: Dataset | None
    mask: tuple[MaskSubtraction, ...]
    voi: tuple[SoftcopyVOI, ...]
    presentation_shape: str | None
    presentation_lut_item: Dataset | None
    shutters: Shutters | None
    overlays: dict[int, str] = field(default_factory=dict)  # group -> activation layer
    layers: tuple[GraphicLayer, ...] = ()
    annotations: tuple[GraphicAnnotation, ...] = ()
    rotation: int = 0
    flip: bool = False
    displayed_areas: tuple[DisplayedArea, ...] = ()
    ds: Dataset | None = None
    kind: str = "GRAYSCALE"  # COLOR, PSEUDO-COLOR or BLENDING for the other states
    icc_profile: bytes | None = None  # C.11.15, in the COLOR, PSEUDO-COLOR and BLENDING ones
    blending: Blending | None = None  # C.11.14 (references: the UNDERLYING images)

    def applies_to(self, sop_instance_uid: str | None, frame_number: int | None = None) -> bool:
        """Whether the state references the image (and 1-based frame)."""
        return matches_any(self.references, sop_instance_uid, frame_number)

    def voi_for(self, sop_instance_uid, frame_number=None) -> SoftcopyVOI | None:
        """The VOI item for the image/frame, or None (identity VOI)."""
        return _first(self.voi, sop_instance_uid, frame_number)

    def displayed_area_for(self, sop_instance_uid, frame_number=None) -> DisplayedArea | None:
        """The displayed area for the image/frame, or None (the whole image)."""
        return _first(self.displayed_areas, sop_instance_uid, frame_number)

    def annotations_for(self, sop_instance_uid, frame_number=None) -> list[GraphicAnnotation]:
        """The annotation items that apply to the image/frame."""
        return [a for a in self.annotations
                if item_applies(a.references, sop_instance_uid, frame_number)]

    def layer(self, name: str) -> GraphicLayer | None:
        """The graphic layer called *name*."""
        return next((layer for layer in self.layers if layer.name == name), None)


def _first(items, sop_instance_uid, frame_number):
    return next((i for i in items if item_applies(i.references, sop_instance_uid, frame_number)),
                None)


def _references(item: Dataset) -> tuple[ImageReference, ...] | None:
    refs = get_value(item, "ReferencedImageSequence")
    return None if refs is None else image_references(refs)


def _pair(item: Dataset, keyword: str, kind=float):
    values = get_floats(item, keyword)
    return (kind(values[0]), kind(values[1])) if values and len(values) >= 2 else None


def read_modality(ds: Dataset) -> tuple[tuple[float, float] | None, Dataset | None]:
    """(slope, intercept) or the Modality LUT Sequence item of the state (C.11.1)."""
    items = get_value(ds, "ModalityLUTSequence")
    if items:
        return None, items[0]
    slope, intercept = get_float(ds, "RescaleSlope"), get_float(ds, "RescaleIntercept")
    if slope is None and intercept is None:
        return None, None
    return (1.0 if slope is None else slope, 0.0 if intercept is None else intercept), None


def read_softcopy_voi(ds: Dataset) -> tuple[SoftcopyVOI, ...]:
    """The Softcopy VOI LUT Sequence items (C.11.8)."""
    found = []
    for item in get_value(ds, "SoftcopyVOILUTSequence") or ():
        centers = get_floats(item, "WindowCenter") or []
        widths = get_floats(item, "WindowWidth") or []
        labels = get_strs(item, "WindowCenterWidthExplanation")
        windows = tuple((c, w, labels[i] if i < len(labels) else "")
                        for i, (c, w) in enumerate(zip(centers, widths)))
        luts = get_value(item, "VOILUTSequence")
        found.append(SoftcopyVOI(_references(item), windows,
                                 (get_str(item, "VOILUTFunction") or "LINEAR").upper(),
                                 luts[0] if luts else None))
    return tuple(found)


def read_presentation_lut(ds: Dataset) -> tuple[str | None, Dataset | None]:
    """(Presentation LUT Shape, Presentation LUT Sequence item) of the state (C.11.6)."""
    items = get_value(ds, "PresentationLUTSequence")
    if items:
        return None, items[0]
    shape = (get_str(ds, "PresentationLUTShape") or "").upper()
    return (shape if shape in ("IDENTITY", "INVERSE") else None), None


def read_shutters(ds: Dataset) -> Shutters | None:
    """Display Shutter and Bitmap Display Shutter modules (C.7.6.11, C.7.6.15)."""
    shapes = tuple(s.upper() for s in get_strs(ds, "ShutterShape"))
    if not shapes:
        return None
    edges = [get_int(ds, k) for k in ("ShutterLeftVerticalEdge", "ShutterRightVerticalEdge",
                                     "ShutterUpperHorizontalEdge", "ShutterLowerHorizontalEdge")]
    center = get_floats(ds, "CenterOfCircularShutter")
    radius = get_float(ds, "RadiusOfCircularShutter")
    vertices = get_floats(ds, "VerticesOfThePolygonalShutter") or []
    lab = get_value(ds, "ShutterPresentationColorCIELabValue")
    return Shutters(
        shapes=shapes,
        rectangle=tuple(edges) if "RECTANGULAR" in shapes and None not in edges else None,
        circle=(center[0], center[1], radius) if "CIRCULAR" in shapes and center and
        len(center) >= 2 and radius is not None else None,
        polygon=tuple(zip(vertices[0::2], vertices[1::2])) if "POLYGONAL" in shapes and
        len(vertices) >= 6 else None,
        bitmap_group=get_int(ds, "ShutterOverlayGroup") if "BITMAP" in shapes else None,
        presentation_value=get_int(ds, "ShutterPresentationValue"),
        cielab=tuple(int(v) for v in lab[:3]) if lab is not None and len(lab) >= 3 else None,
    )


def read_mask(ds: Dataset) -> tuple[MaskSubtraction, ...]:
    """Mask Subtraction Sequence items (C.7.6.10) with a usable operation."""
    found = []
    for item in get_value(ds, "MaskSubtractionSequence") or ():
        operation = (get_str(item, "MaskOperation") or "").upper()
        if operation not in ("AVG_SUB", "TID"):
            continue
        ranges = [int(v) for v in get_floats(item, "ApplicableFrameRange") or []]
        found.append(MaskSubtraction(
            operation=operation,
            mask_frames=tuple(int(v) for v in get_floats(item, "MaskFrameNumbers") or []),
            applicable_ranges=tuple(zip(ranges[0::2], ranges[1::2])),
            tid_offset=get_int(item, "TIDOffset"),
            sub_pixel_shift=_pair(item, "MaskSubPixelShift"),
        ))
    return tuple(found)


def read_overlay_activation(ds: Dataset) -> dict[int, str]:
    """Overlay groups with an Overlay Activation Layer (60xx,1001) (C.11.7): group -> layer."""
    found = {}
    for group in OVERLAY_GROUPS:
        element = ds.get(Tag(group, 0x1001))
        if element is not None and element.value:
            found[group] = str(element.value).strip()
    return found


def read_displayed_areas(ds: Dataset) -> tuple[DisplayedArea, ...]:
    """Displayed Area Selection Sequence items (C.10.4) with both corners."""
    found = []
    for item in get_value(ds, "DisplayedAreaSelectionSequence") or ():
        top_left = _pair(item, "DisplayedAreaTopLeftHandCorner", int)
        bottom_right = _pair(item, "DisplayedAreaBottomRightHandCorner", int)
        if top_left is None or bottom_right is None:
            continue
        found.append(DisplayedArea(
            references=_references(item),
            top_left=top_left,
            bottom_right=bottom_right,
            size_mode=(get_str(item, "PresentationSizeMode") or "SCALE TO FIT").upper(),
            pixel_spacing=_pair(item, "PresentationPixelSpacing"),
            aspect_ratio=_pair(item, "PresentationPixelAspectRatio"),
            magnification=get_float(item, "PresentationPixelMagnificationRatio"),
        ))
    return tuple(found)


def _grayscale_parts(ds: Dataset, kind: str) -> dict:
    """Modality, VOI and presentation LUTs: a GSPS has all three, a Pseudo-Color state no
    Presentation LUT, Color and Blending states none (a Blending state's are per input)."""
    rescale, modality_item = read_modality(ds) if kind in ("GRAYSCALE", "PSEUDO-COLOR") else \
        (None, None)
    shape, presentation_item = read_presentation_lut(ds) if kind == "GRAYSCALE" else \
        ("IDENTITY", None)
    voi = read_softcopy_voi(ds) if kind in ("GRAYSCALE", "PSEUDO-COLOR") else ()
    return {"rescale": rescale, "modality_lut_item": modality_item, "voi": voi,
            "presentation_shape": shape, "presentation_lut_item": presentation_item}


def read_presentation_state(source) -> PresentationState:
    """Read a presentation state (an Instance or a Dataset) of one of the kinds of
    :data:`viewer.dicom.presentation_state.STATE_KINDS`; ValueError when it is not one."""
    ds = source if isinstance(source, Dataset) else source.ds
    sop_class = get_str(ds, "SOPClassUID")
    kind = STATE_KINDS.get(sop_class)
    if kind is None:
        raise ValueError(f"not a Softcopy Presentation State the viewer applies (SOP class "
                         f"{sop_class})")
    rotation = get_int(ds, "ImageRotation") or 0
    if rotation not in (0, 90, 180, 270):
        raise ValueError(f"Image Rotation (0070,0042) must be 0, 90, 180 or 270, not {rotation}")
    return PresentationState(
        info=presentation_state_info(source),
        references=applied_references(ds),
        mask=read_mask(ds),
        shutters=read_shutters(ds),
        overlays=read_overlay_activation(ds),
        layers=read_graphic_layers(ds),
        annotations=read_annotations(ds),
        rotation=rotation,
        flip=(get_str(ds, "ImageHorizontalFlip") or "N").upper() == "Y",
        displayed_areas=read_displayed_areas(ds),
        ds=ds,
        kind=kind,
        icc_profile=read_icc_profile(ds) if kind != "GRAYSCALE" else None,
        blending=read_blending(ds) if kind == "BLENDING" else None,
        **_grayscale_parts(ds, kind),
    )
