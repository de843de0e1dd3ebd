"""A three-device move's outcome in categories (viewer/net/move_outcome.py) against DCMTK
dcmqrscp: a destination that refuses one instance (pynetdicom, 0xA700) is PARTIAL with the
archive's Failed SOP Instance UID List; one that is down, and one the archive does not know."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pynetdicom import AE, AllStoragePresentationContexts, evt

sys.path.insert(0, str(Path(__file__).parents[1]))
from peerkit import dcmqrscp, free_port  # noqa: E402
from peerkit.make_series import main as make_series  # noqa: E402

from viewer.net import move_outcome as mo
from viewer.net.common import Node
from viewer.net.qr_progress import RetrieveError
from viewer.net.retrieve import retrieve


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    """(archive node, study UID, the refusing SCP's received UIDs, the down port)."""
    data = tmp_path_factory.mktemp("move-outcome")
    make_series([str(data), "-n", "4", "--rows", "16", "--cols", "16", "--seed", "71"])
    received = []

    def on_store(event):
        received.append(str(event.request.AffectedSOPInstanceUID))
        return 0xA700 if len(received) == 2 else 0x0000

    ae = AE(ae_title="PARTIAL")
    for context in AllStoragePresentationContexts:
        ae.add_supported_context(context.abstract_syntax)
    server = ae.start_server(("127.0.0.1", 0), block=False,
                             evt_handlers=[(evt.EVT_C_STORE, on_store)])
    down = free_port()
    archive = dcmqrscp.start(data, modalities={"PARTIAL": server.server_address[1],
                                               "DOWNAE": down})
    import pydicom

    study = str(pydicom.dcmread(next(data.rglob("*.dcm"))).StudyInstanceUID)
    yield Node(archive.aet, "127.0.0.1", archive.port), study, received, down
    archive.stop()
    server.shutdown()


def moved(node, study, destination) -> mo.MoveOutcome:
    last = seen = None
    try:
        for last in retrieve(node, {"StudyInstanceUID": study}, destination=destination,
                             calling_aet="OUTCOME"):
            seen = last if last.kind == "pending" else seen
    except RetrieveError as exc:
        last = exc
    return mo.outcome_of(last, destination, seen)


def test_a_refused_instance_is_a_partial_move_naming_it(setup):
    node, study, received, _ = setup
    outcome = moved(node, study, "PARTIAL")
    assert outcome.kind == mo.PARTIAL, outcome
    assert (outcome.sent, outcome.not_sent, len(received)) == (3, 1, 4)
    assert outcome.failed_uids == (received[1],)
    assert outcome.sentence().startswith("3 of 4 instance(s) reached PARTIAL")


def test_a_destination_down_and_an_unknown_one(setup):
    node, study, _, down = setup
    outcome = moved(node, study, "DOWNAE")
    assert outcome.kind == mo.DOWN, outcome
    assert outcome.sentence().startswith("the archive cannot reach the destination DOWNAE")
    outcome = moved(node, study, "NOSUCHAE")
    assert (outcome.kind, outcome.status) == (mo.UNKNOWN, 0xA801)
    saved = [Node("DOWNAE", "127.0.0.1", down)]  # REFUSED (Orthanc's 0xC000) made DOWN
    refused = mo.MoveOutcome(mo.REFUSED, "DOWNAE", status=0xC000)
    probed = mo.probe_destination(refused, saved, "OUTCOME", timeout=5)
    assert probed.kind == mo.DOWN and "refused" in probed.reason, probed
