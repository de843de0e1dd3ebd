"""Where objects live in the store folder, and how they get there without ever being half-written.

Layout: ``<store>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm``. Every UID is
validated (PS3.5 9.1) before it names a path, so a hostile UID such as ``../../x`` can never
point outside the store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from viewer.dicom.uid import is_valid_uid

TMP_PREFIX = ".tmp-"


class UnsafeUIDError(ValueError):
    """A UID that is not a valid DICOM UID was about to name a file in the store."""


def instance_relpath(study_uid: str, series_uid: str, sop_instance_uid: str) -> Path:
    """The path of an instance relative to the store root."""
    for name, uid in (("Study Instance UID", study_uid), ("Series Instance UID", series_uid),
                      ("SOP Instance UID", sop_instance_uid)):
        if not is_valid_uid(uid):
            raise UnsafeUIDError(f"{name} {uid!r} is not a valid UID")
    return Path(study_uid) / series_uid / f"{sop_instance_uid}.dcm"


def write_atomically(path: Path, chunks, *, fsync: bool = True) -> None:
    """Write *chunks* (bytes or an iterable of bytes) to *path*: temporary file, rename.

    A reader never sees a partial file at *path*; after a crash at most a ``.tmp-*`` file is left
    in the folder (they are swept by the store's rescan). *fsync* (default) makes the file
    durable before the rename; the Storage SCP leaves it off, as DCMTK's storescp does.
    """
    path = Path(path)
    if isinstance(chunks, (bytes, bytearray, memoryview)):
        chunks = (chunks,)
    try:
        temporary = make_temporary(path.parent)
    except FileNotFoundError:  # a new folder (checked only then: one system call saved per file)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = make_temporary(path.parent)
    _write_via(temporary, path, chunks, fsync)


def make_temporary(folder: Path) -> tuple[int, str]:
    """A new empty ``.tmp-*`` file in *folder*: ``(descriptor open for writing, path)``."""
    return tempfile.mkstemp(prefix=TMP_PREFIX, dir=folder)


def _write_via(temporary: tuple[int, str], path: Path, chunks, fsync: bool) -> None:
    fd, tmp = temporary
    try:
        try:
            for chunk in chunks:
                _write_all(fd, chunk)
            if fsync:
                os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def _write_all(fd: int, chunk) -> None:
    with memoryview(chunk) as view:
        view = view.cast("B") if view.format != "B" or view.ndim != 1 else view
        while view:
            view = view[os.write(fd, view):]
