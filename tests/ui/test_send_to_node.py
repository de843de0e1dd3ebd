"""Send to… from the query results: the archive (Orthanc) sends to a third node (DCMTK
storescp, in Orthanc's DicomModalities) by C-MOVE; nothing comes to us. Driven with the mouse
(right-click menu) and the keyboard (the AE title typed)."""

import subprocess

import pydicom
import pytest
from PySide6.QtCore import Qt

from peerkit import echo, stop_process, wait_until
from required_tools import require
from ui.conftest import FLOW_PATIENT
from ui.real_input import click, context_menu_choose, press, search_archive, type_text

THIRD = "STORESCP"


@pytest.fixture
def storescp(tmp_path, ui):
    """DCMTK storescp as THIRD on a free port, writing into tmp_path/third."""
    port, out = ui.free_port(), tmp_path / "third"
    out.mkdir()
    process = subprocess.Popen([require("storescp"), "-aet", THIRD, "-od", str(out), str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: echo(THIRD, port), process, "storescp")
    yield port, out
    stop_process(process)


def send_to(qtbot, window, destination: str, wait: bool = True, offered=THIRD):
    """Right-click the one study found, Send to…, type the AE title, Enter: the job's row."""
    view = window.query.view
    texts = context_menu_choose(qtbot, view, window.query.model.item(0, 0).index(), "Send to…")
    assert texts == ["Retrieve", "Retrieve and open", "Send to…"]
    qtbot.waitUntil(lambda: window.query.dialog is not None and window.query.dialog.isVisible(),
                    timeout=5000)
    dialog = window.query.dialog
    if offered:
        assert dialog.destination.itemText(0) == offered  # a saved node's AE title
    dialog.destination.lineEdit().selectAll()
    type_text(qtbot, dialog, destination)
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.query.dialog is None, timeout=5000)
    job = window.transfers.jobs[-1]
    if wait:
        qtbot.waitUntil(lambda: job.state != "running", timeout=60000)
    return job


def test_send_a_study_from_the_archive_to_a_third_node(qtbot, ui, orthanc, main_env,
                                                       make_window, storescp):
    """Sent, refused for an unknown AE title, refused for a node that is down, cancelled."""
    port, out = storescp
    orthanc.register_destination(THIRD, port, name="third")
    main_env.add_node("PACS", orthanc.aet, orthanc.port)
    main_env.add_node("Workstation", THIRD, port)
    down = ui.free_port()  # known to both, nothing listening
    orthanc.register_destination("DOWNAE", down, name="down")
    main_env.add_node("Down", "DOWNAE", down)
    window = make_window()
    search_archive(qtbot, window, "FLOW", node="PACS")
    ui.wait_search(qtbot, window)
    assert ui.table_texts(window.query.model) == ["FLOW, TEST"]

    job = send_to(qtbot, window, THIRD)
    assert (job.state, job.completed, job.failed, job.remaining) == ("done", 6, 0, 0), job.detail
    assert job.kind == "move" and job.title.endswith(f"from PACS to {THIRD}")
    arrived = [pydicom.dcmread(p) for p in out.iterdir()]
    assert len(arrived) == 6 and {str(ds.PatientName) for ds in arrived} == {FLOW_PATIENT}
    assert window.session.archive.list_studies() == []  # none came to us
    assert not [p for p in main_env.store.rglob("*") if p.is_file() and p.suffix == ".dcm"]
    assert any(line.endswith(f"6 instance(s) sent to {THIRD}")
               for line in window.log_panel.lines())

    job = send_to(qtbot, window, "NOSUCHAE")  # the archive does not know it
    assert (job.state, job.completed) == ("failed", 0)
    assert job.detail.startswith("The archive refused to send to NOSUCHAE: it does not know "
                                 "that AE title, or cannot reach it."), job.detail
    assert "0xC000" in job.detail

    job = send_to(qtbot, window, "DOWNAE")  # a saved node: a C-ECHO tells why
    assert job.state == "failed"
    assert job.detail.startswith("The archive cannot reach the destination DOWNAE: is it "
                                 "running?"), job.detail
    assert len(list(out.iterdir())) == 6

    search_archive(qtbot, window, "BIG", node="PACS")
    ui.wait_search(qtbot, window)
    job = send_to(qtbot, window, THIRD, wait=False)
    qtbot.waitUntil(lambda: job.completed >= 20, timeout=60000)
    click(qtbot, window.transfers.rows[job].cancel_button)  # C-CANCEL
    qtbot.waitUntil(lambda: job.state != "running", timeout=60000)
    assert job.state == "cancelled", (job.state, job.detail)
    assert 20 <= job.completed < ui.BIG_COUNT
    assert len(list(out.iterdir())) - 6 == job.completed
    assert window.session.archive.list_studies() == []


def test_a_destination_refusing_some_instances_is_a_partial_send(qtbot, ui, orthanc, main_env,
                                                                 make_window):
    """The third node (pynetdicom) refuses the second of six instances: Orthanc 1.10 stops
    there (0xC000, zero counts); its last pending counts and the words say what arrived."""
    from pynetdicom import AllStoragePresentationContexts, evt

    def on_store(peer, event):
        peer.received.append(str(event.request.AffectedSOPInstanceUID))
        return 0xA700 if len(peer.received) in (2, 5) else 0x0000

    peer = ui.start_peer("PARTIAL", [c.abstract_syntax for c in AllStoragePresentationContexts],
                         [(evt.EVT_C_STORE, on_store)])
    try:
        orthanc.register_destination("PARTIAL", peer.port, name="partial")
        main_env.add_node("PACS", orthanc.aet, orthanc.port)
        window = make_window()
        search_archive(qtbot, window, "FLOW", node="PACS")
        ui.wait_search(qtbot, window)
        job = send_to(qtbot, window, "PARTIAL", offered=None)
    finally:
        peer.server.shutdown()
    assert len(peer.received) == 2
    assert (job.state, job.completed, job.failed, job.remaining) == ("failed", 1, 5, 0)
    assert job.detail.startswith("1 of 6 instance(s) reached PARTIAL (0xC000"), job.detail
