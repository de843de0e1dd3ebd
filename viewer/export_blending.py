"""Where a headless export finds the superimposed images of a Blending presentation state.

The command line has no open series: ``export --pr FUSION.dcm --superimposed PET/`` names the
files or folders (read recursively) holding them; without it the files next to the exported
image (its folder, not its subfolders) are looked at. Headers are read once, when the state
first asks (:func:`superimposed_source`); files that are not DICOM are passed over.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from viewer.dicom.loader import open_paths

__all__ = ["default_superimposed_paths", "superimposed_source"]


def default_superimposed_paths(image_path: Path) -> list[Path]:
    """The files in the folder of *image_path* (not in its subfolders)."""
    folder = Path(image_path).parent
    return sorted(p for p in folder.iterdir() if p.is_file())


def superimposed_source(paths: Sequence[Path]) -> Callable[[str], list | None]:
    """*source(series_uid)*: the Instances of that series found under *paths*, or None."""
    found: dict[str, list] = {}
    read = False

    def source(series_uid: str) -> list | None:
        nonlocal read
        if not read:
            for instance in open_paths(paths).instances:
                found.setdefault(instance.series_instance_uid, []).append(instance)
            read = True
        return found.get(series_uid)

    return source
