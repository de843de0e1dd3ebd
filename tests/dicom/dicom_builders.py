"""Helpers for the viewer.dicom tests: offline sample files and synthetic data sets.

Nothing downloads: ``get_testdata_file(..., download=False)`` finds pydicom's bundled files and
the pydicom-data package; a missing file fails the test loudly instead of skipping it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (
    CTImageStorage,
    ExplicitVRLittleEndian,
    SecondaryCaptureImageStorage,
    generate_uid,
)

DATA = Path(__file__).parent / "data"


def sample(name: str) -> str:
    """Path of an offline sample file (pydicom test files, pydicom-data or tests/dicom/data)."""
    local = DATA / name
    if local.is_file():
        return str(local)
    found = get_testdata_file(name, download=False)
    assert found, f"offline sample {name!r} is missing (is pydicom-data installed?)"
    return str(found)


def charset_sample(name: str) -> str:
    found = get_charset_files(name)
    assert found, f"charset sample {name!r} is missing"
    return str(found[0])


def image_dataset(
    pixels: np.ndarray | bytes | None = None,
    *,
    rows: int = 4,
    columns: int = 5,
    frames: int | None = None,
    bits_allocated: int = 16,
    bits_stored: int | None = None,
    signed: bool = False,
    samples: int = 1,
    photometric: str = "MONOCHROME2",
    syntax: str = ExplicitVRLittleEndian,
    sop_class: str = SecondaryCaptureImageStorage,
) -> Dataset:
    """A minimal valid image data set with File Meta; *pixels* become the Pixel Data."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    ds.Modality = "OT"
    ds.PatientName = "TEST^DICOM"
    ds.Rows, ds.Columns = rows, columns
    ds.SamplesPerPixel = samples
    ds.PhotometricInterpretation = photometric
    if samples > 1:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored or bits_allocated
    ds.HighBit = ds.BitsStored - 1
    ds.PixelRepresentation = int(signed)
    if frames is not None:
        ds.NumberOfFrames = frames
    if pixels is None:
        count = rows * columns * samples * (frames or 1)
        dtype = f"<{'i' if signed else 'u'}{max(bits_allocated // 8, 1)}"
        pixels = (np.arange(count) % 251).astype(dtype)
    ds.PixelData = pixels if isinstance(pixels, bytes) else pixels.tobytes()
    return ds


def write(ds: Dataset, path: Path, *, implicit: bool | None = None) -> str:
    """Write *ds* as a DICOM file (with preamble and File Meta) and return the path."""
    ds.save_as(path, enforce_file_format=True, implicit_vr=implicit)
    return str(path)


def ct_slice(
    study: str,
    series: str,
    *,
    position: tuple[float, float, float] | None,
    number: int | None,
    orientation: tuple[float, ...] = (1, 0, 0, 0, 1, 0),
    sop_uid: str | None = None,
) -> Dataset:
    """A 2x2 CT slice with the given geometry, for series assembly tests."""
    ds = image_dataset(rows=2, columns=2, sop_class=CTImageStorage)
    ds.Modality = "CT"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    if sop_uid:
        ds.SOPInstanceUID = sop_uid
    if position is not None:
        ds.ImagePositionPatient = list(position)
        ds.ImageOrientationPatient = list(orientation)
    if number is not None:
        ds.InstanceNumber = number
    return ds


def write_raw(
    ds: Dataset,
    path: Path,
    *,
    declared_syntax: str | None,
    implicit: bool = False,
    little: bool = True,
    preamble: bool = True,
) -> str:
    """Write *ds* encoded as (*implicit*, *little*) whatever *declared_syntax* says.

    ``declared_syntax=None`` writes no File Meta Information at all (a raw data set), and
    ``preamble=False`` leaves out the 128-byte preamble and ``DICM``. This makes the files pydicom
    refuses to write: a transfer syntax that lies, or no File Meta.
    """
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset, write_file_meta_info

    out = DicomBytesIO()
    if preamble:
        out.write(b"\0" * 128 + b"DICM")
    if declared_syntax is not None:
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = ds.SOPClassUID
        meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        meta.TransferSyntaxUID = declared_syntax
        write_file_meta_info(out, meta, enforce_standard=True)
    body = Dataset(ds)
    body.file_meta = FileMetaDataset()
    out.is_little_endian, out.is_implicit_VR = little, implicit
    write_dataset(out, body)
    Path(path).write_bytes(out.getvalue())
    return str(path)
