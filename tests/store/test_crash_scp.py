"""SIGKILL the real Storage SCP (``dicom-viewer listen``, indexing on) during a DCMTK storescu
ingest, then reopen the store as the application does on start (crashed-session recovery).

Nothing here imitates the receiver: the listener is the console command in its own process,
the sender is DCMTK's storescu, the kill is a real SIGKILL after the listener has printed a
hundred ``instance-stored`` lines (files written; their index rows are batched, so some are
usually still uncommitted and a spare ``.tmp-*`` file is usually waiting for the next one).
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import CTImageStorage, generate_uid
from store_helpers import check_consistent, write_instance

from required_tools import require
from viewer.store import Archive

ROOT = Path(__file__).resolve().parents[2]
AET = "CRASHSCP"
TOTAL = 300


@pytest.fixture(scope="module")
def big_series(tmp_path_factory) -> Path:
    """300 CT slices of 256x256 (128 KB each, random pixels) of one series in one folder: long
    enough to be killed midway."""
    folder = tmp_path_factory.mktemp("big")
    study, series = generate_uid(), generate_uid()
    rng = np.random.default_rng(7)
    for number in range(1, TOTAL + 1):
        pixels = rng.integers(0, 4096, (256, 256), dtype=np.uint16)
        write_instance(folder / f"{number:03d}.dcm", sop_class=CTImageStorage, study=study,
                       series=series, Modality="CT", InstanceNumber=number, Rows=256,
                       Columns=256, SamplesPerPixel=1, PhotometricInterpretation="MONOCHROME2",
                       BitsAllocated=16, BitsStored=12, HighBit=11, PixelRepresentation=0,
                       PixelData=pixels.tobytes())
    return folder


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_listener(store: Path, settings: Path) -> tuple[subprocess.Popen, int]:
    """``python -m viewer listen`` on 127.0.0.1 (indexing on, as it runs normally)."""
    port = _free_port()
    env = {**os.environ, "DICOM_VIEWER_CONFIG": str(settings)}
    process = subprocess.Popen(
        [sys.executable, "-m", "viewer", "listen", "--bind", "127.0.0.1", "--port", str(port),
         "--aet", AET, "--store", str(store)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    assert first.startswith(f"listening as {AET} on 127.0.0.1:{port}"), first
    return process, port


def _storescu(port: int, folder: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [require("storescu"), "-aet", "MODALITY", "-aec", AET, "127.0.0.1", str(port),
         "+sd", str(folder)],
        env={**os.environ, "TCP_NODELAY": "1"}, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True)


def _sources(folder: Path) -> dict[str, bytes]:
    """SOP Instance UID -> Pixel Data of every source file."""
    out = {}
    for path in folder.glob("*.dcm"):
        ds = pydicom.dcmread(path)
        out[ds.SOPInstanceUID] = ds.PixelData
    return out


def _assert_files_complete(store: Path, sources: dict[str, bytes]) -> list[Path]:
    """Every ``*.dcm`` in the study folders is a whole instance: it parses to the end and its
    Pixel Data equals the source's, byte for byte."""
    files = sorted(store.glob("*/*/*.dcm"))
    for path in files:
        ds = pydicom.dcmread(path)
        assert path.stem == ds.SOPInstanceUID
        assert ds.PixelData == sources[ds.SOPInstanceUID], f"{path} is not the instance sent"
    return files


def _indexed_paths(store: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{store / 'index.sqlite'}?mode=ro", uri=True)
    try:
        return {path for (path,) in conn.execute("SELECT path FROM instance")}
    finally:
        conn.close()


def test_sigkill_of_the_listener_during_storescu_then_reopen(tmp_path, big_series):
    sources = _sources(big_series)
    store, settings = tmp_path / "store", tmp_path / "settings.json"
    listener, port = _start_listener(store, settings)
    sender = _storescu(port, big_series)
    watchdog = threading.Timer(120, listener.kill)  # a stuck ingest ends the read loop below
    watchdog.start()
    try:
        stored = 0
        for line in listener.stdout:
            stored += " instance-stored " in f" {line}"
            if stored >= 100:
                break
        listener.send_signal(signal.SIGKILL)
        assert listener.wait(timeout=60) == -signal.SIGKILL
    finally:
        watchdog.cancel()
        listener.kill()
        listener.stdout.close()
        sender.communicate(timeout=120)
    assert stored >= 100
    assert sender.returncode != 0, "storescu finished: the kill came too late to test anything"

    # What the kill left: complete files only (each written to a .tmp-* file, then renamed).
    on_disk = _assert_files_complete(store, sources)
    assert stored <= len(on_disk) < TOTAL
    leftovers = list(store.glob("*/*/.tmp-*"))
    unindexed = {p.relative_to(store).as_posix() for p in on_disk} - _indexed_paths(store)

    # Reopen as the application does on start.
    with Archive.open(store) as archive:
        recovery = archive.recovery
        assert recovery is not None, "the crashed session was not noticed"
        assert recovery.swept == len(leftovers)
        assert recovery.indexed == len(unindexed)
        assert recovery.removed == 0 and recovery.skipped == []
        assert archive.count_instances() == len(on_disk)
    check_consistent(store).close()  # every row has its complete file, every file its row, no .tmp
    assert _indexed_paths(store) == {p.relative_to(store).as_posix() for p in on_disk}

    # A second ingest of the same files completes: what was stored is a duplicate.
    listener, port = _start_listener(store, settings)
    try:
        sender = _storescu(port, big_series)
        sender_err = sender.communicate(timeout=300)[1]
        assert sender.returncode == 0, sender_err
    finally:
        listener.send_signal(signal.SIGTERM)
        out = listener.communicate(timeout=120)[0]
    assert listener.returncode == 0 and out.rstrip().endswith("stopped")
    assert len(_assert_files_complete(store, sources)) == TOTAL
    with Archive.open(store) as archive:
        assert archive.recovery is None  # the listener closed the store cleanly
        assert archive.count_instances() == TOTAL
    check_consistent(store).close()
