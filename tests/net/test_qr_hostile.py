"""A misbehaving archive (a real pynetdicom SCP in this process): clear errors, never a crash."""

from __future__ import annotations

import socket
import time

import pytest
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.tag import Tag
from pydicom.uid import CTImageStorage, ImplicitVRLittleEndian
from pynetdicom import AE, evt
from pynetdicom.sop_class import (StudyRootQueryRetrieveInformationModelFind,
                                  StudyRootQueryRetrieveInformationModelGet)

from viewer.net.common import NetworkError, Node
from viewer.net.find import QueryFailed, find
from viewer.net.get import get

AET = "HOSTILETEST"


def _status(code: int, **extra) -> Dataset:
    ds = Dataset()
    ds.Status = code
    for keyword, value in extra.items():
        setattr(ds, keyword, value)
    return ds


def on_find(event):
    what = str(event.identifier.get("PatientID", ""))
    if what == "FAIL":
        yield _status(0xA900, ErrorComment="PatientID not supported"), None
    elif what == "SLOW":
        time.sleep(3)
        yield 0x0000, None
    elif what == "GARBAGE":
        bad = Dataset()
        bad.QueryRetrieveLevel = "STUDY"
        bad.PatientID = "GARBAGE"
        for tag, vr, value in ((0x00080020, "DA", b"not a date"), (0x00100010, "PN", b"\xff\xfe^x"),
                               (0x00201208, "IS", b"many")):  # bytes as a broken archive sends
            bad[tag] = RawDataElement(Tag(tag), vr, len(value), value, 0, True, True)
        yield 0xFF00, bad
        yield 0x0000, None
    else:
        yield 0xC123, None  # an undefined failure code


def _ct(study: str, sop: str) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, sop
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, "1.2.3.666.1"
    ds.PatientID, ds.Modality = "HOSTILE", "CT"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    return ds


def on_get(event):
    if event.identifier.StudyInstanceUID == "1.2.3.666":  # instances naming paths outside
        yield 2
        yield 0xFF00, _ct("../../escaped", "1.2.3.666.1.1")
        yield 0xFF00, _ct("1.2.3.666", "1.2.3.666.1.2")
        return
    yield 2  # sub-operations announced, none performed
    yield _status(0xFF00, NumberOfRemainingSuboperations=1, NumberOfCompletedSuboperations=0,
                  NumberOfFailedSuboperations=1, NumberOfWarningSuboperations=0), None
    failed = Dataset()
    failed.FailedSOPInstanceUIDList = ["1.2.3.1", "1.2.3.2"]
    yield _status(0xB000, NumberOfRemainingSuboperations=0, NumberOfCompletedSuboperations=0,
                  NumberOfFailedSuboperations=2, NumberOfWarningSuboperations=0), failed


@pytest.fixture(scope="module")
def hostile():
    ae = AE("HOSTILE")
    ae.add_supported_context(StudyRootQueryRetrieveInformationModelFind)
    ae.add_supported_context(StudyRootQueryRetrieveInformationModelGet)
    ae.add_supported_context(CTImageStorage, scu_role=True, scp_role=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ae.start_server(("127.0.0.1", port), block=False,
                             evt_handlers=[(evt.EVT_C_FIND, on_find), (evt.EVT_C_GET, on_get)])
    yield Node("HOSTILE", "127.0.0.1", port)
    server.shutdown()


def test_failure_status_in_hex_with_meaning_and_comment(hostile):
    with pytest.raises(QueryFailed, match=r"C-FIND failed: 0xA900 \(Failure: Identifier Does Not "
                                          r"Match SOP Class\); archive says: PatientID not supp"):
        list(find(hostile, ["PatientID=FAIL"], calling_aet=AET))


def test_unknown_failure_code_is_still_named(hostile):
    with pytest.raises(QueryFailed, match=r"C-FIND failed: 0xC123 \(Failure: Unable to Process"):
        list(find(hostile, ["PatientID=ODD"], calling_aet=AET))


def test_no_response_in_time(hostile):
    with pytest.raises(NetworkError, match="no response within 1 s"):
        list(find(hostile, ["PatientID=SLOW"], calling_aet=AET, timeout=1))


def test_malformed_values_do_not_crash(hostile):
    from viewer.net.find import to_json

    (result,) = find(hostile, ["PatientID=GARBAGE"], calling_aet=AET)
    assert result.PatientID == "GARBAGE"
    model = to_json(result)  # every value converted, leniently
    assert model["00080020"]["Value"] == ["not a date"]
    assert "00201208" not in model  # an IS of "many" has no JSON form: left out
    assert str(result.PatientName)  # undecodable bytes come out replaced, not raised


def test_get_warning_lists_the_failed_instances(hostile, tmp_path):
    steps = list(get(hostile, ["StudyInstanceUID=1.2.3"], store_dir=tmp_path, calling_aet=AET))
    final = steps[-1]
    assert final.kind == "final" and final.status == 0xB000
    assert final.failed == 2 and final.failed_uids == ("1.2.3.1", "1.2.3.2")
    assert "0xB000" in final.message and "2 sub-operations failed" in final.message


def test_get_refuses_an_instance_whose_uids_would_name_a_path_outside_the_store(hostile, tmp_path):
    store = tmp_path / "store"
    stored = []
    steps = list(get(hostile, ["StudyInstanceUID=1.2.3.666"], store_dir=store, calling_aet=AET,
                     on_stored=lambda path, header: stored.append((path, header))))
    final = steps[-1]
    assert final.failed == 1 and final.completed == 1
    assert "0xC001" in final.message and "Study Instance UID" in final.message
    files = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert files == [store / "1.2.3.666" / "1.2.3.666.1" / "1.2.3.666.1.2.dcm"]
    (path, header), = stored
    assert path == files[0] and header.PatientID == "HOSTILE"
    assert header.file_meta.SourceApplicationEntityTitle == "HOSTILE"
