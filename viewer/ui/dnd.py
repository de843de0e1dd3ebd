"""Drag and drop onto the window: local files, folders and DICOMDIRs, several at once."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData


def dropped_paths(mime: QMimeData | None) -> list[Path]:
    """The local paths a drop carries (URLs that are not local files are ignored)."""
    if mime is None or not mime.hasUrls():
        return []
    paths = []
    for url in mime.urls():
        if url.isLocalFile():
            text = url.toLocalFile()
            if text:
                paths.append(Path(text))
    return list(dict.fromkeys(paths))


def accepts(mime: QMimeData | None) -> bool:
    return bool(dropped_paths(mime))
