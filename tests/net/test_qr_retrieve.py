"""retrieve(): C-MOVE to us, C-GET, and the fallback from a refused move to C-GET."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from peers import VIEWER_AET, archive, inboxes, qr_data, qr_env, qr_peers  # noqa: E402,F401

from viewer.net.qr_progress import RetrieveError
from viewer.net.retrieve import retrieve

STRANGER = "STRANGERAE"  # neither archive knows it as a move destination


def stored(store: Path) -> set[str]:
    return {p.stem for p in store.rglob("*.dcm")}


def test_refused_move_falls_back_to_get_and_says_why(archive, qr_data, tmp_path):
    name, node = archive
    got = []
    steps = list(retrieve(node, [f"StudyInstanceUID={qr_data.study_a}"], calling_aet=STRANGER,
                          store_dir=tmp_path, on_stored=lambda path, ds: got.append(path)))
    fallback = steps[0]
    assert fallback.kind == "fallback" and fallback.method == "get"
    code = {"orthanc": "0xC000", "dcmqrscp": "0xA801"}[name]
    assert f"C-MOVE to {STRANGER} refused: {code}" in fallback.message
    assert "C-GET" in str(fallback)
    assert steps[-1].method == "get" and steps[-1].completed == 10
    assert stored(tmp_path) == qr_data.uids(study=qr_data.study_a) == {p.stem for p in got}


def test_our_scp_not_listening_falls_back_too(qr_peers, qr_data, tmp_path):
    def not_listening():
        raise OSError("address already in use")

    steps = list(retrieve(qr_peers.node("dcmqrscp"), [f"StudyInstanceUID={qr_data.study_b}"],
                          calling_aet=VIEWER_AET, store_dir=tmp_path,
                          ensure_destination=not_listening))
    assert steps[0].kind == "fallback" and "not listening" in steps[0].message
    assert steps[-1].completed == 6 and len(stored(tmp_path)) == 6


def test_move_that_works_does_not_fall_back(archive, qr_data, inboxes, tmp_path):
    _, node = archive
    steps = list(retrieve(node, [f"StudyInstanceUID={qr_data.study_b}"], calling_aet=VIEWER_AET,
                          store_dir=tmp_path))
    assert {s.method for s in steps} == {"move"} and steps[-1].completed == 6
    assert len(list(inboxes[0].glob("*.dcm"))) == 6 and not stored(tmp_path)


def test_three_device_move_never_falls_back(qr_peers, qr_data, tmp_path):
    with pytest.raises(RetrieveError, match="0xA801"):
        list(retrieve(qr_peers.node("dcmqrscp"), [f"StudyInstanceUID={qr_data.study_b}"],
                      calling_aet=VIEWER_AET, destination="NOSUCHAE", store_dir=tmp_path))
    assert not stored(tmp_path)


def test_missing_higher_keys_are_looked_up(archive, qr_data, tmp_path):
    """Only SeriesInstanceUID given: the study is found by C-FIND (level by level on dcmqrscp)."""
    _, node = archive
    series = qr_data.series_a[1]
    steps = list(retrieve(node, [f"SeriesInstanceUID={series}"], "SERIES", method="get",
                          calling_aet=VIEWER_AET, store_dir=tmp_path))
    assert steps[-1].completed == 4 and stored(tmp_path) == qr_data.uids(series=series)


def test_patient_root_patient_level_get(archive, qr_data, tmp_path):
    _, node = archive
    steps = list(retrieve(node, ["PatientID=SYN0002"], "PATIENT", method="get", root="patient",
                          calling_aet=VIEWER_AET, store_dir=tmp_path))
    assert steps[-1].completed == 6 and stored(tmp_path) == qr_data.uids(study=qr_data.study_b)


def test_nothing_matching_is_said_plainly(qr_peers, tmp_path):
    with pytest.raises(Exception, match="has nothing matching SeriesInstanceUID=1.2.3.4"):
        list(retrieve(qr_peers.node("dcmqrscp"), ["SeriesInstanceUID=1.2.3.4"], "SERIES",
                      method="get", calling_aet=VIEWER_AET, store_dir=tmp_path))
