"""Faults found against independent DICOM implementations (issue 14), each reproduced first.

Peers: a pynetdicom Storage SCP that drops the connection on chosen instances
(dropping_scp.py), a strictly level-by-level Q/R archive like PixelMed's (strict_archive.py),
and our own Storage SCP receiving mislabelled instances from a pynetdicom sender.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
                         ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEGLSLossless,
                         JPEG2000Lossless, generate_uid)
from pynetdicom import AE
from pynetdicom.sop_class import CTImageStorage, Verification

sys.path.insert(0, str(Path(__file__).parent))
from dropping_scp import DroppingSCP, uid_of  # noqa: E402
from strict_archive import StrictArchive  # noqa: E402
from test_scp_support import (TEST_FILES, all_files, dataset_bytes, make_ct, part10,  # noqa: E402
                              start_scp)

from viewer.net.common import Node  # noqa: E402
from viewer.net.find import find  # noqa: E402
from viewer.net.retrieve import retrieve  # noqa: E402
from viewer.net.send import MAX_RECONNECTS, send_all  # noqa: E402

_ = start_scp


@pytest.fixture
def dropping():
    made = []

    def start(drop_on=()):
        made.append(DroppingSCP(drop_on))
        return made[-1]

    yield start
    for scp in made:
        scp.stop()


# --- 2. a batch send goes on after the peer drops the connection ------------------------------

def test_a_batch_send_delivers_every_other_file_when_the_peer_drops_one(dropping, tmp_path):
    files = [make_ct(tmp_path / "src", f"{i:02d}.dcm") for i in range(12)]
    scp = dropping({uid_of(files[3]), uid_of(files[8])})
    progress = send_all(Node(scp.aet, "127.0.0.1", scp.port), [tmp_path / "src"], "SENDER")
    failed = {p.path.name: p.message for p in progress if not p.ok}
    assert set(failed) == {"03.dcm", "08.dcm"}
    assert all("closed the connection while receiving this file" in m for m in failed.values())
    assert set(scp.received) == {uid_of(f) for f in files} - set(scp.dropped)
    assert scp.associations == 3  # one to start, one after each casualty
    last = progress[-1]
    assert (last.sent, last.failed, last.total) == (10, 2, 12)


def test_reconnects_are_bounded_and_the_rest_is_reported_unsent(dropping, tmp_path):
    files = [make_ct(tmp_path / "src", f"{i:02d}.dcm") for i in range(MAX_RECONNECTS + 4)]
    scp = dropping({uid_of(f) for f in files})  # a peer that drops everything
    progress = send_all(Node(scp.aet, "127.0.0.1", scp.port), [tmp_path / "src"], "SENDER")
    assert [p.ok for p in progress] == [False] * len(files)
    assert scp.associations == MAX_RECONNECTS + 1
    tail = [p.message for p in progress[MAX_RECONNECTS + 1:]]
    assert tail and all(f"dropped the association {MAX_RECONNECTS + 1} times" in m for m in tail)


def test_a_file_without_study_uid_is_reported_and_never_sent(dropping, tmp_path):
    good = make_ct(tmp_path / "src", "good.dcm")
    bad = make_ct(tmp_path / "src", "nostudy.dcm")
    ds = pydicom.dcmread(bad)
    del ds.StudyInstanceUID
    ds.save_as(bad)
    scp = dropping()
    progress = send_all(Node(scp.aet, "127.0.0.1", scp.port), [good, bad], "SENDER")
    assert [(p.path.name, p.ok) for p in progress] == [("nostudy.dcm", False), ("good.dcm", True)]
    assert progress[0].message == "not sent: StudyInstanceUID missing or not a valid UID"
    assert list(scp.received) == [uid_of(good)]


# --- 1. one odd study does not sink a level-by-level query -----------------------------------

def _instances(tmp_path) -> list[pydicom.Dataset]:
    out = []
    for i, (study, modality) in enumerate([("1.2.826.0.1.1", "MR"), ("1.2.826.0.1.2", "MR"),
                                           ("", "MR"), ("1.2.826.0.1.3", "CT")]):
        path = make_ct(tmp_path / "archive", f"{i}.dcm", study=study or generate_uid(),
                       Modality=modality, SeriesNumber=i + 1, SeriesDescription=f"series {i}",
                       StudyDate="20240102", StudyDescription=f"study {i}")
        ds = pydicom.dcmread(path)
        if not study:
            ds.StudyInstanceUID = ""  # like pydicom's JPEGLSNearLossless_16.dcm in PixelMed
        out.append(ds)
    return out


def test_a_study_without_uid_and_a_failing_branch_cost_only_themselves(tmp_path):
    archive = StrictArchive(_instances(tmp_path), fail_series_of={"1.2.826.0.1.2"})
    warnings = []
    try:
        found = list(find(Node(archive.aet, "127.0.0.1", archive.port), {"Modality": "MR"},
                          "SERIES", calling_aet="VIEWER", on_warning=warnings.append))
    finally:
        archive.stop()
    assert [str(ds.StudyInstanceUID) for ds in found] == ["1.2.826.0.1.1"]
    assert ("SERIES", "") in archive.queries  # the first, flat query the archive refused
    assert [q for q in archive.queries if q[0] == "SERIES" and q[1]] == [
        ("SERIES", "1.2.826.0.1.1"), ("SERIES", "1.2.826.0.1.2"), ("SERIES", "1.2.826.0.1.3")]
    skipped, failed = sorted(warnings, reverse=True)
    assert len(warnings) == 2
    assert skipped.startswith("skipped a study without a StudyInstanceUID")
    assert failed.startswith("series of") and "1.2.826.0.1.2" in failed and "0xC000" in failed


def test_cli_query_prints_the_other_series_and_warns(tmp_path, capsys, monkeypatch):
    from viewer.cli import main

    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    archive = StrictArchive(_instances(tmp_path))
    try:
        code = main(["query", f"{archive.aet}@127.0.0.1:{archive.port}", "--level", "SERIES",
                     "-k", "Modality=MR", "--json"])
    finally:
        archive.stop()
    out, err = capsys.readouterr()
    assert code == 0
    assert {r["0020000D"]["Value"][0] for r in __import__("json").loads(out)} == {
        "1.2.826.0.1.1", "1.2.826.0.1.2"}
    assert "warning: skipped a study without a StudyInstanceUID" in err


# --- 3. no C-CANCEL on the C-GET path ----------------------------------------------------------

def test_c_get_sends_no_c_cancel_and_releases(tmp_path):
    instances = _instances(tmp_path)
    archive = StrictArchive(instances)
    try:
        steps = list(retrieve(Node(archive.aet, "127.0.0.1", archive.port),
                              {"StudyInstanceUID": "1.2.826.0.1.1"}, "STUDY", "get",
                              store_dir=tmp_path / "store", calling_aet="VIEWER"))
    finally:
        archive.stop()
    assert steps[-1].completed == 1 and not steps[-1].failed
    assert archive.cancels == []
    assert archive.endings and set(archive.endings) == {"released"}


def test_a_query_limit_sends_no_c_cancel_once_the_final_response_is_in(tmp_path):
    """With one match, the final response is already queued when the limit is reached."""
    archive = StrictArchive(_instances(tmp_path))
    try:
        node = Node(archive.aet, "127.0.0.1", archive.port)
        for _ in range(5):
            found = list(find(node, {"StudyInstanceUID": "1.2.826.0.1.3"}, "STUDY", limit=1))
            assert len(found) == 1
    finally:
        archive.stop()
    assert set(archive.endings) == {"released"}


# --- 4. what arrives must parse in the negotiated transfer syntax ------------------------------

def _mislabelled(tmp_path, name: str, source: Path, syntax: str) -> Path:
    """*source*'s data set bytes under file meta that claims *syntax*: sent as they are."""
    ds = pydicom.dcmread(source, stop_before_pixels=True)
    return part10(tmp_path / name, {"MediaStorageSOPClassUID": ds.SOPClassUID,
                                    "MediaStorageSOPInstanceUID": ds.SOPInstanceUID,
                                    "TransferSyntaxUID": syntax}, dataset_bytes(source))


