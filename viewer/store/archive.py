"""The local archive: a store folder of DICOM files and its SQLite index.

``Archive.open(store_dir)`` gives the one writer of a store (a lock file keeps a second process
out); ``Archive.open(store_dir, readonly=True)`` only queries. Layout::

    <store>/index.sqlite (+ -wal, -shm)     the index (WAL: readers never block the writer)
    <store>/.lock                           held (flock) by the process that writes
    <store>/<Study UID>/<Series UID>/<SOP Instance UID>.dcm

Consistency, however the process dies
-------------------------------------
1. A file is complete before any row names it: files are written with ``write_atomically``
   (temporary file, fsync, rename) and only then submitted to the index writer, which checks that
   the file exists. So a row never points at a partial file; a kill leaves at most a ``.tmp-*``
   file and some complete files without rows.
2. Deleting a study first commits (``synchronous = FULL``) the removal of its rows together with
   the list of its files in ``pending_unlink``, then deletes the files, then clears the list.
   Open finishes any list left by a crash, so no row points at a deleted file and no deleted
   study comes back.
3. ``meta.session_open`` is set when a writer opens the store and cleared by ``close()``. If it
   is still set at the next open, the previous session crashed, and open reconciles (see
   ``viewer.store.scan``) only the series folders it may have touched: folders the index does not
   know, and folders whose mtime is not older than that session's start (less a few seconds of
   clock slack). Writing or renaming a file in a folder updates the folder's mtime, so this finds
   every file written without its row and every ``.tmp-*`` leftover, at the cost of one stat per
   series folder instead of reading every file. A clean open costs nothing.
4. A new (or deleted, or corrupt - it is moved aside as ``index.sqlite.corrupt-*``) index is
   rebuilt from the files at open. ``rescan()`` is the full check, for changes made behind the
   archive's back (files deleted or copied in by hand, a clock that went backwards).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time
from pathlib import Path

from viewer.store import query
from viewer.store.importer import ImportJob, ImportReport
from viewer.store.rows import IndexRows
from viewer.store.scan import (Reconciler, RescanReport, known_series_folders,
                               recently_touched_folders)
from viewer.store.schema import (IndexVersionError, StoreBusyError, StoreError, connect_reader,
                                 connect_writer, ensure_schema)
from viewer.store.writer import IndexWriter

try:
    import fcntl
except ImportError:  # not POSIX: no cross-process lock
    fcntl = None

log = logging.getLogger(__name__)

INDEX_NAME = "index.sqlite"
LOCK_NAME = ".lock"
# Folder mtimes and time.time() may disagree by a little (coarse file system clocks).
CLOCK_SLACK_S = 5.0


class Archive:
    """A store folder and its index; see the module docstring. Use ``Archive.open``."""

    def __init__(self, store_dir: Path, writer: IndexWriter | None, lock_fd: int | None) -> None:
        self.store_dir = Path(store_dir)
        self.index_path = self.store_dir / INDEX_NAME
        self.recovery: RescanReport | None = None  # what open had to repair, if anything
        self._writer = writer
        self._lock_fd = lock_fd
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()
        self._closed = False

    @classmethod
    def open(cls, store_dir, *, readonly: bool = False, batch_size: int = 500,
             max_latency: float = 0.05) -> "Archive":
        """Open (creating if needed) the store at *store_dir*; StoreError says why it cannot."""
        store = Path(store_dir)
        if readonly:
            archive = cls(store, None, None)
            archive._reader()  # fails now, with the reason, if there is no usable index
            return archive
        try:
            store.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store folder {store}: {exc.strerror}") from exc
        lock_fd = _lock(store)
        try:
            conn, rebuild = _open_index(store / INDEX_NAME)
            unclean, since = _begin_session(conn)
            writer = IndexWriter(store, conn, batch_size=batch_size, max_latency=max_latency)
        except BaseException:
            _unlock(lock_fd)
            raise
        archive = cls(store, writer, lock_fd)
        try:
            archive._recover(rebuild, unclean, since)
        except BaseException:
            archive.close()
            raise
        return archive

    # -- writing ------------------------------------------------------------------------------

    def submit(self, path, dataset=None, on_done=None, *, header=None) -> None:
        """Queue a complete file (see IndexWriter.submit); safe from any thread."""
        self._writable().submit(path, dataset, on_done, header=header)

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted so far is committed."""
        return self._writable().flush(timeout)

    def add_listener(self, listener) -> None:
        """*listener(IndexChange)* is called on the writer thread after each commit."""
        self._writable().add_listener(listener)

    def remove_listener(self, listener) -> None:
        self._writable().remove_listener(listener)

    def iter_import(self, paths, *, copy: bool = True) -> ImportJob:
        """An import to iterate over (one ImportProgress per source file); see importer."""
        self._writable()
        return ImportJob(self, paths, copy=copy)

    def import_paths(self, paths, *, copy: bool = True, progress=None) -> ImportReport:
        """Import files, folders and DICOMDIRs; *progress(ImportProgress)* after each file."""
        return self.iter_import(paths, copy=copy).run(progress)

    def rescan(self, *, tmp_min_age: float = 300.0) -> RescanReport:
        """Rebuild the index from the files in the store: index unindexed files, drop rows whose
        file is gone, delete ``.tmp-*`` files older than *tmp_min_age* seconds (0 is safe only
        when nothing else writes into the store)."""
        writer = self._writable()
        writer.call(_unlink_pending, self.store_dir)
        return Reconciler(self.store_dir, self._reader(), writer, tmp_min_age).everything()

    def delete_study(self, study_uid: str) -> int:
        """Remove a study's rows and its files in the store (files indexed in place stay);
        returns the number of instances removed (0: no such study)."""
        return self._writable().call(_delete_study, study_uid, self.store_dir)

    def delete_instance(self, sop_instance_uid: str) -> int:
        """Remove one instance's row and its file in the store (a file indexed in place stays),
        as :meth:`delete_study` does; returns 1, or 0 when there is no such instance. Used for a
        reader's key object selection emptied of its last image."""
        return self._writable().call(_delete_instance, sop_instance_uid, self.store_dir)

    def close(self) -> None:
        """Commit what is queued, mark a clean shutdown, release the store."""
        if self._closed:
            return
        self._closed = True
        try:
            if self._writer is not None:
                try:
                    self._writer.flush()
                    self._writer.call(_end_session)
                except StoreError as exc:
                    log.warning("closing the archive: the last commit failed: %s", exc)
        finally:
            # Readers first: the writer, closing last, checkpoints and removes the WAL file.
            with self._readers_lock:
                for conn in self._readers:
                    conn.close()
                self._readers.clear()
            if self._writer is not None:
                self._writer.close()
            _unlock(self._lock_fd)

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- reading (each thread gets its own read-only connection) -------------------------------

    def list_studies(self, study_filter: query.StudyFilter | None = None, **criteria):
        """Studies matching a StudyFilter, or its fields as keywords (patient_name=, ...)."""
        return query.list_studies(self._reader(), study_filter or query.StudyFilter(**criteria))

    def get_study(self, study_uid: str) -> query.StudySummary | None:
        return query.get_study(self._reader(), study_uid)

    def list_series(self, study_uid: str) -> list[query.SeriesSummary]:
        return query.list_series(self._reader(), study_uid)

    def list_instances(self, series_uid: str) -> list[query.InstanceSummary]:
        return query.list_instances(self._reader(), self.store_dir, series_uid)

    def has_instance(self, sop_instance_uid: str) -> bool:
        return self._reader().execute("SELECT 1 FROM instance WHERE sop_instance_uid = ?",
                                      (sop_instance_uid,)).fetchone() is not None

    def find_instance(self, sop_instance_uid: str) -> query.InstanceSummary | None:
        return query.find_instance(self._reader(), self.store_dir, sop_instance_uid)

    def count_instances(self) -> int:
        return query.count_instances(self._reader())

    # -- internals ----------------------------------------------------------------------------

    def _writable(self) -> IndexWriter:
        if self._closed:
            raise StoreError("the archive is closed")
        if self._writer is None:
            raise StoreError(f"the store {self.store_dir} was opened read-only")
        return self._writer

    def _reader(self) -> sqlite3.Connection:
        if self._closed:
            raise StoreError("the archive is closed")
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = connect_reader(self.index_path)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    def _recover(self, rebuild: bool, unclean: bool, since: float) -> None:
        writer = self._writable()
        writer.call(_unlink_pending, self.store_dir)
        reconciler = Reconciler(self.store_dir, self._reader(), writer, tmp_min_age=0.0)
        if rebuild:
            self.recovery = reconciler.everything()
        elif unclean:
            names = recently_touched_folders(
                self.store_dir, known_series_folders(self._reader()), since - CLOCK_SLACK_S)
            self.recovery = reconciler.folders(names)
            log.info("recovered the store %s after a crash: %d folder(s) checked, %s",
                     self.store_dir, len(names), self.recovery)


