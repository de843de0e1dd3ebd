"""``query`` and ``retrieve`` sub-commands (viewer/cli/net_qr.py) through their own parser."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from peers import VIEWER_AET, qr_data, qr_env, qr_peers  # noqa: E402,F401

from viewer.cli import CommandError, net_qr


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Run a command line; the user's settings file is never read."""
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "no-settings.json"))
    parser = argparse.ArgumentParser(prog="dicom-viewer")
    net_qr.add_parser(parser.add_subparsers(dest="command"))

    def run(*argv: str) -> int:
        args = parser.parse_args(list(argv))
        return args.func(args)
    return run


def test_query_json_is_the_dicom_json_model(cli, qr_peers, capsys):
    assert cli("query", qr_peers.orthanc, "--aet", VIEWER_AET, "-k", "PatientName=*山田*",
               "--json") == 0
    (study,) = json.loads(capsys.readouterr().out)
    assert study["00100010"]["Value"][0] == {"Alphabetic": "Yamada^Tarou",
                                             "Ideographic": "山田^太郎", "Phonetic": "やまだ^たろう"}
    assert study["00100020"] == {"vr": "LO", "Value": ["H31EXAMPLE"]}


def test_query_table_shows_unicode_names_in_aligned_columns(cli, qr_peers, capsys):
    assert cli("query", qr_peers.dcmqrscp, "--aet", VIEWER_AET, "-k", "ModalitiesInStudy=OT",
               "--level", "study") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].startswith("PatientName") and "4 result(s)" in err
    assert any("Yamada^Tarou=山田^太郎=やまだ^たろう" in line for line in lines)
    assert any("Äneas^Rüdiger" in line for line in lines)
    column = [net_qr._width(line[:line.index("H3")]) for line in lines if "H3" in line]
    assert len(set(column)) == 1  # PatientID starts in the same screen column (CJK = 2 cells)


def test_query_series_level_patient_root_with_limit(cli, qr_peers, capsys):
    assert cli("query", qr_peers.dcmqrscp, "--aet", VIEWER_AET, "--root", "patient",
               "--level", "SERIES", "--limit", "2", "--json") == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


@pytest.mark.parametrize("argv, message", [
    (("--limit", "0"), "--limit must be 1 or more"),
    (("-k", "Bogus=1"), "unknown DICOM attribute 'Bogus'"),
    (("-k", "PatientName=山田", "--charset", "ISO_IR 100"), "cannot be written"),
])
def test_query_user_errors_are_one_line(cli, qr_peers, argv, message):
    with pytest.raises(CommandError, match=message):
        cli("query", qr_peers.orthanc, "--aet", VIEWER_AET, *argv)


def test_query_rejected_association(cli, qr_peers):
    port = qr_peers.node("dcmqrscp").port
    with pytest.raises(CommandError, match="rejected"):
        cli("query", f"WRONGAE@127.0.0.1:{port}", "--aet", VIEWER_AET)
    with pytest.raises(CommandError, match="neither a saved node"):
        cli("query", "not-a-node", "--aet", VIEWER_AET)


def test_retrieve_by_get_prints_progress(cli, qr_peers, qr_data, tmp_path, capsys):
    assert cli("retrieve", qr_peers.dcmqrscp, "--aet", VIEWER_AET, "-k",
               f"StudyInstanceUID={qr_data.study_b}", "--method", "get",
               "--store", str(tmp_path / "store")) == 0
    err = capsys.readouterr().err
    assert "C-GET pending" in err and "C-GET final: 6 completed" in err
    assert len(list((tmp_path / "store").rglob("*.dcm"))) == 6


def test_retrieve_move_refused_falls_back(cli, qr_peers, qr_data, tmp_path, capsys):
    assert cli("retrieve", qr_peers.orthanc, "--aet", "STRANGERAE", "-k",
               f"StudyInstanceUID={qr_data.study_b}", "--store", str(tmp_path)) == 0
    err = capsys.readouterr().err
    assert "falling back to C-GET: C-MOVE to STRANGERAE refused: 0xC000" in err
    assert "C-GET final: 6 completed" in err


def test_retrieve_three_device_move_failure_is_a_command_error(cli, qr_peers, qr_data):
    with pytest.raises(CommandError, match="the archive does not know the destination NOSUCHAE"
                                           ": add NOSUCHAE .*0xA801"):
        cli("retrieve", qr_peers.dcmqrscp, "--aet", VIEWER_AET, "--dest", "NOSUCHAE", "-k",
            f"StudyInstanceUID={qr_data.study_b}")


def test_retrieve_three_device_move_says_what_was_sent(cli, qr_peers, qr_data, capsys):
    from peers import THIRD_AET

    assert cli("retrieve", qr_peers.orthanc, "--aet", VIEWER_AET, "--dest", THIRD_AET, "-k",
               f"StudyInstanceUID={qr_data.study_b}") == 0
    assert capsys.readouterr().err.splitlines()[-1] == f"6 instance(s) sent to {THIRD_AET}"
