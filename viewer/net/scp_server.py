"""The listening side of our Storage SCP: pynetdicom's threaded server, creating our
event-driven associations (:mod:`viewer.net.scp_reactor`) on sockets that read a PDU with few
system calls, plus the process tweaks measured to matter for ingest throughput.
"""

from __future__ import annotations

import ctypes
import socketserver
import sys
from datetime import datetime

from pynetdicom import evt
from pynetdicom._globals import MODE_ACCEPTOR
from pynetdicom.association import Association
from pynetdicom.transport import AssociationSocket, RequestHandler, ThreadedAssociationServer

from viewer.net.scp_reactor import WakingAssociation, unbind_log_handlers
from viewer.net.scp_wakeup import wait_readable


def tune_allocator() -> None:
    """Keep buffers up to 16 MiB on glibc's heap instead of fresh mmap()s.

    Every received PDU and data set is a new 128 KiB..1 MiB buffer; above glibc's initial
    mmap threshold each one is mapped, page-faulted in and unmapped again, which costs about a
    third of the SCP's CPU per instance. Process-wide and harmless elsewhere (freed memory up to
    64 MiB may stay with the process). No-op outside glibc.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL("libc.so.6")
        m_trim_threshold, m_mmap_threshold = -1, -3
        libc.mallopt(m_mmap_threshold, 16 * 1024 * 1024)
        libc.mallopt(m_trim_threshold, 64 * 1024 * 1024)
    except (OSError, AttributeError):
        pass


# A PDU announcing more is treated as a broken connection (we announce 128 KiB; a hostile
# length must not make us allocate gigabytes up front).
MAX_PDU_BYTES = 64 * 1024 * 1024


class BulkReadSocket(AssociationSocket):
    """Reads a whole PDU with few ``recv_into`` calls (pynetdicom reads 4 KiB per call), and
    checks for data with poll() (pynetdicom's select() breaks on descriptors above 1023)."""

    @property
    def ready(self) -> bool:
        sock = self.socket
        if sock is None or not self._is_connected:
            return False
        if getattr(sock, "pending", None) and sock.pending():
            return True  # TLS: decrypted bytes waiting
        try:
            return bool(wait_readable([sock], 0))
        except (OSError, ValueError):
            self.event_queue.put("Evt17")  # as pynetdicom: transport connection closed
            return False

    def read_pdu(self) -> bytearray:
        """One PDU, its 6-byte header included, in one buffer; shorter only when the
        connection closed (or the PDU announces more than MAX_PDU_BYTES)."""
        header = self.recv(6)
        if len(header) < 6:
            return header
        length = int.from_bytes(header[2:6], "big")
        if length > MAX_PDU_BYTES:
            return header
        buffer = bytearray(6 + length)
        buffer[:6] = header
        with memoryview(buffer) as view:
            received = self._fill(view[6:])
        if received < length:
            del buffer[6 + received:]
        return buffer

    def _fill(self, view: memoryview) -> int:
        """Receive into *view* until full or the connection closes; the bytes received."""
        received, size = 0, len(view)
        while received < size:
            count = self.socket.recv_into(view[received:], size - received)
            if not count:
                break
            received += count
        return received

    def recv(self, nr_bytes: int) -> bytearray:
        if nr_bytes > MAX_PDU_BYTES:
            return bytearray()  # pynetdicom sees a short read: transport closed, A-P-ABORT
        buffer = bytearray(nr_bytes)
        with memoryview(buffer) as view:
            received = self._fill(view)
        if received < nr_bytes:  # connection closed: return what arrived, as pynetdicom does
            del buffer[received:]
        return buffer


class WakingRequestHandler(RequestHandler):
    """Creates :class:`WakingAssociation` acceptors, configured as pynetdicom configures its own."""

    def _create_association(self) -> Association:
        server = self.server
        assoc = WakingAssociation(self.ae, MODE_ACCEPTOR)
        assoc._server = server
        assoc.name = f"AcceptorThread@{datetime.now():%Y%m%d%H%M%S}"
        assoc.set_socket(BulkReadSocket(assoc, client_socket=self.request))
        acceptor = assoc.acceptor
        acceptor.maximum_length = self.ae.maximum_pdu_size
        acceptor.ae_title = server.ae_title
        acceptor.address_info = self.local
        acceptor.implementation_class_uid = self.ae.implementation_class_uid
        acceptor.implementation_version_name = self.ae.implementation_version_name
        # pynetdicom deep-copies its ~170 storage contexts per association (~0.1 s, while the
        # peer waits for our A-ASSOCIATE-AC); negotiation only reads them, so they are shared
        acceptor.supported_contexts = list(server.contexts)
        assoc.requestor.address_info = self.remote
        assoc.dul.max_dataset_bytes = getattr(server, "max_dataset_bytes", assoc.dul.max_dataset_bytes)
        for event, handlers in server._handlers.items():
            if event.is_intervention and handlers:
                assoc.bind(event, *handlers)
            elif isinstance(event, evt.NotificationEvent):
                for handler, args in handlers:
                    assoc.bind(event, handler, args)
        return assoc


class StoreServer(ThreadedAssociationServer):
    """pynetdicom's threaded server that can be stopped without its AE's server list."""

    daemon_threads = True

    def _bind_defaults(self) -> None:
        super()._bind_defaults()
        unbind_log_handlers(self)

    def service_actions(self) -> None:
        """pynetdicom runs a full gc.collect() here every 60 polls (a pause of up to ~0.1 s in
        the middle of transfers); Python's own collector is enough."""

    def shutdown(self) -> None:
        socketserver.TCPServer.shutdown(self)
        self.server_close()