# -- on the writer thread -------------------------------------------------------------------

def _delete_study(rows: IndexRows, study_uid: str, store_dir: Path) -> int:
    with rows.transaction(durable=True):
        paths = rows.remove_study(study_uid)
        rows.conn.executemany("INSERT OR IGNORE INTO pending_unlink (path) VALUES (?)",
                              [(p,) for p in paths if not Path(p).is_absolute()])
    _unlink_pending(rows, store_dir)
    return len(paths)


def _delete_instance(rows: IndexRows, sop_instance_uid: str, store_dir: Path) -> int:
    row = rows.conn.execute("SELECT path FROM instance WHERE sop_instance_uid = ?",
                            (sop_instance_uid,)).fetchone()
    if row is None:
        return 0
    with rows.transaction(durable=True):
        rows.remove_paths([row[0]])
        if not Path(row[0]).is_absolute():
            rows.conn.execute("INSERT OR IGNORE INTO pending_unlink (path) VALUES (?)", row)
    _unlink_pending(rows, store_dir)
    return 1


def _unlink_pending(rows: IndexRows, store_dir: Path) -> None:
    """Delete the files of deleted studies, then their emptied folders."""
    done, folders = [], set()
    for (relpath,) in rows.conn.execute("SELECT path FROM pending_unlink").fetchall():
        path = store_dir / relpath
        if Path(relpath).is_absolute() or ".." in Path(relpath).parts:
            done.append(relpath)  # never ours to delete
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot delete %s: %s", path, exc.strerror)
            continue
        done.append(relpath)
        folders.update(p for p in (path.parent, path.parent.parent) if p != store_dir)
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty (or already gone)
    if done:
        with rows.transaction():
            rows.conn.executemany("DELETE FROM pending_unlink WHERE path = ?",
                                  [(p,) for p in done])


