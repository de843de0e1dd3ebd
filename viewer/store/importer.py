"""Importing files, folders and DICOMDIRs into the store.

Each source file is read (header only), checked, and either copied into the layout
``<Study>/<Series>/<SOP>.dcm`` with an atomic write before its row is queued, or indexed in
place (its absolute path is kept, nothing is copied). An instance whose SOP Instance UID is
already indexed, or was seen earlier in the same import, is a duplicate: the first one is kept.
Anything that is not a usable DICOM Part 10 instance is skipped with the reason. A ``.zip`` is
extracted (safely, see ``viewer.store.zipped``) into a temporary folder that lives as long as
the import, and its files are imported like a folder's (a DICOMDIR inside included); they are
always copied, ``copy=False`` notwithstanding.

Iterating an :class:`ImportJob` imports and yields an :class:`ImportProgress` per source file.
``job.cancel()`` (from any thread) or leaving the loop early stops it after the current file;
``job.report`` is complete once the iteration has ended.
"""

from __future__ import annotations

import os
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from pydicom import dcmread
from pydicom.fileset import FileSet

from viewer.store.header import HeaderError, InstanceHeader, read_header
from viewer.store.layout import instance_relpath, write_atomically
from viewer.store.zipped import ZipRefused, extract_zip, is_zip

_CHUNK = 1 << 20
IMPORTED, DUPLICATE, SKIPPED = "imported", "duplicate", "skipped"


@dataclass
class ImportReport:
    imported: list[Path] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)


@dataclass(frozen=True)
class ImportProgress:
    done: int  # source files handled so far, this one included
    total: int
    path: Path
    outcome: str  # imported / duplicate / skipped
    reason: str = ""  # why it was skipped


class ImportJob:
    """One import run over *paths* (files, folders, DICOMDIR files) into *archive*."""

    def __init__(self, archive, paths, copy: bool = True) -> None:
        self.archive = archive
        self.paths = [Path(p) for p in paths]
        self.copy = copy
        self.report = ImportReport()
        self._seen: set[str] = set()
        self._lock = threading.Lock()
        self._rejected: dict[Path, str] = {}
        self._copied: dict[Path, Path] = {}  # source -> file this job created in the store
        self._cancelled = threading.Event()
        self._unzipped: Path | None = None  # where zips are extracted, during the iteration
        self._zips: dict[Path, Path] = {}  # extraction folder -> its zip

    def cancel(self) -> None:
        """Stop after the file being imported now (safe from any thread)."""
        self._cancelled.set()

    def __iter__(self) -> Iterator[ImportProgress]:
        with tempfile.TemporaryDirectory(prefix="dicom-viewer-zip-") as unzipped:
            self._unzipped = Path(unzipped)
            try:
                yield from self._steps()
            finally:
                self._unzipped = None

    def _steps(self) -> Iterator[ImportProgress]:
        sources, skipped = collect_sources(self.paths, unzip_into=self._unzipped,
                                           zips=self._zips)
        total = len(sources) + len(skipped)
        done = 0
        try:
            for path, reason in skipped:
                done += 1
                self.report.skipped.append((self.shown(path), reason))
                yield ImportProgress(done, total, self.shown(path), SKIPPED, reason)
            for path in sources:
                if self._cancelled.is_set():
                    break
                done += 1
                outcome, reason = self._import_one(path)
                yield ImportProgress(done, total, self.shown(path), outcome, reason)
        finally:
            self._settle()

    def run(self, progress=None) -> ImportReport:
        """Import everything; *progress(ImportProgress)* is called after each file."""
        for step in self:
            if progress is not None:
                progress(step)
        return self.report

    def _import_one(self, source: Path) -> tuple[str, str]:
        try:
            dataset = read_header(source)
            header = InstanceHeader.from_dataset(dataset)
        except HeaderError as exc:
            self.report.skipped.append((self.shown(source), str(exc)))
            return SKIPPED, str(exc)
        sop = header.sop_instance_uid
        if sop in self._seen or self.archive.has_instance(sop):
            self.report.duplicates.append(self.shown(source))
            return DUPLICATE, ""
        self._seen.add(sop)
        try:
            target = self._place(source, header)
        except OSError as exc:
            reason = f"cannot copy into the store: {exc.strerror or exc}"
            self.report.skipped.append((self.shown(source), reason))
            return SKIPPED, reason
        self.archive.submit(target, on_done=lambda r: self._on_done(source, r), header=header)
        # a zip's member is gone after the import: its copy in the store stands for it
        self.report.imported.append(target if self._from_zip(source) else source)
        return IMPORTED, ""

    def _from_zip(self, path: Path) -> bool:
        return self._unzipped is not None and path.is_relative_to(self._unzipped)

    def shown(self, path: Path) -> Path:
        return shown_path(path, self._zips)

    def _place(self, source: Path, header: InstanceHeader) -> Path:
        """Copy *source* into the layout (atomically) and return where it is to be indexed."""
        if not self.copy and not self._from_zip(source):
            return source.resolve()
        relpath = instance_relpath(header.study_uid, header.series_uid, header.sop_instance_uid)
        target = self.archive.store_dir / relpath
        if target.exists() and os.path.samefile(target, source):
            return target
        existed = target.exists()
        write_atomically(target, _chunks(source))
        if not existed:
            self._copied[source] = target
        return target

    def _on_done(self, source: Path, reason: str | None) -> None:  # writer thread
        if reason is not None:
            with self._lock:
                self._rejected[source] = reason

    def _settle(self) -> None:
        """Wait for the rows; files the index refused are reported and their copies removed."""
        self.archive.flush()
        with self._lock:
            rejected = dict(self._rejected)
        if not rejected:
            return
        refused = set(rejected) | {self._copied.get(source) for source in rejected}
        self.report.imported = [p for p in self.report.imported if p not in refused]
        for source, reason in rejected.items():
            self.report.skipped.append((self.shown(source), reason))
            copy = self._copied.get(source)
            if copy is not None:
                copy.unlink(missing_ok=True)


