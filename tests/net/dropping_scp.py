"""A Storage SCP built on pynetdicom that drops the connection (no A-ABORT) on chosen instances.

What a real archive does when it cannot parse a file: it closes the TCP connection. Used by the
send tests to prove a batch carries on after such a casualty. Runs in this process, on
127.0.0.1 and an ephemeral port; ``stop()`` shuts it down.
"""

from __future__ import annotations

import socket
import threading
from pathlib import Path

from pynetdicom import AE, AllStoragePresentationContexts, evt
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian


class DroppingSCP:
    """Stores what it receives in memory (SOP Instance UID -> bytes) and closes the connection,
    without a response, when an instance's SOP Instance UID is in *drop_on*."""

    def __init__(self, drop_on=(), aet: str = "DROPPER"):
        self.drop_on = set(drop_on)
        self.received: dict[str, bytes] = {}
        self.associations = 0
        self.dropped: list[str] = []
        self._lock = threading.Lock()
        ae = AE(ae_title=aet)
        for context in AllStoragePresentationContexts:
            ae.add_supported_context(context.abstract_syntax,
                                     [ExplicitVRLittleEndian, ImplicitVRLittleEndian])
        ae.maximum_pdu_size = 0
        self.aet = aet
        self.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=[
            (evt.EVT_C_STORE, self._on_store), (evt.EVT_ACCEPTED, self._on_accepted)])
        self.port = self.server.server_address[1]

    def _on_accepted(self, event) -> None:
        with self._lock:
            self.associations += 1

    def _on_store(self, event) -> int:
        uid = str(event.request.AffectedSOPInstanceUID)
        if uid in self.drop_on:
            with self._lock:
                self.dropped.append(uid)
            sock = event.assoc.dul.socket.socket
            sock.shutdown(socket.SHUT_RDWR)  # the peer sees the connection closed, no A-ABORT
            sock.close()
            return 0xC000  # never reaches the peer
        with self._lock:
            self.received[uid] = event.request.DataSet.getvalue()
        return 0x0000

    def stop(self) -> None:
        self.server.shutdown()


def uid_of(path: Path) -> str:
    import pydicom
    return str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)
