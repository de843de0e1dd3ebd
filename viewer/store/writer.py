"""The index writer: one thread owns the only write connection and is fed through a queue.

``submit(path, dataset=None)`` may be called from any thread (e.g. pynetdicom's handler
threads) once the file is complete on disk; it only queues. The writer thread batches queued
files into one transaction (committed once no file came for ``max_latency`` seconds, or after
``batch_size`` files, or when the oldest waited ``max_hold`` seconds), so ingest keeps up with a
network receiver and indexes mostly in the pauses of a burst. After each commit the
listeners get an :class:`IndexChange` (on the writer thread: a GUI must hand it over to its own
thread). ``call(fn, ...)`` runs other work (deletes, reconciliation) on the same thread, in order
with the submitted files.
"""

from __future__ import annotations

import concurrent.futures
import logging
import os
import queue
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from viewer.store.header import HeaderError, InstanceHeader, read_header, read_transfer_syntax
from viewer.store.rows import IndexRows
from viewer.store.schema import StoreError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IndexChange:
    """What one commit changed: studies with instances added / replaced / removed, studies that
    left the index, and submitted files that could not be indexed as (path, reason)."""

    changed_studies: frozenset[str]
    removed_studies: frozenset[str]
    rejected: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class _Submit:
    path: Path
    dataset: Any
    on_done: Callable[[str | None], None] | None
    header: InstanceHeader | None = None


@dataclass(frozen=True)
class _Call:
    fn: Callable
    args: tuple
    future: concurrent.futures.Future


@dataclass(frozen=True)
class _Flush:
    done: threading.Event


_STOP = object()
# How often a waiting caller checks that the writer thread is still alive.
_CHECK_S = 0.5