def _end_session(rows: IndexRows) -> None:
    with rows.transaction():
        rows.conn.execute("UPDATE meta SET value = '0' WHERE key = 'session_open'")


# -- opening --------------------------------------------------------------------------------

def _lock(store: Path) -> int | None:
    if fcntl is None:
        return None
    try:
        fd = os.open(store / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"cannot open {store / LOCK_NAME}: {exc.strerror}") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise StoreBusyError(f"the store {store} is in use by another program") from None
    return fd


def _unlock(fd: int | None) -> None:
    if fd is not None:
        os.close(fd)  # closing releases the flock


def _open_index(index_path: Path) -> tuple[sqlite3.Connection, bool]:
    """The write connection and whether the index is new (so it must be built from the files)."""
    fresh = not index_path.exists()
    try:
        conn = connect_writer(index_path)
        try:
            ensure_schema(conn, index_path)
        except BaseException:
            conn.close()
            raise
        return conn, fresh
    except IndexVersionError:
        raise
    except StoreError as exc:
        if getattr(exc.__cause__, "sqlite_errorname", "") not in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
            raise
    aside = index_path.with_name(f"{INDEX_NAME}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}")
    log.error("the index %s is damaged; moved to %s and rebuilt from the files", index_path, aside)
    os.replace(index_path, aside)
    for suffix in ("-wal", "-shm"):
        Path(f"{index_path}{suffix}").unlink(missing_ok=True)
    conn = connect_writer(index_path)
    ensure_schema(conn, index_path)
    return conn, True


def _begin_session(conn: sqlite3.Connection) -> tuple[bool, float]:
    """Mark the store open; return (previous session crashed, when it started)."""
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    unclean = meta.get("session_open") == "1"
    try:
        since = float(meta.get("session_started", "0"))
    except ValueError:
        since = 0.0
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [("session_open", "1"), ("session_started", repr(time.time()))])
    conn.execute("COMMIT")
    return unclean, since
