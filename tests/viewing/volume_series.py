"""Series with known volume geometry for the MPR tests (pydicom + numpy only).

:func:`write_volume` writes the slices of a stored-value array ``(slices, rows, columns)``:
slice k at ``origin + k * step * normal`` (normal = row x column directions) unless *tilt* or
*gaps* move it, files named in a shuffled order, Instance Numbers optionally reversed. The
test knows the truth: voxel (k, r, c) is at ``origin + k*step*normal + r*row_spacing*column +
c*column_spacing*row`` and holds ``slope * stored + intercept``.

Named geometries (row direction, column direction) of the scanners' usual series:
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

GEOMETRIES = {
    "axial-head-first": ((1, 0, 0), (0, 1, 0)),  # HFS: normal +z
    "axial-feet-first": ((-1, 0, 0), (0, 1, 0)),  # FFS: patient left on the image's left
    "coronal": ((1, 0, 0), (0, 0, -1)),
    "sagittal": ((0, 1, 0), (0, 0, -1)),
    "oblique": ((0.8660254, 0.5, 0.0), (0.0, 0.2588190, -0.9659258)),  # not orthogonal: fixed
}


def directions(name: str) -> tuple[np.ndarray, np.ndarray]:
    row, column = (np.asarray(v, float) for v in GEOMETRIES[name])
    row /= np.linalg.norm(row)
    column = column - np.dot(column, row) * row
    return row, column / np.linalg.norm(column)


def write_volume(folder: Path, stored: np.ndarray, geometry: str = "axial-head-first", *,
                 origin=(-20.0, -15.0, 30.0), spacing=(0.8, 0.8), step=2.0,
                 slope=1.0, intercept=-1024.0, reverse_numbers=False, seed=0,
                 tilt=0.0, gaps=None, signed=False, bits_stored=16) -> list[Path]:
    """Write one series; *tilt* shifts slice k sideways by k * tilt mm along the column
    direction (a gantry tilt), *gaps* adds mm to each slice's position (uneven spacing)."""
    row, column = directions(geometry)
    normal = np.cross(row, column)
    folder.mkdir(parents=True, exist_ok=True)
    uids = {name: generate_uid(entropy_srcs=[str(folder), name]) for name in
            ("study", "series", "for")}
    count = stored.shape[0]
    order = np.random.default_rng(seed).permutation(count)  # file names shuffled
    paths = []
    for k in range(count):
        position = np.asarray(origin, float) + k * step * normal + k * tilt * column
        if gaps is not None:
            position = position + gaps[k] * normal
        number = count - k if reverse_numbers else k + 1
        ds = _slice(stored[k], uids, k, position, row, column, spacing, number, slope,
                    intercept, signed)
        ds.BitsStored, ds.HighBit = bits_stored, bits_stored - 1
        path = folder / f"file{int(order[k]):04d}.dcm"
        ds.save_as(path, enforce_file_format=True)
        paths.append(path)
    return paths


def _slice(pixels, uids, k, position, row, column, spacing, number, slope, intercept,
           signed) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = CTImageStorage
    sop = generate_uid(entropy_srcs=[uids["series"], str(k)])
    ds.file_meta.MediaStorageSOPInstanceUID = sop
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, sop
    ds.StudyInstanceUID, ds.SeriesInstanceUID = uids["study"], uids["series"]
    ds.FrameOfReferenceUID = uids["for"]
    ds.Modality, ds.PatientName, ds.PatientID = "CT", "VOLUME^TEST", "VOL1"
    ds.StudyDate, ds.SeriesNumber, ds.InstanceNumber = "20240102", 1, number
    ds.ImagePositionPatient = [f"{v:.6f}" for v in position]
    ds.ImageOrientationPatient = [f"{v:.7f}" for v in (*row, *column)]
    ds.PixelSpacing = [f"{spacing[0]:g}", f"{spacing[1]:g}"]
    ds.SliceThickness = "1"
    ds.Rows, ds.Columns = pixels.shape
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 16, 15
    ds.PixelRepresentation = 1 if signed else 0
    ds.RescaleIntercept, ds.RescaleSlope = f"{intercept:g}", f"{slope:g}"
    ds.WindowCenter, ds.WindowWidth = "40", "400"
    dtype = "<i2" if signed else "<u2"
    ds.PixelData = np.ascontiguousarray(pixels, dtype=dtype).tobytes()
    return ds


def voxel_positions(shape, geometry: str, *, origin=(-20.0, -15.0, 30.0), spacing=(0.8, 0.8),
                    step=2.0) -> tuple[np.ndarray, np.ndarray]:
    """(origin, 3x3 matrix whose columns are the patient steps of index k, r, c)."""
    row, column = directions(geometry)
    normal = np.cross(row, column)
    axes = np.column_stack([normal * step, column * spacing[0], row * spacing[1]])
    return np.asarray(origin, float), axes
