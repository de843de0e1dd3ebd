"""Synthetic images and hand-made Grayscale Softcopy Presentation States (pydicom only)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

GSPS = "1.2.840.10008.5.1.4.1.1.11.1"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
XA = "1.2.840.10008.5.1.4.1.1.12.1"


def item(**values) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def _meta(ds: Dataset) -> None:
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID


def make_image(pixels, *, bits: int = 16, stored: int | None = None, signed: bool = False,
               photometric: str = "MONOCHROME2", rescale=None, window=None, sop_class=SECONDARY_CAPTURE,
               pixel_spacing=None, modality: str = "OT", study_uid=None, series_uid=None) -> Dataset:
    """An uncompressed grayscale image; *pixels* is rows x columns or frames x rows x columns."""
    array = np.asarray(pixels)
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    ds.StudyInstanceUID = study_uid or generate_uid()
    ds.SeriesInstanceUID = series_uid or generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = "Test^Gsps", "GSPS1", modality
    ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20240102", "101010", "1", ""
    ds.ReferringPhysicianName, ds.PatientBirthDate, ds.PatientSex = "", "", "O"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    if array.ndim == 3:
        ds.NumberOfFrames = array.shape[0]
    ds.Rows, ds.Columns = array.shape[-2:]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, photometric
    ds.BitsAllocated, ds.BitsStored = bits, stored or bits
    ds.HighBit, ds.PixelRepresentation = ds.BitsStored - 1, int(signed)
    if rescale is not None:
        ds.RescaleSlope, ds.RescaleIntercept = rescale
        ds.RescaleType = "US"
    if window is not None:
        ds.WindowCenter, ds.WindowWidth = window
    if pixel_spacing is not None:
        ds.PixelSpacing = list(pixel_spacing)
    dtype = {(8, False): "u1", (16, False): "<u2", (16, True): "<i2"}[(bits, signed)]
    ds.PixelData = array.astype(dtype).tobytes()
    _meta(ds)
    return ds


def reference(image: Dataset, frames=None) -> Dataset:
    ref = item(ReferencedSOPClassUID=image.SOPClassUID, ReferencedSOPInstanceUID=image.SOPInstanceUID)
    if frames:
        ref.ReferencedFrameNumber = list(frames)
    return ref


def make_gsps(*images: Dataset, shape: str | None = "IDENTITY", label: str = "TEST",
              date: str = "20240101", time: str = "120000", frames=None, **attributes) -> Dataset:
    """A GSPS referencing *images* (all frames, or *frames*); extra keywords are set as is."""
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = GSPS, generate_uid()
    first = images[0]
    for keyword in ("PatientName", "PatientID", "StudyInstanceUID", "StudyDate", "StudyTime",
                    "StudyID", "AccessionNumber", "ReferringPhysicianName", "PatientBirthDate",
                    "PatientSex"):
        setattr(ds, keyword, first.get(keyword, ""))
    ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = "PR", generate_uid(), 99, 1
    ds.ContentLabel, ds.ContentDescription, ds.ContentCreatorName = label, f"{label} state", "Maker^Test"
    ds.PresentationCreationDate, ds.PresentationCreationTime = date, time
    by_series: dict[str, list] = {}
    for image in images:
        by_series.setdefault(image.SeriesInstanceUID, []).append(reference(image, frames))
    ds.ReferencedSeriesSequence = Sequence(
        [item(SeriesInstanceUID=uid, ReferencedImageSequence=Sequence(refs))
         for uid, refs in by_series.items()])
    if shape:
        ds.PresentationLUTShape = shape
    ds.DisplayedAreaSelectionSequence = Sequence([item(
        DisplayedAreaTopLeftHandCorner=[1, 1],
        DisplayedAreaBottomRightHandCorner=[int(first.Columns), int(first.Rows)],
        PresentationSizeMode="SCALE TO FIT", PresentationPixelAspectRatio=[1, 1])])
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    _meta(ds)
    return ds


def voi_item(center, width, *images, function="LINEAR", frames=None) -> Dataset:
    voi = item(WindowCenter=center, WindowWidth=width, VOILUTFunction=function)
    if images:
        voi.ReferencedImageSequence = Sequence([reference(i, frames) for i in images])
    return voi


def layer(name: str, order: int, gray: int | None = 0xFFFF, lab=None) -> Dataset:
    out = item(GraphicLayer=name, GraphicLayerOrder=order)
    if gray is not None:
        out.GraphicLayerRecommendedDisplayGrayscaleValue = gray
    if lab is not None:
        out.GraphicLayerRecommendedDisplayCIELabValue = list(lab)
    return out


def graphic(kind: str, points, units: str = "PIXEL", filled: bool = False) -> Dataset:
    flat = [float(v) for p in points for v in p]
    return item(GraphicAnnotationUnits=units, GraphicDimensions=2, NumberOfGraphicPoints=len(points),
                GraphicData=flat, GraphicType=kind, GraphicFilled="Y" if filled else "N")


def annotation(layer_name: str, graphics=(), texts=(), images=()) -> Dataset:
    out = item(GraphicLayer=layer_name)
    if images:
        out.ReferencedImageSequence = Sequence([reference(i) for i in images])
    if graphics:
        out.GraphicObjectSequence = Sequence(list(graphics))
    if texts:
        out.TextObjectSequence = Sequence(list(texts))
    return out


def save(ds: Dataset, path: Path) -> Path:
    ds.save_as(path, enforce_file_format=True)
    return Path(path)


def ramp(rows: int, columns: int, start: int = 0) -> np.ndarray:
    return (np.arange(rows * columns) + start).reshape(rows, columns)
