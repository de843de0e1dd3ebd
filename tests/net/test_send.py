"""C-STORE SCU: bytes as stored, decompression only when the peer wants it, per-file failures,
DCMTK and Orthanc as receivers."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import (CTImageStorage, ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                         JPEG2000Lossless, RLELossless, generate_uid)

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import (DCMTK_ENV, TEST_FILES, dataset_bytes, free_port,  # noqa: E402
                              make_ct, run, start_scp, stored_path, wait_for)

from peer_decode import native_frames, peer_frames  # noqa: E402
from peerkit import orthanc as orthanc_peer  # noqa: E402

from viewer.cli import CommandError  # noqa: E402
from viewer.cli import net_local  # noqa: E402
from viewer.net.common import NetworkError, Node  # noqa: E402
from viewer.net.send import _Item, plan_contexts, send, send_all  # noqa: E402

_ = start_scp


def sample(name: str, folder: Path) -> Path:
    """A pydicom sample with fresh UIDs (samples share UIDs), in its own transfer syntax."""
    ds = pydicom.dcmread(TEST_FILES / name)
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    folder.mkdir(parents=True, exist_ok=True)
    ds.save_as(folder / name, enforce_file_format=True)
    return folder / name


@pytest.fixture
def storescp(tmp_path):
    """``storescp(*options) -> (port, out)``: DCMTK's storescp writing what it receives."""
    processes = []

    def start(*options):
        out = tmp_path / f"storescp{len(processes)}"
        out.mkdir()
        port = free_port()
        processes.append(subprocess.Popen(
            ["storescp", *options, "-aet", "STORESCP", "-od", str(out), str(port)],
            env=DCMTK_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        return port, out

    yield start
    for process in processes:
        process.terminate()
        process.wait(10)


def received(out: Path, source: Path) -> Path:
    [found] = out.glob(f"*{pydicom.dcmread(source, stop_before_pixels=True).SOPInstanceUID}*")
    return found


def test_files_and_folders_are_sent_byte_for_byte_in_their_own_syntax(storescp, tmp_path):
    port, out = storescp("+B", "+xa")  # bit preserving, accepts every syntax it knows
    folder = tmp_path / "src"
    sources = [make_ct(folder / "a", f"{i}.dcm") for i in range(3)]
    sources += [sample(n, folder / "b") for n in ("MR_small_RLE.dcm", "MR_small_jp2klossless.dcm",
                                                   "SC_rgb_jpeg_dcmtk.dcm", "image_dfl.dcm")]
    progress = send_all(Node("STORESCP", "127.0.0.1", port), [folder / "a", *sources[3:]], "SENDER")
    assert [(p.sent, p.failed, p.total) for p in progress] == [(i, 0, 7) for i in range(1, 8)]
    assert all(p.ok and p.status == 0 for p in progress)
    for source in sources:
        got = received(out, source)
        assert dataset_bytes(got) == dataset_bytes(source)
        assert pydicom.dcmread(got).file_meta.TransferSyntaxUID == \
            pydicom.dcmread(source).file_meta.TransferSyntaxUID


def test_decompressed_only_when_the_peer_accepts_none_of_our_syntaxes(storescp, tmp_path):
    port, out = storescp()  # DCMTK default: uncompressed syntaxes only
    plain = make_ct(tmp_path / "src", "plain.dcm")
    rle = sample("MR_small_RLE.dcm", tmp_path / "src")
    j2k = sample("MR_small_jp2klossless.dcm", tmp_path / "src")
    progress = send_all(Node("STORESCP", "127.0.0.1", port), [plain, rle, j2k], "SENDER")
    assert all(p.ok for p in progress) and progress[-1].sent == 3
    assert dataset_bytes(received(out, plain)) == dataset_bytes(plain)  # untouched
    for source in (rle, j2k):
        got = pydicom.dcmread(received(out, source))
        assert got.file_meta.TransferSyntaxUID in (ExplicitVRLittleEndian, ImplicitVRLittleEndian)
        # what arrived, read from its bytes, equals DCMTK's/GDCM's decoding of the source
        # (not pydicom's, which our sender decompresses with)
        np.testing.assert_array_equal(native_frames(got), peer_frames(source, tmp_path / "peer"))


def test_per_file_failures_carry_the_status_meaning(start_scp, tmp_path):
    scp, _ = start_scp(min_free_bytes=1 << 62)
    text = tmp_path / "src" / "notes.txt"
    text.parent.mkdir()
    text.write_text("not dicom")
    ct = make_ct(tmp_path / "src", "ct.dcm")
    progress = send_all(Node("VIEWER", "127.0.0.1", scp.address[1]), [tmp_path / "src"], "SENDER")
    by_name = {p.path.name: p for p in progress}
    assert by_name["notes.txt"].message.startswith("not a DICOM file") and by_name["notes.txt"].status is None
    assert by_name["ct.dcm"].status == 0xA700
    assert "0xA700 (Failure: Refused: Out of Resources)" in by_name["ct.dcm"].message
    assert "free disk space" in by_name["ct.dcm"].message  # the peer's Error Comment
    assert (progress[-1].sent, progress[-1].failed, progress[-1].total) == (0, 2, 2)
    assert not stored_path(scp.store, ct).exists()


def test_our_scp_receives_what_we_send_identically(start_scp, tmp_path):
    scp, rec = start_scp()
    sources = [sample(n, tmp_path / "src") for n in ("MR_small_bigendian.dcm", "JPEG-lossy.dcm",
                                                      "MR_small_jpeg_ls_lossless.dcm")]
    assert all(p.ok for p in send(Node("VIEWER", "127.0.0.1", scp.address[1]), sources, "ME"))
    for source in sources:
        assert dataset_bytes(stored_path(scp.store, source)) == dataset_bytes(source)


def test_unreachable_node_and_missing_path(tmp_path):
    ct = make_ct(tmp_path / "src")
    with pytest.raises(NetworkError, match="connection refused"):
        send_all(Node("NOBODY", "127.0.0.1", free_port()), [ct], "SENDER", timeout=5)
    with pytest.raises(FileNotFoundError, match="no such file or folder"):
        send_all(Node("NOBODY", "127.0.0.1", free_port()), [tmp_path / "missing"], "SENDER")


def test_cancel_stops_after_the_file_in_flight(start_scp, tmp_path):
    scp, _ = start_scp()
    sources = [make_ct(tmp_path / "src", f"{i}.dcm") for i in range(20)]
    cancel = threading.Event()
    seen = []
    for progress in send(Node("VIEWER", "127.0.0.1", scp.address[1]), sources, "ME", cancel=cancel):
        seen.append(progress)
        if len(seen) == 3:
            cancel.set()
    assert len(seen) == 3 and seen[-1].total == 20
    assert sum(1 for p in scp.store.rglob("*.dcm")) == 3


def test_contexts_are_planned_per_sop_class_in_batches_of_128():
    items = [_Item(Path(f"{i}.dcm"), f"1.2.3.{i // 2}", RLELossless if i % 2 else
                   ExplicitVRLittleEndian) for i in range(200)]  # 100 classes, 2 syntaxes each
    batches = plan_contexts(items)
    assert [len(b) for b in batches] == [128, 72]
    first = [cx for cx in batches[0] if cx.abstract_syntax == "1.2.3.0"]
    assert [cx.transfer_syntax for cx in first] == [[RLELossless], [ExplicitVRLittleEndian,
                                                                     ImplicitVRLittleEndian]]
    assert all(len(b) % 2 == 0 for b in batches)  # a class's contexts are never split
    assert plan_contexts([_Item(Path("x"), CTImageStorage, JPEG2000Lossless)])[0][0] \
        .transfer_syntax == [JPEG2000Lossless]


def test_cli_send(start_scp, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    scp, _ = start_scp()
    sources = [make_ct(tmp_path / "src", f"{i}.dcm") for i in range(2)]
    parser = argparse.ArgumentParser()
    net_local.add_parser(parser.add_subparsers(dest="command"))
    node = f"VIEWER@127.0.0.1:{scp.address[1]}"
    args = parser.parse_args(["send", node, str(tmp_path / "src"), "--aet", "CLISEND"])
    assert args.func(args) == 0
    assert "2 of 2 files sent" in capsys.readouterr().out
    (tmp_path / "src" / "junk.dcm").write_bytes(b"junk")
    args = parser.parse_args(["send", node, str(tmp_path / "src"), "-q"])
    with pytest.raises(CommandError, match="1 of 3 files were not stored"):
        args.func(args)
    assert "junk.dcm: FAILED: not a DICOM file" in capsys.readouterr().out


# --- Orthanc ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def orthanc():
    """A throw-away Orthanc (tests/peerkit) on free loopback ports."""
    with orthanc_peer.start(aet="ORTHANCSEND") as pacs:
        yield Node(pacs.aet, "127.0.0.1", pacs.port), pacs.url


def test_send_to_orthanc_and_find_it_there(orthanc, tmp_path):
    node, rest = orthanc
    sources = [make_ct(tmp_path / "src", f"{i}.dcm", study="1.2.826.0.1.77", series="1.2.826.0.1.77.1")
               for i in range(3)] + [sample("MR_small_RLE.dcm", tmp_path / "src")]
    progress = send_all(node, [tmp_path / "src"], "SENDER")
    assert progress[-1].sent == 4 and progress[-1].failed == 0
    query = json.dumps({"Level": "Instance", "Query": {"StudyInstanceUID": "1.2.826.0.1.77"},
                        "Expand": True}).encode()
    request = urllib.request.Request(f"{rest}/tools/find", data=query, method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        found = json.load(answer)
    uids = {i["MainDicomTags"]["SOPInstanceUID"] for i in found}
    assert uids == {pydicom.dcmread(s).SOPInstanceUID for s in sources[:3]}
    rle_uid = pydicom.dcmread(sources[3]).SOPInstanceUID
    lookup = urllib.request.Request(f"{rest}/tools/lookup", data=rle_uid.encode(), method="POST")
    with urllib.request.urlopen(lookup, timeout=30) as answer:
        [instance] = json.load(answer)
    with urllib.request.urlopen(f"{rest}/instances/{instance['ID']}/metadata/TransferSyntax",
                                timeout=30) as answer:
        assert answer.read().decode() == RLELossless  # kept as stored
