"""``dicom-viewer listen``: the Storage SCP in the foreground, printing its events."""

from __future__ import annotations

import argparse
import socket
import sys
import threading
from pathlib import Path

import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import free_port, make_ct, run, stored_path, wait_for  # noqa: E402

from viewer.cli import CommandError  # noqa: E402
from viewer.cli import net_local  # noqa: E402


def _args(*argv):
    parser = argparse.ArgumentParser()
    net_local.add_parser(parser.add_subparsers(dest="command"))
    return parser.parse_args([str(a) for a in argv])


@pytest.fixture
def listen(tmp_path, monkeypatch):
    """``listen(*flags) -> port``: run_listen in a thread on 127.0.0.1, stopped at teardown."""
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    stop = threading.Event()
    threads = []

    def start(*flags):
        port = free_port()
        args = _args("listen", "--bind", "127.0.0.1", "--port", port, "--aet", "CLIVIEWER",
                     "--store", tmp_path / "store", *flags)
        thread = threading.Thread(target=net_local.run_listen, args=(args, stop))
        thread.start()
        threads.append(thread)
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        return port

    yield start
    stop.set()
    for thread in threads:
        thread.join(30)


def test_listen_receives_indexes_and_prints_events(listen, tmp_path, capsys):
    port = listen()
    source = make_ct(tmp_path / "src")
    run("storescu", "-aet", "MODALITY", "-aec", "CLIVIEWER", "127.0.0.1", port, source)
    assert wait_for(lambda: stored_path(tmp_path / "store", source).is_file())
    from viewer.store import Archive

    uid = pydicom.dcmread(source).SOPInstanceUID
    reader = Archive.open(tmp_path / "store", readonly=True)
    try:
        assert wait_for(lambda: reader.has_instance(uid))
    finally:
        reader.close()


def test_listen_prints_association_and_instance_lines(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    port, stop = free_port(), threading.Event()
    args = _args("listen", "--bind", "127.0.0.1", "--port", port, "--store", tmp_path / "store",
                 "--no-index")
    thread = threading.Thread(target=net_local.run_listen, args=(args, stop))
    thread.start()
    try:
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        run("storescu", "-aet", "MODALITY", "127.0.0.1", port, make_ct(tmp_path / "src"))
    finally:
        stop.set()
        thread.join(30)
    out = capsys.readouterr().out
    assert f"listening as DICOMVIEWER on 127.0.0.1:{port}" in out
    for expected in ("association-opened MODALITY@127.0.0.1", "instance-stored MODALITY@",
                     "association-closed MODALITY@", "stopped"):
        assert expected in out
    assert [p.name for p in (tmp_path / "store").iterdir()] != [] and \
        not any(p.suffix in (".sqlite", ".db") for p in (tmp_path / "store").iterdir())


def test_listen_on_a_busy_port_is_a_one_line_error(tmp_path, monkeypatch):
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        args = _args("listen", "--bind", "127.0.0.1", "--port", port, "--store",
                     tmp_path / "store", "--no-index")
        with pytest.raises(CommandError, match=f"^port {port} is in use$"):
            net_local.run_listen(args, threading.Event())


def test_listen_rejects_bad_identity_flags(tmp_path, monkeypatch):
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    with pytest.raises(CommandError, match="from 1 to 65535"):
        net_local.run_listen(_args("listen", "--port", "0", "--no-index"), threading.Event())
    with pytest.raises(CommandError, match="backslash"):
        net_local.run_listen(_args("listen", "--aet", "A\\B", "--no-index"), threading.Event())


def test_listen_stops_cleanly_on_sigterm(tmp_path):
    import os
    import signal
    import subprocess

    port = free_port()
    env = {**os.environ, "DICOM_VIEWER_CONFIG": str(tmp_path / "settings.json"), "TCP_NODELAY": "1"}
    code = "import sys; from viewer.cli import net_local, main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen([sys.executable, "-c", code, "listen", "--bind", "127.0.0.1",
                                "--port", str(port), "--store", str(tmp_path / "store"),
                                "--no-index"], env=env, stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    try:
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        process.send_signal(signal.SIGTERM)
        out, _ = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 0 and out.rstrip().endswith("stopped")
