"""Real DICOM files for the store tests (never mocks) and an index consistency check."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from peerkit import make_series as synthetic
PYDICOM_DATA = Path(pydicom.__file__).parent / "data"
TEST_FILES = PYDICOM_DATA / "test_files"
CHARSET_FILES = PYDICOM_DATA / "charset_files"
DICOMDIR = TEST_FILES / "dicomdirtests" / "DICOMDIR"


def make_series(out: Path, n: int, *, studies: int = 1, rows: int = 16, seed: int = 1,
                extra=()) -> list[Path]:
    """Synthetic CT slices (peerkit.make_series); the sorted list of files written.
    *extra*: more make_series command-line options."""
    options = ["-n", str(n), "--studies", str(studies), "--rows", str(rows), "--cols", str(rows),
               "--seed", str(seed), *extra]
    synthetic.main([str(out), *options])
    return sorted(Path(out).rglob("*.dcm"))


def write_instance(path: Path, *, sop_class="1.2.840.10008.5.1.4.1.1.7", study=None, series=None,
                   sop=None, **attributes) -> Path:
    """A small Part 10 file written with pydicom (Secondary Capture unless told otherwise)."""
    ds = Dataset()
    ds.preamble = b"\0" * 128
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = sop_class
    ds.SOPInstanceUID = sop or generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID = study or generate_uid()
    ds.SeriesInstanceUID = series or generate_uid()
    ds.PatientName = "TEST^WRITTEN"
    ds.PatientID = "W1"
    ds.Modality = "OT"
    for keyword, value in attributes.items():
        if value is None:
            delattr(ds, keyword)
        else:
            setattr(ds, keyword, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=False)
    return path


def copy_tree(files, dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(files):
        shutil.copyfile(path, dest / f"{i:04d}_{path.name}")
    return dest


def check_consistent(store: Path) -> sqlite3.Connection:
    """Assert the index invariants; returns a read-only connection for further checks.

    Every row's file exists and is a complete DICOM file; every *.dcm in the store has a row;
    no temporary file is left; the counts equal the rows.
    """
    conn = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True)
    paths = [p for (p,) in conn.execute("SELECT path FROM instance")]
    for stored in paths:
        path = Path(stored) if os.path.isabs(stored) else store / stored
        assert path.is_file(), f"row points at a missing file {path}"
        ds = pydicom.dcmread(path)  # the whole file, pixel data included
        if "PixelData" in ds and not ds.file_meta.TransferSyntaxUID.is_compressed:
            frames = str(ds.get("NumberOfFrames") or 1)
            frames = int(frames) if frames.isdigit() else 1  # badVR.dcm has '1A'
            expected = ds.Rows * ds.Columns * ds.SamplesPerPixel * ds.BitsAllocated // 8 * frames
            assert len(ds.PixelData) >= expected, f"{path} is truncated"
    on_disk = {p.relative_to(store).as_posix() for p in store.glob("*/*/*.dcm")}
    assert on_disk <= set(paths), f"files without rows: {sorted(on_disk - set(paths))[:3]}"
    assert not list(store.glob("*/*/.tmp-*")), "temporary files left"
    bad = conn.execute(
        "SELECT series_uid FROM series WHERE number_of_instances <> "
        "(SELECT count(*) FROM instance WHERE instance.series_key = series.series_key)").fetchall()
    assert bad == []
    bad = conn.execute(
        "SELECT study_uid FROM study WHERE number_of_series <> (SELECT count(*) FROM series "
        "WHERE series.study_key = study.study_key) OR number_of_instances <> (SELECT count(*) "
        "FROM instance JOIN series USING (series_key) WHERE series.study_key = study.study_key)"
    ).fetchall()
    assert bad == []
    return conn
