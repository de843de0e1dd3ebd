"""``dicom-viewer retrieve`` by C-MOVE to ourselves: our Storage SCP is started in-process when
nothing listens as us, stopped afterwards, and what arrives is indexed; a listener that already
answers as us (the GUI's) is used instead."""

from __future__ import annotations

import dataclasses
import shutil
import socket

import pydicom
import pytest
from pydicom.data import get_testdata_file

from viewer import config
from viewer.cli import main
from viewer.net.demo_archive import DemoArchive
from viewer.net.scp import StorageSCP
from viewer.store import Archive

OUR_AET = "CLIVIEWER"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def setup(tmp_path, monkeypatch):
    """A demo archive holding CT_small and MR_small, our settings (AE, port, store) in a file."""
    archive_files = tmp_path / "archive"
    archive_files.mkdir()
    for name in ("CT_small.dcm", "MR_small.dcm"):
        shutil.copy(get_testdata_file(name), archive_files / name)
    port = _free_port()
    settings_file = tmp_path / "settings.json"
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(settings_file))
    for name in ("DICOM_VIEWER_STORE", "DICOM_VIEWER_AET", "DICOM_VIEWER_PORT"):
        monkeypatch.delenv(name, raising=False)
    settings = config.with_overrides(config.load_settings(), aet=OUR_AET, port=port,
                                     store=tmp_path / "store")
    config.save_settings(dataclasses.replace(settings, bind="127.0.0.1"))
    known = {OUR_AET: ("127.0.0.1", port)}
    with DemoArchive(archive_files, resolve_destination=known.get) as demo:
        yield demo, config.load_settings()


def _study_uid(name: str) -> str:
    return str(pydicom.dcmread(get_testdata_file(name), stop_before_pixels=True).StudyInstanceUID)


def _port_is_free(port: int) -> bool:
    """Nothing listens: a connection is refused."""
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def test_move_starts_our_scp_indexes_and_stops_it(setup, capsys):
    demo, settings = setup
    study = _study_uid("CT_small.dcm")
    assert main(["retrieve", str(demo.node), "-k", f"StudyInstanceUID={study}"]) == 0
    err = capsys.readouterr().err
    assert "C-MOVE final: 1 completed" in err and "falling back" not in err
    with Archive.open(settings.store, readonly=True) as archive:
        (row,) = archive.list_studies()
        assert row.study_uid == study and row.number_of_instances == 1
    assert _port_is_free(settings.port), "the in-process SCP must be stopped after the retrieve"


def test_move_uses_a_listener_that_already_answers_as_us(setup, tmp_path, capsys):
    demo, settings = setup
    received = []
    elsewhere = tmp_path / "gui-store"
    running = StorageSCP.from_settings(
        dataclasses.replace(settings, store=elsewhere),
        on_stored=lambda path, ds: received.append(path))
    running.start()
    try:
        study = _study_uid("MR_small.dcm")
        assert main(["retrieve", str(demo.node), "-k", f"StudyInstanceUID={study}"]) == 0
    finally:
        running.stop()
    assert len(received) == 1 and elsewhere in received[0].parents
    assert "C-MOVE final: 1 completed" in capsys.readouterr().err
