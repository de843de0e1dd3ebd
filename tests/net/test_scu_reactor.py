"""The event-driven reactor of our requested associations (viewer.net.scu_reactor) against real
pynetdicom peers in this process: responses arrive, C-CANCEL stops the archive, a peer's abort
and a silent peer end in clear NetworkErrors, the network timeout still fires while idle."""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time

import pytest
from pydicom.dataset import Dataset
from pynetdicom import AE, evt
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind as FIND

from viewer.net.common import NetworkError, Node
from viewer.net.find import find
from viewer.net.qr_assoc import association
from viewer.net.scu_find import send_find
from viewer.net.scu_reactor import BufferedSocket, RequestorAssociation

AET = "SCUREACTOR"
MANY = 50


class Archive:
    """What the in-process Find SCP did, for the tests to check."""

    def __init__(self) -> None:
        self.release_silent = threading.Event()
        self.cancelled = threading.Event()
        self.sent_before_cancel = None

    def on_find(self, event):
        what = str(event.identifier.get("PatientID", ""))
        if what == "ABORT":
            yield from (self._match(i, what) for i in range(3))
            event.assoc.abort()
            return
        if what == "LOST":  # the connection breaks without an A-ABORT (a crash, a cable)
            yield from (self._match(i, what) for i in range(2))
            event.assoc.dul.socket.socket.shutdown(socket.SHUT_RDWR)
            return
        if what == "SILENT":
            self.release_silent.wait(30)
            yield 0x0000, None
            return
        count = 2000 if what == "CANCEL" else MANY
        for i in range(count):
            if event.is_cancelled:
                self.sent_before_cancel = i
                self.cancelled.set()
                yield 0xFE00, None
                return
            yield self._match(i, what)
            if what == "CANCEL":
                time.sleep(0.005)  # room for the C-CANCEL to arrive mid-way
        yield 0x0000, None

    @staticmethod
    def _match(i: int, what: str):
        ds = Dataset()
        ds.QueryRetrieveLevel = "STUDY"
        ds.PatientID = f"P{i:04d}" if what == "*" else what  # passes our client-side matching
        ds.StudyInstanceUID = f"1.2.826.0.1.3680043.8.498.{i + 1}"
        return 0xFF00, ds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def archive():
    state = Archive()
    ae = AE("FINDSCP")
    ae.add_supported_context(FIND)
    port = _free_port()
    server = ae.start_server(("127.0.0.1", port), block=False,
                             evt_handlers=[(evt.EVT_C_FIND, state.on_find)])
    yield state, Node("FINDSCP", "127.0.0.1", port)
    state.release_silent.set()
    server.shutdown()


def _request(patient_id: str) -> Dataset:
    ds = Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    ds.PatientID = patient_id
    ds.StudyInstanceUID = ""
    return ds


def test_responses_arrive_and_the_reactor_resumes_between_requests(archive):
    _, node = archive
    with association(node, AET, [(FIND, [])]) as assoc:
        assert isinstance(assoc, RequestorAssociation)
        assert isinstance(assoc.dul.socket, BufferedSocket)
        for msg_id in (1, 2):  # the second request proves the reactor paused and resumed
            responses = list(send_find(assoc, _request("*"), FIND, msg_id=msg_id))
            assert [r.code for r in responses] == [0xFF00] * MANY + [0x0000]
            ids = [str(r.identifier.PatientID) for r in responses[:-1]]
            assert ids == [f"P{i:04d}" for i in range(MANY)]
            assert responses[-1].status.Status == 0x0000
    assert assoc.is_released and not assoc.is_aborted


def test_results_are_the_same_with_pynetdicom_logging_on(archive, caplog):
    """With its logger at INFO pynetdicom's log handlers stay bound and read the command set
    first; the lean C-FIND-RSP conversion must still work."""
    _, node = archive
    caplog.set_level(logging.INFO, logger="pynetdicom")
    results = list(find(node, ["PatientID=*"], calling_aet=AET))
    assert len(results) == MANY
    assert any("C-FIND RSP" in r.getMessage() or "Find" in r.getMessage()
               for r in caplog.records)


def test_cancel_stops_the_archive_and_the_association_is_released(archive):
    state, node = archive
    results = list(find(node, ["PatientID=CANCEL"], calling_aet=AET, limit=5))
    assert len(results) == 5
    assert state.cancelled.wait(10), "the archive never saw the C-CANCEL"
    assert state.sent_before_cancel < 2000
    assert len(list(find(node, ["PatientID=*"], calling_aet=AET))) == MANY


def test_peer_abort_mid_query_is_a_clear_network_error(archive):
    _, node = archive
    got = []
    with pytest.raises(NetworkError, match="C-FIND: the archive aborted the association"):
        for ds in find(node, ["PatientID=ABORT"], calling_aet=AET):
            got.append(ds)
    assert len(got) == 3  # what came before the abort is delivered


def test_connection_lost_mid_query_is_a_clear_network_error(archive):
    _, node = archive
    got = []
    with pytest.raises(NetworkError, match="C-FIND: the connection to the archive was lost"):
        for ds in find(node, ["PatientID=LOST"], calling_aet=AET):
            got.append(ds)
    assert len(got) <= 2  # the peer's DUL may not have sent its responses before the break


def test_peer_that_never_answers_the_query_times_out(archive):
    _, node = archive
    with pytest.raises(NetworkError, match="no response within 1 s"):
        list(find(node, ["PatientID=SILENT"], calling_aet=AET, timeout=1))


def test_peer_that_never_answers_the_association_request_times_out():
    with socket.socket() as mute:  # the kernel accepts the connection; nobody ever reads
        mute.bind(("127.0.0.1", 0))
        mute.listen(4)
        node = Node("MUTE", "127.0.0.1", mute.getsockname()[1])
        with pytest.raises(NetworkError, match="no A-ASSOCIATE response within 1 s"):
            list(find(node, ["PatientID=X"], calling_aet=AET, timeout=1))


def test_idle_association_is_aborted_after_the_network_timeout(archive):
    """No request in progress: only the reactor thread's own timer check can notice."""
    _, node = archive
    with association(node, AET, [(FIND, [])], timeout=0.5) as assoc:
        deadline = time.monotonic() + 15
        while not assoc.is_aborted and time.monotonic() < deadline:
            time.sleep(0.05)
        assert assoc.is_aborted and not assoc.is_established


class _Owner:
    """The little of an association a BufferedSocket touches."""

    class dul:  # noqa: N801 - mimics the attribute
        event_queue = queue.Queue()


def test_buffered_socket_hands_out_exactly_what_is_asked():
    ours, peer = socket.socketpair()
    sock = BufferedSocket(_Owner(), client_socket=ours)
    try:
        big = bytes(range(256)) * 1000  # larger than one read-ahead chunk
        stream = b"\x04\x00\x00\x00\x00\x02ab" + b"\x04\x00" + big
        sender = threading.Thread(target=lambda: [peer.sendall(stream[i:i + 999])
                                                  for i in range(0, len(stream), 999)])
        sender.start()
        assert sock.recv(6) == b"\x04\x00\x00\x00\x00\x02"
        assert sock.recv(2) == b"ab"
        assert sock.recv(2) == b"\x04\x00"
        assert sock.recv(len(big)) == big
        sender.join()
        assert sock.buffered == 0 and not sock.ready
        peer.sendall(b"xyz")
        peer.close()
        assert sock.recv(6) == b"xyz"  # the peer closed: what there was, as pynetdicom's
    finally:
        ours.close()
        peer.close()