def collect_sources(paths, unzip_into: Path | None = None, zips: dict | None = None
                    ) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand folders (recursively), DICOMDIRs and (given *unzip_into*, an empty folder that
    outlives the files' use) zips into files, each once; and what was refused. *zips*, if
    given, receives each extraction folder with its zip."""
    files, skipped, seen = [], [], set()

    def add(path: Path) -> None:
        key = os.path.realpath(path)
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        path = Path(path)
        if unzip_into is not None and is_zip(path):
            try:
                members, refused = _unzipped_sources(path, unzip_into, zips)
            except ZipRefused as exc:
                skipped.append((path, str(exc)))
                continue
            for member in members:
                add(member)
            skipped += refused
        elif path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    add(Path(root) / name)
        elif path.is_file() and _is_dicomdir(path):
            try:
                members, outside = dicomdir_members(path)
            except HeaderError as exc:
                skipped.append((path, str(exc)))
                continue
            for member in members:
                add(member)
            skipped += outside
        elif path.exists():
            add(path)
        else:
            skipped.append((path, "no such file or folder"))
    return files, skipped


def shown_path(path: Path, zips: dict) -> Path:
    """*path* as the user knows it: a member extracted from a zip as ``x.zip/member``."""
    for folder, source in zips.items():
        if Path(path).is_relative_to(folder):
            return source / Path(path).relative_to(folder)
    return Path(path)


def _unzipped_sources(path: Path, unzip_into: Path, zips: dict | None):
    """Extract zip *path* into a new folder under *unzip_into*; the sources found in it."""
    folder = Path(tempfile.mkdtemp(dir=unzip_into))
    if zips is not None:
        zips[folder] = path
    extract_zip(path, folder)
    return collect_sources([folder])


def dicomdir_members(path: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """The files a DICOMDIR references inside its folder, and the references refused."""
    try:
        dicomdir = dcmread(path)
        referenced = [path.parent.joinpath(*_file_id(record))
                      for record in dicomdir.get("DirectoryRecordSequence", [])
                      if record.get("ReferencedFileID")]
        members = [Path(instance.path) for instance in FileSet(dicomdir)]
    except Exception as exc:
        raise HeaderError(f"unusable DICOMDIR: {str(exc)[:200]}") from exc
    root = Path(os.path.realpath(path.parent))
    inside = [m for m in members if Path(os.path.realpath(m)).is_relative_to(root)]
    refused = [(m, f"outside the folder of {path}") for m in members if m not in inside]
    refused += [(m, f"referenced by {path} but missing") for m in referenced if not m.exists()]
    return inside, refused


def _file_id(record) -> list[str]:
    value = record.ReferencedFileID
    return [str(value)] if isinstance(value, str) else [str(part) for part in value]


def _is_dicomdir(path: Path) -> bool:
    if path.name.upper() != "DICOMDIR":
        return False
    try:
        with open(path, "rb") as fh:
            fh.seek(128)
            return fh.read(4) == b"DICM"
    except OSError:
        return False


def _chunks(path: Path):
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            yield chunk
