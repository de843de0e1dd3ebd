"""The Storage SCP's own process: what runs in the child that :mod:`viewer.net.listener_process`
starts.

The child serves :class:`~viewer.net.scp.StorageSCP` (receiving, checking and filing what peers
send) and tells the parent over a pipe what happened, one message each:

``("listening", host, port)``  first message once the port is bound
``("failed", kind, text)``      first message instead, when it cannot listen (``kind``: "port"
                                 for a port in use, else "network"); the child then ends
``("stored", path, row)``       a file was stored; ``row`` is its
                                 :class:`~viewer.store.header.InstanceHeader` (None when the
                                 header could not be converted: the index reads the file)
``("event", SCPEvent)``         a line for the log panel (only when the parent asked for them)
``("synced",)``                 the answer to ``"sync"``: everything stored before was sent

Messages travel in lists (batches, see :class:`_Sender`). The child never touches the index:
the parent's index writer stays the only one. The row is made here, after the C-STORE response
has gone out, so the parent's writer only inserts it. The child ends
when the parent sends ``"stop"`` or its end of the pipe closes (the parent exited or was
killed): no orphan keeps the port.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

from viewer.net.common import NetworkError
from viewer.net.scp import PortInUseError, StorageSCP
from viewer.store.header import InstanceHeader

LOGGER = logging.getLogger(__name__)

STOP = "stop"
SYNC = "sync"  # answered with ("synced",) after every message sent before
_BATCH = 64  # messages sent together at most...
_HOLD_S = 0.05  # ...and held at most this long (the GUI's log and the index lag this much)
_STOP_S = 5.0  # associations still open get this long to end (the parent waits 10 s)


class _Sender:
    """Messages to the parent from any thread of the child (a Connection is not thread-safe),
    sent in batches: one pickle and one write for up to ``_BATCH`` messages or ``_HOLD_S`` of
    them, instead of two per instance. The main thread flushes what waits every ``_HOLD_S``."""

    def __init__(self, conn) -> None:
        self.conn = conn
        self._lock = threading.Lock()
        self._waiting: list = []
        self._since = 0.0

    def __call__(self, message) -> None:
        with self._lock:
            if not self._waiting:
                self._since = time.monotonic()
            self._waiting.append(message)
            if len(self._waiting) >= _BATCH or time.monotonic() - self._since >= _HOLD_S:
                self._send()

    def flush(self) -> None:
        with self._lock:
            if self._waiting:
                self._send()

    def send_now(self, message) -> None:
        with self._lock:
            self._waiting.append(message)
            self._send()

    def _send(self) -> None:
        batch, self._waiting = self._waiting, []
        try:
            self.conn.send(batch)
        except (OSError, ValueError):  # the parent is gone: the main thread notices and ends
            pass


class _Rows:
    """The index row of each stored instance; an instance of the series just seen takes the
    patient, study and series attributes from its row (InstanceHeader.from_dataset)."""

    def __init__(self) -> None:
        self._last: InstanceHeader | None = None

    def of(self, header) -> InstanceHeader | None:
        if header is None:
            return None
        try:
            row = InstanceHeader.from_dataset(header, "", self._last)
        except Exception:  # HeaderError or a header pydicom cannot convert: the writer says why
            return None
        self._last = row
        return row


def serve(conn, settings, overrides: dict, events: bool, inherited=()) -> None:
    """The child's main: listen as *settings* say until told to stop or orphaned.

    *inherited*: the parent's ends of pipes a forked child got a copy of; closed first, so the
    child sees its own pipe close when the parent goes."""
    for end in inherited:
        end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    send = _Sender(conn)
    rows = _Rows()
    scp = StorageSCP.from_settings(
        settings, on_stored=lambda path, header: send(("stored", str(path), rows.of(header))),
        on_event=(lambda event: send(("event", event))) if events else None, **overrides)
    try:
        scp.start()
    except PortInUseError as exc:
        send.send_now(("failed", "port", str(exc)))
        return
    except NetworkError as exc:
        send.send_now(("failed", "network", str(exc)))
        return
    send.send_now(("listening", *scp.address))
    try:
        _wait_for_stop(conn, send)
    except (EOFError, OSError):
        LOGGER.info("the application went away: the listener stops")
    finally:
        scp.stop(timeout=_STOP_S)
        send.flush()
        conn.close()
    # StorageSCP.stop() gave the associations _STOP_S to end. pynetdicom's DUL threads are not
    # daemons, and multiprocessing would wait for one still stuck (a file creation blocked by
    # the disk): end now, as a kill would - files are renamed into place only when complete.
    os._exit(0)


def _wait_for_stop(conn, send: _Sender) -> None:
    """Until the parent says stop (EOFError when it is gone), flushing waiting messages."""
    while True:
        if conn.poll(_HOLD_S):
            request = conn.recv()
            if request == STOP:
                return
            if request == SYNC:
                send.send_now(("synced",))
                continue
        send.flush()
