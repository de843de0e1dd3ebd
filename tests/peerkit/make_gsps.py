"""A Grayscale Softcopy Presentation State for one image (pydicom only).

    python -m peerkit.make_gsps IMAGE.dcm OUT.dcm [--window C W] [--rotation 90] [--flip]
        [--shutter LEFT RIGHT TOP BOTTOM] [--area X1 Y1 X2 Y2] [--size-mode "SCALE TO FIT"]
        [--text "..."] [--no-graphics] [--plain]

--plain writes a minimal GSPS (references, whole displayed area, identity presentation LUT).
Otherwise every option has a default that shows its feature on a 512x512 image:
  Softcopy VOI LUT   window --window (default 40 / 80, not the image's own)
  Spatial transform  Image Rotation --rotation (default 90), Image Horizontal Flip --flip
  Display shutter    RECTANGULAR, edges in pixels (default 1/4..3/4 of the image widened by
                     1/16), Shutter Presentation Value 0xFFFF (white)
  Displayed area     --area (default the central half) with --size-mode
  Graphic annotation layer "ANNOT": a closed POLYLINE box, an ELLIPSE, a CIRCLE and a text
                     object (--text) with bounding box and anchor point, PIXEL units
Coordinates are DICOM pixel coordinates (column, row), 1-based from the top left, in the image
before the spatial transformation. The state references the image by SOP Class/Instance UID.
"""

from __future__ import annotations

import argparse
import datetime

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import PYDICOM_IMPLEMENTATION_UID, ExplicitVRLittleEndian, generate_uid

GSPS = "1.2.840.10008.5.1.4.1.1.11.1"
_COPIED = ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyInstanceUID",
           "StudyDate", "StudyTime", "ReferringPhysicianName", "StudyID", "AccessionNumber")


def item(**attributes) -> Dataset:
    ds = Dataset()
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    return ds


def _header(img: Dataset) -> Dataset:
    now = datetime.datetime.now()
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = GSPS
    ds.file_meta.MediaStorageSOPInstanceUID = sop = generate_uid()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.SOPClassUID, ds.SOPInstanceUID = GSPS, sop
    for keyword in _COPIED:
        setattr(ds, keyword, img.get(keyword, ""))
    ds.Modality = "PR"
    ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = generate_uid(), 9001, 1
    ds.Manufacturer = "peerkit.make_gsps"
    ds.ContentLabel = "PEER_TEST"
    ds.ContentDescription = "test presentation state"
    ds.PresentationCreationDate = now.strftime("%Y%m%d")
    ds.PresentationCreationTime = now.strftime("%H%M%S")
    ds.ContentCreatorName = "TEST^ORACLE"
    return ds


