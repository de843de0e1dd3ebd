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


class UnsafeUIDError(ValueError):
    """A UID that is not a valid DICOM UID was about to name a file in the store."""


def instance_relpath(study_uid: str, series_uid: str, sop_instance_uid: str) -> Path:
    """The path of an instance relative to the store root."""
    for name, uid in (("Study Instance UID", study_uid), ("Series Instance UID", series_uid),
                      ("SOP Instance UID", sop_instance_uid)):
        if not is_valid_uid(uid):
            raise UnsafeUIDError(f"{name} {uid!r} is not a valid UID")
    return Path(study_uid) / series_uid / f"{sop_instance_uid}.dcm"


def write_atomically(path: Path, chunks) -> None:
    """Write *chunks* (bytes or an iterable of bytes) to *path*: temporary file, fsync, rename.

    A reader never sees a partial file at *path*; after a crash at most a ``.tmp-*`` file is left
    in the folder (they are swept by the store's rescan).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(chunks, (bytes, bytearray, memoryview)):
        chunks = (chunks,)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
