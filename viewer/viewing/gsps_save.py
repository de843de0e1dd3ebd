"""Saving the current view as a Grayscale Softcopy Presentation State (PS3.3 A.33.1). Qt-free.

:func:`build_presentation_state` turns a :class:`ViewDescription` (window and VOI function,
rotation/flip, displayed area with its size mode, the user's graphics and texts) into a new GSPS
data set referencing the shown images; :func:`write_presentation_state` writes it as a DICOM
file (the caller submits the file to ``viewer.store`` and may send it to an archive).

Modules written (PS3.3 A.33.1-1): Patient, General Study, General Series + Presentation Series
(Modality PR), General Equipment, Presentation State Identification, Presentation State
Relationship, Displayed Area, Graphic Annotation + Graphic Layer (when there are graphics or
texts), Spatial Transformation, Modality LUT (the images' own rescale or LUT, so reopening shows
the same values), Softcopy VOI LUT, Softcopy Presentation LUT, SOP Common. Texts that are not
ASCII are written in UTF-8 (Specific Character Set ISO_IR 192).

Coordinates in a ViewDescription are those of the stored image *before* rotation/flip: graphic
points are continuous (column, row) pixel coordinates ((0, 0) the top left corner of the image),
displayed area corners are 1-based pixels (:func:`displayed_area_corners` derives them from the
rectangle a viewport shows).
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, PYDICOM_IMPLEMENTATION_UID, generate_uid

from viewer.dicom.gsps_graphics import GRAPHIC_TYPES
from viewer.dicom.presentation_state import GSPS_SOP_CLASS
from viewer.pipeline.displayed_area import area_rectangle
from viewer.pipeline.spatial import SpatialTransform
from viewer.store.layout import write_atomically

__all__ = ["AnnotationGraphic", "AnnotationText", "ImageAnnotation", "ViewDescription",
           "build_presentation_state", "displayed_area_corners", "orientation",
           "write_presentation_state"]

MANUFACTURER = "dicom-viewer"
PATIENT_STUDY = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
                 "StudyInstanceUID", "StudyDate", "StudyTime", "ReferringPhysicianName",
                 "StudyID", "AccessionNumber")


@dataclass(frozen=True)
class AnnotationGraphic:
    """A user graphic: POINT, POLYLINE, INTERPOLATED, CIRCLE or ELLIPSE in PIXEL units."""

    graphic_type: str
    points: tuple[tuple[float, float], ...]
    filled: bool = False


@dataclass(frozen=True)
class AnnotationText:
    """A user text with an anchor point and/or a bounding box ((x0, y0), (x1, y1))."""

    text: str
    anchor: tuple[float, float] | None = None
    bounding_box: tuple[tuple[float, float], tuple[float, float]] | None = None
    anchor_visible: bool = True
    justification: str = "LEFT"


@dataclass(frozen=True)
class ImageAnnotation:
    """Graphics and texts shown on one image only (all its frames, or *frames*, 1-based)."""

    sop_instance_uid: str
    graphics: tuple[AnnotationGraphic, ...] = ()
    texts: tuple[AnnotationText, ...] = ()
    frames: tuple[int, ...] | None = None


@dataclass(frozen=True)
class ViewDescription:
    """What a viewport shows, in DICOM terms (see the module docstring)."""

    window_center: float | None = None
    window_width: float | None = None
    voi_function: str = "LINEAR"
    presentation_shape: str | None = None  # None: INVERSE for MONOCHROME1, else IDENTITY
    rotation: int = 0  # degrees clockwise
    flip: bool = False  # horizontal, after the rotation
    top_left: tuple[int, int] | None = None  # None: the whole image
    bottom_right: tuple[int, int] | None = None
    size_mode: str = "SCALE TO FIT"
    magnification: float | None = None  # for MAGNIFY
    graphics: tuple[AnnotationGraphic, ...] = ()  # on every referenced image
    texts: tuple[AnnotationText, ...] = ()
    image_annotations: tuple[ImageAnnotation, ...] = ()  # each on its own image (and frames)
    layer: str = "USER"
    layer_description: str = "annotations saved by the viewer"
    layer_gray: int = 0xFFFF
    frame_numbers: dict[str, tuple[int, ...]] = field(default_factory=dict)  # uid -> frames


def orientation(quarter_turns: int, flip_horizontal: bool, flip_vertical: bool = False):
    """(Image Rotation, Image Horizontal Flip) for a screen orientation made of clockwise
    quarter turns then mirrors; a vertical mirror is a 180 degree turn plus a horizontal one."""
    rotation = (int(quarter_turns) % 4) * 90
    flip = bool(flip_horizontal)
    if flip_vertical:
        rotation, flip = (rotation + 180) % 360, not flip
    return rotation, flip


def displayed_area_corners(transform, left: float, top: float, right: float, bottom: float):
    """(TLHC, BRHC) 1-based image pixels for a rectangle of the *transformed* image (continuous
    coordinates, as a viewport shows them), per PS3.3 C.10.4: the pixels that end up top left
    and bottom right after the spatial transformation, in coordinates before it."""
    first = (int(left) + 1, int(top) + 1)
    last = (max(int(-(-right // 1)), first[0]), max(int(-(-bottom // 1)), first[1]))
    return transform.inverse_pixel(*first), transform.inverse_pixel(*last)


def item(**values) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def _ds(image) -> Dataset:
    return image if isinstance(image, Dataset) else image.ds


def content_label(label: str) -> str:
    """A Content Label (CS, at most 16 of A-Z 0-9 _ and space, PS3.5 6.2)."""
    text = re.sub(r"[^A-Z0-9_ ]", "_", label.upper()).strip() or "VIEW"
    return text[:16]


def _text(value) -> str:
    return "" if value is None else str(value)


def _header(first: Dataset, label: str, description: str, creator: str) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = GSPS_SOP_CLASS
    ds.file_meta.MediaStorageSOPInstanceUID = sop = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SOPClassUID, ds.SOPInstanceUID = GSPS_SOP_CLASS, sop
    for keyword in PATIENT_STUDY:
        setattr(ds, keyword, _text(first.get(keyword)))
    now = datetime.datetime.now()
    ds.Modality, ds.SeriesInstanceUID = "PR", generate_uid()
    ds.Laterality = _text(first.get("Laterality"))  # Type 2C in General Series
    ds.SeriesNumber, ds.InstanceNumber = 9900, 1
    ds.Manufacturer = MANUFACTURER
    ds.ContentLabel, ds.ContentDescription = content_label(label), description
    ds.PresentationCreationDate = now.strftime("%Y%m%d")
    ds.PresentationCreationTime = now.strftime("%H%M%S")
    ds.ContentCreatorName = creator
    return ds


def _reference(image: Dataset, frames) -> Dataset:
    ref = item(ReferencedSOPClassUID=image.SOPClassUID,
               ReferencedSOPInstanceUID=image.SOPInstanceUID)
    if frames:
        ref.ReferencedFrameNumber = list(frames)
    return ref


def _references(images, view: ViewDescription) -> Sequence:
    return Sequence([_reference(image, view.frame_numbers.get(str(image.SOPInstanceUID)))
                     for image in images])


def _series(images, view: ViewDescription) -> Sequence:
    by_series: dict[str, list[Dataset]] = {}
    for image in images:
        by_series.setdefault(str(image.SeriesInstanceUID), []).append(image)
    return Sequence([item(SeriesInstanceUID=uid, ReferencedImageSequence=_references(group, view))
                     for uid, group in by_series.items()])


def _modality_lut(ds: Dataset, images) -> None:
    """The images' own Modality LUT (they must agree: a state has one)."""
    keys = {(str(i.get("RescaleSlope")), str(i.get("RescaleIntercept")),
             "ModalityLUTSequence" in i) for i in images}
    if len(keys) > 1:
        raise ValueError("the images have different modality LUTs; save one state per group")
    first = images[0]
    if "ModalityLUTSequence" in first:
        ds.ModalityLUTSequence = first.ModalityLUTSequence
    elif "RescaleSlope" in first or "RescaleIntercept" in first:
        ds.RescaleIntercept = first.get("RescaleIntercept", 0)
        ds.RescaleSlope = first.get("RescaleSlope", 1)
        ds.RescaleType = first.get("RescaleType") or "US"


