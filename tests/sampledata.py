"""The offline sample files: pydicom's bundled test files and the pydicom-data package.

Nothing here downloads: the folders are found from the installed packages. pydicom-data is a
test dependency (pyproject.toml's ``test`` extra): without it the tests fail, naming it. Names of
the files that are broken on purpose are listed so tests can expect a clear failure instead of
pixels.
"""

from __future__ import annotations

import functools
import importlib.util
from pathlib import Path

import pydicom
import pytest

PYDICOM_FILES = Path(pydicom.__file__).parent / "data" / "test_files"

# Broken on purpose: decoding must fail with a clear message, never a crash.
BROKEN = {
    "JPEG-lossy.dcm",  # bad scan header
    "JPEG2000-embedded-sequence-delimiter.dcm",
    "MR_truncated.dcm",
    "badVR.dcm",  # Number of Frames '1A'
}
# DCMTK 3.6.7 cannot render these: a file it rejects, 32-bit RGB, 16-bit segmented palettes.
DCMTK_CANNOT = {"SC_rgb_jpeg.dcm", "gdcm-US-ALOKA-16.dcm", "gdcm-US-ALOKA-16_big.dcm",
                "SC_rgb_32bit.dcm", "SC_rgb_32bit_2frame.dcm", "SC_rgb_expb_32bit.dcm",
                "SC_rgb_expb_32bit_2frame.dcm"}


def pydicom_data_folder() -> Path:
    """The pydicom-data package's files; fails the test (never skips) when it is not installed."""
    spec = importlib.util.find_spec("data_store")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("pydicom-data is not installed: pip install pydicom-data (a test "
                    "dependency in pyproject.toml)", pytrace=False)
    return Path(list(spec.submodule_search_locations)[0]) / "data"


def sample_folders() -> list[Path]:
    return [PYDICOM_FILES, pydicom_data_folder()]


@functools.lru_cache(maxsize=1)
def image_files() -> tuple[Path, ...]:
    """Every sample file whose top-level dataset has Pixel Data (headers only are read)."""
    found = []
    for folder in sample_folders():
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or path.suffix in {".py", ".json", ".txt", ".gz", ".bz2", ".zip"}:
                continue
            try:
                ds = pydicom.dcmread(path, stop_before_pixels=False, defer_size=64, force=True)
            except Exception:
                continue
            if "PixelData" in ds and "Rows" in ds:
                found.append(path)
    return tuple(found)


def sample_id(path: Path) -> str:
    for folder in sample_folders():
        if path.is_relative_to(folder):
            return str(path.relative_to(folder))
    return path.name
