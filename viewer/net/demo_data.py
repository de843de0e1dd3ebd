"""The demo archive's sample studies, written once into a cache folder. Qt-free.

Contents (one file per SOP Instance UID):

- a generated chest CT study (patient ``DEMO^CHEST``) with three series: a localizer, a 5 mm
  soft-tissue axial series and a 2.5 mm axial series, made with numpy (a phantom: body, bone
  ring, lungs, a lesion that grows and shrinks along z); UIDs are derived from fixed seeds, so
  every generation gives the same objects;
- a generated MR study of the Japanese patient of pydicom's ``chrH31.dcm``
  (``Yamada^Tarou=山田^太郎=やまだ^たろう``, Specific Character Set ``\\ISO 2022 IR 87``), plus that
  charset file itself;
- images bundled with pydicom (CT_small, MR_small, a JPEG 2000 head CT, a JPEG 2000 NM, an RLE
  colour image with 2 frames) and, when the optional pydicom-data package is installed, a few
  full-size ones (US colour, CR MONOCHROME1, MR 1024).

Nothing is downloaded. The folder is ``$DICOM_VIEWER_DEMO_DIR``, else
``<user cache folder>/dicom-viewer/demo-<VERSION>``; it is built in a temporary sibling folder
and renamed, so a half-written demo is never used.
"""

from __future__ import annotations

import datetime
import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import (CTImageStorage, ExplicitVRLittleEndian, MRImageStorage,
                         PYDICOM_IMPLEMENTATION_UID, generate_uid)

VERSION = 4  # 4: the topogram's rows lie where the axial slices are
COMPLETE_MARK = ".complete"
BUNDLED = ("CT_small.dcm", "MR_small.dcm", "693_J2KI.dcm", "JPEG2000.dcm",
           "SC_rgb_rle_2frame.dcm")
OPTIONAL = ("US1_UNCR.dcm", "RG1_UNCI.dcm", "MR2_UNCI.dcm")  # pydicom-data, when installed
JAPANESE_FILE = "chrH31.dcm"
JAPANESE_NAME = "Yamada^Tarou=山田^太郎=やまだ^たろう"
TOPOGRAM_TOP = 60.0  # z (mm) of the topogram's first row: above the scan range, as planned
SCAN_RANGE = 195.0  # mm from the first to the last slice of the 5 mm series
CT_SERIES = (  # number, description, slices, thickness (mm), window center/width
    (1, "Topogram", 1, 0.0, (0, 1400)),
    (2, "Axial 5 mm soft tissue", 40, 5.0, (40, 400)),
    (3, "Axial 2.5 mm lung", 80, 2.5, (-600, 1500)),
)