def area_corners(image: Dataset, view: ViewDescription):
    """The view's corners made consistent with its rotation/flip (C.10.4.1.1): the rectangle
    they span is kept and its corners renamed; no corners means the whole image."""
    columns, rows = int(image.Columns), int(image.Rows)
    transform = SpatialTransform(columns, rows, view.rotation, view.flip)
    top_left, bottom_right = view.top_left, view.bottom_right
    if top_left is None or bottom_right is None:
        top_left, bottom_right = (1, 1), (columns, rows)
    return displayed_area_corners(transform, *area_rectangle(top_left, bottom_right, transform))


def _displayed_area(image: Dataset, view: ViewDescription, several: bool) -> Dataset:
    top_left, bottom_right = area_corners(image, view)
    area = item(DisplayedAreaTopLeftHandCorner=list(top_left),
                DisplayedAreaBottomRightHandCorner=list(bottom_right),
                PresentationSizeMode=view.size_mode)
    if view.size_mode == "MAGNIFY":
        area.PresentationPixelMagnificationRatio = float(view.magnification or 1.0)
    if "PixelSpacing" in image:
        area.PresentationPixelSpacing = list(image.PixelSpacing)
    else:
        ratio = image.get("PixelAspectRatio") or [1, 1]
        area.PresentationPixelAspectRatio = [int(v) for v in ratio]
    if several:
        area.ReferencedImageSequence = Sequence([_reference(image, None)])
    return area


def _graphic(graphic: AnnotationGraphic) -> Dataset:
    kind = graphic.graphic_type.upper()
    if kind not in GRAPHIC_TYPES:
        raise ValueError(f"graphic type must be one of {', '.join(GRAPHIC_TYPES)}, not {kind}")
    data = [float(v) for point in graphic.points for v in point]
    return item(GraphicAnnotationUnits="PIXEL", GraphicDimensions=2,
                NumberOfGraphicPoints=len(graphic.points), GraphicData=data, GraphicType=kind,
                GraphicFilled="Y" if graphic.filled else "N")


