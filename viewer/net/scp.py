"""Our always-on listener: Storage SCP (every storage SOP class, every transfer syntax) and
Verification SCP.

Received data sets are filed by :class:`~viewer.net.scp_ingest.InstanceFiler` (bytes kept as
received, atomic rename). ``on_stored(path, header)`` is called after the rename (the wiring
hands it to the store index); listeners receive :class:`SCPEvent` for a log panel. Both are
called from pynetdicom's threads: a GUI must hand them over to its own thread.
"""

from __future__ import annotations

import errno
import logging
import threading
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from pydicom.uid import AllTransferSyntaxes, ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AllStoragePresentationContexts, evt
from pynetdicom.sop_class import Verification

from viewer.net.ae import make_ae, server_tls_context
from viewer.net.common import NODELAY_HANDLERS, NetworkError
from viewer.net.scp_events import SCPEvent, Listeners, association_handlers, comment_dataset
from viewer.net.file_meta import ReceivedInstance
from viewer.net.scp_ingest import InstanceFiler, with_file_meta
from viewer.net.scp_server import StoreServer, WakingRequestHandler, tune_allocator
from viewer.store.layout import SpareFile

LOGGER = logging.getLogger(__name__)

DEFAULT_AET = "DICOMVIEWER"
DEFAULT_PORT = 11112
# Every transfer syntax pydicom knows: we never decode what we receive, so any encoding can be
# stored byte for byte (uncompressed, deflated, RLE, JPEG family, JPEG-LS, JPEG 2000, HTJ2K...).
# The acceptor takes the first of these the requestor offers in a context: Explicit VR Little
# Endian first, so a context offering it with Implicit VR LE and Explicit VR BE keeps the VRs
# (of private elements too) rather than losing them.
STORAGE_TRANSFER_SYNTAXES = [ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                             *(s for s in AllTransferSyntaxes
                               if s not in (ExplicitVRLittleEndian, ImplicitVRLittleEndian))]


class PortInUseError(NetworkError):
    """The listening port is taken by another program."""


@dataclass
class SCPOptions:
    """How the listener behaves (defaults suit a workstation)."""

    allowed_calling_aets: tuple[str, ...] = ()  # empty: any calling AE is accepted
    check_called_aet: bool = False  # refuse associations addressed to another AE title
    min_free_bytes: int = 1024 * 1024 * 1024
    tls: object | None = None  # config.TLSSettings for DICOM TLS
    fsync: bool = False
    max_associations: int = 16
    timeout: float = 60.0  # ACSE/DIMSE/network idle timeout, seconds
    max_dataset_bytes: int = 2 * 1024 ** 3  # a peer sending more is aborted
    tune_allocator: bool = True  # glibc keeps PDU-sized buffers on its heap (scp_server)


