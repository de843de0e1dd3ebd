"""Where the application's resources (translations, icons, licences) are.

They are ``viewer/_resources``: in the source tree (and an editable install) a symbolic link to
``resources/`` beside the package, in a wheel (``pipx install .``) a copy made by setuptools
(pyproject's package-data). In the frozen build (packaging/build.sh) PyInstaller unpacks them to
``sys._MEIPASS/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return (Path(__file__).resolve().parent / "_resources").resolve()


def icon_files() -> list[Path]:
    """The PNG renderings of the application icon that exist, smallest first."""
    found = (resources_folder() / "icons").glob("dicom-viewer-*.png")
    return sorted(found, key=lambda p: int(p.stem.rsplit("-", 1)[1]))
