"""Background work for the GUI: a generator runs in a Python thread, its results come back as
Qt signals on the GUI thread.

The GUI thread never waits on the network or the disk. A :class:`Worker` runs
``fn(*args, cancel=threading.Event)``; when *fn* is a generator, every value it yields is
queued and delivered in batches (``items(list)``): the GUI thread drains whatever arrived since
its last turn, so a fast producer costs one slot call per event-loop turn, not one per item, and
nothing waits for a batch to fill. The last value returned (or the generator's return value) is
``finished(object)``; an exception is ``failed(str)`` with a message for the user.

Workers run on a :class:`ThreadReuse` of daemon threads, not one new thread each: the local
archive keeps one SQLite reader connection per thread that ever read (two file descriptors), so
a thread per job (a list reload every 400 ms during a retrieve) would pile them up for the whole
session.
"""

from __future__ import annotations

import inspect
import logging
import queue
import threading

from PySide6.QtCore import QObject, Signal, Slot

LOG = logging.getLogger(__name__)
MAX_THREADS = 32

# Failures the user can cause or meet (network, disk, bad input): their text is the message.
try:
    from viewer.dicom import DicomReadError
    from viewer.net.common import NetworkError
    from viewer.store import StoreError
    EXPECTED = (NetworkError, StoreError, DicomReadError, ValueError, OSError)
except ImportError:  # pragma: no cover - the domain layers always exist in a build
    EXPECTED = (ValueError, OSError)


class Worker(QObject):
    """One background job. Keep a reference until ``done`` (the owner's registry does)."""

    items = Signal(list)  # what the generator yielded, batched per event-loop turn
    finished = Signal(object)
    failed = Signal(str)
    done = Signal()  # after finished or failed, always
    _ended = Signal(object, object)  # result, error text (None when it succeeded)

    def __init__(self, fn, *args, parent: QObject | None = None, name: str = "worker", **kwargs):
        super().__init__(parent)
        self.fn, self.args, self.kwargs, self.name = fn, args, kwargs, name
        self.cancel_event = threading.Event()
        self._relay = BatchRelay(self)
        self._relay.items.connect(self.items)
        self._ended_event = threading.Event()
        self.result = None
        self.error: str | None = None
        self.is_done = False
        self._ended.connect(self._on_ended)

    # --- GUI thread ------------------------------------------------------------------------------

    def start(self, threads: "ThreadReuse | None" = None) -> "Worker":
        """Run on one of *threads*, or on a thread of its own."""
        if threads is None:
            threading.Thread(target=self._run, name=f"ui-{self.name}", daemon=True).start()
        else:
            threads.submit(self._run)
        return self

    def cancel(self) -> None:
        """Ask the job to stop (it checks ``cancel`` between steps)."""
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job ended (tests and shutdown only)."""
        return self._ended_event.wait(timeout)

    @Slot(object, object)
    def _on_ended(self, result, error) -> None:
        self._relay.drain()  # every item before finished/failed
        self.result, self.error, self.is_done = result, error, True
        if error is None:
            self.finished.emit(result)
        else:
            self.failed.emit(error)
        self.done.emit()

    # --- worker thread ----------------------------------------------------------------------------

    def _run(self) -> None:
        result, error = None, None
        try:
            produced = self.fn(*self.args, cancel=self.cancel_event, **self.kwargs)
            if inspect.isgenerator(produced):
                result = self._consume(produced)
            else:
                result = produced
        except EXPECTED as exc:
            error = str(exc) or type(exc).__name__
        except Exception as exc:  # a bug of ours: still a message, and the log has the trace
            LOG.exception("%s failed", self.name)
            error = f"internal error: {type(exc).__name__}: {exc}"
        self._ended_event.set()
        try:
            self._ended.emit(result, error)
        except RuntimeError:  # the pool (and this QObject) is gone: the window closed
            pass

    def _consume(self, generator):
        try:
            while True:  # the generator checks ``cancel`` itself (C-CANCEL, then last steps)
                self._relay.push(next(generator))
        except StopIteration as stop:
            return stop.value
        finally:
            generator.close()


class BatchRelay(QObject):
    """Values pushed from any thread come out on the GUI thread as ``items(list)``: whatever
    arrived since the last event-loop turn, in one call (one log append for a burst of received
    files, not one per file)."""

    items = Signal(list)
    _ready = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pending: list = []
        self._notified = False
        self._lock = threading.Lock()
        self._ready.connect(self.drain)

    def push(self, value) -> None:
        with self._lock:
            self._pending.append(value)
            notify, self._notified = not self._notified, True
        if notify:
            try:
                self._ready.emit()
            except RuntimeError:  # the receiver is gone (the window closed)
                pass

    @Slot()
    def drain(self) -> None:
        """Emit what is pending now (GUI thread)."""
        with self._lock:
            batch, self._pending = self._pending, []
            self._notified = False
        if batch:
            self.items.emit(batch)


class ThreadReuse:
    """Daemon threads that run one job after another: a new thread only when none is idle,
    at most *limit* (then jobs wait their turn)."""

    def __init__(self, limit: int = MAX_THREADS, prefix: str = "ui-worker") -> None:
        self.limit, self.prefix = limit, prefix
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._idle = 0
        self.count = 0  # threads made so far

    def submit(self, job) -> None:
        with self._lock:
            if self._idle or self.count >= self.limit:
                self._idle = max(0, self._idle - 1)
                self._jobs.put(job)
                return
            self.count += 1
            name = f"{self.prefix}-{self.count}"
        threading.Thread(target=self._loop, args=(job,), name=name, daemon=True).start()

    def _loop(self, job) -> None:
        while True:
            try:
                job()
            except Exception:  # Worker._run catches everything; this is a last resort
                LOG.exception("a background job failed")
            job = None
            with self._lock:
                self._idle += 1
            job = self._jobs.get()


SHARED_THREADS = ThreadReuse()  # one set for the process (every window, every test)


class WorkerPool(QObject):
    """Keeps running workers alive and lets the owner cancel them all (window closing)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._workers: set[Worker] = set()
        self.threads = SHARED_THREADS

    def run(self, fn, *args, name: str = "worker", on_items=None, on_finished=None,
            on_failed=None, **kwargs) -> Worker:
        """Start ``fn(*args, cancel=..., **kwargs)``; connect the given slots first."""
        worker = Worker(fn, *args, parent=self, name=name, **kwargs)
        if on_items is not None:
            worker.items.connect(on_items)
        if on_finished is not None:
            worker.finished.connect(on_finished)
        if on_failed is not None:
            worker.failed.connect(on_failed)
        worker.done.connect(lambda: self._forget(worker))
        self._workers.add(worker)
        return worker.start(self.threads)

    def _forget(self, worker: Worker) -> None:
        self._workers.discard(worker)
        worker.deleteLater()

    @property
    def running(self) -> list[Worker]:
        return [w for w in self._workers if not w.is_done]

    def cancel_all(self, wait: float = 0.0) -> None:
        for worker in list(self._workers):
            worker.cancel()
        if wait:
            for worker in list(self._workers):
                worker.wait(wait)