def _displayed_area(img: Dataset, a) -> Dataset:
    rows, cols = int(img.Rows), int(img.Columns)
    area = a.area or [cols // 4 + 1, rows // 4 + 1, 3 * cols // 4, 3 * rows // 4]
    if a.plain:
        area = [1, 1, cols, rows]
    da = item(DisplayedAreaTopLeftHandCorner=area[:2], DisplayedAreaBottomRightHandCorner=area[2:],
              PresentationSizeMode="SCALE TO FIT" if a.plain else a.size_mode)
    if da.PresentationSizeMode == "MAGNIFY":
        da.PresentationPixelMagnificationRatio = 1.0
    if "PixelSpacing" in img:
        da.PresentationPixelSpacing = img.PixelSpacing
    else:
        da.PresentationPixelAspectRatio = [1, 1]
    return da


def _shutter(ds: Dataset, rows: int, cols: int, edges) -> None:
    edges = edges or [cols // 4 - cols // 16, 3 * cols // 4 + cols // 16,
                      rows // 4 - rows // 16, 3 * rows // 4 + rows // 16]
    ds.ShutterShape = "RECTANGULAR"
    ds.ShutterLeftVerticalEdge, ds.ShutterRightVerticalEdge = edges[0], edges[1]
    ds.ShutterUpperHorizontalEdge, ds.ShutterLowerHorizontalEdge = edges[2], edges[3]
    ds.ShutterPresentationValue = 0xFFFF


def _graphic(kind: str, points: list) -> Dataset:
    return item(GraphicAnnotationUnits="PIXEL", GraphicDimensions=2,
                NumberOfGraphicPoints=len(points) // 2, GraphicData=points, GraphicType=kind,
                GraphicFilled="N")


def _annotations(ds: Dataset, rows: int, cols: int, ref: Dataset, text: str) -> None:
    ds.GraphicLayerSequence = Sequence([item(
        GraphicLayer="ANNOT", GraphicLayerOrder=1, GraphicLayerDescription="test annotations",
        GraphicLayerRecommendedDisplayGrayscaleValue=0xFFFF)])
    x0, y0, x1, y1 = cols * 0.35, rows * 0.35, cols * 0.55, rows * 0.50
    cx, cy, r = cols * 0.62, rows * 0.62, cols * 0.05
    label = item(BoundingBoxAnnotationUnits="PIXEL", AnchorPointAnnotationUnits="PIXEL",
                 UnformattedTextValue=text,
                 BoundingBoxTopLeftHandCorner=[cols * 0.30, rows * 0.28],
                 BoundingBoxBottomRightHandCorner=[cols * 0.60, rows * 0.33],
                 BoundingBoxTextHorizontalJustification="LEFT",
                 AnchorPoint=[x0, y0], AnchorPointVisibility="Y")
    ellipse = [cols * 0.30, rows * 0.70, cols * 0.50, rows * 0.70,
               cols * 0.40, rows * 0.65, cols * 0.40, rows * 0.75]
    ds.GraphicAnnotationSequence = Sequence([item(
        GraphicLayer="ANNOT", ReferencedImageSequence=Sequence([ref]),
        TextObjectSequence=Sequence([label]),
        GraphicObjectSequence=Sequence([
            _graphic("POLYLINE", [x0, y0, x1, y0, x1, y1, x0, y1, x0, y0]),
            _graphic("ELLIPSE", ellipse),
            _graphic("CIRCLE", [cx, cy, cx + r, cy]),
        ]))])


def presentation_state(img: Dataset, a: argparse.Namespace) -> Dataset:
    """The GSPS for *img* (its header suffices) with the options *a* of :func:`parser`."""
    rows, cols = int(img.Rows), int(img.Columns)
    ds = _header(img)
    ref = item(ReferencedSOPClassUID=img.SOPClassUID, ReferencedSOPInstanceUID=img.SOPInstanceUID)
    ds.ReferencedSeriesSequence = Sequence([item(SeriesInstanceUID=img.SeriesInstanceUID,
                                                 ReferencedImageSequence=Sequence([ref]))])
    if "RescaleSlope" in img:  # the Modality LUT module is required when the image has one
        ds.RescaleIntercept, ds.RescaleSlope = img.RescaleIntercept, img.RescaleSlope
        ds.RescaleType = img.get("RescaleType", "US")
    inverse = img.get("PhotometricInterpretation") == "MONOCHROME1"
    ds.PresentationLUTShape = "INVERSE" if inverse else "IDENTITY"
    ds.DisplayedAreaSelectionSequence = Sequence([_displayed_area(img, a)])
    if a.plain:
        return ds
    ds.SoftcopyVOILUTSequence = Sequence([item(WindowCenter=a.window[0], WindowWidth=a.window[1],
                                               VOILUTFunction="LINEAR")])
    ds.ImageRotation = a.rotation
    ds.ImageHorizontalFlip = "Y" if a.flip else "N"
    _shutter(ds, rows, cols, a.shutter)
    if not a.no_graphics:
        _annotations(ds, rows, cols, ref, a.text)
    return ds


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="make_gsps", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image")
    ap.add_argument("out")
    ap.add_argument("--window", nargs=2, type=float, metavar=("C", "W"), default=[40, 80])
    ap.add_argument("--rotation", type=int, choices=[0, 90, 180, 270], default=90)
    ap.add_argument("--flip", action="store_true")
    ap.add_argument("--shutter", nargs=4, type=int, metavar=("L", "R", "T", "B"))
    ap.add_argument("--area", nargs=4, type=int, metavar=("X1", "Y1", "X2", "Y2"))
    ap.add_argument("--size-mode", default="SCALE TO FIT")
    ap.add_argument("--text", default="GSPS TEXT")
    ap.add_argument("--no-graphics", action="store_true")
    ap.add_argument("--plain", action="store_true")
    return ap


def main(argv=None) -> str:
    """Write the state; returns its path. *argv* as on the command line."""
    a = parser().parse_args(argv)
    img = pydicom.dcmread(a.image, stop_before_pixels=True)
    presentation_state(img, a).save_as(a.out, enforce_file_format=True)
    return a.out


if __name__ == "__main__":
    main()
