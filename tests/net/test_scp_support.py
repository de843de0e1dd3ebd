"""Shared helpers for the listener/echo/send tests (no tests here).

Import with ``sys.path.insert(0, str(Path(__file__).parent))`` then
``from test_scp_support import ...``. Everything runs on 127.0.0.1 with ephemeral ports; each
SCP a test starts is stopped by a finalizer, also when the test fails.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.filereader import _read_file_meta_info, read_preamble
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid

from viewer.net.scp import SCPOptions, StorageSCP

TEST_FILES = Path(pydicom.__file__).parent / "data" / "test_files"
DCMTK_ENV = {**os.environ, "TCP_NODELAY": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*command, check=True) -> subprocess.CompletedProcess:
    """Run a DCMTK tool (or any command) with TCP_NODELAY=1; output captured as text."""
    return subprocess.run([str(c) for c in command], env=DCMTK_ENV, capture_output=True,
                          text=True, check=check, timeout=120)


def make_ct(folder: Path, name: str = "ct.dcm", *, study=None, series=None, sop=None,
            rows: int = 16, syntax=ExplicitVRLittleEndian, **values) -> Path:
    """A small valid CT image file (fresh UIDs unless given) written by pydicom."""
    ds = Dataset()
    ds.SOPClassUID = CTImageStorage
    ds.SOPInstanceUID = sop or generate_uid()
    ds.StudyInstanceUID = study or generate_uid()
    ds.SeriesInstanceUID = series or generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = "TEST^SCP", "SCP001", "CT"
    ds.InstanceNumber = 1
    ds.Rows = ds.Columns = rows
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = (np.arange(rows * rows, dtype=np.uint16) % 4096).tobytes()
    for key, value in values.items():
        setattr(ds, key, value)
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    ds.save_as(path, enforce_file_format=True)
    return path


def dataset_bytes(data: bytes | Path) -> bytes:
    """The bytes of a Part 10 file after its file meta information."""
    raw = Path(data).read_bytes() if isinstance(data, Path) else data
    fp = io.BytesIO(raw)
    read_preamble(fp, False)
    _read_file_meta_info(fp)
    return raw[fp.tell():]


def stored_path(store: Path, source: Path) -> Path:
    ds = pydicom.dcmread(source, stop_before_pixels=True)
    return store / ds.StudyInstanceUID / ds.SeriesInstanceUID / f"{ds.SOPInstanceUID}.dcm"


def all_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def temp_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob(".tmp-*") if p.is_file())


class Recorder:
    """Collects on_stored calls and SCP events (thread-safe enough for list.append)."""

    def __init__(self) -> None:
        self.stored: list[tuple[Path, Dataset]] = []
        self.events: list = []

    def on_stored(self, path, header) -> None:
        assert Path(path).is_file(), "on_stored must come after the rename"
        self.stored.append((Path(path), header))

    def on_event(self, event) -> None:
        self.events.append(event)

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]


@pytest.fixture
def start_scp(tmp_path):
    """``start_scp(**kwargs) -> (scp, recorder)``: a started listener on 127.0.0.1:ephemeral
    storing into tmp_path/store; stopped at teardown. Its idle timeout is 120 s: on a shared
    machine under heavy write-back a sender was seen stalling for a minute."""
    started: list[StorageSCP] = []

    def start(store: Path | None = None, *, aet: str = "VIEWER", options: SCPOptions | None = None,
              **option_values):
        recorder = Recorder()
        scp = StorageSCP(store or tmp_path / "store", aet=aet, port=0, bind="127.0.0.1",
                         on_stored=recorder.on_stored, on_event=recorder.on_event,
                         options=options or SCPOptions(**{"min_free_bytes": 0, "timeout": 120,
                                                          **option_values}))
        scp.start()
        started.append(scp)
        return scp, recorder

    yield start
    for scp in started:
        scp.stop()


def wait_for(predicate, timeout: float = 20.0) -> bool:
    """Poll *predicate* until true or *timeout* (a generous upper bound, not a measurement)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def sender_ae(*contexts, aet: str = "SENDER"):
    """A pynetdicom SCU AE proposing (SOP class, [syntaxes]) pairs, TCP_NODELAY on."""
    from pynetdicom import AE

    ae = AE(aet)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = 30
    for sop_class, syntaxes in contexts:
        ae.add_requested_context(sop_class, syntaxes)
    return ae


def part10(path: Path, meta: dict, payload: bytes) -> Path:
    """A Part 10 file with the given file meta values and *payload* as its data set bytes
    (lets pynetdicom send arbitrary bytes, even garbage, as a C-STORE data set)."""
    from pydicom.filewriter import write_file_meta_info

    file_meta = FileMetaDataset()
    for key, value in meta.items():
        setattr(file_meta, key, value)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(b"\0" * 128 + b"DICM")
        write_file_meta_info(fh, file_meta, enforce_standard=True)
        fh.write(payload)
    return path
