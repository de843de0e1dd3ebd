"""Opening what a user points at: a file, a folder (recursively) or a DICOMDIR (PS3.10 8.6).

A folder yields every readable object plus the list of files skipped and why; a DICOMDIR is
expanded into the instances its directory records reference (pydicom's ``FileSet``). Only a
single file given directly raises :class:`DicomReadError`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.fileset import FileSet

from .errors import DicomReadError, one_line
from .instance import Instance, instance_from_header, read_instance
from .reader import read_header
from .values import get_strs, get_value

__all__ = ["LoadResult", "Skipped", "iter_files", "iter_path", "iter_paths", "open_path", "open_paths"]

Progress = Callable[[str], None]


class Skipped(NamedTuple):
    """A file (or DICOMDIR record) that was not loaded, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class LoadResult:
    """The objects read and the files skipped, in file-name order."""

    instances: list[Instance] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def extend(self, other: LoadResult) -> None:
        self.instances.extend(other.instances)
        self.skipped.extend(other.skipped)


def open_path(path: str | os.PathLike[str], *, progress: Progress | None = None) -> LoadResult:
    """Open a file, a folder (recursively) or a DICOMDIR.

    A bad file given directly raises :class:`DicomReadError`; inside a folder or a DICOMDIR it
    is listed in ``skipped``. *progress*, if given, is called with each file path before it is
    read (e.g. to update a progress bar from a worker thread); an exception it raises stops the
    loading and propagates (a way to cancel).
    """
    return _collect(_Unique().filter(iter_path(path, progress=progress)))


def open_paths(
    paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None
) -> LoadResult:
    """Open several files, folders or DICOMDIRs; never raises for one bad path, skips it.

    An object met twice (same file, or same SOP Instance UID) is kept once.
    """
    return _collect(iter_paths(paths, progress=progress))


def iter_paths(
    paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None
) -> Iterator[Instance | Skipped]:
    """:func:`open_paths` one file at a time: each object read (an :class:`Instance`) or file
    skipped (a :class:`Skipped`) as soon as it is read, duplicates already left out."""
    unique = _Unique()
    for path in paths:
        try:
            yield from unique.filter(iter_path(path, progress=progress))
        except DicomReadError as exc:
            yield Skipped(exc.path or os.fspath(path), exc.reason)


def iter_path(
    path: str | os.PathLike[str], *, progress: Progress | None = None
) -> Iterator[Instance | Skipped]:
    """:func:`open_path` one file at a time (duplicates not removed); a bad file given directly
    raises :class:`DicomReadError`."""
    path = os.fspath(path)
    if os.path.isdir(path):
        yield from _iter_folder(path, progress)
        return
    if progress:
        progress(path)
    header = read_header(path)
    if header.is_dicomdir:
        yield from _iter_dicomdir(path, progress)
    else:
        yield instance_from_header(path, header)


def iter_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """Every regular file under *folder*, sorted by path; folder symlinks are not followed."""
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(root, name)


def _iter_folder(folder: str, progress: Progress | None) -> Iterator[Instance | Skipped]:
    for path in iter_files(folder):
        if progress:
            progress(path)
        try:
            header = read_header(path)
        except DicomReadError as exc:
            yield Skipped(path, exc.reason)
            continue
        if not header.is_dicomdir:  # its records are files of this same tree
            yield instance_from_header(path, header)


def _iter_dicomdir(path: str, progress: Progress | None) -> Iterator[Instance | Skipped]:
    """The instances referenced by the directory records of the DICOMDIR at *path*."""
    try:
        directory = dcmread(path, force=True)
        records = list(FileSet(directory))
    except Exception as exc:  # noqa: BLE001 - a hostile DICOMDIR may break FileSet anywhere
        raise DicomReadError(path, f"cannot read the DICOMDIR: {one_line(exc)}") from None
    root = Path(path).resolve().parent
    for number, record in enumerate(records, start=1):
        try:
            file_path = _record_path(record.path, root)
        except ValueError as exc:
            yield Skipped(f"{path} (record {number})", str(exc))
            continue
        if progress:
            progress(file_path)
        try:
            yield read_instance(file_path)
        except DicomReadError as exc:
            yield Skipped(file_path, exc.reason)
    yield from _missing_files(directory, root, records)


def _missing_files(directory: Dataset, root: Path, records: list) -> list[Skipped]:
    """Records whose Referenced File ID names no file: FileSet leaves them out silently."""
    listed = {str(Path(r.path).resolve()) for r in records}
    missing = []
    for record in get_value(directory, "DirectoryRecordSequence") or []:
        parts = get_strs(record, "ReferencedFileID")
        if not parts:
            continue
        try:
            file_path = _record_path(root.joinpath(*parts), root)
        except ValueError:
            continue  # reported with the FileSet records, or not a file reference
        if file_path not in listed and not os.path.exists(file_path):
            missing.append(Skipped(file_path, "no such file"))
    return missing


def _record_path(referenced: str | os.PathLike[str], root: Path) -> str:
    """The file a directory record references (Referenced File ID, PS3.3 F.3.2.2), which must
    lie inside the DICOMDIR's folder."""
    try:
        file_path = Path(referenced).resolve()
    except Exception as exc:  # noqa: BLE001 - malformed Referenced File ID
        raise ValueError(f"invalid Referenced File ID: {one_line(exc)}") from None
    if not file_path.is_relative_to(root):
        raise ValueError(f"Referenced File ID points outside the DICOMDIR folder: {file_path}")
    return str(file_path)


def _collect(items: Iterable[Instance | Skipped]) -> LoadResult:
    result = LoadResult()
    for item in items:
        (result.skipped if isinstance(item, Skipped) else result.instances).append(item)
    return result


class _Unique:
    """Keeps the first of objects read twice: same file (dropped), or same SOP Instance UID
    (skipped, with the reason)."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.uids: dict[str, str] = {}

    def filter(self, items: Iterable[Instance | Skipped]) -> Iterator[Instance | Skipped]:
        for item in items:
            if isinstance(item, Skipped):
                yield item
                continue
            real = os.path.realpath(item.path) if item.path else None
            if real in self.files:
                continue
            uid = item.sop_instance_uid
            if uid and uid in self.uids:
                yield Skipped(item.path or "", f"same SOP Instance UID as {self.uids[uid]}")
                continue
            if real:
                self.files.add(real)
            if uid:
                self.uids[uid] = item.path or ""
            yield item
