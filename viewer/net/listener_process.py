"""The application's Storage SCP, run in a child process (:mod:`viewer.net.listener_child`).

Why a process: during a C-MOVE into our own listener three parties run at once - the SCU
reading the archive's pending responses, the SCP receiving and filing each instance, the index
writer - and in one process they take turns on one interpreter lock. In its own process the SCP
receives while the application's SCU and index writer run on the other core (see
docs/performance.md). The index stays with the application: the child sends a row per stored
file and the application's index writer, the only one, inserts it.

:class:`ListenerProcess` is used like :class:`~viewer.net.scp.StorageSCP`: ``start()`` raises
PortInUseError / NetworkError as it does (the child reports the failure before it ends),
``on_stored(path, None, header=row)`` and the event listeners are called on a reader thread of
this process. If the child dies, the reader notices the pipe closing, starts a new child and
calls ``on_restart(reason, error)`` (error: the NetworkError if it could not listen again).
``stop()`` - and the exit of the application, however it ends - stops the child.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time

from viewer.net.common import NetworkError
from viewer.net.listener_child import STOP, SYNC, serve
from viewer.net.scp import PortInUseError
from viewer.net.scp_events import Listeners

LOGGER = logging.getLogger(__name__)

_START_TIMEOUT_S = 60.0
_RESTART_PAUSE_S = 1.0  # a child dying at once is restarted at most this often


def _context():
    """How to start the child: forked when this process runs one thread (the CLI, before it
    opens the index: nothing to inherit half-done, and no imports to repeat), else from a
    fork server (a GUI's threads must not be forked); spawned in a frozen build."""
    if getattr(sys, "frozen", False):
        return multiprocessing.get_context("spawn")
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["viewer.net.listener_child"])
    return context


def exit_reason(exitcode: int | None) -> str:
    """How a child ended, in words (a negative exit code is the signal that ended it)."""
    if exitcode is None:
        return "it stopped answering"
    if exitcode < 0:
        try:
            return f"it was ended by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"it was ended by signal {-exitcode}"
    return f"it exited with code {exitcode}"


