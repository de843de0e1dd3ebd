"""The GUI thread never blocks: during a 500-instance retrieve from Orthanc (opened when it is
complete) and during the import (and opening) of a 500-file folder, nothing on the GUI thread
touches the network, writes to disk, runs SQLite statements or reads/decodes DICOM, and no event
it handles runs more than MAX_CALLS Python calls. These hold on a loaded machine too; the
measured event-loop gaps are in benchmarks/gui_responsive.py, not here."""

from ui.gui_thread_audit import Audit
from ui.real_input import double_click_item, search_archive
from ui.test_main_dnd import drop, mime_of

MAX_CALLS = 20000  # one event's Python calls: a list reload of 500 rows is far below


def assert_never_blocked(audit: Audit) -> None:
    assert audit.dispatches > 100, audit.dispatches  # the audit saw the loop at work
    assert audit.blocking == []
    assert audit.max_calls < MAX_CALLS, (audit.max_calls, audit.biggest)


def test_nothing_blocks_the_gui_thread_during_a_500_instance_retrieve(qtbot, ui, orthanc,
                                                                      main_env, make_window):
    main_env.add_node("Orthanc", orthanc.aet, orthanc.port)
    orthanc.register_destination(ui.AET, main_env.port)
    window = make_window()
    with Audit() as search_audit:
        search_archive(qtbot, window, "BIG")
        ui.wait_search(qtbot, window)
    with Audit() as audit:
        # a double-click retrieves and opens it when it is complete
        double_click_item(qtbot, window.query.view, window.query.model.index(0, 0))
        ui.wait_jobs(qtbot, window, timeout=300000)
        qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=60000)
        viewport = window.viewer.active_viewport
        qtbot.waitUntil(lambda: viewport.shown is not None, timeout=60000)
        qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=60000)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed) == ("done", ui.BIG_COUNT), job.detail
    assert search_audit.blocking == []
    assert_never_blocked(audit)


def test_nothing_blocks_the_gui_thread_during_a_500_file_import(qtbot, ui, tmp_path, main_env,
                                                                make_window):
    ui.make_series(tmp_path / "folder", "-n", "500", "--rows", "256", "--cols", "256",
                   "--seed", "51", "--patient-id", "IMPORT500")
    window = make_window()
    with Audit() as audit:
        assert drop(window, mime_of([tmp_path / "folder"]))
        ui.wait_jobs(qtbot, window, timeout=300000)
        qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=60000)
        viewport = window.viewer.active_viewport
        qtbot.waitUntil(lambda: viewport.shown is not None, timeout=60000)
        qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=60000)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed) == ("done", 500), job.detail
    assert_never_blocked(audit)
