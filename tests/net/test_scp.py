"""The Storage SCP against real peers on loopback: DCMTK storescu/echoscu as independent
clients, pynetdicom as a scriptable (and hostile) one."""

from __future__ import annotations

import socket
import sys
import threading
from io import BytesIO
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, generate_uid
from pynetdicom.dimse_messages import C_STORE_RQ
from pynetdicom.dimse_primitives import C_STORE

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import (all_files, dataset_bytes, make_ct, part10, run,  # noqa: E402
                              sender_ae, start_scp, stored_path, temp_files, wait_for)

import viewer.net.send  # noqa: E402,F401  (send_c_store(path) sends the bytes as they are)
from viewer.net.scp import PortInUseError, SCPOptions, StorageSCP  # noqa: E402
from viewer.net.scp_events import (ASSOCIATION_ABORTED, ASSOCIATION_CLOSED,  # noqa: E402
                                   ASSOCIATION_OPENED, ASSOCIATION_REJECTED, INSTANCE_REFUSED,
                                   INSTANCE_STORED)

_ = start_scp  # the fixture, imported for pytest
CT = (CTImageStorage, [ExplicitVRLittleEndian])


def c_store(port: int, path: Path, aet: str = "SENDER"):
    """Send one file's bytes with pynetdicom; return the response status Dataset."""
    assoc = sender_ae(CT, aet=aet).associate("127.0.0.1", port, ae_title="VIEWER")
    assert assoc.is_established
    try:
        return assoc.send_c_store(path)
    finally:
        assoc.release()


def test_storescu_files_are_filed_by_uid_with_the_received_bytes(start_scp, tmp_path):
    scp, rec = start_scp()
    sources = [make_ct(tmp_path / "src", f"{i}.dcm", study="1.2.3", series="1.2.3.4")
               for i in range(3)]
    run("storescu", "-aet", "MODALITY", "-aec", "VIEWER", "127.0.0.1", scp.address[1], *sources)
    assert wait_for(lambda: ASSOCIATION_CLOSED in rec.kinds())
    for source in sources:
        stored = stored_path(scp.store, source)
        assert stored.parent == scp.store / "1.2.3" / "1.2.3.4"
        assert dataset_bytes(stored) == dataset_bytes(source)
        meta = pydicom.dcmread(stored, stop_before_pixels=True).file_meta
        assert meta.SourceApplicationEntityTitle == "MODALITY"
        assert meta.MediaStorageSOPInstanceUID == stored.stem
    assert sorted(p for p, _ in rec.stored) == sorted(stored_path(scp.store, s) for s in sources)
    header = rec.stored[0][1]  # every element before the pixel data, with the file meta
    assert header.PatientID == "SCP001" and header.InstanceNumber == 1 and header.Rows == 16
    assert "PixelData" not in header and header.file_meta.SourceApplicationEntityTitle == "MODALITY"
    assert rec.kinds()[0] == ASSOCIATION_OPENED and rec.kinds().count(INSTANCE_STORED) == 3
    assert rec.events[0].calling_aet == "MODALITY"
    assert not [p for p in all_files(scp.store) if p.name.startswith(".tmp-")]
    assert temp_files(scp.store) == []


def test_echoscu_is_answered_by_the_verification_scp(start_scp):
    scp, _ = start_scp()
    assert run("echoscu", "-aec", "VIEWER", "127.0.0.1", scp.address[1]).returncode == 0


@pytest.mark.parametrize("uid", ["../../evil", "1.2.3/../../../evil", "..", "1.2.03"])
def test_sop_instance_uid_that_is_not_a_uid_is_refused_and_names_no_path(start_scp, tmp_path, uid):
    scp, rec = start_scp()
    source = make_ct(tmp_path / "src", sop=uid)
    status = c_store(scp.address[1], source)
    assert status.Status == 0xC001
    assert "not a valid UID" in status.ErrorComment
    assert all_files(tmp_path) == [source]  # nothing in the store, nothing beside it
    assert rec.kinds().count(INSTANCE_REFUSED) == 1 and rec.stored == []


