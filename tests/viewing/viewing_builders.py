"""Build small DICOM images with known pixels and geometry for the viewing tests (pydicom only).

Used by tests/viewing (Qt-free) and tests/ui/test_viewing_* (imported as
``viewing.viewing_builders`` since tests/ is on the path).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

FOR_UID = "1.2.826.0.1.3680043.8.498.1"
STUDY_UID = "1.2.826.0.1.3680043.8.498.2"


def ct_dataset(pixels: np.ndarray, *, spacing=(0.5, 0.5), imager=False, intercept=-1024.0,
               slope=1.0, window=(40, 400), z=0.0, normal_axis="axial", number=1,
               series_uid="1.2.826.0.1.3680043.8.498.3", for_uid=FOR_UID, modality="CT",
               patient_name="TEST^PATIENT", series_number=1, study_uid=STUDY_UID) -> Dataset:
    """A CT image of unsigned 16-bit stored *pixels* (12 bits stored)."""
    pixels = np.ascontiguousarray(pixels, dtype=np.uint16)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
    sop_uid = generate_uid(entropy_srcs=[series_uid, str(number)])
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, sop_uid
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid, series_uid
    ds.FrameOfReferenceUID = for_uid
    ds.Modality, ds.PatientName, ds.PatientID = modality, patient_name, "PID1"
    ds.SeriesNumber, ds.InstanceNumber = series_number, number
    ds.StudyDate, ds.SeriesDescription = "20240102", "Test series"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.RescaleIntercept, ds.RescaleSlope = intercept, slope
    if window is not None:
        ds.WindowCenter, ds.WindowWidth = window
    if spacing is not None:
        if imager:
            ds.ImagerPixelSpacing = list(spacing)
        else:
            ds.PixelSpacing = list(spacing)
    if normal_axis == "axial":
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [0, 0, z]
    elif normal_axis == "sagittal":
        ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]
        ds.ImagePositionPatient = [z, 0, 0]
    ds.SliceThickness = 1.0
    ds.PixelData = pixels.tobytes()
    return ds


def ramp(rows=64, columns=64, offset=0) -> np.ndarray:
    """Stored values 0..4095 spread over the image, plus *offset* (mod 4096)."""
    values = (np.arange(rows * columns, dtype=np.int64) * 4096 // (rows * columns) + offset) % 4096
    return values.reshape(rows, columns).astype(np.uint16)


def write(ds: Dataset, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def write_series(folder: Path, count: int, *, step=1.0, z0=0.0, **kwargs) -> list[Path]:
    """*count* slices 1 mm apart (by default) at z = z0 + i * step; pixels differ per slice."""
    paths = []
    for i in range(count):
        ds = ct_dataset(ramp(offset=37 * i), z=z0 + i * step, number=i + 1, **kwargs)
        paths.append(write(ds, folder / f"{i + 1:04d}.dcm"))
    return paths
