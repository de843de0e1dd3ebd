"""Zip archives in and out: a refused member never writes a byte, a written zip is never half.

Reading (:func:`extract_zip`) checks the whole central directory before extracting anything:

- zip slip: a member whose name is absolute, has a drive, or walks up (``..``) would land
  outside the chosen folder; the zip is refused;
- zip bomb: more than ``MAX_MEMBERS`` members, more than ``MAX_TOTAL`` bytes once extracted, or a
  member larger than ``RATIO_FLOOR`` that expands more than ``MAX_RATIO`` times; the zip is
  refused. While extracting, a member that yields more bytes than its header declared is
  refused too (the headers could lie).

Writing (:func:`write_zip`) goes to a temporary file in the zip's folder, renamed when complete.
"""

from __future__ import annotations

import os
import shutil
import zipfile
from pathlib import Path, PurePosixPath

from viewer.store.layout import make_temporary

MAX_MEMBERS = 100_000
MAX_TOTAL = 32 << 30  # bytes once extracted
MAX_RATIO = 200  # uncompressed / compressed size of one member
RATIO_FLOOR = 1 << 20  # smaller members may compress as well as they like
_CHUNK = 1 << 20


class ZipRefused(ValueError):
    """A zip that is not extracted (unsafe or unreadable); the message says why."""


def is_zip(path: Path) -> bool:
    """A file named ``*.zip`` (one that is no zip is refused as such by extract_zip)."""
    path = Path(path)
    return path.suffix.lower() == ".zip" and path.is_file()


def extract_zip(path: Path, target: Path, *, max_total: int = MAX_TOTAL,
                max_ratio: int = MAX_RATIO) -> list[Path]:
    """Extract the files of zip *path* into the existing folder *target*; their paths."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if not m.is_dir()]
            _check(path, members, max_total, max_ratio)
            return [_extract(archive, member, Path(target)) for member in members]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError,
            RuntimeError) as exc:  # RuntimeError: an encrypted member
        raise ZipRefused(f"{path}: unreadable zip: {exc}") from None
    except OSError as exc:  # a member named like a folder of another, disk full, ...
        raise ZipRefused(f"{path}: cannot extract: {exc.strerror or exc}") from None


def _check(path: Path, members, max_total: int, max_ratio: int) -> None:
    if len(members) > MAX_MEMBERS:
        raise ZipRefused(f"{path}: refused: {len(members)} members (at most {MAX_MEMBERS})")
    for member in members:
        if unsafe_member_name(member.filename):
            raise ZipRefused(f"{path}: refused (zip slip): member {member.filename!r} would be "
                             "written outside the folder")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR and ratio > max_ratio:
            raise ZipRefused(f"{path}: refused (zip bomb?): member {member.filename!r} expands "
                             f"{ratio:.0f} times (at most {max_ratio})")
    total = sum(member.file_size for member in members)
    if total > max_total:
        raise ZipRefused(f"{path}: refused (zip bomb?): {total} bytes once extracted "
                         f"(at most {max_total})")


def unsafe_member_name(name: str) -> bool:
    """True for a member name that is not a plain relative path inside the folder."""
    name = name.replace("\\", "/")
    parts = PurePosixPath(name).parts
    return (not parts or name.startswith("/") or ":" in parts[0] or ".." in parts
            or "\0" in name)


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path) -> Path:
    parts = [p for p in PurePosixPath(member.filename.replace("\\", "/")).parts if p != "."]
    destination = target.joinpath(*parts)
    destination.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(member) as source, open(destination, "wb") as sink:
        while chunk := source.read(_CHUNK):
            written += len(chunk)
            if written > member.file_size:
                raise ZipRefused(f"member {member.filename!r} is larger than its header says")
            sink.write(chunk)
    return destination


def write_zip(path: Path, members) -> int:
    """Write *members* ``(name, bytes or file path)`` as zip *path*, atomically; the count.

    No member, no zip: *path* is left as it was and 0 returned."""
    path = Path(path)
    fd, tmp = make_temporary(path.parent)
    try:
        with os.fdopen(fd, "wb") as fh, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED,
                                                        allowZip64=True) as archive:
            count = 0
            for name, content in members:
                if unsafe_member_name(name):
                    raise ValueError(f"unsafe member name {name!r}")
                if isinstance(content, (bytes, bytearray, memoryview)):
                    archive.writestr(name, bytes(content))
                else:
                    with open(content, "rb") as source, archive.open(name, "w",
                                                                     force_zip64=True) as sink:
                        shutil.copyfileobj(source, sink, _CHUNK)
                count += 1
        if count:
            os.replace(tmp, path)
        else:
            os.unlink(tmp)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return count
