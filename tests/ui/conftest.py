"""Fixtures of the main-window tests (tests/ui/test_main_*.py, test_demo*.py).

- ``main_env``: a private settings file (temp XDG_CONFIG_HOME), store (XDG_DATA_HOME) and a free
  loopback port for the Storage SCP (bound to 127.0.0.1 only).
- ``make_window``: a started MainWindow on that environment, closed at the end of the test.
- ``orthanc``: a real Orthanc (tests/peerkit/orthanc.py) on free ports, loaded once per
  session with a small CT study, pydicom's Japanese chrH31.dcm and a 500-slice series; the
  test's SCP is registered as C-MOVE destination through Orthanc's REST API.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pydicom.data import get_charset_files

from peerkit import free_port
from peerkit import orthanc as orthanc_peer
from peerkit.make_series import main as make_series_cli

AET = "GUITEST"
FLOW_PATIENT = "FLOW^TEST"
BIG_PATIENT = "BIG^FIVEHUNDRED"
BIG_COUNT = 500


def make_series(out: Path, *args) -> None:
    """peerkit.make_series with command-line options, e.g. ``"-n", "5", "--seed", "41"``."""
    make_series_cli([str(out), *args])


@dataclass
class MainEnv:
    root: Path
    port: int
    nodes: dict = field(default_factory=dict)

    @property
    def config_file(self) -> Path:
        return self.root / "config" / "dicom-viewer" / "settings.json"

    @property
    def store(self) -> Path:
        return self.root / "store"

    def write(self, **changes) -> None:
        data = {"aet": AET, "port": self.port, "bind": "127.0.0.1", "store": str(self.store),
                "min_free_mb": 0, "nodes": self.nodes}
        data.update(changes)
        self.config_file.parent.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(json.dumps(data))

    def add_node(self, name, aet, port, retrieve="move", host="127.0.0.1") -> None:
        self.nodes[name] = {"aet": aet, "host": host, "port": port, "retrieve": retrieve}
        self.write()


@pytest.fixture(scope="session")
def demo_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("demo-cache") / "demo"


@pytest.fixture
def main_env(tmp_path, monkeypatch, demo_cache) -> MainEnv:
    for name in ("DICOM_VIEWER_CONFIG", "DICOM_VIEWER_AET", "DICOM_VIEWER_PORT",
                 "DICOM_VIEWER_STORE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("DICOM_VIEWER_DEMO_DIR", str(demo_cache))
    env = MainEnv(tmp_path, free_port())
    env.write()
    return env


@pytest.fixture
def make_window(qtbot):
    """``make_window(demo=False, paths=())``: a started window; waits for archive and SCP."""
    from viewer.ui.app import application, create_window

    application()
    windows = []

    def make(demo: bool = False, paths=(), wait_listener: bool = True):
        window = create_window(list(paths), demo=demo)
        windows.append(window)
        window.show()
        qtbot.waitUntil(lambda: window.session.archive is not None or bool(window.session.archive_error),
                        timeout=30000)
        if wait_listener:
            qtbot.waitUntil(lambda: window.session.listener.reason != "starting", timeout=30000)
        if demo:
            qtbot.waitUntil(lambda: window.query.form.node_box.count() > 0, timeout=60000)
        return window

    yield make
    for window in windows:
        window.close()


def wait_jobs(qtbot, window, timeout=120000) -> None:
    qtbot.waitUntil(lambda: window.transfers.jobs and not window.transfers.running(),
                    timeout=timeout)


def wait_search(qtbot, window, timeout=60000) -> None:
    qtbot.waitUntil(lambda: window.query._search is None, timeout=timeout)


def table_texts(model, column=0) -> list[str]:
    return [model.item(r, column).text() for r in range(model.rowCount())]


# --- Orthanc ------------------------------------------------------------------------------------

def _orthanc_data(root: Path) -> Path:
    make_series(root / "flow", "-n", "6", "--rows", "64", "--cols", "64", "--seed", "31",
                "--patient-id", "FLOW0001", "--patient-name", FLOW_PATIENT)
    make_series(root / "big", "-n", str(BIG_COUNT), "--rows", "256", "--cols", "256", "--seed",
                "32", "--patient-id", "BIG0500", "--patient-name", BIG_PATIENT)
    (root / "charset").mkdir()
    for path in get_charset_files():
        if os.path.basename(path) == "chrH31.dcm":
            shutil.copy(path, root / "charset")
    return root


@pytest.fixture(scope="session")
def orthanc(tmp_path_factory):
    """peerkit's Orthanc; ``register_destination(aet, port)`` makes a test's SCP its C-MOVE
    destination ``viewer``."""
    data = _orthanc_data(tmp_path_factory.mktemp("orthanc-data"))
    with orthanc_peer.start(data, viewer_aet=AET, overrides={"DefaultEncoding": "Utf8"}) as pacs:
        yield pacs


# --- local data and in-process pynetdicom peers --------------------------------------------------

@pytest.fixture(scope="session")
def demo_ct(demo_cache) -> Path:
    """The demo CT study's folder: 121 files in 3 series (1, 40 and 80 images)."""
    from viewer.net.demo_data import ensure_demo_data

    return ensure_demo_data(demo_cache) / "ct"