@pytest.mark.parametrize("keyword", ["StudyInstanceUID", "SeriesInstanceUID"])
def test_study_or_series_uid_that_is_not_a_uid_is_refused(start_scp, tmp_path, keyword):
    scp, _ = start_scp()
    source = make_ct(tmp_path / "src", **{keyword.replace("InstanceUID", "").lower(): "../../evil"})
    status = c_store(scp.address[1], source)
    assert status.Status == 0xC001 and keyword.replace("InstanceUID", "") in status.ErrorComment
    assert all_files(tmp_path) == [source]


def test_data_set_whose_uids_differ_from_the_request_is_refused_0xA900(start_scp, tmp_path):
    scp, _ = start_scp()
    body = dataset_bytes(make_ct(tmp_path / "src"))
    other = part10(tmp_path / "mismatch.dcm", {"MediaStorageSOPClassUID": CTImageStorage,
                   "MediaStorageSOPInstanceUID": generate_uid(),
                   "TransferSyntaxUID": ExplicitVRLittleEndian}, body)
    assert c_store(scp.address[1], other).Status == 0xA900
    assert all_files(scp.store) == []


@pytest.mark.parametrize("payload", [b"this is not DICOM at all, just text\n" * 20,
                                     bytes(range(256)) * 8, b"\xfe\xff\xdd\xe0" * 64])
def test_non_dicom_bytes_are_refused_cannot_understand(start_scp, tmp_path, payload):
    scp, rec = start_scp()
    garbage = part10(tmp_path / "garbage.dcm", {"MediaStorageSOPClassUID": CTImageStorage,
                     "MediaStorageSOPInstanceUID": generate_uid(),
                     "TransferSyntaxUID": ExplicitVRLittleEndian}, payload)
    status = c_store(scp.address[1], garbage)
    assert 0xC000 <= status.Status <= 0xCFFF
    assert all_files(scp.store) == []
    assert run("echoscu", "-aec", "VIEWER", "127.0.0.1", scp.address[1]).returncode == 0


