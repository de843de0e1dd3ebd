"""C-FIND against Orthanc and dcmqrscp: every level in both roots, matching, charsets, cancel."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from peers import archive, qr_data, qr_env, qr_peers  # noqa: E402,F401  (fixtures)

from viewer.net.common import NetworkError, Node
from viewer.net.find import find, to_json

AET = "QRFINDTEST"

LEVELS = [("study", "STUDY", "StudyInstanceUID"), ("study", "SERIES", "SeriesInstanceUID"),
          ("study", "IMAGE", "SOPInstanceUID"), ("patient", "PATIENT", "PatientID"),
          ("patient", "STUDY", "StudyInstanceUID"), ("patient", "SERIES", "SeriesInstanceUID"),
          ("patient", "IMAGE", "SOPInstanceUID")]


def run(node, keys=None, level="STUDY", **kw):
    return list(find(node, keys, level, calling_aet=AET, **kw))


@pytest.mark.parametrize("root, level, unique", LEVELS)
def test_every_level_in_both_roots_finds_everything(archive, qr_data, root, level, unique):
    """dcmqrscp refuses SERIES/IMAGE (and Patient Root STUDY) queries without the higher-level
    unique keys; find() then goes level by level and must still find every entity."""
    _, node = archive
    results = run(node, None, level, root=root)
    found = [str(ds.get(unique, "")) for ds in results]
    assert sorted(found) == sorted(qr_data.distinct(unique))
    if level in ("SERIES", "IMAGE"):
        assert {str(ds.StudyInstanceUID) for ds in results} == qr_data.distinct("StudyInstanceUID")
    if root == "patient" and level != "PATIENT":
        assert all(ds.get("PatientID") for ds in results)


def test_study_level_returns_the_default_keys(archive, qr_data):
    name, node = archive
    (study,) = run(node, [f"StudyInstanceUID={qr_data.study_a}"])
    assert str(study.PatientName) == "SYNTHETIC^CT0001" and study.PatientID == "SYN0001"
    assert study.StudyDate == "20240102" and study.AccessionNumber == "ACC000001"
    for keyword in ("StudyTime", "StudyDescription", "PatientBirthDate", "PatientSex", "StudyID"):
        assert study.get(keyword), keyword
    if name == "orthanc":  # dcmqrscp does not support the computed keys
        assert study.ModalitiesInStudy == "CT"
        assert int(study.NumberOfStudyRelatedSeries) == 2
        assert int(study.NumberOfStudyRelatedInstances) == 10


def test_series_of_a_patient_by_name_without_study_uid(archive, qr_data):
    _, node = archive
    results = run(node, ["PatientName=SYNTHETIC^CT0001"], "SERIES")
    assert {str(ds.SeriesInstanceUID) for ds in results} == set(qr_data.series_a)
    assert all(str(ds.StudyInstanceUID) == qr_data.study_a for ds in results)


def test_image_level_with_a_series_key_in_patient_root(archive, qr_data):
    name, node = archive
    results = run(node, ["SeriesNumber=2", "PatientID=SYN0001"], "IMAGE", root="patient")
    assert {str(ds.SOPInstanceUID) for ds in results} == qr_data.uids(series=qr_data.series_a[1])
    assert sorted(int(ds.InstanceNumber) for ds in results) == [1, 2, 3, 4]
    if name == "orthanc":  # dcmqrscp's index has no SOP Class UID
        assert {ds.SOPClassUID for ds in results} == {"1.2.840.10008.5.1.4.1.1.2"}


def test_wildcards_and_date_ranges(archive, qr_data):
    _, node = archive
    in_2024 = run(node, ["StudyDate=20240101-20241231", "PatientName=SYNTH*"])
    assert {ds.PatientID for ds in in_2024} == {"SYN0001", "SYN0003"}
    before = run(node, ["StudyDate=-20231231"])  # Orthanc adds the studies without a date
    assert [str(ds.StudyInstanceUID) for ds in before if ds.StudyDate] == [qr_data.study_b]
    one = run(node, ["PatientID=SYN000?", "AccessionNumber=ACC000002"])
    assert [ds.PatientID for ds in one] == ["SYN0002"]


def test_modalities_in_study_is_applied_even_where_the_archive_ignores_it(archive):
    """dcmqrscp neither filters on ModalitiesInStudy nor returns it: the modalities are then
    found from the series of each study and the studies filtered here."""
    _, node = archive
    results = run(node, ["ModalitiesInStudy=OT"])
    assert {ds.PatientID for ds in results} == {"H31EXAMPLE", "H32EXAMPLE", "X1EXAMPLE", "SCSGERM"}
    assert all("OT" in ds.ModalitiesInStudy for ds in results)
    assert len(run(node, ["ModalitiesInStudy=MR"])) == 0


def test_limit_cancels_and_the_next_query_still_works(archive):
    _, node = archive
    assert len(run(node, None, "IMAGE", limit=3)) == 3
    assert len(run(node, None, "PATIENT", root="patient", limit=100)) == 8


def test_cancel_token_stops_the_results(archive, qr_data):
    _, node = archive
    cancel = threading.Event()
    got = []
    for ds in find(node, [f"StudyInstanceUID={qr_data.big_study}"], "IMAGE", calling_aet=AET,
                   cancel=cancel):
        got.append(ds)
        cancel.set()
    assert len(got) == 1


def test_results_convert_to_the_dicom_json_model(archive, qr_data):
    _, node = archive
    (study,) = run(node, [f"StudyInstanceUID={qr_data.study_a}"])
    model = to_json(study)
    assert model["00100010"] == {"vr": "PN", "Value": [{"Alphabetic": "SYNTHETIC^CT0001"}]}
    assert model["0020000D"] == {"vr": "UI", "Value": [qr_data.study_a]}
    assert model["00080020"]["vr"] == "DA"


def _names(qr_data) -> dict[str, str]:
    return {pydicom.dcmread(p, stop_before_pixels=True).PatientID:
            str(pydicom.dcmread(p, stop_before_pixels=True).PatientName)
            for p in qr_data.files.values() if p.parent.name == "charset"}


def test_dcmqrscp_answers_in_each_record_s_charset_and_names_decode(qr_peers, qr_data):
    """ISO 2022 IR 87, ISO 2022 IR 13 + 87, UTF-8 and Latin-1 come back as stored."""
    results = run(qr_peers.node("dcmqrscp"), ["ModalitiesInStudy=OT"])
    assert {ds.PatientID: str(ds.PatientName) for ds in results} == _names(qr_data)


@pytest.mark.parametrize("pattern, charset", [("*山田*", "ISO_IR 192"),
                                              ("*山田*", "ISO 2022 IR 87"),
                                              ("*王*", "ISO_IR 192")])
def test_japanese_and_chinese_names_round_trip_through_orthanc(qr_peers, qr_data, pattern, charset):
    results = run(qr_peers.node("orthanc"), [f"PatientName={pattern}"], charset=charset)
    expected = {"*山田*": "H31EXAMPLE", "*王*": "X1EXAMPLE"}[pattern]
    assert [ds.PatientID for ds in results] == [expected]
    assert str(results[0].PatientName) == _names(qr_data)[expected]
    groups = to_json(results[0])["00100010"]["Value"][0]
    assert pattern.strip("*") in groups["Ideographic"]


def test_rejected_association_says_why(qr_peers):
    wrong = Node("NOTDCMQRSCP", "127.0.0.1", qr_peers.node("dcmqrscp").port)
    with pytest.raises(NetworkError, match="rejected.*Called AE title not recognised"):
        run(wrong)


def test_nobody_listening_is_a_clear_error():
    import socket

    with socket.socket() as s:  # a port that was free a moment ago
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(NetworkError, match="connection refused"):
        run(Node("NOBODY", "127.0.0.1", port), timeout=5)


def test_bad_keys_fail_before_any_network(qr_peers):
    with pytest.raises(ValueError, match="unknown DICOM attribute"):
        run(qr_peers.node("orthanc"), ["Nonsense=1"])
    with pytest.raises(ValueError, match="does not exist in the study root"):
        run(qr_peers.node("orthanc"), None, "PATIENT")


def test_a_dropped_query_aborts_cleanly(archive, qr_data):
    """A GUI worker may stop reading mid-way: closing the generator aborts the association."""
    _, node = archive
    results = find(node, [f"StudyInstanceUID={qr_data.big_study}"], "IMAGE", calling_aet=AET)
    first = next(results)
    results.close()
    assert str(first.StudyInstanceUID) == qr_data.big_study
    assert len(run(node, [f"StudyInstanceUID={qr_data.study_a}"], "SERIES")) == 2
