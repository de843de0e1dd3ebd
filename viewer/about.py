"""What this build is made of: the versions of the application and its components, and each
bundled component's licence. Used by ``dicom-viewer --version`` and Help > About; Qt-free (the
caller passes the running Qt version when it has one)."""

from __future__ import annotations

import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

from viewer import __version__

NOT_INSTALLED = "not installed"


@dataclass(frozen=True)
class Component:
    name: str
    distribution: str | None  # the installed distribution whose version is shown
    licence: str  # SPDX identifier, checked against the metadata by tests/test_about.py


COMPONENTS = (
    Component("Python", None, "PSF-2.0"),
    Component("Qt", None, "LGPL-3.0-only"),
    Component("PySide6", "PySide6-Essentials", "LGPL-3.0-only"),
    Component("shiboken6", "shiboken6", "LGPL-3.0-only"),
    Component("pydicom", "pydicom", "MIT"),
    Component("pynetdicom", "pynetdicom", "MIT"),
    Component("NumPy", "numpy", "BSD-3-Clause"),
    Component("pyqtgraph", "pyqtgraph", "MIT"),
    Component("pylibjpeg", "pylibjpeg", "MIT"),
    Component("pylibjpeg-libjpeg", "pylibjpeg-libjpeg", "GPL-3.0"),  # and the libjpeg it wraps
    Component("pylibjpeg-openjpeg", "pylibjpeg-openjpeg", "MIT"),  # OpenJPEG inside: BSD-2
    Component("OpenJPEG", None, "BSD-2-Clause"),
    Component("pylibjpeg-rle", "pylibjpeg-rle", "MIT"),
    Component("pypdfium2", "pypdfium2", "BSD-3-Clause"),  # or Apache-2.0; PDFium inside
    Component("PyAV", "av", "BSD-3-Clause"),  # video decoding; FFmpeg inside
    Component("FFmpeg", None, "LGPL-3.0-or-later"),  # in PyAV's wheels, with x264/x265 (GPL)
    Component("Pillow", "pillow", "MIT-CMU"),  # ICC profiles of presentation states; littleCMS
    Component("littleCMS", None, "MIT"),  # inside Pillow's wheel (PIL.ImageCms)
)


def distribution_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return NOT_INSTALLED


def openjpeg_library_version() -> str:
    """The OpenJPEG C library inside pylibjpeg-openjpeg."""
    try:
        from openjpeg.utils import get_openjpeg_version
    except ImportError:
        return NOT_INSTALLED
    return ".".join(str(part) for part in get_openjpeg_version())


def ffmpeg_library_version() -> str:
    """The FFmpeg libraries inside PyAV's wheel."""
    try:
        import av
    except ImportError:
        return NOT_INSTALLED
    return str(av.ffmpeg_version_info)


def littlecms_library_version() -> str:
    """The littleCMS library inside Pillow's wheel."""
    try:
        from PIL import features
    except ImportError:
        return NOT_INSTALLED
    return features.version("littlecms2") or NOT_INSTALLED


def component_version(component: Component, qt_version: str | None = None) -> str:
    if component.name == "Python":
        return platform.python_version()
    if component.name == "Qt":
        return qt_version or NOT_INSTALLED
    if component.name == "OpenJPEG":
        return openjpeg_library_version()
    if component.name == "FFmpeg":
        return ffmpeg_library_version()
    if component.name == "littleCMS":
        return littlecms_library_version()
    return distribution_version(component.distribution)


def component_versions(qt_version: str | None = None) -> list[tuple[str, str]]:
    """(name, version) of the application, then of every component, in COMPONENTS' order."""
    return [("DICOM Viewer", __version__),
            *((c.name, component_version(c, qt_version)) for c in COMPONENTS)]


def version_text(qt_version: str | None = None) -> str:
    """``dicom-viewer --version``: the first line is the application, then one per component."""
    rows = component_versions(qt_version)
    width = max(len(name) for name, _ in rows[1:])
    lines = [f"dicom-viewer {rows[0][1]}"]
    lines += [f"  {name:<{width}}  {value}" for name, value in rows[1:]]
    return "\n".join(lines)
