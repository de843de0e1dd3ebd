"""What the listener tells a log panel: association and instance events, Qt-free.

Listeners are plain callables taking an :class:`SCPEvent`; they run on pynetdicom's threads and
must return quickly (a GUI queues the event to its own thread). A listener that raises is logged
and otherwise ignored: it can never break an association.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pydicom.dataset import Dataset
from pynetdicom import evt

from viewer.net.ae import describe_rejection
from viewer.net.common import describe_status

LOGGER = logging.getLogger(__name__)

ASSOCIATION_OPENED = "association-opened"
ASSOCIATION_CLOSED = "association-closed"
ASSOCIATION_ABORTED = "association-aborted"
ASSOCIATION_REJECTED = "association-rejected"
INSTANCE_STORED = "instance-stored"
INSTANCE_REFUSED = "instance-refused"


@dataclass(frozen=True)
class SCPEvent:
    """One line of the listener's log."""

    kind: str
    calling_aet: str
    peer: str  # "host:port" of the remote
    message: str
    status: int | None = None  # DIMSE status (instance events)
    path: Path | None = None  # stored file (instance-stored)
    time: float = field(default_factory=time.time)

    def __str__(self) -> str:
        return f"{self.kind} {self.calling_aet}@{self.peer}: {self.message}"


class Listeners:
    """A thread-safe set of event callbacks."""

    def __init__(self) -> None:
        self._callbacks: list = []
        self._lock = threading.Lock()

    def add(self, callback) -> None:
        with self._lock:
            self._callbacks = [*self._callbacks, callback]

    def remove(self, callback) -> None:
        with self._lock:
            self._callbacks = [c for c in self._callbacks if c is not callback]

    def emit(self, event: SCPEvent) -> None:
        for callback in self._callbacks:
            try:
                callback(event)
            except Exception:
                LOGGER.exception("SCP event listener failed on %s", event.kind)

    def instance(self, dimse_event, filed) -> None:
        """Emit instance-stored / instance-refused for a C-STORE and what became of it."""
        if not self._callbacks:
            return
        uid = dimse_event.request.AffectedSOPInstanceUID
        if filed.ok:
            kind = INSTANCE_STORED
            message = f"{uid} {'already stored' if filed.duplicate else 'stored'}"
        else:
            kind = INSTANCE_REFUSED
            message = f"{describe_status(filed.status, 'store')}: {filed.comment}"
        self.emit(_event(dimse_event.assoc, kind, message, filed.status, filed.path))


def _event(assoc, kind: str, message: str, status=None, path=None) -> SCPEvent:
    requestor = assoc.requestor
    info = requestor.address_info
    peer = f"{getattr(info, 'address', '?')}:{getattr(info, 'port', '?')}"
    return SCPEvent(kind, requestor.ae_title or "", peer, message, status, path)


def _called(assoc) -> str:
    """The called AE title the peer asked for (ours when it did not say)."""
    request = assoc.requestor.primitive
    return (getattr(request, "called_ae_title", None) or assoc.acceptor.ae_title or "").strip()


def association_handlers(listeners: Listeners) -> list:
    """pynetdicom event handlers emitting the association events to *listeners*."""
    def on(kind, message):
        return lambda event: listeners.emit(_event(event.assoc, kind, message(event)))

    def rejected(event) -> str:
        rsp = event.assoc.acceptor.primitive
        if rsp is None:
            return "rejected"
        return describe_rejection(rsp.result, rsp.result_source, rsp.diagnostic)

    return [
        (evt.EVT_ACCEPTED, on(ASSOCIATION_OPENED, lambda e: f"called {_called(e.assoc)}")),
        (evt.EVT_RELEASED, on(ASSOCIATION_CLOSED, lambda e: "released")),
        (evt.EVT_ABORTED, on(ASSOCIATION_ABORTED, lambda e: "aborted")),
        (evt.EVT_REJECTED, on(ASSOCIATION_REJECTED, rejected)),
    ]


def comment_dataset(status: int, comment: str) -> Dataset | int:
    """The C-STORE response status, with an Error Comment (LO: 64 safe characters) on failure."""
    if status == 0x0000 or not comment:
        return status
    rsp = Dataset()
    rsp.Status = status
    rsp.ErrorComment = "".join(c if " " <= c <= "~" and c != "\\" else "?" for c in comment)[:64]
    return rsp
