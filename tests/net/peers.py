"""Real Q/R peers for the query/retrieve tests: Orthanc, DCMTK dcmqrscp and two Storage SCPs.

Import the fixtures explicitly into a test module (``from peers import qr_peers, qr_data``).
Everything is started once per test session on free loopback ports (other engineers' suites may
run at the same time) and stopped by the session's finalizers. Imported into several modules,
pytest makes one fixture per module; the peers underneath are still started once (reference
counted below).

Test data (made by peerkit.make_series, then adjusted with pydicom):
- study A: patient SYN0001, two CT series (6 + 4 instances), 2024-01-02
- study B: patient SYN0002, 6 instances, 2023-06-15; study C: SYN0003, 6 instances, 2024-01-02
- a big study (CANCEL1, 300 instances of 32x32) for cancelling a retrieve in progress
- pydicom's charset files chrH31 (ISO 2022 IR 87), chrH32 (IR 13 + 87), chrX1 (UTF-8) and
  chrGerm (Latin-1), each its own patient/study with modality OT.
Orthanc answers C-FIND in its ``DefaultEncoding``; it is set to UTF-8 here, as a site with
Japanese names must configure it (Latin-1, the default, turns them into '?'). The launchers are
the project's own (tests/peerkit).
"""

from __future__ import annotations

import glob
import os
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_charset_files

from peerkit import dcmqrscp, free_port, orthanc, stop_process, store_scp
from peerkit.dcmqrscp import Dcmqrscp
from peerkit.make_series import main as make_series_cli
from peerkit.orthanc import Orthanc

VIEWER_AET = "QRVIEWER"
THIRD_AET = "THIRDAE"
CHARSET_FILES = ("chrH31.dcm", "chrH32.dcm", "chrX1.dcm", "chrGerm.dcm")
_INDEX_KEYS = ("PatientID", "PatientName", "StudyInstanceUID", "SeriesInstanceUID",
               "SOPInstanceUID", "SeriesNumber")
_STATE = {"users": 0, "peers": None, "data": None, "lock": threading.Lock()}


@dataclass
class QRData:
    root: Path
    files: dict[str, Path] = field(default_factory=dict)  # SOP Instance UID -> file
    index: list[dict] = field(default_factory=list)  # PatientID, StudyInstanceUID, ... per file
    study_a: str = ""
    study_b: str = ""
    big_study: str = ""
    series_a: tuple[str, str] = ("", "")

    def uids(self, study: str | None = None, series: str | None = None) -> set[str]:
        """SOP Instance UIDs of a study or series (all when neither is given)."""
        return {row["SOPInstanceUID"] for row in self.index
                if study in (None, row["StudyInstanceUID"])
                and series in (None, row["SeriesInstanceUID"])}

    def distinct(self, keyword: str) -> set[str]:
        return {row[keyword] for row in self.index}


def _run_make_series(out: Path, *args) -> None:
    make_series_cli([str(out), *args])


def _edit(pattern: str, **values) -> None:
    for path in glob.glob(pattern):
        ds = pydicom.dcmread(path)
        for keyword, value in values.items():
            setattr(ds, keyword, value)
        ds.save_as(path)


def build_qr_data(root: Path) -> QRData:
    """Write the test archive's files under *root* (see the module text)."""
    common = ["--rows", "64", "--cols", "64"]
    _run_make_series(root / "abc", "-n", "6", "--studies", "3", "--seed", "11", *common)
    _run_make_series(root / "a2", "-n", "4", "--seed", "12", "--patient-id", "SYN0001",
                     "--patient-name", "SYNTHETIC^CT0001", *common)
    _run_make_series(root / "big", "-n", "300", "--rows", "32", "--cols", "32", "--seed", "13",
                     "--patient-id", "CANCEL1", "--patient-name", "CANCEL^BIG")
    first = pydicom.dcmread(root / "abc" / "study0001" / "00001.dcm")
    _edit(str(root / "a2" / "study0001" / "*.dcm"), StudyInstanceUID=first.StudyInstanceUID,
          SeriesNumber=2, SeriesDescription="second series", StudyID="1")
    _edit(str(root / "abc" / "study0002" / "*.dcm"), StudyDate="20230615")
    (root / "charset").mkdir()
    for path in get_charset_files():
        if os.path.basename(path) in CHARSET_FILES:
            shutil.copy(path, root / "charset")
    data = QRData(root)
    for path in sorted(root.rglob("*.dcm")):
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        data.files[str(ds.SOPInstanceUID)] = path
        data.index.append({k: str(ds.get(k, "")) for k in _INDEX_KEYS})
    data.study_a = str(first.StudyInstanceUID)
    data.study_b = str(pydicom.dcmread(root / "abc" / "study0002" / "00001.dcm").StudyInstanceUID)
    data.big_study = str(pydicom.dcmread(root / "big" / "study0001" / "00001.dcm").StudyInstanceUID)
    second = pydicom.dcmread(root / "a2" / "study0001" / "00001.dcm").SeriesInstanceUID
    data.series_a = (str(first.SeriesInstanceUID), str(second))
    return data


