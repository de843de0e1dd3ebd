"""A built-in demo PACS on loopback: Q/R SCP (C-ECHO, C-FIND, C-MOVE, C-GET). Qt-free.

``dicom-viewer --demo`` starts one so a first-time user can query, retrieve and view without a
PACS. It serves the sample studies of :mod:`viewer.net.demo_data` in the Study Root and Patient
Root information models, at every level. A C-MOVE goes to the destinations that
``resolve_destination(aet) -> (host, port) | None`` knows (the application maps its own AE title
to its Storage SCP); an unknown destination gets 0xA801. It listens on 127.0.0.1 only.

    with DemoArchive(ensure_demo_data(), resolve_destination=lambda aet: ("127.0.0.1", 11112)) as demo:
        node = demo.node  # Node("DEMOPACS", "127.0.0.1", <port>)
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable
from pathlib import Path

from pydicom import dcmread
from pydicom.uid import AllTransferSyntaxes, ExplicitVRLittleEndian, ImplicitVRLittleEndian
from pynetdicom import AllStoragePresentationContexts, build_context, evt
from pynetdicom import sop_class as sc

from viewer.net.ae import MAX_PDU
from viewer.net.qr_assoc import make_ae as make_requestor_ae
from viewer.net.common import NODELAY_HANDLERS, Node
from viewer.net.demo_data import demo_files
from viewer.net.demo_index import DemoIndex, Record

LOG = logging.getLogger(__name__)

DEMO_AET = "DEMOPACS"
DEMO_NODE_NAME = "Demo archive"
HOST = "127.0.0.1"
QR_MODELS = (
    sc.StudyRootQueryRetrieveInformationModelFind, sc.StudyRootQueryRetrieveInformationModelMove,
    sc.StudyRootQueryRetrieveInformationModelGet, sc.PatientRootQueryRetrieveInformationModelFind,
    sc.PatientRootQueryRetrieveInformationModelMove, sc.PatientRootQueryRetrieveInformationModelGet,
)
PENDING, CANCELLED = 0xFF00, 0xFE00
UNABLE_TO_PROCESS = 0xC000

Destination = tuple[str, int]


class DemoArchive:
    """The demo Q/R SCP; ``start()`` listens in pynetdicom's threads, ``stop()`` ends it."""

    def __init__(self, folder: Path, *, aet: str = DEMO_AET, port: int = 0,
                 resolve_destination: Callable[[str], Destination | None] | None = None) -> None:
        self.folder = Path(folder)
        self.aet, self.port = aet, port
        self.resolve_destination = resolve_destination or (lambda aet: None)
        self.index: DemoIndex | None = None
        self._server = None

    @property
    def node(self) -> Node:
        """Where to reach the running archive."""
        if self._server is None:
            raise RuntimeError("the demo archive is not running")
        return Node(self.aet, HOST, self._server.server_address[1])

    @property
    def is_running(self) -> bool:
        return self._server is not None

    def start(self) -> None:
        """Index the files and listen; OSError if the port cannot be bound."""
        if self._server is not None:
            return
        self.index = DemoIndex(demo_files(self.folder))
        # The C-MOVE sub-operations are sent on an association pynetdicom requests from this
        # AE: a ReactorAE runs it on our event-driven requestor reactor, whose waits cannot
        # miss a response (stock pynetdicom's pause handshake sometimes hands a C-STORE-RSP to
        # its reactor thread instead of send_c_store under load, failing the rest of the move).
        ae = make_requestor_ae(self.aet)
        ae.maximum_pdu_size = MAX_PDU
        ae.add_supported_context(sc.Verification)
        for model in QR_MODELS:
            ae.add_supported_context(model)
        for context in AllStoragePresentationContexts:  # C-GET: the requestor is Storage SCP
            ae.add_supported_context(context.abstract_syntax, AllTransferSyntaxes,
                                     scp_role=True, scu_role=False)
        handlers = [*NODELAY_HANDLERS, (evt.EVT_C_ECHO, lambda event: 0x0000),
                    (evt.EVT_C_FIND, self._on_find), (evt.EVT_C_MOVE, self._on_move),
                    (evt.EVT_C_GET, self._on_get)]
        self._server = ae.start_server((HOST, self.port), block=False, evt_handlers=handlers)
        LOG.info("demo archive %s listening on %s:%s (%d instances)", self.aet, HOST,
                 self._server.server_address[1], len(self.index.records))

    def stop(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()

    def __enter__(self) -> "DemoArchive":
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    # --- handlers (pynetdicom's association threads) --------------------------------------------

    def _on_find(self, event):
        try:
            found = list(self.index.find(event.identifier, lambda: event.is_cancelled))
        except Exception as exc:  # a malformed identifier
            LOG.warning("demo C-FIND refused: %s", exc)
            yield UNABLE_TO_PROCESS, None
            return
        for ds in found:
            if event.is_cancelled:
                yield CANCELLED, None
                return
            yield PENDING, ds

    def _on_move(self, event):
        destination = self.resolve_destination(event.move_destination.strip())
        records = self._selected(event)
        if destination is None:
            yield None, None  # 0xA801 Move destination unknown
            return
        contexts = _contexts_for(records)
        yield destination[0], destination[1], {"contexts": contexts,
                                               "evt_handlers": list(NODELAY_HANDLERS)}
        yield from self._send(event, records)

    def _on_get(self, event):
        yield from self._send(event, self._selected(event))

    def _selected(self, event) -> list[Record]:
        try:
            return self.index.select(event.identifier)
        except Exception as exc:
            LOG.warning("demo retrieve identifier unreadable: %s", exc)
            return []

    @staticmethod
    def _send(event, records: list[Record]):
        yield len(records)
        for record in records:
            if event.is_cancelled:
                yield CANCELLED, None
                return
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = dcmread(record.path)
            yield PENDING, ds


def _contexts_for(records: list[Record]) -> list:
    """Presentation contexts for a move's store association: each SOP class with its files'
    transfer syntax, and uncompressed ones."""
    pairs = {}
    for record in records:
        meta = record.header.file_meta
        pairs.setdefault(str(record.header.SOPClassUID), set()).add(str(meta.TransferSyntaxUID))
    contexts = []
    for sop_class, syntaxes in pairs.items():
        contexts.append(build_context(sop_class, [ExplicitVRLittleEndian, ImplicitVRLittleEndian]))
        for syntax in sorted(syntaxes - {ExplicitVRLittleEndian, ImplicitVRLittleEndian}):
            contexts.append(build_context(sop_class, [syntax]))
    return contexts[:128]


__all__ = ["DemoArchive", "DEMO_AET", "DEMO_NODE_NAME"]
