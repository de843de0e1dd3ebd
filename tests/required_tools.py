"""Peers and oracles the suite needs: a missing one fails the test, naming what to install.

The README's set-up (packaging/system-deps.sh) installs every one of them; a test that needs a
program calls :func:`require` instead of skipping, so a machine without it cannot pass silently.
"""

from __future__ import annotations

import shutil

import pytest

# program -> the Debian package that provides it
PACKAGES = {
    "storescu": "dcmtk", "storescp": "dcmtk", "findscu": "dcmtk", "movescu": "dcmtk",
    "getscu": "dcmtk", "echoscu": "dcmtk", "dcmqrscp": "dcmtk", "dcm2pnm": "dcmtk",
    "dcmp2pgm": "dcmtk", "dcmsend": "dcmtk", "dcmdump": "dcmtk", "dsrdump": "dcmtk",
    "dcmprscp": "dcmtk", "dcmpsprt": "dcmtk", "dcmprscu": "dcmtk", "dcmmkdir": "dcmtk",
    "dcmdjpeg": "dcmtk", "dcmcjpeg": "dcmtk", "dcmdrle": "dcmtk",
    "img2dcm": "dcmtk", "pdf2dcm": "dcmtk", "dcm2pdf": "dcmtk", "dcmconv": "dcmtk", "dcmdjpls": "dcmtk",
    "gdcmconv": "libgdcm-tools", "gdcmraw": "libgdcm-tools", "gdcmimg": "libgdcm-tools",
    "Orthanc": "orthanc", "dciodvfy": "dicom3tools", "dcsrdump": "dicom3tools",
    "ffmpeg": "ffmpeg", "ffprobe": "ffmpeg", "ojph_compress": "openjph-tools",
    "ojph_expand": "openjph-tools",
    "update-mime-database": "shared-mime-info", "desktop-file-validate": "desktop-file-utils",
    "update-desktop-database": "desktop-file-utils", "xdg-mime": "xdg-utils",
    "gio": "libglib2.0-bin",
}


def require(program: str, package: str | None = None) -> str:
    """Path of *program*; fails the calling test (never skips) when it is not installed."""
    path = shutil.which(program)
    if path is None:
        package = package or PACKAGES.get(program, program)
        pytest.fail(f"{program} is not installed: install the Debian package '{package}' "
                    "(packaging/system-deps.sh does)", pytrace=False)
    return path
