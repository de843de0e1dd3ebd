"""The other studies of a patient (viewer.viewing.prior_studies): in the local archive and on a
real Orthanc by a STUDY-level C-FIND on Patient ID; merged, and the prior chosen by default."""

from __future__ import annotations

import threading

import pytest

from peerkit import orthanc as orthanc_peer
from viewing import prior_builders as pb
from viewer.net.common import Node
from viewer.store.archive import Archive
from viewer.viewing import prior_studies as ps


@pytest.fixture(scope="module")
def patient(tmp_path_factory):
    return pb.write_patient(tmp_path_factory.mktemp("patient"))


@pytest.fixture(scope="module")
def pacs(patient):
    """Orthanc holding all three studies of the patient."""
    with orthanc_peer.start(*patient.values()) as running:
        yield running


@pytest.fixture
def archive(tmp_path, patient):
    """The local archive holding only the current study."""
    store = Archive.open(tmp_path / "store", max_latency=0.01)
    store.import_paths([patient["current"]])
    store.flush(10.0)
    yield store
    store.close()


def test_local_studies_by_patient_id(archive, patient):
    found = ps.local_studies(archive, pb.PATIENT_ID)
    assert [(s.study_uid, s.local, s.remote, s.modalities, s.series) for s in found] == [
        (pb.study_uid(pb.CURRENT), True, False, ("CT",), 3)]
    assert ps.local_studies(archive, "PRIOR000") == []  # the whole ID, not a prefix
    assert ps.local_studies(archive, "  ") == []


def test_archive_studies_by_c_find_on_patient_id(pacs):
    found = ps.remote_studies(Node.parse(pacs.node), pb.PATIENT_ID, "PRIORTEST")
    by_uid = {s.study_uid: s for s in found}
    assert set(by_uid) == {pb.study_uid(s) for s in (pb.CURRENT, pb.PRIOR, pb.OLDER)}
    prior = by_uid[pb.study_uid(pb.PRIOR)]
    assert (prior.study_date, prior.description, prior.modalities, prior.series,
            prior.instances, prior.remote, prior.local) == (
        "20240115", "CT thorax abdomen", ("CT",), 4, 23, True, False)
    assert ps.remote_studies(Node.parse(pacs.node), "NOBODY", "PRIORTEST") == []
    assert ps.remote_studies(Node.parse(pacs.node), "", "PRIORTEST") == []  # not everyone


def test_lookup_merges_local_and_archive_newest_first(archive, pacs):
    steps = list(ps.lookup(archive, Node.parse(pacs.node), pb.PATIENT_ID, "PRIORTEST",
                           cancel=threading.Event()))
    assert [[s.study_date for s in step] for step in steps] == [
        ["20250310"], ["20250310", "20240115", "20190601"]]
    merged = steps[-1]
    assert [(s.local, s.remote) for s in merged] == [(True, True), (False, True), (False, True)]
    current = pb.study_uid(pb.CURRENT)
    chosen = ps.default_prior(merged, current, "20250310101500", ["CT"])
    assert chosen.study_uid == pb.study_uid(pb.PRIOR)
    # the MR study is older, but shares no modality: the CT prior is preferred
    assert ps.default_prior(merged, current, "20250310101500", ["MR"]).study_date == "20190601"


def test_lookup_says_when_the_archive_cannot_be_asked(archive):
    from peerkit import free_port

    down = Node("NOBODY", "127.0.0.1", free_port())
    steps = list(ps.lookup(archive, down, pb.PATIENT_ID, "PRIORTEST", cancel=threading.Event()))
    assert len(steps) == 2 and [s.study_date for s in steps[0]] == ["20250310"]
    assert isinstance(steps[1], str) and steps[1]


def test_default_prior_without_older_studies_takes_the_newest_other():
    studies = [ps.OtherStudy("a", "P", study_date="20250101"),
               ps.OtherStudy("b", "P", study_date="20260101"),
               ps.OtherStudy("c", "P", study_date="20270101")]
    assert ps.default_prior(studies, "a", "20250101").study_uid == "c"
    assert ps.default_prior(studies[:1], "a", "20250101") is None


def test_archive_studies_over_dicomweb(tmp_path, patient):
    """The same lookup against a DICOMweb node (QIDO-RS on Orthanc's plugin)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from dicomweb_orthanc import start_orthanc

    from viewer.net.dicomweb.node import WebNode

    server = start_orthanc(tmp_path / "orthanc")
    try:
        server.upload(sorted(p for name in ("prior", "older") for p in
                             patient[name].rglob("*.dcm")))
        found = ps.remote_studies(WebNode.parse(server.root), pb.PATIENT_ID, "PRIORTEST")
    finally:
        server.stop()
    assert sorted((s.study_date, s.modalities, s.remote) for s in found) == [
        ("20190601", ("MR",), True), ("20240115", ("CT",), True)]


def test_archive_studies_on_dcmqrscp(patient):
    """dcmqrscp (strict; it returns no ModalitiesInStudy) finds the same studies by Patient
    ID, their modalities read from their series: the CT prior is preferred over the MR."""
    from peerkit import dcmqrscp

    with dcmqrscp.start(*patient.values()) as archive:
        found = ps.remote_studies(Node.parse(archive.node), pb.PATIENT_ID, "PRIORTEST")
    assert sorted((s.study_date, s.modalities) for s in found) == [
        ("20190601", ("MR",)), ("20240115", ("CT",)), ("20250310", ("CT",))]
    merged = ps.merge([], found)
    assert ps.default_prior(merged, pb.study_uid(pb.CURRENT), "20250310101500",
                            ["MR"]).study_date == "20190601"
    assert ps.default_prior(merged, pb.study_uid(pb.CURRENT), "20250310101500",
                            ["CT"]).study_date == "20240115"