def _text_object(text: AnnotationText) -> Dataset:
    if text.anchor is None and text.bounding_box is None:
        raise ValueError(f"text {text.text!r} needs an anchor point or a bounding box")
    out = item(UnformattedTextValue=text.text)
    if text.bounding_box is not None:
        (x0, y0), (x1, y1) = text.bounding_box
        out.BoundingBoxAnnotationUnits = "PIXEL"
        out.BoundingBoxTopLeftHandCorner = [float(min(x0, x1)), float(min(y0, y1))]
        out.BoundingBoxBottomRightHandCorner = [float(max(x0, x1)), float(max(y0, y1))]
        out.BoundingBoxTextHorizontalJustification = text.justification.upper()
    if text.anchor is not None:
        out.AnchorPointAnnotationUnits = "PIXEL"
        out.AnchorPoint = [float(v) for v in text.anchor]
        out.AnchorPointVisibility = "Y" if text.anchor_visible else "N"
    return out


def _annotation_item(layer: str, references: Sequence, graphics, texts) -> Dataset:
    annotation = item(GraphicLayer=layer, ReferencedImageSequence=references)
    if graphics:
        annotation.GraphicObjectSequence = Sequence([_graphic(g) for g in graphics])
    if texts:
        annotation.TextObjectSequence = Sequence([_text_object(t) for t in texts])
    return annotation


def _image_annotation_item(layer: str, images, note: ImageAnnotation) -> Dataset:
    image = next((i for i in images if str(i.SOPInstanceUID) == note.sop_instance_uid), None)
    if image is None:
        raise ValueError(f"annotated image {note.sop_instance_uid} is not referenced")
    references = Sequence([_reference(image, note.frames)])
    return _annotation_item(layer, references, note.graphics, note.texts)


def _annotations(ds: Dataset, view: ViewDescription, images, label: str) -> None:
    layer = content_label(view.layer)
    items = []
    if view.graphics or view.texts:
        items.append(_annotation_item(layer, _references(images, view), view.graphics,
                                      view.texts))
    items += [_image_annotation_item(layer, images, note) for note in view.image_annotations
              if note.graphics or note.texts]
    if not items:
        return
    ds.GraphicLayerSequence = Sequence([item(
        GraphicLayer=layer, GraphicLayerOrder=1, GraphicLayerDescription=view.layer_description,
        GraphicLayerRecommendedDisplayGrayscaleValue=int(view.layer_gray))])
    ds.GraphicAnnotationSequence = Sequence(items)


def _voi(ds: Dataset, view: ViewDescription) -> None:
    if view.window_center is None or view.window_width is None:
        return
    ds.SoftcopyVOILUTSequence = Sequence([item(
        WindowCenter=float(view.window_center), WindowWidth=float(view.window_width),
        VOILUTFunction=view.voi_function.upper())])


def _presentation_shape(view: ViewDescription, first: Dataset) -> str:
    if view.presentation_shape:
        return view.presentation_shape.upper()
    mono1 = str(first.get("PhotometricInterpretation", "")).strip() == "MONOCHROME1"
    return "INVERSE" if mono1 else "IDENTITY"


def _charset(ds: Dataset) -> None:
    texts = [str(e.value) for e in ds.iterall() if e.VR in ("LO", "ST", "PN", "SH", "LT", "UT")]
    if any(not t.isascii() for t in texts):
        ds.SpecificCharacterSet = "ISO_IR 192"


def build_presentation_state(view: ViewDescription, images, label: str, creator: str = "",
                             description: str = "") -> Dataset:
    """A new GSPS for *images* (Instances or Datasets, the shown ones) presenting *view*."""
    images = [_ds(image) for image in images]
    if not images:
        raise ValueError("a presentation state must reference at least one image")
    ds = _header(images[0], label, description or label, creator)
    ds.ReferencedSeriesSequence = _series(images, view)
    several = len({(int(i.Rows), int(i.Columns)) for i in images}) > 1
    areas = images if several else images[:1]
    ds.DisplayedAreaSelectionSequence = Sequence(
        [_displayed_area(image, view, several) for image in areas])
    _annotations(ds, view, images, label)
    ds.ImageRotation = int(view.rotation) % 360
    ds.ImageHorizontalFlip = "Y" if view.flip else "N"
    _modality_lut(ds, images)
    _voi(ds, view)
    ds.PresentationLUTShape = _presentation_shape(view, images[0])
    _charset(ds)
    return ds


def write_presentation_state(ds: Dataset, path) -> Path:
    """Write *ds* as a DICOM file (Part 10, Explicit VR Little Endian); returns the path.
    Encoded in memory, then a temporary file renamed: never a half-written file."""
    path = Path(path)
    buffer = io.BytesIO()
    ds.save_as(buffer, enforce_file_format=True)
    write_atomically(path, buffer.getvalue())
    return path
