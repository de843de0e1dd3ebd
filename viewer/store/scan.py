"""Reconciling the index with the files in the store folder.

The unit of work is a series folder ``<store>/<Study>/<Series>/``: its ``*.dcm`` files are
compared with the rows whose path lies in it. Files without a row (or whose size no longer
matches the row) are read and indexed, rows without a file are removed, ``.tmp-*`` files older
than *tmp_min_age* (leftovers of an interrupted atomic write) are deleted. A full rescan does
this for every series folder and then checks every other row (in-place files, odd paths) for
its file; crash recovery does it only for the folders a crashed session may have touched (see
``viewer.store.archive``).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from viewer.store.header import HeaderError, read_header
from viewer.store.layout import TMP_PREFIX
from viewer.store.rows import IndexRows


@dataclass
class RescanReport:
    indexed: int = 0  # files that had no row (or a stale one) and now have one
    removed: int = 0  # rows whose file was gone
    swept: int = 0  # stale .tmp-* files deleted
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # unindexable store files


def series_folders(store_dir: Path):
    """Yield (relative 'Study/Series' name, mtime) of every series folder in the store."""
    for study in _subfolders(store_dir):
        for series in _subfolders(Path(study.path)):
            try:
                mtime = series.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            yield f"{study.name}/{series.name}", mtime


def recently_touched_folders(store_dir: Path, known: set[str], since: float) -> list[str]:
    """Series folders the index does not know, or modified at or after *since*."""
    return [name for name, mtime in series_folders(store_dir)
            if name not in known or mtime >= since]


def known_series_folders(conn) -> set[str]:
    rows = conn.execute("SELECT study_uid || '/' || series_uid FROM series JOIN study "
                        "USING (study_key)")
    return {row[0] for row in rows}


class Reconciler:
    """Reconciles series folders; reads with *conn*, writes through *writer* (IndexWriter)."""

    def __init__(self, store_dir: Path, conn, writer, tmp_min_age: float = 0.0) -> None:
        self.store_dir = Path(store_dir)
        self.conn = conn
        self.writer = writer
        self.tmp_min_age = tmp_min_age
        self.report = RescanReport()
        self._rejected: list[tuple[Path, str]] = []

    def folders(self, names) -> RescanReport:
        """Reconcile the given series folders (relative names)."""
        for name in names:
            self._folder(name)
        return self._finish()

    def everything(self) -> RescanReport:
        """Reconcile every series folder, then every row outside them."""
        walked = set()
        for name, _ in series_folders(self.store_dir):
            walked.add(name)
            self._folder(name)
        self.writer.flush()
        stray = [path for (path,) in self.conn.execute("SELECT path FROM instance")
                 if _parent(path) not in walked]
        self._remove_missing([p for p in stray if not self._resolve(p).exists()])
        return self._finish()

    def _folder(self, name: str) -> None:
        files = self._scan_files(name)
        rows = dict(self.conn.execute(
            "SELECT path, file_size FROM instance WHERE path > ? AND path < ?",
            (name + "/", name + "0")).fetchall())
        rows = {path: size for path, size in rows.items() if _parent(path) == name}
        self._remove_missing([path for path in rows if path not in files])
        for path, size in files.items():
            if rows.get(path) != size:
                self._index(path)

    def _scan_files(self, name: str) -> dict[str, int]:
        files, now = {}, time.time()
        try:
            entries = list(os.scandir(self.store_dir / name))
        except OSError as exc:
            self.report.skipped.append((self.store_dir / name, f"cannot list: {exc.strerror}"))
            return files
        for entry in entries:
            try:
                if not entry.is_file(follow_symlinks=False):
                    continue
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if entry.name.startswith(TMP_PREFIX):
                self._sweep(entry.path, now - info.st_mtime)
            elif entry.name.endswith(".dcm"):
                files[f"{name}/{entry.name}"] = info.st_size
        return files

    def _sweep(self, path: str, age: float) -> None:
        if age < self.tmp_min_age:
            return
        try:
            os.unlink(path)
            self.report.swept += 1
        except FileNotFoundError:
            pass
        except OSError as exc:
            self.report.skipped.append((Path(path), f"cannot delete: {exc.strerror}"))

    def _index(self, relpath: str) -> None:
        path = self.store_dir / relpath
        try:
            dataset = read_header(path)
        except HeaderError as exc:
            self.report.skipped.append((path, str(exc)))
            return
        self.writer.submit(relpath, dataset, on_done=lambda reason: self._done(path, reason))

    def _done(self, path: Path, reason: str | None) -> None:  # on the writer thread
        if reason is None:
            self.report.indexed += 1
        else:
            self._rejected.append((path, reason))

    def _remove_missing(self, paths: list[str]) -> None:
        if paths:
            self.report.removed += self.writer.call(_remove_if_missing, paths, self.store_dir)

    def _resolve(self, stored: str) -> Path:
        path = Path(stored)
        return path if path.is_absolute() else self.store_dir / path

    def _finish(self) -> RescanReport:
        self.writer.flush()
        self.report.skipped.extend(self._rejected)
        self._rejected = []
        return self.report


def _remove_if_missing(rows: IndexRows, paths: list[str], store_dir: Path) -> int:
    """On the writer thread: a file submitted meanwhile exists again and keeps its row."""
    gone = [p for p in paths if not (Path(p) if Path(p).is_absolute() else store_dir / p).exists()]
    if not gone:
        return 0
    with rows.transaction():
        return rows.remove_paths(gone)


def _parent(path: str) -> str:
    return path.rpartition("/")[0]


def _subfolders(folder: Path):
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False):
                yield entry
        except OSError:
            continue