class StorageSCP:
    """The listener. ``start()`` binds and serves in background threads, ``stop()`` ends it."""

    def __init__(self, store: Path, *, aet: str = DEFAULT_AET, port: int = DEFAULT_PORT,
                 bind: str = "0.0.0.0", on_stored=None, on_event=None,
                 options: SCPOptions | None = None) -> None:
        self.store = Path(store)
        self.aet, self.port, self.bind = aet, port, bind
        self.options = options or SCPOptions()
        self.on_stored = on_stored
        self.listeners = Listeners()
        if on_event is not None:
            self.listeners.add(on_event)
        self._filer = InstanceFiler(self.store, self.options.min_free_bytes, self.options.fsync)
        self._server: StoreServer | None = None
        self._thread: threading.Thread | None = None

    @classmethod
    def from_settings(cls, settings, on_stored=None, on_event=None, **option_overrides):
        """A listener configured from :class:`viewer.config.Settings`."""
        options = SCPOptions(allowed_calling_aets=settings.allowed_calling_aets,
                             min_free_bytes=settings.min_free_mb * 1024 * 1024,
                             check_called_aet=settings.check_called_aet,
                             tls=settings.tls, **option_overrides)
        return cls(settings.store, aet=settings.aet, port=settings.port, bind=settings.bind,
                   on_stored=on_stored, on_event=on_event, options=options)

    def add_listener(self, callback) -> None:
        """Call *callback(SCPEvent)* for every association and instance event."""
        self.listeners.add(callback)

    def remove_listener(self, callback) -> None:
        self.listeners.remove(callback)

    @property
    def is_running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def address(self) -> tuple[str, int] | None:
        """``(host, port)`` actually listened on (the real port when 0 was asked), or None."""
        if self._server is None:
            return None
        host, port = self._server.server_address[:2]
        return host, port

    def start(self) -> None:
        """Bind the port and serve in the background; PortInUseError if the port is taken."""
        if self.is_running:
            return
        try:
            self._filer.open()
        except OSError as exc:
            raise NetworkError(f"cannot create the store folder {self.store}: {exc.strerror}") from None
        if self.options.tune_allocator:
            tune_allocator()
        ae = self._make_ae()
        ssl_context = server_tls_context(self.options.tls) if self.options.tls else None
        try:
            self._server = ae.make_server(
                (self.bind, self.port), ssl_context=ssl_context, evt_handlers=self._handlers(),
                server_class=StoreServer, request_handler=WakingRequestHandler)
        except OSError as exc:
            raise self._bind_error(exc) from None
        self._server.max_dataset_bytes = self.options.max_dataset_bytes
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.1,),
                                        name=f"StorageSCP:{self.address[1]}", daemon=True)
        self._thread.start()
        LOGGER.info("Storage SCP %s listening on %s:%s", self.aet, *self.address)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop accepting, abort associations still open, wait for their threads."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        deadline = time.monotonic() + timeout
        for assoc in server.active_associations:
            if assoc.is_established:
                assoc.abort()
            else:
                assoc.close_unestablished()
            assoc.join(max(0.0, deadline - time.monotonic()))
        if self._thread is not None:
            self._thread.join(max(0.0, deadline - time.monotonic()))
        self._thread = None

    def __enter__(self) -> "StorageSCP":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- internals ------------------------------------------------------------------------

    def _make_ae(self):
        ae = make_ae(self.aet, self.options.timeout)
        ae.maximum_associations = self.options.max_associations
        ae.require_calling_aet = list(self.options.allowed_calling_aets)
        ae.require_called_aet = self.options.check_called_aet  # A-ASSOCIATE-RJ reason 7
        ae.add_supported_context(Verification)
        for context in AllStoragePresentationContexts:
            ae.add_supported_context(context.abstract_syntax, STORAGE_TRANSFER_SYNTAXES)
        return ae

    def _handlers(self) -> list:
        return [*NODELAY_HANDLERS, (evt.EVT_C_STORE, self._on_c_store),
                (evt.EVT_RELEASED, _close_spare_file), (evt.EVT_ABORTED, _close_spare_file),
                *association_handlers(self.listeners)]

    def _bind_error(self, exc: OSError) -> NetworkError:
        if exc.errno == errno.EADDRINUSE:
            return PortInUseError(f"port {self.port} is in use")
        if exc.errno == errno.EACCES:
            return NetworkError(f"port {self.port} needs administrator rights (use 1024 or above)")
        return NetworkError(f"cannot listen on {self.bind}:{self.port}: {exc.strerror or exc}")

    def _on_c_store(self, event):
        """EVT_C_STORE: file the data set; answer its status (with an error comment).

        What only concerns us (on_stored with the header for the index, the log event, the next
        temporary file) runs after the answer has gone out, while the peer prepares its next
        request."""
        received = ReceivedInstance.from_event(event, event.assoc.requestor.ae_title)
        spare = _spare_file(event.assoc)
        filed = self._filer.file(event.request.DataSet, received, spare)
        announce = partial(self._announce, event, filed, received)
        if spare is None:  # not one of our reactor's associations: nothing can wait
            announce()
        else:  # once the answer is out, while the peer prepares its next instance; the index
            event.assoc.defer(announce)  # hears first, the disk may make the spare file slow
            if filed.ok:
                event.assoc.defer(partial(spare.prepare, filed.path.parent))
        return comment_dataset(filed.status, filed.comment)

    def _announce(self, event, filed, received) -> None:
        """Log event, then ``on_stored(path, header)``: the elements up to Columns (0028,0011)
        - all the index takes - with the file meta information (None if they could not be
        read: the consumer reads the file)."""
        self.listeners.instance(event, filed)
        if not filed.ok or filed.duplicate or self.on_stored is None:
            return
        try:
            self.on_stored(filed.path, with_file_meta(filed.header, received))
        except Exception:  # the file is stored; a broken consumer must not fail the peer
            LOGGER.exception("on_stored callback failed for %s", filed.path)


def _spare_file(assoc) -> SpareFile | None:
    """The association's SpareFile (made on first use, discarded when it ends), or None for
    an association that cannot run work after its answers."""
    spare = getattr(assoc, "spare_file", None)
    if spare is None and hasattr(assoc, "at_end"):
        spare = assoc.spare_file = SpareFile()
        assoc.at_end(spare.close)
    return spare


def _close_spare_file(event) -> None:
    """EVT_RELEASED/EVT_ABORTED (bound before the listeners' handlers): the spare is gone by
    the time anyone hears the association ended."""
    spare = getattr(event.assoc, "spare_file", None)
    if spare is not None:
        spare.close()


__all__ = ["StorageSCP", "SCPOptions", "SCPEvent", "PortInUseError", "STORAGE_TRANSFER_SYNTAXES"]