class IndexWriter:
    """Owns the write connection; see the module docstring."""

    def __init__(self, store_dir: Path, conn, *, batch_size: int = 500,
                 max_latency: float = 0.05, max_hold: float = 1.0,
                 queue_size: int = 10000) -> None:
        self.store_dir = Path(store_dir)
        self._store_root = self.store_dir.resolve()
        self._rows = IndexRows(conn)
        self._batch_size = batch_size
        self._max_latency = max_latency
        self._queue: queue.Queue = queue.Queue(maxsize=queue_size)
        self._listeners: list[Callable[[IndexChange], None]] = []
        self._max_hold = max_hold
        self._closed = False
        self._last_header: InstanceHeader | None = None  # see InstanceHeader.from_dataset
        self._urgent = threading.Event()  # a flush, call or stop is queued
        self._thread = threading.Thread(target=self._run, name="index-writer", daemon=True)
        self._thread.start()

    # -- any thread ---------------------------------------------------------------------------

    def submit(self, path, dataset=None, on_done: Callable[[str | None], None] | None = None,
               *, header: InstanceHeader | None = None) -> None:
        """Queue the complete file at *path* (absolute, or relative to the store) for indexing.

        *dataset* is its already-decoded header, if the caller has it (it must not be modified
        afterwards), or *header* what was already taken from it; otherwise the writer reads the
        file. *on_done(reason)* is called on the writer thread with None once the row is
        committed, or with the reason it was not.
        """
        self._put(_Submit(Path(path), dataset, on_done, header))

    def call(self, fn: Callable, *args) -> Any:
        """Run ``fn(rows, *args)`` on the writer thread after everything queued; return its result."""
        future: concurrent.futures.Future = concurrent.futures.Future()
        self._put(_Call(fn, args, future))
        while True:
            try:
                return future.result(timeout=_CHECK_S)
            except concurrent.futures.TimeoutError:
                if not self._thread.is_alive() and not future.done():
                    raise StoreError("the index writer stopped") from None

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything submitted before is committed; False on timeout."""
        done = threading.Event()
        self._put(_Flush(done))
        end = None if timeout is None else time.monotonic() + timeout
        while not done.wait(_CHECK_S if end is None else min(_CHECK_S, end - time.monotonic())):
            if not self._thread.is_alive() or (end is not None and time.monotonic() >= end):
                return done.is_set()
        return True

    def close(self) -> None:
        """Commit what is queued, stop the thread and close the connection."""
        if self._closed:
            return
        self._closed = True
        self._queue.put(_STOP)
        self._urgent.set()
        self._thread.join()

    def add_listener(self, listener: Callable[[IndexChange], None]) -> None:
        self._listeners = [*self._listeners, listener]

    def remove_listener(self, listener: Callable[[IndexChange], None]) -> None:
        self._listeners = [item for item in self._listeners if item is not listener]

    def _put(self, item) -> None:
        if self._closed or not self._thread.is_alive():
            raise StoreError("the archive is closed")
        self._queue.put(item)
        if not isinstance(item, _Submit):
            self._urgent.set()  # a flush or call does not wait for the batch

    # -- writer thread ------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            self._rows.conn.close()
            self._release_waiters()

    def _loop(self) -> None:
        pending: list[_Submit] = []
        first = 0.0
        while True:
            if pending:
                before = len(pending)
                item = self._collect(pending)
                quiet = len(pending) == before
                if (item is None and not quiet and len(pending) < self._batch_size
                        and time.monotonic() - first < self._max_hold):
                    continue
            else:
                item = self._queue.get()
                if isinstance(item, _Submit):
                    first = time.monotonic()
                    pending.append(item)
                    continue
            if pending:
                self._commit(pending)
                pending = []
            if item is _STOP:
                return
            if item is not None:
                self._handle(item)

    def _collect(self, pending: list[_Submit]):
        """Let files queue up for ``max_latency`` (less if a flush, call or stop comes), then
        move them to *pending*; returns the first other item, or None.

        A batch is committed once no file came for ``max_latency``, or it is ``max_hold`` old,
        or ``batch_size`` long: while a Storage SCP receives a burst, this thread wakes every
        ``max_latency`` instead of once per file, and indexes mostly in the pauses. Woken per
        file, it took the GIL from the receiving thread each time (a retrieve into the indexed
        store took ~30 % longer)."""
        self._urgent.wait(self._max_latency)
        self._urgent.clear()
        while len(pending) < self._batch_size:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return None
            if not isinstance(item, _Submit):
                return item
            pending.append(item)
        return None

    def _handle(self, item) -> None:
        if isinstance(item, _Flush):
            item.done.set()
        elif isinstance(item, _Call):
            # Listeners hear of the change before the caller returns, so whoever called
            # (e.g. delete_study) can rely on listeners having run.
            try:
                result = item.fn(self._rows, *item.args)
            except BaseException as exc:  # handed to the caller
                self._notify(())
                item.future.set_exception(exc)
                return
            self._notify(())
            item.future.set_result(result)

    def _commit(self, batch: list[_Submit]) -> None:
        prepared, rejected = [], []
        for item in batch:
            try:
                prepared.append((item, *self._prepare(item)))
            except HeaderError as exc:
                rejected.append((item, str(exc)))
        done = []
        try:
            with self._rows.transaction():
                for item, header, stored_path, size in prepared:
                    reason = self._rows.try_upsert(header, stored_path, size)
                    if reason is None:
                        done.append(item)
                    else:
                        rejected.append((item, reason))
        except Exception as exc:  # the database refused the whole batch (disk full, ...)
            log.error("index write failed: %s", exc)
            rejected += [(item, f"index write failed: {exc}") for item in done]
            done = []
        for item in done:
            self._report(item, None)
        for item, reason in rejected:
            self._report(item, reason)
        self._notify(tuple((str(item.path), reason) for item, reason in rejected))

    def _prepare(self, item: _Submit) -> tuple[InstanceHeader, str, int]:
        path = item.path if item.path.is_absolute() else self.store_dir / item.path
        try:
            size = os.stat(path).st_size
        except OSError as exc:
            raise HeaderError(f"file is gone: {exc.strerror or exc}") from exc
        header = item.header or self._header(path, item.dataset, self._last_header)
        self._last_header = header
        return header, self.stored_path(path), size

    @staticmethod
    def _header(path: Path, dataset, same_series: InstanceHeader | None = None) -> InstanceHeader:
        dataset = dataset if dataset is not None else read_header(path)
        syntax = ""
        meta = getattr(dataset, "file_meta", None)
        if meta is None or "TransferSyntaxUID" not in meta:
            syntax = read_transfer_syntax(path)
        try:
            return InstanceHeader.from_dataset(dataset, syntax, same_series)
        except HeaderError:
            raise
        except Exception as exc:  # a hostile data set object
            raise HeaderError(f"unusable header: {exc}") from exc

    def stored_path(self, path: Path) -> str:
        """How the index names *path*: relative to the store root inside it, else absolute."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self._store_root).as_posix()
        except ValueError:
            pass
        resolved = absolute.resolve()
        try:
            return resolved.relative_to(self._store_root).as_posix()
        except ValueError:
            return str(resolved)

    def _report(self, item: _Submit, reason: str | None) -> None:
        if reason is not None:
            log.info("not indexed: %s: %s", item.path, reason)
        if item.on_done is not None:
            try:
                item.on_done(reason)
            except Exception:
                log.exception("on_done callback failed")

    def _notify(self, rejected: tuple) -> None:
        changed, removed = self._rows.take_changes()
        if not (changed or removed or rejected):
            return
        change = IndexChange(changed, removed, rejected)
        for listener in self._listeners:
            try:
                listener(change)
            except Exception:
                log.exception("index listener failed")

    def _release_waiters(self) -> None:
        """After the thread ends nobody may wait forever on a flush or a call."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            if isinstance(item, _Flush):
                item.done.set()
            elif isinstance(item, _Call):
                item.future.set_exception(StoreError("the archive is closed"))
            elif isinstance(item, _Submit):
                self._report(item, "the archive was closed before the file was indexed")