def _send_half_then_abort(port: int, source: Path) -> None:
    assoc = sender_ae(CT).associate("127.0.0.1", port)
    assert assoc.is_established
    ds = pydicom.dcmread(source, stop_before_pixels=True)
    req = C_STORE()
    req.MessageID, req.Priority = 1, 2
    req.AffectedSOPClassUID, req.AffectedSOPInstanceUID = ds.SOPClassUID, ds.SOPInstanceUID
    req.DataSet = BytesIO(dataset_bytes(source))
    message = C_STORE_RQ()
    message.primitive_to_message(req)
    fragments = list(message.encode_msg(assoc.accepted_contexts[0].context_id, 16382))
    assert len(fragments) > 4
    for fragment in fragments[: len(fragments) // 2]:
        assoc.dul.send_pdu(fragment)
    assoc.abort()


def test_association_aborted_mid_data_set_leaves_no_file(start_scp, tmp_path):
    scp, rec = start_scp()
    source = make_ct(tmp_path / "src", rows=256)
    _send_half_then_abort(scp.address[1], source)
    assert wait_for(lambda: ASSOCIATION_ABORTED in rec.kinds())
    assert all_files(scp.store) == [] and rec.stored == []
    assert c_store(scp.address[1], source).Status == 0x0000  # and it still serves
    assert all_files(scp.store) == [stored_path(scp.store, source)]


def test_peer_sending_a_data_set_beyond_the_limit_is_aborted(start_scp, tmp_path):
    scp, rec = start_scp(max_dataset_bytes=50_000)
    status = c_store(scp.address[1], make_ct(tmp_path / "src", rows=256))
    assert "Status" not in status  # no response: we aborted
    assert wait_for(lambda: ASSOCIATION_ABORTED in rec.kinds())
    assert all_files(scp.store) == []


def test_duplicate_instance_keeps_one_file_and_answers_success(start_scp, tmp_path):
    scp, rec = start_scp()
    source = make_ct(tmp_path / "src")
    first = stored_path(scp.store, source)
    assert c_store(scp.address[1], source).Status == 0x0000
    before = first.stat().st_mtime_ns
    assert c_store(scp.address[1], source).Status == 0x0000
    assert all_files(scp.store) == [first] and first.stat().st_mtime_ns == before
    assert len(rec.stored) == 1
    assert any("already stored" in e.message for e in rec.events)


def test_free_disk_below_threshold_refuses_0xA700_and_writes_nothing(start_scp, tmp_path):
    scp, rec = start_scp(min_free_bytes=1 << 62)
    status = c_store(scp.address[1], make_ct(tmp_path / "src"))
    assert status.Status == 0xA700 and "free disk" in status.ErrorComment
    assert all_files(scp.store) == [] and rec.stored == []


def test_calling_aet_outside_the_allow_list_is_rejected_at_association(start_scp, tmp_path):
    scp, rec = start_scp(allowed_calling_aets=("PACS", "MODALITY"))
    port = scp.address[1]
    refused = run("echoscu", "-aet", "INTRUDER", "-aec", "VIEWER", "127.0.0.1", port, check=False)
    assert refused.returncode != 0
    assert "Calling AE Title Not Recognized" in refused.stdout + refused.stderr
    assert wait_for(lambda: ASSOCIATION_REJECTED in rec.kinds())
    rejected = next(e for e in rec.events if e.kind == ASSOCIATION_REJECTED)
    assert "calling AE title not recognized" in rejected.message and rejected.calling_aet == "INTRUDER"
    assert run("echoscu", "-aet", "PACS", "-aec", "VIEWER", "127.0.0.1", port).returncode == 0
    store = run("storescu", "-aet", "INTRUDER", "-aec", "VIEWER", "127.0.0.1", port,
                make_ct(tmp_path / "src"), check=False)
    assert store.returncode != 0 and all_files(scp.store) == []


def test_eight_concurrent_senders_lose_nothing(start_scp, tmp_path):
    scp, rec = start_scp()
    batches = [[make_ct(tmp_path / f"src{b}", f"{i}.dcm", study="1.2.9", series=f"1.2.9.{b}")
                for i in range(100)] for b in range(8)]
    results = [None] * 8

    def sender(b):
        done = run("storescu", "-aet", f"SENDER{b}", "-aec", "VIEWER", "127.0.0.1",
                   scp.address[1], *batches[b], check=False)
        results[b] = done.returncode and (done.stderr[-800:] or done.returncode)

    threads = [threading.Thread(target=sender, args=(b,)) for b in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [0] * 8
    stored = all_files(scp.store)
    assert len(stored) == 800 and len(rec.stored) == 800
    for b in (0, 7):
        for source in batches[b][::33]:
            assert dataset_bytes(stored_path(scp.store, source)) == dataset_bytes(source)


def test_port_in_use_is_a_clear_error(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        scp = StorageSCP(tmp_path / "store", port=port, bind="127.0.0.1")
        with pytest.raises(PortInUseError, match=f"port {port} is in use"):
            scp.start()
        assert not scp.is_running and scp.address is None


def test_start_stop_and_stop_aborts_open_associations(tmp_path):
    scp = StorageSCP(tmp_path / "store", port=0, bind="127.0.0.1",
                     options=SCPOptions(min_free_bytes=0))
    assert not scp.is_running and scp.address is None
    scp.start()
    try:
        host, port = scp.address
        assert scp.is_running and host == "127.0.0.1" and port > 0
        assoc = sender_ae(CT).associate("127.0.0.1", port)
        assert assoc.is_established
    finally:
        scp.stop()
    assert wait_for(lambda: not assoc.is_established)
    assert not scp.is_running and scp.address is None
    with socket.socket() as probe:  # the port is free again
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    scp.stop()  # idempotent


def test_failing_listener_and_index_callback_do_not_fail_the_store(tmp_path):
    def broken(*_):
        raise RuntimeError("consumer bug")

    scp = StorageSCP(tmp_path / "store", port=0, bind="127.0.0.1", on_stored=broken,
                     on_event=broken, options=SCPOptions(min_free_bytes=0))
    with scp:
        source = make_ct(tmp_path / "src")
        assert c_store(scp.address[1], source).Status == 0x0000
    assert stored_path(scp.store, source).is_file()


def test_hostile_pdu_length_and_non_dicom_client_are_dropped(start_scp, tmp_path):
    scp, rec = start_scp()
    port = scp.address[1]
    assoc = sender_ae(CT).associate("127.0.0.1", port)
    assert assoc.is_established
    # a P-DATA-TF PDU claiming 4 GiB: must not be allocated, the association ends
    assoc.dul.socket.socket.sendall(b"\x04\x00\xff\xff\xff\xff" + b"\x00" * 64)
    assert wait_for(lambda: ASSOCIATION_ABORTED in rec.kinds())
    assoc.abort()
    with socket.create_connection(("127.0.0.1", port), timeout=30) as web:
        web.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        web.settimeout(30)
        reply = web.recv(4096)
        assert reply == b"" or reply[:1] == b"\x07"  # closed, or an A-ABORT PDU
    assert run("echoscu", "-aec", "VIEWER", "127.0.0.1", port).returncode == 0
    assert all_files(scp.store) == []


def test_slow_filing_is_not_taken_for_an_idle_peer(start_scp, tmp_path):
    """While we take longer than the network timeout to file an instance (a disk stalled by
    write-back, a slow index), the peer waits for our answer: the association must survive."""
    import time

    scp, rec = start_scp(timeout=2)
    slow_done = []
    scp.on_stored = lambda path, header: (time.sleep(4), slow_done.append(path))
    source = make_ct(tmp_path / "src")
    assert c_store(scp.address[1], source).Status == 0x0000
    assert slow_done == [stored_path(scp.store, source)]
    assert ASSOCIATION_ABORTED not in rec.kinds()


@pytest.mark.parametrize("pdu", [
    b"\x09\x00\x00\x00\x00\x04abcd",  # a PDU type PS3.8 does not define
    b"\x04\x00\x00\x00\x00\x08\x00\x00\x10\x00\x01\x03ab",  # P-DATA-TF whose PDV overruns it
    b"\x04\x00\x00\x00\x00\x08\x00\x00\x00\x04\x01\x03ab",  # a command set pydicom cannot read
    b"\x04\x00\x00\x00\x10\x00" + b"\x00" * 100,  # truncated: 4 KiB announced, then closed
])
def test_malformed_or_truncated_pdu_ends_only_that_association(start_scp, tmp_path, pdu):
    scp, rec = start_scp()
    port = scp.address[1]
    assoc = sender_ae(CT).associate("127.0.0.1", port)
    assert assoc.is_established
    raw = assoc.dul.socket.socket
    raw.sendall(pdu)
    if pdu[2:6] == b"\x00\x00\x10\x00":
        raw.shutdown(socket.SHUT_WR)
    assert wait_for(lambda: ASSOCIATION_ABORTED in rec.kinds())
    assoc.abort()
    assert all_files(scp.store) == [] and temp_files(scp.store) == []
    source = make_ct(tmp_path / "src")  # the listener goes on serving
    assert c_store(port, source).Status == 0x0000
    assert stored_path(scp.store, source).is_file()


def test_data_set_malformed_after_its_identity_is_refused_and_leaves_no_file(start_scp, tmp_path):
    """Past the Series Instance UID a data set may be broken (here an undefined-length
    sequence of garbage, never delimited): it does not parse in its transfer syntax, so it is
    refused with 0xC002 and its reason, and nothing is stored (issue 14: no success for data
    we cannot read back)."""
    from pydicom.dataset import Dataset
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset

    scp, rec = start_scp()
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    out = DicomBytesIO()
    out.is_little_endian, out.is_implicit_VR = True, False
    write_dataset(out, ds)
    payload = out.getvalue() + b"\x20\x00\x13\x00SQ\x00\x00\xff\xff\xff\xff\x00\x00\x00\x00junk"
    source = part10(tmp_path / "broken.dcm", {"MediaStorageSOPClassUID": CTImageStorage,
                    "MediaStorageSOPInstanceUID": ds.SOPInstanceUID,
                    "TransferSyntaxUID": ExplicitVRLittleEndian}, payload)
    rsp = c_store(scp.address[1], source)
    assert rsp.Status == 0xC002
    assert "does not parse as Explicit VR Little Endian" in rsp.ErrorComment
    assert all_files(scp.store) == [] and rec.stored == []