@dataclass
class QRPeers:
    orthanc: str           # AET@127.0.0.1:port
    dcmqrscp: str
    viewer_port: int
    viewer_inbox: Path     # what the Storage SCP received as VIEWER_AET
    third_inbox: Path      # ... as THIRD_AET
    archives: list = field(default_factory=list)   # the running Orthanc and Dcmqrscp
    processes: list = field(default_factory=list)  # the Storage SCP processes

    def node(self, name: str):
        from viewer.net.common import Node
        return Node.parse(getattr(self, name))


def _start_peers(data: QRData, base: Path) -> QRPeers:
    viewer_port, third_port = free_port(), free_port()
    peers = QRPeers("", "", viewer_port, base / "inbox-viewer", base / "inbox-third")
    try:
        peers.processes.append(store_scp.start(viewer_port, peers.viewer_inbox, VIEWER_AET))
        peers.processes.append(store_scp.start(third_port, peers.third_inbox, THIRD_AET))
        destinations = {"viewer_aet": VIEWER_AET, "viewer_port": viewer_port,
                        "modalities": {THIRD_AET: third_port}}
        pacs: Orthanc = orthanc.start(data.root, overrides={"DefaultEncoding": "Utf8"},
                                      **destinations)
        peers.archives.append(pacs)
        archive: Dcmqrscp = dcmqrscp.start(data.root, **destinations)
        peers.archives.append(archive)
    except BaseException:
        _stop_peers(peers)
        raise
    peers.orthanc, peers.dcmqrscp = pacs.node, archive.node
    return peers


def _stop_peers(peers: QRPeers) -> None:
    for archive in peers.archives:
        archive.stop()
    for process in peers.processes:
        stop_process(process, timeout=10)


def _acquire(tmp_factory) -> tuple[QRData, QRPeers]:
    with _STATE["lock"]:
        if _STATE["peers"] is None:
            base = tmp_factory.mktemp("qr")
            data = build_qr_data(base / "data")
            _STATE["data"], _STATE["peers"] = data, _start_peers(data, base)
        _STATE["users"] += 1
        return _STATE["data"], _STATE["peers"]


def _release() -> None:
    with _STATE["lock"]:
        _STATE["users"] -= 1
        if _STATE["users"] == 0 and _STATE["peers"] is not None:
            _stop_peers(_STATE["peers"])
            _STATE["peers"] = _STATE["data"] = None


@pytest.fixture(scope="session")
def qr_env(tmp_path_factory):
    """``(QRData, QRPeers)``: the loaded archives, started once per session."""
    pair = _acquire(tmp_path_factory)
    yield pair
    _release()


@pytest.fixture(scope="session")
def qr_data(qr_env) -> QRData:
    return qr_env[0]


@pytest.fixture(scope="session")
def qr_peers(qr_env) -> QRPeers:
    return qr_env[1]


@pytest.fixture(params=["orthanc", "dcmqrscp"])
def archive(request, qr_peers):
    """Each archive in turn: ``(name, Node)``."""
    return request.param, qr_peers.node(request.param)


@pytest.fixture
def inboxes(qr_peers):
    """The Storage SCPs' folders, emptied before the test."""
    for box in (qr_peers.viewer_inbox, qr_peers.third_inbox):
        for path in box.glob("*.dcm"):
            path.unlink()
    return qr_peers.viewer_inbox, qr_peers.third_inbox