def import_study(qtbot, window, folder) -> None:
    """Import *folder* through the window (as a drop would) and wait until it is listed."""
    before = window.local.model.rowCount()
    window.import_paths([Path(folder)])
    wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    qtbot.waitUntil(lambda: window.local.model.rowCount() == before + 1, timeout=30000)


def select_only(view, index) -> None:
    """Select the row of *index* (a proxy or model index) alone, as a click does."""
    flags = view.selectionModel().SelectionFlag
    view.selectionModel().setCurrentIndex(index, flags.ClearAndSelect | flags.Rows)


@dataclass
class Peer:
    """An in-process pynetdicom SCP on 127.0.0.1 and what it saw."""

    aet: str
    port: int
    server: object
    received: list = field(default_factory=list)
    state: dict = field(default_factory=dict)


def start_peer(aet: str, contexts, handlers, *, our_requestor: bool = False, **state) -> Peer:
    """A pynetdicom SCP on loopback. *our_requestor*: the associations it opens itself (C-MOVE
    sub-operations) run on viewer.net's requestor reactor: stock pynetdicom's requestor can hand
    a C-STORE-RSP that comes back within its pause handshake to its reactor thread instead of
    send_c_store, and the sub-operation then times out (seen once our SCP answered in 0.4 ms;
    the demo archive avoids it the same way)."""
    from pynetdicom import AE

    from viewer.net.scu_reactor import ReactorAE

    ae = (ReactorAE if our_requestor else AE)(ae_title=aet)
    for context in contexts:
        if isinstance(context, tuple):
            ae.add_supported_context(*context)
        else:
            ae.add_supported_context(context)
    peer = Peer(aet, 0, None, state=dict(state))
    bound = [(event, lambda e, h=handler: h(peer, e)) for event, handler in handlers]
    peer.server = ae.start_server(("127.0.0.1", 0), block=False, evt_handlers=bound)
    peer.port = peer.server.server_address[1]
    return peer


@pytest.fixture
def storage_sink():
    """A Storage SCP (AE SINK) that keeps the SOP Instance UID of every data set it gets."""
    from pynetdicom import AllStoragePresentationContexts, evt
    from pynetdicom.sop_class import Verification

    def on_store(peer, event):
        peer.received.append(str(event.dataset.SOPInstanceUID))
        return 0x0000

    peer = start_peer("SINK", [Verification, *[c.abstract_syntax for c in
                                               AllStoragePresentationContexts]],
                      [(evt.EVT_C_STORE, on_store)])
    yield peer
    peer.server.shutdown()


@pytest.fixture
def ui():
    """Helpers: ``ui.wait_jobs(qtbot, window)``, ``ui.wait_search``, ``ui.table_texts``, ..."""
    from types import SimpleNamespace

    return SimpleNamespace(wait_jobs=wait_jobs, wait_search=wait_search, table_texts=table_texts,
                           free_port=free_port, make_series=make_series, AET=AET,
                           BIG_COUNT=BIG_COUNT, import_study=import_study,
                           select_only=select_only, start_peer=start_peer)