def _store_on(port: int, path: Path, syntax: str):
    ae = AE(ae_title="SENDER")
    sop_class = pydicom.filereader.read_file_meta_info(path).MediaStorageSOPClassUID
    ae.add_requested_context(sop_class, syntax)
    assoc = ae.associate("127.0.0.1", port, ae_title="VIEWER")
    assert assoc.is_established
    try:
        return assoc.send_c_store(path)
    finally:
        assoc.release()


def _fresh_copy(tmp_path, name: str) -> Path:
    ds = pydicom.dcmread(TEST_FILES / name)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    out = tmp_path / f"fresh-{name}"
    ds.save_as(out)
    return out


@pytest.mark.parametrize("source, syntax, reason", [
    ("MR_small.dcm", JPEGLSLossless, "Pixel Data is not encapsulated"),
    ("MR_small_jp2klossless.dcm", DeflatedExplicitVRLittleEndian, "Deflated Explicit VR"),
    ("MR_small_jp2klossless.dcm", ExplicitVRLittleEndian, "Pixel Data is encapsulated, but"),
    ("MR_small.dcm", ImplicitVRLittleEndian, "Implicit VR Little Endian"),
])
def test_an_instance_on_a_context_that_does_not_match_its_encoding_is_refused(
        start_scp, tmp_path, source, syntax, reason):
    scp, rec = start_scp()
    fresh = _fresh_copy(tmp_path, source)
    rsp = _store_on(scp.address[1], _mislabelled(tmp_path, "wrong.dcm", fresh, syntax), syntax)
    assert rsp.Status in (0xC000, 0xC002), rsp  # PS3.4 B.2.3: cannot understand
    assert reason in rsp.ErrorComment
    assert all_files(scp.store) == [] and rec.stored == []


