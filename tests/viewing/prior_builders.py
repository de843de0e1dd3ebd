"""A patient with a current study and priors, written as small CT/MR files (pydicom + numpy).

The current study (2025-03-10) and the prior (2024-01-15) hold the same kinds of series under
different descriptions, numbers and order, and the prior was scanned 40 mm further along the
table; a third, older MR study shares no modality. ``PAIRS`` is the hanging a radiologist
expects (current series description -> prior series description).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (CTImageStorage, ExplicitVRLittleEndian, MRImageStorage,
                         PYDICOM_IMPLEMENTATION_UID, generate_uid)

PATIENT_ID, PATIENT_NAME = "PRIOR0001", "PRIOR^PATIENT"
AXIAL, CORONAL, SAGITTAL = [1, 0, 0, 0, 1, 0], [1, 0, 0, 0, 0, -1], [0, 1, 0, 0, 0, -1]
PRIOR_SHIFT = 40.0  # mm: the prior's axial slices sit this much higher in z

# (description, body part, orientation, slices, first position along the normal, step)
CURRENT = ("20250310", "CT chest abdomen", "CT", [
    ("Chest axial 1.25 mm", "CHEST", AXIAL, 12, -100.0, 5.0),
    ("Chest coronal MPR", "CHEST", CORONAL, 4, -20.0, 10.0),
    ("Abdomen axial 5mm", "ABDOMEN", AXIAL, 6, -300.0, 5.0),
])
PRIOR = ("20240115", "CT thorax abdomen", "CT", [
    ("ABDOMEN 5.0MM", "ABDOMEN", AXIAL, 6, -300.0 + PRIOR_SHIFT, 5.0),
    ("Sagittal spine reformat", "CHEST", SAGITTAL, 3, -10.0, 10.0),
    ("Chest axial 1.25mm", "CHEST", AXIAL, 10, -95.0 + PRIOR_SHIFT, 5.0),
    ("Coronal chest", "CHEST", CORONAL, 4, -20.0, 10.0),
])
OLDER = ("20190601", "MR brain", "MR", [
    ("T2 axial", "BRAIN", AXIAL, 3, 0.0, 5.0),
])
PAIRS = {"Chest axial 1.25 mm": "Chest axial 1.25mm", "Chest coronal MPR": "Coronal chest",
         "Abdomen axial 5mm": "ABDOMEN 5.0MM"}


def uid(*key) -> str:
    return generate_uid(entropy_srcs=["prior-builders", *map(str, key)])


def _image(study: tuple, s: int, series: tuple, i: int) -> Dataset:
    date, study_description, modality, _ = study
    description, body_part, orientation, _count, first, step = series
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    sop_class = CTImageStorage if modality == "CT" else MRImageStorage
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = uid(date, s, i)
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = (
        PATIENT_NAME, PATIENT_ID, "19600101", "F")
    ds.StudyInstanceUID, ds.StudyDate, ds.StudyTime = uid(date), date, "101500"
    ds.StudyDescription, ds.AccessionNumber, ds.StudyID = study_description, "A" + date, "1"
    ds.ReferringPhysicianName = ""
    ds.SeriesInstanceUID, ds.SeriesNumber = uid(date, s), s + 1 + (10 if date < "2025" else 0)
    ds.SeriesDescription, ds.BodyPartExamined, ds.Modality = description, body_part, modality
    ds.FrameOfReferenceUID = uid(date, "for")
    ds.InstanceNumber = i + 1
    normal = np.cross(orientation[:3], orientation[3:])
    ds.ImageOrientationPatient = orientation
    ds.ImagePositionPatient = [float(v) for v in normal * (first + step * i)]
    ds.PixelSpacing, ds.SliceThickness = [1.0, 1.0], step
    ds.Rows = ds.Columns = 16
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope, ds.WindowCenter, ds.WindowWidth = -1024, 1, 40, 400
    pixels = (np.arange(256, dtype=np.uint16).reshape(16, 16) * 13 + 97 * i + 31 * s) % 4096
    ds.PixelData = pixels.astype(np.uint16).tobytes()
    return ds


def write_study(folder: Path, study: tuple) -> list[Path]:
    paths = []
    for s, series in enumerate(study[3]):
        for i in range(series[3]):
            path = folder / f"s{s + 1:02d}" / f"{i + 1:03d}.dcm"
            path.parent.mkdir(parents=True, exist_ok=True)
            _image(study, s, series, i).save_as(path, enforce_file_format=True)
            paths.append(path)
    return paths


def write_patient(root: Path) -> dict[str, Path]:
    """current/, prior/ and older/ under *root*; the folder of each by name."""
    folders = {}
    for name, study in (("current", CURRENT), ("prior", PRIOR), ("older", OLDER)):
        folders[name] = root / name
        write_study(folders[name], study)
    return folders


def study_uid(study: tuple) -> str:
    return uid(study[0])
