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

__all__ = ["LoadResult", "Skipped", "iter_files", "open_path", "open_paths"]

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
    path = os.fspath(path)
    if os.path.isdir(path):
        return _dedupe(_open_folder(path, progress))
    if progress:
        progress(path)
    header = read_header(path)
    if header.is_dicomdir:
        return _dedupe(_open_dicomdir(path, progress))
    return LoadResult([instance_from_header(path, header)], [])


def open_paths(
    paths: Iterable[str | os.PathLike[str]], *, progress: Progress | None = None
) -> LoadResult:
    """Open several files, folders or DICOMDIRs; never raises for one bad path, skips it.

    An object met twice (same file, or same SOP Instance UID) is kept once.
    """
    result = LoadResult()
    for path in paths:
        try:
            result.extend(open_path(path, progress=progress))
        except DicomReadError as exc:
            result.skipped.append(Skipped(exc.path or os.fspath(path), exc.reason))
    return _dedupe(result)


def iter_files(folder: str | os.PathLike[str]) -> Iterator[str]:
    """Every regular file under *folder*, sorted by path; folder symlinks are not followed."""
    for root, dirs, files in os.walk(folder, onerror=None, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            yield os.path.join(root, name)


def _open_folder(folder: str, progress: Progress | None) -> LoadResult:
    result = LoadResult()
    for path in iter_files(folder):
        if progress:
            progress(path)
        try:
            header = read_header(path)
        except DicomReadError as exc:
            result.skipped.append(Skipped(path, exc.reason))
            continue
        if not header.is_dicomdir:  # its records are files of this same tree
            result.instances.append(instance_from_header(path, header))
    return result


def _open_dicomdir(path: str, progress: Progress | None) -> LoadResult:
    """The instances referenced by the directory records of the DICOMDIR at *path*."""
    try:
        directory = dcmread(path, force=True)
        records = list(FileSet(directory))
    except Exception as exc:  # noqa: BLE001 - a hostile DICOMDIR may break FileSet anywhere
        raise DicomReadError(path, f"cannot read the DICOMDIR: {one_line(exc)}") from None
    root = Path(path).resolve().parent
    result = LoadResult()
    for number, record in enumerate(records, start=1):
        try:
            file_path = _record_path(record.path, root)
        except ValueError as exc:
            result.skipped.append(Skipped(f"{path} (record {number})", str(exc)))
            continue
        if progress:
            progress(file_path)
        try:
            result.instances.append(read_instance(file_path))
        except DicomReadError as exc:
            result.skipped.append(Skipped(file_path, exc.reason))
    result.skipped.extend(_missing_files(directory, root, records))
    return result


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


def _dedupe(result: LoadResult) -> LoadResult:
    """Keep the first of objects read twice: same file, or same SOP Instance UID."""
    seen_files: set[str] = set()
    seen_uids: dict[str, str] = {}
    kept = LoadResult([], list(result.skipped))
    for instance in result.instances:
        real = os.path.realpath(instance.path) if instance.path else None
        if real in seen_files:
            continue
        uid = instance.sop_instance_uid
        if uid and uid in seen_uids:
            kept.skipped.append(
                Skipped(instance.path or "", f"same SOP Instance UID as {seen_uids[uid]}")
            )
            continue
        if real:
            seen_files.add(real)
        if uid:
            seen_uids[uid] = instance.path or ""
        kept.instances.append(instance)
    return kept