class ListenerProcess:
    """The Storage SCP in a child process; see the module docstring."""

    def __init__(self, settings, *, on_stored=None, on_event=None, on_restart=None,
                 hold_stored: bool = False, **option_overrides) -> None:
        self.settings = settings
        self.on_stored = on_stored
        self.on_restart = on_restart
        self.listeners = Listeners()
        if on_event is not None:
            self.listeners.add(on_event)
        self.overrides = option_overrides
        self.address: tuple[str, int] | None = None
        self.restarts = 0
        self._proc = None
        self._conn = None
        self._reader: threading.Thread | None = None
        self._stopping = False
        self._lock = threading.Lock()
        self._held: list | None = [] if hold_stored else None  # see deliver_stored
        self._syncs: list[threading.Event] = []  # waiting for ("synced",), oldest first

    @classmethod
    def from_settings(cls, settings, on_stored=None, on_event=None, **option_overrides):
        return cls(settings, on_stored=on_stored, on_event=on_event, **option_overrides)

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc is not None else None

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.is_alive()

    def add_listener(self, callback) -> None:
        self.listeners.add(callback)

    def remove_listener(self, callback) -> None:
        self.listeners.remove(callback)

    def deliver_stored(self, on_stored) -> None:
        """Set ``on_stored`` and hand it the files stored before (*hold_stored*: the listener
        can then be started - forked - before the index is opened, without losing any)."""
        with self._lock:
            self.on_stored, held, self._held = on_stored, self._held or [], None
        for path, row in held if on_stored is not None else ():
            on_stored(path, None, header=row)

    def sync(self, timeout: float = 10.0) -> bool:
        """Wait until every file the listener stored so far has been handed to ``on_stored``
        (its messages are sent in batches); False if it did not answer in *timeout*."""
        done = threading.Event()
        with self._lock:
            conn = self._conn
            if conn is None:
                return False
            self._syncs.append(done)
            try:
                conn.send(SYNC)
            except (OSError, ValueError):
                self._syncs.remove(done)
                return False
        return done.wait(timeout)

    def start(self) -> None:
        """Start the child and wait until it listens; PortInUseError/NetworkError if it cannot."""
        if self.is_running:
            return
        self._stopping = False
        self._launch()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the child (it aborts associations still open) and wait for it."""
        with self._lock:
            self._stopping = True
            proc, conn, reader = self._proc, self._conn, self._reader
        if proc is None:
            return
        try:
            conn.send(STOP)
        except (OSError, ValueError):
            pass
        started = time.monotonic()
        proc.join(timeout)
        if proc.is_alive():
            LOGGER.warning("the listener process %s did not stop in %.1f s (process %s): killed",
                           proc.pid, time.monotonic() - started, os.getpid())
            proc.kill()
            proc.join()
        if reader is not None and reader is not threading.current_thread():
            reader.join(timeout)
        conn.close()
        self._proc = self._conn = self._reader = None
        self.address = None

    def __enter__(self) -> "ListenerProcess":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- the child --------------------------------------------------------------------------

    def _launch(self) -> None:
        context = _context()
        ours, theirs = context.Pipe()
        inherited = (ours,) if context.get_start_method() == "fork" else ()
        proc = context.Process(
            target=serve, name="dicom-viewer-listener", daemon=True,
            args=(theirs, self.settings, self.overrides, bool(self.listeners), inherited))
        proc.start()
        theirs.close()
        try:
            address = self._wait_listening(ours, proc)
        except BaseException:
            ours.close()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
                proc.join()
            raise
        with self._lock:
            self._proc, self._conn, self.address = proc, ours, address
            self._reader = threading.Thread(target=self._read, args=(ours, proc), daemon=True,
                                            name=f"listener-reader:{address[1]}")
            self._reader.start()
        LOGGER.info("Storage SCP %s listening on %s:%s (process %s)", self.settings.aet,
                    *address, proc.pid)

    def _wait_listening(self, conn, proc) -> tuple[str, int]:
        if not conn.poll(_START_TIMEOUT_S):
            raise NetworkError(f"the listener process did not start in {_START_TIMEOUT_S:.0f} s")
        try:
            message = conn.recv()
        except (EOFError, OSError):
            proc.join(5)
            raise NetworkError(f"the listener process ended at start: "
                               f"{exit_reason(proc.exitcode)}") from None
        message = message[0]
        if message[0] == "failed":
            error = PortInUseError if message[1] == "port" else NetworkError
            raise error(message[2])
        return message[1], message[2]

    def _read(self, conn, proc) -> None:
        """The reader thread: hand the child's messages on until its pipe closes."""
        while True:
            try:
                batch = conn.recv()
            except (EOFError, OSError):
                break
            for message in batch:
                try:
                    self._dispatch(message)
                except Exception:
                    LOGGER.exception("a listener message could not be handled")
        if self._stopping:
            return  # stop() waits for the child: two threads' waitpid() would race (ECHILD)
        proc.join(5)
        self._restart(proc.exitcode)

    def _dispatch(self, message) -> None:
        kind = message[0]
        if kind == "stored":
            if self._held is not None:
                with self._lock:
                    if self._held is not None:
                        self._held.append((message[1], message[2]))
                        return
            if self.on_stored is not None:
                self.on_stored(message[1], None, header=message[2])
        elif kind == "event":
            self.listeners.emit(message[1])
        elif kind == "synced":
            with self._lock:
                done = self._syncs.pop(0) if self._syncs else None
            if done is not None:
                done.set()

    def _restart(self, exitcode: int | None) -> None:
        reason = f"the listener process stopped unexpectedly ({exit_reason(exitcode)})"
        LOGGER.error("%s: restarting it", reason)
        time.sleep(_RESTART_PAUSE_S if self.restarts else 0)
        with self._lock:
            if self._stopping:
                return
            self._proc = self._conn = self._reader = None
            self.address = None
        self.restarts += 1
        error = None
        try:
            self._launch()
        except NetworkError as exc:
            error = exc
            LOGGER.error("the listener could not be restarted: %s", exc)
        else:
            if self._stopping:  # stop() came while the new child started
                self.stop()
                return
        if self.on_restart is not None:
            self.on_restart(reason, error)


__all__ = ["ListenerProcess", "exit_reason"]
