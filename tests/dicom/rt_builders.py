"""Synthetic RT objects for tests: a CT series with known geometry and an RT Structure Set
whose contour vertices are placed on chosen pixel centres of chosen slices."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

from tests.dicom.dicom_builders import image_dataset, write

RT_STRUCTURE_SET = "1.2.840.10008.5.1.4.1.1.481.3"


def ct_series(folder: Path, *, count: int = 3, rows: int = 24, columns: int = 32,
              spacing: tuple[float, float] = (2.0, 1.5),
              orientation: tuple[float, ...] = (1, 0, 0, 0, 1, 0),
              origin: tuple[float, float, float] = (-20.0, -30.0, 10.0),
              step: float = 5.0, pixels: int = 0) -> list[Dataset]:
    """*count* CT slices *step* mm apart along the normal, written to *folder*; every pixel
    holds *pixels*."""
    study, series, frame = generate_uid(), generate_uid(), generate_uid()
    row, column = np.array(orientation[:3], float), np.array(orientation[3:], float)
    normal = np.cross(row, column)
    slices = []
    for index in range(count):
        data = np.full((rows, columns), pixels, dtype="<u2")
        ds = image_dataset(data, rows=rows, columns=columns, sop_class=CTImageStorage)
        ds.Modality = "CT"
        ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
        ds.InstanceNumber = index + 1
        ds.ImagePositionPatient = [float(v) for v in np.array(origin) + index * step * normal]
        ds.ImageOrientationPatient = [float(v) for v in orientation]
        ds.PixelSpacing = [spacing[0], spacing[1]]
        ds.SliceThickness = step
        ds.RescaleSlope, ds.RescaleIntercept = 1, 0
        ds.WindowCenter, ds.WindowWidth = 500, 1000
        write(ds, folder / f"ct{index + 1:03}.dcm")
        slices.append(ds)
    return slices


def patient_point(ct: Dataset, column: float, row: float) -> list[float]:
    """The patient position (mm) of pixel (*column*, *row*)'s centre on slice *ct*."""
    position = np.array(ct.ImagePositionPatient, float)
    cosines = np.array(ct.ImageOrientationPatient, float)
    spacing = [float(v) for v in ct.PixelSpacing]
    point = position + column * spacing[1] * cosines[:3] + row * spacing[0] * cosines[3:]
    return [float(v) for v in point]


def contour(ct: Dataset | None, pixels, kind: str = "CLOSED_PLANAR", *, points=None,
            reference: bool = True) -> Dataset:
    """A Contour Sequence item through the centres of *pixels* [(column, row), ...] of *ct*
    (or the given patient *points*)."""
    item = Dataset()
    item.ContourGeometricType = kind
    if points is None:
        points = [patient_point(ct, c, r) for c, r in pixels]
    flat = [v for p in points for v in p]
    item.NumberOfContourPoints = len(points)
    item.ContourData = flat
    if reference and ct is not None:
        image = Dataset()
        image.ReferencedSOPClassUID = ct.SOPClassUID
        image.ReferencedSOPInstanceUID = ct.SOPInstanceUID
        item.ContourImageSequence = Sequence([image])
    return item


def structure_set(cts: list[Dataset], rois: list[tuple[int, str, tuple | None, list[Dataset]]],
                  *, defined: list[int] | None = None) -> Dataset:
    """An RT Structure Set on the series of *cts*: *rois* as (number, name, colour, contours);
    *defined* ROI numbers in the Structure Set ROI Sequence (default: those of *rois*)."""
    first = cts[0]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = RT_STRUCTURE_SET
    ds.SOPClassUID = RT_STRUCTURE_SET
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = first.StudyInstanceUID, generate_uid()
    ds.Modality = "RTSTRUCT"
    ds.PatientName = first.PatientName
    ds.StructureSetLabel, ds.StructureSetName = "Test set", "Contours"
    ds.StructureSetDate = "20261207"
    frame = Dataset()
    frame.FrameOfReferenceUID = first.FrameOfReferenceUID
    study = Dataset()
    study.ReferencedSOPClassUID = "1.2.840.10008.3.1.2.3.1"
    study.ReferencedSOPInstanceUID = first.StudyInstanceUID
    series = Dataset()
    series.SeriesInstanceUID = first.SeriesInstanceUID
    series.ContourImageSequence = Sequence([_image_ref(ct) for ct in cts])
    study.RTReferencedSeriesSequence = Sequence([series])
    frame.RTReferencedStudySequence = Sequence([study])
    ds.ReferencedFrameOfReferenceSequence = Sequence([frame])
    numbers = defined if defined is not None else [number for number, *_ in rois]
    names = {number: name for number, name, *_ in rois}
    ds.StructureSetROISequence = Sequence([_roi(n, names.get(n, f"R{n}"), first) for n in numbers])
    items = []
    for number, _name, colour, contours in rois:
        item = Dataset()
        item.ReferencedROINumber = number
        if colour is not None:
            item.ROIDisplayColor = list(colour)
        item.ContourSequence = Sequence(contours)
        items.append(item)
    ds.ROIContourSequence = Sequence(items)
    return ds


def _image_ref(ct: Dataset) -> Dataset:
    ref = Dataset()
    ref.ReferencedSOPClassUID = ct.SOPClassUID
    ref.ReferencedSOPInstanceUID = ct.SOPInstanceUID
    return ref


def _roi(number: int, name: str, ct: Dataset) -> Dataset:
    roi = Dataset()
    roi.ROINumber = number
    roi.ReferencedFrameOfReferenceUID = ct.FrameOfReferenceUID
    roi.ROIName = name
    roi.ROIGenerationAlgorithm = "MANUAL"
    return roi