def test_native_pixel_data_shorter_than_the_image_is_refused(start_scp, tmp_path):
    scp, rec = start_scp()
    path = make_ct(tmp_path, "short.dcm", rows=16)
    ds = pydicom.dcmread(path)
    ds.PixelData = ds.PixelData[:100]
    ds.save_as(path)
    rsp = _store_on(scp.address[1], path, ExplicitVRLittleEndian)
    assert rsp.Status == 0xC002 and "holds 100 bytes" in rsp.ErrorComment
    assert all_files(scp.store) == []


@pytest.mark.parametrize("name", ["MR_small.dcm", "MR_small_jp2klossless.dcm",
                                  "MR_small_RLE.dcm", "MR_small_jpeg_ls_lossless.dcm",
                                  "image_dfl.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm",
                                  "SC_rgb_jpeg_dcmtk.dcm", "SC_rgb_rle_2frame.dcm"])
def test_correctly_encoded_instances_are_still_stored(start_scp, tmp_path, name):
    scp, _ = start_scp()
    fresh = _fresh_copy(tmp_path, name)
    syntax = pydicom.dcmread(fresh, stop_before_pixels=True).file_meta.TransferSyntaxUID
    assert _store_on(scp.address[1], fresh, syntax).Status == 0x0000


# --- 5. smaller ones --------------------------------------------------------------------------

def test_scp_prefers_explicit_vr_little_endian_when_a_context_offers_several(start_scp):
    scp, _ = start_scp()
    ae = AE(ae_title="SENDER")
    ae.add_requested_context(CTImageStorage, [ImplicitVRLittleEndian, ExplicitVRBigEndian,
                                              ExplicitVRLittleEndian])
    assoc = ae.associate("127.0.0.1", scp.address[1], ae_title="VIEWER")
    try:
        assert [cx.transfer_syntax[0] for cx in assoc.accepted_contexts] == [ExplicitVRLittleEndian]
    finally:
        assoc.release()


@pytest.mark.parametrize("check, called, accepted", [
    (False, "SOMEONEELSE", True), (True, "SOMEONEELSE", False), (True, "VIEWER", True)])
def test_called_ae_title_is_checked_only_when_asked(start_scp, check, called, accepted):

    scp, _ = start_scp(check_called_aet=check)
    ae = AE(ae_title="SENDER")
    ae.add_requested_context(Verification)
    assoc = ae.associate("127.0.0.1", scp.address[1], ae_title=called)
    assert assoc.is_established == accepted
    if accepted:
        assoc.release()
    else:
        assert assoc.is_rejected and assoc.acceptor.primitive.diagnostic == 7


def test_modalities_in_study_filter_survives_an_odd_study(tmp_path):
    """ModalitiesInStudy is derived from the series when the archive does not return it: the
    UID-less study is reported and left out, the study whose series query fails reported and
    kept as the archive matched it (modalities unknown); the CT study is filtered out."""
    archive = StrictArchive(_instances(tmp_path), fail_series_of={"1.2.826.0.1.2"})
    warnings = []
    try:
        found = list(find(Node(archive.aet, "127.0.0.1", archive.port),
                          {"ModalitiesInStudy": "MR"}, "STUDY", on_warning=warnings.append))
    finally:
        archive.stop()
    assert [str(ds.StudyInstanceUID) for ds in found] == ["1.2.826.0.1.1", "1.2.826.0.1.2"]
    assert len(warnings) == 2 and any("without a StudyInstanceUID" in w for w in warnings)
    assert any(w.startswith("modalities of") and "1.2.826.0.1.2" in w for w in warnings)
