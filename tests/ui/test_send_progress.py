"""Study > Send to: C-STORE with per-instance progress to a Storage SCP (pynetdicom, in this
process) that refuses chosen instances with 0xA700; nothing is retried, each refused file is
listed with its status meaning behind the Transfers row's Details button (clicked). A series
alone is sent from the series list's right-click menu."""

import pydicom
import pytest
from pynetdicom import AllStoragePresentationContexts, evt
from pynetdicom.sop_class import Verification

from ui.real_input import choose_from_menu, click, click_item, context_menu_choose, shortcut
from viewer.ui import study_rows as rows


@pytest.fixture
def refusing_scp(ui, demo_ct):
    """AE REFUSER: stores all but three instances of the demo CT, refuses those with 0xA700."""
    files = sorted(demo_ct.rglob("*.dcm"))
    refused = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): p
               for p in files[5:8]}

    def on_store(peer, event):
        uid = str(event.request.AffectedSOPInstanceUID)
        peer.received.append(uid)
        return 0xA700 if uid in refused else 0x0000

    contexts = [Verification, *[c.abstract_syntax for c in AllStoragePresentationContexts]]
    peer = ui.start_peer("REFUSER", contexts, [(evt.EVT_C_STORE, on_store)])
    peer.state["refused"] = refused
    yield peer
    peer.server.shutdown()


def test_send_lists_each_refused_instance_with_its_status(qtbot, ui, main_env, make_window,
                                                         demo_ct, refusing_scp):
    main_env.add_node("Refuser", refusing_scp.aet, refusing_scp.port)
    window = make_window()
    ui.import_study(qtbot, window, demo_ct)
    shortcut(qtbot, window, "Ctrl+1")
    view = window.local.view
    click_item(qtbot, view, view.model().index(0, 0))
    choose_from_menu(qtbot, window, "Study", "Send to", "Refuser")
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state) == ("send", "done"), job.detail
    assert (job.completed, job.failed, job.remaining) == (118, 3, 0)
    assert len(refusing_scp.received) == 121  # each sent once: no retry
    row = window.transfers.rows[job]
    assert row.counts.text() == "118 done · 0 remaining · 3 failed"
    click(qtbot, row.details_button)
    assert row.details_dialog.isVisible()
    lines = row._failure_text.toPlainText().splitlines()
    refused = refusing_scp.state["refused"]
    archive = window.session.archive
    stored = {str(i.sop_instance_uid): str(i.path) for s in archive.list_series(
        window.local.model.item(0, 0).data(rows.UID_ROLE)) for i in archive.list_instances(
        s.series_uid)}
    assert sorted(lines) == sorted(f"{stored[uid]}: 0xA700 (Failure: Refused: Out of Resources)"
                                   for uid in refused)
    assert job.detail in lines  # the last one also under the row

    series = window.local.series_list  # the 40-image series, by its right-click menu
    item = next(series.item(i) for i in range(series.count())
                if series.item(i).text().endswith("· 40"))
    refusing_scp.received.clear()
    texts = context_menu_choose(qtbot, series, series.indexFromItem(item), "Send series to",
                                "Refuser")
    assert texts == ["Send series to"]
    qtbot.waitUntil(lambda: window.transfers.jobs[-1] is not job, timeout=5000)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.completed + job.failed == 40
    assert sorted(refusing_scp.received) == sorted(
        str(i.sop_instance_uid) for i in archive.list_instances(item.data(rows.UID_ROLE)))