def demo_folder(env=None) -> Path:
    """Where the demo data lives (see the module text)."""
    env = os.environ if env is None else env
    if env.get("DICOM_VIEWER_DEMO_DIR"):
        return Path(env["DICOM_VIEWER_DEMO_DIR"]).expanduser()
    if sys.platform == "win32" and env.get("LOCALAPPDATA"):
        base = Path(env["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(env.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "dicom-viewer" / f"demo-{VERSION}"


def ensure_demo_data(folder: Path | None = None) -> Path:
    """The demo folder, generated first if it is not complete yet."""
    folder = demo_folder() if folder is None else Path(folder)
    if (folder / COMPLETE_MARK).exists():
        return folder
    folder.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        write_demo_data(building)
        (building / COMPLETE_MARK).write_text("ok\n")
        if folder.exists():  # an incomplete leftover: replace it
            shutil.rmtree(folder, ignore_errors=True)
        try:
            os.replace(building, folder)
        except OSError:
            if not (folder / COMPLETE_MARK).exists():  # nobody else finished it meanwhile
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return folder


def write_demo_data(out: Path) -> None:
    """Write every demo object under *out*."""
    out = Path(out)
    today = datetime.date.today()
    _write_ct_study(out / "ct", today)
    _write_japanese_mr(out / "mr-ja", today - datetime.timedelta(days=1))
    samples = out / "samples"
    samples.mkdir(parents=True, exist_ok=True)
    for name in BUNDLED + OPTIONAL:
        path = get_testdata_file(name, download=False)
        if path:
            shutil.copyfile(path, samples / name)
    for path in get_charset_files():
        if os.path.basename(path) == JAPANESE_FILE:
            shutil.copyfile(path, samples / JAPANESE_FILE)


# --- generated objects -------------------------------------------------------------------------

def _uid(*parts) -> str:
    return generate_uid(entropy_srcs=["dicom-viewer demo", *map(str, parts)])


def _file_meta(sop_class: str, sop_instance: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    return meta


def _base(sop_class: str, sop_instance: str, when: datetime.date) -> Dataset:
    ds = Dataset()
    ds.file_meta = _file_meta(sop_class, sop_instance)
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, sop_instance
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = when.strftime("%Y%m%d")
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = "093000"
    ds.ReferringPhysicianName = "HOUSE^GREGORY"
    ds.Manufacturer = "dicom-viewer demo"
    ds.PatientBirthDate = "19640229"
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    return ds


def _phantom(size: int, z: float, rng) -> np.ndarray:
    """Hounsfield units of one axial slice; z in [0, 1] from head to feet of the scan range."""
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size - 0.5
    body = (x / 0.42) ** 2 + (y / 0.30) ** 2
    hu = np.full((size, size), -1000.0, np.float32)
    hu[body <= 1.0] = 40.0
    hu[(body > 0.88) & (body <= 1.0)] = 800.0  # ribs
    lung_scale = np.sqrt(max(0.0, 1 - ((z - 0.42) / 0.45) ** 2))  # apex to diaphragm domes
    for side in (-1, 1):  # lungs
        lung = ((x - side * 0.17) / (0.13 * lung_scale + 1e-6)) ** 2 + \
            ((y + 0.02) / (0.2 * lung_scale + 1e-6)) ** 2
        hu[(lung <= 1.0) & (lung_scale > 0.05)] = -850.0
    hu[((x + 0.03) / 0.09) ** 2 + ((y + 0.03) / 0.1) ** 2 <= (1.0 if 0.25 < z < 0.7 else 0)] = 45.0
    hu[(x ** 2 + (y - 0.18) ** 2) <= 0.035 ** 2] = 700.0  # spine
    radius = 0.06 * np.sqrt(max(0.0, 1 - (2 * z - 1) ** 2))
    hu[((x + 0.17) ** 2 + (y + 0.05) ** 2) <= radius ** 2] = 55.0  # a nodule
    hu += rng.normal(0, 10, size=hu.shape).astype(np.float32)
    return np.clip(hu + 1024, 0, 4095).astype(np.uint16)


def _write_ct_study(out: Path, when: datetime.date) -> None:
    study, frame = _uid("ct study"), _uid("ct frame")
    size, spacing = 256, 1.4
    for number, description, slices, thickness, window in CT_SERIES:
        series = _uid("ct series", number)
        rng = np.random.default_rng(number)
        for i in range(slices):
            ds = _base(CTImageStorage, _uid("ct", number, i), when)
            _ct_attributes(ds, study, series, frame, number, description, i)
            if slices == 1:
                pixels = _topogram(size, spacing, rng)
                ds.ImageType = ["ORIGINAL", "PRIMARY", "LOCALIZER"]
                ds.ImageOrientationPatient = [1, 0, 0, 0, 0, -1]
                ds.ImagePositionPatient = [-size * spacing / 2, 0, TOPOGRAM_TOP]
            else:
                z = -thickness * i
                pixels = _phantom(size, i / max(1, slices - 1), rng)
                ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
                ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
                ds.ImagePositionPatient = [-size * spacing / 2, -size * spacing / 2, z]
                ds.SliceLocation, ds.SliceThickness = f"{z:g}", f"{thickness:g}"
            ds.Rows, ds.Columns = pixels.shape
            ds.PixelSpacing = [spacing, spacing]
            ds.WindowCenter, ds.WindowWidth = window
            ds.PixelData = pixels.tobytes()
            _save(ds, out / f"series{number}" / f"{i + 1:04d}.dcm")


def _ct_attributes(ds, study, series, frame, number, description, index) -> None:
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.Modality, ds.BodyPartExamined = "CT", "CHEST"
    ds.PatientName, ds.PatientID, ds.PatientSex = "DEMO^CHEST", "DEMO0001", "F"
    ds.AccessionNumber, ds.StudyID = "DEMO-CT-1", "1"
    ds.StudyDescription = "CT CHEST WITHOUT CONTRAST"
    ds.SeriesDescription = description
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.FrameOfReferenceUID = study, series, frame
    ds.SeriesNumber, ds.InstanceNumber, ds.AcquisitionNumber = number, index + 1, 1
    ds.PositionReferenceIndicator, ds.PatientPosition, ds.KVP = "", "FFS", "120"
    ds.RescaleIntercept, ds.RescaleSlope, ds.RescaleType = -1024, 1, "HU"


def _topogram(size: int, spacing: float, rng) -> np.ndarray:
    """A frontal projection of the phantom where the axial series lie: row r at z = TOPOGRAM_TOP
    - r * spacing mm, the axial scan range (phantom 0..1) from z = 0 to -SCAN_RANGE, so
    reference lines of the axial slices cut it where their anatomy is; in bands of 4 rows."""
    band = 4
    centres = TOPOGRAM_TOP - spacing * (np.arange(0, size, band) + (band - 1) / 2)
    slices = [_phantom(size, -z / SCAN_RANGE, rng).astype(np.float32) - 1024 for z in centres]
    projection = np.stack([s.mean(axis=0) for s in slices])  # size / band x size
    image = np.repeat(projection, band, axis=0)
    image = (image - image.min()) / max(1e-6, float(np.ptp(image)))
    return np.clip(image * 1400 + 300, 0, 4095).astype(np.uint16)


def _write_japanese_mr(out: Path, when: datetime.date) -> None:
    """An axial MR series of the patient of chrH31.dcm, names encoded in ISO 2022 IR 87."""
    study, series = _uid("mr study"), _uid("mr series")
    size, rng = 128, np.random.default_rng(7)
    for i in range(12):
        ds = _base(MRImageStorage, _uid("mr", i), when)
        ds.SpecificCharacterSet = ["", "ISO 2022 IR 87"]
        ds.PatientName, ds.PatientID, ds.PatientSex = JAPANESE_NAME, "H31EXAMPLE", "M"
        ds.Modality, ds.BodyPartExamined = "MR", "HEAD"
        ds.AccessionNumber, ds.StudyID = "DEMO-MR-1", "2"
        ds.StudyDescription, ds.SeriesDescription = "MR HEAD", "T2 axial"
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.FrameOfReferenceUID = _uid("mr frame")
        ds.SeriesNumber, ds.InstanceNumber = 1, i + 1
        ds.ImageOrientationPatient = [1, 0, 0, 0, 1, 0]
        ds.ImagePositionPatient = [-96, -96, 5.0 * i]
        ds.PixelSpacing, ds.SliceThickness = [1.5, 1.5], "5"
        ds.WindowCenter, ds.WindowWidth = 600, 1200
        pixels = _head(size, i / 11, rng)
        ds.Rows, ds.Columns = pixels.shape
        ds.PixelData = pixels.tobytes()
        _save(ds, out / f"{i + 1:04d}.dcm")


def _head(size: int, z: float, rng) -> np.ndarray:
    y, x = np.mgrid[0:size, 0:size].astype(np.float32) / size - 0.5
    scale = 0.75 + 0.25 * np.sin(np.pi * (0.2 + 0.6 * z))
    r = (x / (0.36 * scale)) ** 2 + (y / (0.44 * scale)) ** 2
    img = np.zeros((size, size), np.float32)
    img[r <= 1.0] = 900.0  # CSF-bright T2
    img[r <= 0.8] = 500.0  # brain
    img[(x ** 2 / 0.06 ** 2 + y ** 2 / 0.12 ** 2) <= 1.0] = 1100.0  # ventricles
    img += rng.normal(0, 20, size=img.shape).astype(np.float32)
    return np.clip(img, 0, 4095).astype(np.uint16)


def _save(ds: Dataset, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds.save_as(path, enforce_file_format=True)


def demo_files(folder: Path) -> list[Path]:
    """Every DICOM file of the demo folder, sorted."""
    return sorted(p for p in Path(folder).rglob("*.dcm") if p.is_file())


__all__ = ["demo_folder", "ensure_demo_data", "write_demo_data", "demo_files", "JAPANESE_NAME",
           "VERSION"]
