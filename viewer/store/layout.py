"""Where objects live in the store folder, and how they get there without ever being half-written.

Layout: ``<store>/<StudyInstanceUID>/<SeriesInstanceUID>/<SOPInstanceUID>.dcm``. Every UID is
validated (PS3.5 9.1) before it names a path, so a hostile UID such as ``../../x`` can never
point outside the store.
"""

from __future__ import annotations

import os
import tempfile
import threading
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


def write_atomically(path: Path, chunks, *, fsync: bool = True,
                     spare: "SpareFile | None" = None) -> None:
    """Write *chunks* (bytes or an iterable of bytes) to *path*: temporary file, rename.

    A reader never sees a partial file at *path*; after a crash at most a ``.tmp-*`` file is left
    in the folder (they are swept by the store's rescan). *fsync* (default) makes the file
    durable before the rename; the Storage SCP leaves it off, as DCMTK's storescp does.
    *spare*: where a temporary file made ahead in the right folder may wait.
    """
    path = Path(path)
    if isinstance(chunks, (bytes, bytearray, memoryview)):
        chunks = (chunks,)
    made_ahead = spare.take(path.parent) if spare is not None else None
    if made_ahead is not None:
        chunks = tuple(chunks)
        try:
            _write_via(made_ahead, path, chunks, fsync)
            return
        except FileNotFoundError:  # its folder went away meanwhile (a study deleted)
            pass
    try:
        temporary = make_temporary(path.parent)
    except FileNotFoundError:  # a new folder (checked only then: one system call saved per file)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = make_temporary(path.parent)
    _write_via(temporary, path, chunks, fsync)


class SpareFile:
    """One empty temporary file made ahead, in the folder the next file will most likely go to.

    Creating a file is the dearest step of storing a received instance (0.3-0.6 ms on ext4,
    as much as the Python work around it). The Storage SCP makes the next one right after
    answering, while the peer prepares its next instance, instead of while the peer waits for
    the answer. One per association; :meth:`close` when it ends (nothing is made after). A
    crash leaves an empty ``.tmp-*`` file, swept like any other.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: tuple[Path, int, str] | None = None
        self._closed = False

    def prepare(self, folder: Path) -> None:
        """Make the spare in *folder* (an existing folder) unless there is one."""
        with self._lock:
            if self._made is not None or self._closed:
                return
            try:
                fd, tmp = make_temporary(folder)
            except OSError:  # the writer will meet the same error and report it
                return
            self._made = (folder, fd, tmp)

    def take(self, folder: Path) -> tuple[int, str] | None:
        """The spare as ``(descriptor, path)`` if it lies in *folder* (else it is removed)."""
        with self._lock:
            made, self._made = self._made, None
        if made is None:
            return None
        if made[0] == folder:
            return made[1], made[2]
        _remove(made[1], made[2])
        return None

    def close(self) -> None:
        """Remove the spare; make none from now on."""
        with self._lock:
            made, self._made, self._closed = self._made, None, True
        if made is not None:
            _remove(made[1], made[2])


def remove_temporary(fd: int, tmp: str) -> None:
    """Close and delete a temporary file from :func:`make_temporary` (gone already: fine)."""
    _remove(fd, tmp)


def _remove(fd: int, tmp: str) -> None:
    os.close(fd)
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


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
