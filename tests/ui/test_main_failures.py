"""What goes wrong shows as a message and leaves the window usable: archive down, association
rejected, our port already in use (retrieves then fall back to C-GET)."""

import socket
import subprocess

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind, Verification

from ui.real_input import click, click_item, search_archive, shortcut


@pytest.fixture
def picky_archive(ui):
    """An in-process pynetdicom Q/R SCP that rejects any association not called PICKY."""
    ae = AE(ae_title="PICKY")
    ae.require_called_aet = True
    ae.add_supported_context(Verification)
    ae.add_supported_context(StudyRootQueryRetrieveInformationModelFind)
    port = ui.free_port()
    server = ae.start_server(("127.0.0.1", port), block=False)
    yield port
    server.shutdown()


def search_fails(qtbot, ui, window, node_name):
    search_archive(qtbot, window, node=node_name)
    ui.wait_search(qtbot, window)
    assert window.query.form.search_button.isEnabled()
    assert not window.query.form.cancel_button.isEnabled()
    return window.query.error_label.text()


def test_archive_down_says_so_and_the_window_stays_usable(qtbot, ui, main_env, make_window):
    main_env.add_node("Down", "NOBODY", ui.free_port())
    window = make_window()
    text = search_fails(qtbot, ui, window, "Down")
    assert "Search failed" in text and "connection refused" in text, text
    click(qtbot, window.query.form.echo_button)
    qtbot.waitUntil(lambda: "refused" in window.query.form.echo_label.text(), timeout=30000)
    assert "C-FIND failed" in "\n".join(window.log_panel.lines())
    assert search_fails(qtbot, ui, window, "Down")  # a second search runs too


def test_rejected_association_shows_the_reason(qtbot, ui, main_env, make_window, picky_archive):
    main_env.add_node("Picky", "WRONG", picky_archive)
    window = make_window()
    text = search_fails(qtbot, ui, window, "Picky")
    assert "rejected" in text and "called ae title not recogni" in text.lower(), text


def test_port_in_use_is_shown_and_retrieve_falls_back_to_get(qtbot, ui, main_env, make_window):
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", main_env.port))
    blocker.listen(1)
    try:
        window = make_window(demo=True)
        state = window.session.listener
        assert not state.listening and "in use" in state.reason
        label = window.status.listener.text()
        assert "Not listening" in label and str(main_env.port) in label and "in use" in label
        search_archive(qtbot, window, "DEMO")
        ui.wait_search(qtbot, window)
        assert window.query.model.rowCount() == 1
        click_item(qtbot, window.query.view, window.query.model.index(0, 0))
        shortcut(qtbot, window, "Ctrl+R")
        ui.wait_jobs(qtbot, window)
        job = window.transfers.jobs[-1]
        assert job.state == "done" and job.completed == 121, job.detail
        assert any("C-GET" in line for line in window.log_panel.lines())
        qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=30000)
    finally:
        blocker.close()


def test_a_killed_listener_process_is_restarted_and_the_status_bar_says_so(qtbot, main_env,
                                                                             make_window):
    """The Storage SCP runs in a child process: SIGKILL it; the window notices, starts a new
    one on the same port, and says so until the next listener change."""
    import os
    import signal

    window = make_window()
    assert window.session.listener.listening
    first = window.session._scp.pid
    with qtbot.waitSignal(window.session.listenerChanged, timeout=60000):
        os.kill(first, signal.SIGKILL)
    state = window.session.listener
    assert state.listening and state.port == main_env.port and "SIGKILL" in state.restarted
    assert window.session._scp.pid != first
    label = window.status.listener.text()
    assert "again" in label and "SIGKILL" in label and str(main_env.port) in label, label
    store = window.session.settings.store
    before = window.session.archive.count_instances()
    from pydicom.data import get_testdata_file
    result = subprocess.run(["storescu", "-aec", window.session.settings.aet, "127.0.0.1",
                             str(main_env.port), get_testdata_file("CT_small.dcm")],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    qtbot.waitUntil(lambda: window.session.archive.count_instances() == before + 1,
                    timeout=30000)
    assert any(store.rglob("*.dcm"))


def test_closing_the_window_ends_the_listener_process(qtbot, main_env, make_window):
    """No listener process outlives the window (the port is free again at once)."""
    from pathlib import Path

    window = make_window()
    pid = window.session._scp.pid
    assert Path(f"/proc/{pid}").exists()
    window.close()

    def ended() -> bool:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        return state in ("Z", "X")

    qtbot.waitUntil(ended, timeout=30000)
    with socket.socket() as again:
        again.bind(("127.0.0.1", main_env.port))
