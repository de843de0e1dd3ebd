"""Where the application's resources (translations, icons, licences) are.

From the source tree (or an editable install) they are ``resources/`` beside the ``viewer``
package; in the frozen build (packaging/build.sh) PyInstaller unpacks them to
``sys._MEIPASS/resources``.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_folder() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[1] / "resources"


def icon_files() -> list[Path]:
    """The PNG renderings of the application icon that exist, smallest first."""
    found = (resources_folder() / "icons").glob("dicom-viewer-*.png")
    return sorted(found, key=lambda p: int(p.stem.rsplit("-", 1)[1]))
