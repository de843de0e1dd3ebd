"""C-MOVE against Orthanc and dcmqrscp into real Storage SCPs (store-scp.py until ours exists)."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from peers import (THIRD_AET, VIEWER_AET, archive, inboxes, qr_data, qr_env,  # noqa: E402,F401
                   qr_peers)

from viewer.net.move import DestinationUnavailable, move
from viewer.net.qr_progress import RetrieveError


def received(inbox: Path) -> dict[str, Path]:
    return {p.stem: p for p in inbox.glob("*.dcm")}


def assert_same_pixels(got: dict[str, Path], qr_data, uids: set[str]) -> None:
    assert set(got) == uids
    for uid in uids:
        mine, theirs = pydicom.dcmread(got[uid]), pydicom.dcmread(qr_data.files[uid])
        assert mine.SOPInstanceUID == uid
        # uncompressed on both sides: the pixel bytes themselves must be equal (no decoder)
        assert not theirs.file_meta.TransferSyntaxUID.is_compressed
        assert mine.PixelData == theirs.PixelData, uid


def test_move_a_multi_series_study_to_us(archive, qr_data, inboxes):
    _, node = archive
    steps = list(move(node, [f"StudyInstanceUID={qr_data.study_a}"], calling_aet=VIEWER_AET))
    final = steps[-1]
    assert final.kind == "final" and final.status == 0 and final.completed == 10
    pending = [s for s in steps if s.kind == "pending"]
    assert pending, "no pending responses"
    done = [s.completed for s in pending]
    assert done == sorted(done) and pending[0].total == 10
    assert_same_pixels(received(inboxes[0]), qr_data, qr_data.uids(study=qr_data.study_a))


def test_move_a_series_and_an_image(archive, qr_data, inboxes):
    _, node = archive
    series = qr_data.series_a[1]
    keys = [f"StudyInstanceUID={qr_data.study_a}", f"SeriesInstanceUID={series}"]
    assert list(move(node, keys, "SERIES", calling_aet=VIEWER_AET))[-1].completed == 4
    assert_same_pixels(received(inboxes[0]), qr_data, qr_data.uids(series=series))
    one = sorted(qr_data.uids(series=qr_data.series_a[0]))[0]
    keys = [f"StudyInstanceUID={qr_data.study_a}", f"SeriesInstanceUID={qr_data.series_a[0]}",
            f"SOPInstanceUID={one}"]
    assert list(move(node, keys, "IMAGE", calling_aet=VIEWER_AET))[-1].completed == 1
    assert one in received(inboxes[0])


def test_three_device_move_reports_the_same_progress(archive, qr_data, inboxes):
    _, node = archive
    steps = list(move(node, [f"StudyInstanceUID={qr_data.study_b}"], calling_aet=VIEWER_AET,
                      destination=THIRD_AET))
    assert steps[-1].completed == 6 and steps[-1].status == 0
    assert any(s.kind == "pending" for s in steps)
    assert_same_pixels(received(inboxes[1]), qr_data, qr_data.uids(study=qr_data.study_b))
    assert not received(inboxes[0])


def test_cancel_a_move_in_progress(archive, qr_data, inboxes):
    _, node = archive
    cancel = threading.Event()
    steps = []
    for step in move(node, [f"StudyInstanceUID={qr_data.big_study}"], calling_aet=VIEWER_AET,
                     cancel=cancel):
        steps.append(step)
        if step.completed >= 2:
            cancel.set()
    final = steps[-1]
    assert final.kind == "final" and final.cancelled, final
    assert 2 <= final.completed < 300
    assert final.message == "cancelled"


def test_unknown_destination_is_a_clear_failure(archive, qr_data, inboxes):
    name, node = archive
    expected = {"orthanc": "0xC000", "dcmqrscp": "0xA801 .*Move destination unknown"}[name]
    with pytest.raises(RetrieveError, match=f"C-MOVE failed: {expected}") as info:
        list(move(node, [f"StudyInstanceUID={qr_data.study_b}"], calling_aet=VIEWER_AET,
                  destination="NOSUCHAE"))
    assert info.value.progress.completed == 0


def test_our_destination_is_ensured_before_the_move(qr_peers, qr_data, inboxes):
    calls = []
    node = qr_peers.node("orthanc")
    steps = list(move(node, [f"StudyInstanceUID={qr_data.study_b}"], calling_aet=VIEWER_AET,
                      ensure_destination=lambda: calls.append("listening")))
    assert calls == ["listening"] and steps[-1].completed == 6

    def broken():
        raise OSError("port 11112 already in use")

    with pytest.raises(DestinationUnavailable, match="not listening: port 11112"):
        list(move(node, [f"StudyInstanceUID={qr_data.study_b}"], calling_aet=VIEWER_AET,
                  ensure_destination=broken))


def test_a_retrieve_needs_its_unique_keys(qr_peers):
    node = qr_peers.node("orthanc")
    with pytest.raises(ValueError, match="needs SeriesInstanceUID"):
        list(move(node, ["StudyInstanceUID=1.2.3"], "SERIES", calling_aet=VIEWER_AET))
    with pytest.raises(ValueError, match="needs StudyInstanceUID too"):
        list(move(node, ["SeriesInstanceUID=1.2.3"], "SERIES", calling_aet=VIEWER_AET))
