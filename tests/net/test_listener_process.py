"""The application's Storage SCP in its own process (viewer.net.listener_process): what it
stores reaches the application's index, a port conflict is reported as the in-process SCP
reports it, a killed listener is noticed and restarted on the same port, and no listener
process outlives ``stop()`` or the application itself (killed with SIGKILL)."""

import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import wait_for  # noqa: E402

from viewer.config import Settings  # noqa: E402
from viewer.net.listener_process import ListenerProcess  # noqa: E402
from viewer.net.scp import PortInUseError  # noqa: E402
from viewer.store import Archive  # noqa: E402

CT = get_testdata_file("CT_small.dcm")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def settings(tmp_path, port: int) -> Settings:
    return Settings(aet="CHILDSCP", port=port, store=tmp_path / "store", bind="127.0.0.1",
                    min_free_mb=0)


def storescu(port: int, path: str = CT) -> subprocess.CompletedProcess:
    """DCMTK storescu (Debian package dcmtk) sends *path* to the listener."""
    return subprocess.run(["storescu", "-aec", "CHILDSCP", "127.0.0.1", str(port), path],
                          capture_output=True, text=True, timeout=60)


def ended(pid: int) -> bool:
    """The process is gone (or a zombie nobody reaped: it no longer runs)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")


@pytest.fixture
def archive(tmp_path):
    archive = Archive.open(tmp_path / "store")
    yield archive
    archive.close()


def test_stored_files_are_indexed_by_the_application_and_events_cross(tmp_path, archive):
    events, stored = [], []

    def on_stored(path, dataset, header=None):
        stored.append((path, header))
        archive.submit(path, dataset, header=header)

    with ListenerProcess(settings(tmp_path, 0), on_stored=on_stored,
                         on_event=events.append) as listener:
        assert listener.pid != os.getpid() and not ended(listener.pid)
        result = storescu(listener.address[1])
        assert result.returncode == 0, result.stderr
        assert wait_for(lambda: stored and len(events) == 3)
    path, header = stored[0]
    sop = str(dcmread(CT).SOPInstanceUID)
    assert Path(path).is_file() and header.sop_instance_uid == sop  # the row was made there
    # the instance's event is sent once its answer is out: the release may overtake it
    assert sorted(e.kind for e in events) == ["association-closed", "association-opened",
                                              "instance-stored"]
    assert events[0].kind == "association-opened" and events[0].calling_aet == "STORESCU"
    archive.flush()
    assert archive.has_instance(sop) and archive.count_instances() == 1


def test_port_in_use_is_reported_and_no_process_is_left(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        listener = ListenerProcess(settings(tmp_path, port))
        with pytest.raises(PortInUseError, match=f"^port {port} is in use$"):
            listener.start()
        assert not listener.is_running and listener.address is None and listener.pid is None


def test_a_killed_listener_is_restarted_on_its_port_and_says_why(tmp_path, archive):
    port = free_port()
    restarts, stored = [], []
    listener = ListenerProcess(settings(tmp_path, port),
                               on_stored=lambda path, *_, **__: stored.append(path),
                               on_restart=lambda reason, error: restarts.append((reason, error)))
    listener.start()
    try:
        first = listener.pid
        os.kill(first, signal.SIGKILL)
        assert wait_for(lambda: restarts, timeout=60)
        reason, error = restarts[0]
        assert error is None and "stopped unexpectedly" in reason and "SIGKILL" in reason
        assert listener.pid != first and listener.address == ("127.0.0.1", port)
        assert ended(first)
        result = storescu(port)  # the new child receives, and the application hears of it
        assert result.returncode == 0, result.stderr
        assert wait_for(lambda: stored)
    finally:
        listener.stop()
    assert len(restarts) == 1  # a requested stop is no death


def test_stop_leaves_no_listener_process(tmp_path):
    listener = ListenerProcess(settings(tmp_path, 0))
    listener.start()
    pid, port = listener.pid, listener.address[1]
    listener.stop()
    assert ended(pid) and not listener.is_running
    with socket.socket() as again:  # the port is free again
        again.bind(("127.0.0.1", port))


CHILD_OF_KILLED_APP = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from viewer.config import Settings
    from viewer.net.listener_process import ListenerProcess

    if __name__ == "__main__":
        listener = ListenerProcess(Settings(aet="ORPHAN", port=0, store=Path(sys.argv[1]),
                                            bind="127.0.0.1", min_free_mb=0))
        listener.start()
        print(listener.pid, listener.address[1], flush=True)
        time.sleep(600)
""")


@pytest.mark.parametrize("threads", [False, True], ids=["forked", "from-fork-server"])
def test_the_listener_ends_when_the_application_is_killed(tmp_path, threads):
    """SIGKILL leaves the application no time to stop anything: the child sees its pipe close.
    Both ways of starting the child (forked from a one-thread CLI; from the fork server when
    the application has threads, as the GUI) are covered."""
    script = tmp_path / "app.py"
    prelude = ("import threading, time\n"
               "threading.Thread(target=time.sleep, args=(600,), daemon=True).start()\n")
    script.write_text((prelude if threads else "") + CHILD_OF_KILLED_APP)
    app = subprocess.Popen([sys.executable, str(script), str(tmp_path / "store")],
                           stdout=subprocess.PIPE, text=True, cwd=ROOT,
                           env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        pid, port = map(int, app.stdout.readline().split())
        assert not ended(pid)
    finally:
        app.kill()
        app.wait()
    assert wait_for(lambda: ended(pid), timeout=30)
    with socket.socket() as again:
        again.bind(("127.0.0.1", port))


def test_files_stored_before_the_index_is_ready_are_held_for_it(tmp_path):
    """``dicom-viewer listen`` starts (forks) the listener before it opens the index: nothing
    stored in between is lost."""
    stored = []
    with ListenerProcess(settings(tmp_path, 0), hold_stored=True) as listener:
        result = storescu(listener.address[1])
        assert result.returncode == 0, result.stderr
        assert wait_for(lambda: listener._held)  # arrived, waiting
        listener.deliver_stored(lambda path, dataset, header=None: stored.append(header))
        assert [row.sop_instance_uid for row in stored] == [str(dcmread(CT).SOPInstanceUID)]
        result = storescu(listener.address[1], get_testdata_file("MR_small.dcm"))
        assert result.returncode == 0, result.stderr  # from now on straight through
        assert wait_for(lambda: len(stored) == 2)


def test_sync_returns_once_every_stored_file_was_handed_on(tmp_path):
    """The GUI opens a study it just retrieved after ``sync()``: the listener's messages are
    batched (up to 50 ms), and a study opened before its last rows would open incomplete."""
    stored = []
    with ListenerProcess(settings(tmp_path, 0),
                         on_stored=lambda path, *_, **__: stored.append(path)) as listener:
        for path in (CT, get_testdata_file("MR_small.dcm")):
            assert storescu(listener.address[1], path).returncode == 0
        assert listener.sync()
        assert len(stored) == 2
    assert not listener.sync()  # stopped: nothing to wait for
