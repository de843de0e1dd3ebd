"""WADO-RS parts filed while they arrive (viewer.net.dicomweb.part_filer): the multipart body
fed in chunks of several sizes, the files compared byte for byte with the sources, the headers
handed to the index compared with the Storage SCP filer's, and the guarantees checked: a temporary
file while a part streams in, none left when it is cut short or refused."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pydicom
import pytest
from pydicom.uid import (DeflatedExplicitVRLittleEndian, ExplicitVRBigEndian,
                         ImplicitVRLittleEndian, JPEGBaseline8Bit)

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from test_scp_support import (TEST_FILES, all_files, dataset_bytes, make_ct,  # noqa: E402
                              stored_path)

from viewer.net.dicomweb.multipart import CutShort, stream_parts  # noqa: E402
from viewer.net.dicomweb.part_filer import HEAD, PartFiler  # noqa: E402
from viewer.net.file_meta import ReceivedInstance, file_head  # noqa: E402
from viewer.net.scp_ingest import InstanceFiler  # noqa: E402

BOUNDARY = "b0und4ry"


def body(parts: list[tuple[str, bytes]], close: bool = True) -> bytes:
    out = b""
    for content_type, content in parts:
        out += (f"--{BOUNDARY}\r\nContent-Type: {content_type}\r\n\r\n").encode() + content
        out += b"\r\n"
    return out + (f"--{BOUNDARY}--\r\n".encode() if close else b"")


def chunked(data: bytes, size: int):
    return (data[i:i + size] for i in range(0, len(data), size))


def filer_for(store: Path, stored: list, cancel=None) -> PartFiler:
    filer = InstanceFiler(store)
    filer.open()
    return PartFiler(filer, lambda path, header: stored.append((path, header)), cancel)


def file_parts(chunks, store: Path, stored: list | None = None, cancel=None) -> list:
    """Each part's outcome; the PartFiler closed (its temporary files made ahead removed)."""
    with filer_for(store, [] if stored is None else stored, cancel) as sink:
        return list(stream_parts(chunks, BOUNDARY, sink, cancel))


@pytest.mark.parametrize("chunk", [1000, 64 * 1024, 1 << 20])
def test_parts_are_stored_as_sent_with_the_storage_scps_index_header(tmp_path, chunk):
    sources = [make_ct(tmp_path / "src", f"{i}.dcm", rows=256, InstanceNumber=i)
               for i in range(3)]  # 128 KB of pixels each: past the first HEAD bytes
    stored: list = []
    outcomes = file_parts(chunked(body([("application/dicom", p.read_bytes())
                                        for p in sources]), chunk), tmp_path / "store", stored)
    assert [ok for ok, _, _ in outcomes] == [True] * 3
    assert sorted(all_files(tmp_path / "store")) == sorted(stored_path(tmp_path / "store", p)
                                                           for p in sources)
    for source, (path, header) in zip(sources, stored):
        assert path == stored_path(tmp_path / "store", source)
        assert path.read_bytes() == source.read_bytes()  # as the archive sent it
        # the same header the Storage SCP's filer gives the index for this data set
        scp = InstanceFiler(tmp_path / "scp").file(
            _data_set(source), _received(source))
        assert header == scp.header and header.file_meta.TransferSyntaxUID == \
            pydicom.dcmread(source).file_meta.TransferSyntaxUID


def test_a_part_cut_short_in_its_pixels_leaves_no_file(tmp_path):
    source = make_ct(tmp_path / "src", "a.dcm", rows=512)  # 512 KB
    whole = body([("application/dicom", source.read_bytes())])
    store = tmp_path / "store"
    seen_temporary = []

    def arriving():
        for piece in chunked(whole[:len(whole) // 2], 32 * 1024):
            yield piece
            seen_temporary.append([p.name for p in all_files(store)])

    with pytest.raises(CutShort, match="cut short"):
        file_parts(arriving(), store)
    assert any(names and names[0].startswith(".tmp-") for names in seen_temporary)
    assert all_files(store) == []


def test_a_cancel_drops_the_part_in_progress_and_those_after(tmp_path):
    import threading

    first, second = (make_ct(tmp_path / "src", f"{i}.dcm", rows=256) for i in range(2))
    cancel = threading.Event()
    whole = body([("application/dicom", first.read_bytes()),
                  ("application/dicom", second.read_bytes())])
    cut = len(whole) - 100 * 1024  # inside the second part's pixels
    pieces = iter([whole[:cut], whole[cut:]])
    outcomes = []
    with filer_for(tmp_path / "store", [], cancel) as sink:
        for outcome in stream_parts(pieces, BOUNDARY, sink, cancel):
            outcomes.append(outcome)
            cancel.set()
    assert [ok for ok, _, _ in outcomes] == [True]
    assert all_files(tmp_path / "store") == [stored_path(tmp_path / "store", first)]


def test_a_header_longer_than_the_first_bytes_read_is_waited_for(tmp_path):
    from pydicom.dataset import Dataset
    from pydicom.sequence import Sequence

    references = Sequence()
    for i in range(3 * HEAD // 40):  # ~50 bytes each: the header parse needs over 2x HEAD
        item = Dataset()
        item.ReferencedSOPClassUID, item.ReferencedSOPInstanceUID = "1.2.3", f"1.2.3.{i}"
        references.append(item)
    source = make_ct(tmp_path / "src", "a.dcm", rows=64, ReferencedImageSequence=references)
    assert source.stat().st_size > 2 * HEAD
    stored: list = []
    outcomes = file_parts(chunked(body([("application/dicom", source.read_bytes())]),
                                  16 * 1024), tmp_path / "store", stored)
    assert outcomes[0][0], outcomes
    assert stored[0][0].read_bytes() == source.read_bytes()
    assert len(stored[0][1].ReferencedImageSequence) == len(references)


def test_refused_parts_say_why_and_leave_nothing(tmp_path):
    good = make_ct(tmp_path / "src", "good.dcm", rows=256)
    native = make_ct(tmp_path / "src", "jpeg.dcm", rows=256)  # native pixels...
    meta = _received(native)
    mislabelled = file_head(ReceivedInstance(meta.sop_class_uid, meta.sop_instance_uid,
                                             JPEGBaseline8Bit)) + dataset_bytes(native)
    garbage = bytearray(good.read_bytes())
    garbage[400:] = b"\xff" * (len(garbage) - 400)  # DICM and meta, then noise
    stored: list = []
    outcomes = file_parts(chunked(body([
        ("application/dicom", mislabelled),  # ...said to be JPEG
        ("application/dicom", bytes(garbage)),
        ("application/dicom", b"\0" * 128 + b"DIC"),
        ("application/dicom", good.read_bytes())]), 40000), tmp_path / "store", stored)
    assert [ok for ok, _, _ in outcomes] == [False, False, False, True]
    assert "Pixel Data is not encapsulated" in outcomes[0][2]
    assert outcomes[0][1] == meta.sop_instance_uid
    assert "differs from its File Meta Information" in outcomes[1][2]  # the noise has no UIDs
    assert "not a DICOM file" in outcomes[2][2]
    assert all_files(tmp_path / "store") == [stored_path(tmp_path / "store", good)]


def test_a_duplicate_is_counted_stored_and_left_as_it_was(tmp_path):
    source = make_ct(tmp_path / "src", "a.dcm", rows=256)
    store = tmp_path / "store"
    stored: list = []
    first = file_parts(chunked(body([("application/dicom", source.read_bytes())]), 1 << 16),
                       store, stored)
    again = file_parts(chunked(body([("application/dicom", source.read_bytes())]), 1 << 16),
                       store, stored)
    assert first[0][0] and again[0][0]
    assert len(stored) == 1  # indexed once
    assert all_files(store) == [stored_path(store, source)]


def _data_set(path: Path):
    from io import BytesIO

    return BytesIO(dataset_bytes(path))


def _received(path: Path) -> ReceivedInstance:
    meta = pydicom.dcmread(path, stop_before_pixels=True).file_meta
    return ReceivedInstance(str(meta.MediaStorageSOPClassUID),
                            str(meta.MediaStorageSOPInstanceUID), str(meta.TransferSyntaxUID))


def test_spare_temporary_files_follow_the_folder_and_are_removed_at_close(tmp_path):
    import time

    from viewer.net.dicomweb.spares import AHEAD, Spares

    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    spares = Spares()

    def made(folder):
        return sorted(p.name for p in folder.iterdir())

    def wait_for(condition):
        for _ in range(1000):
            if condition():
                return
            time.sleep(0.01)
        raise AssertionError("the helper thread made nothing")

    try:
        spares.take(first)  # none ready yet (or one): later ones are made in *first*
        wait_for(lambda: len(made(first)) >= AHEAD // 2)
        fd, path = spares.take(first)
        os.close(fd)
        assert path.startswith(str(first / ".tmp-"))
        spares.take(second)  # another series: the first folder's spares go
        wait_for(lambda: made(second))
        assert made(first) == [Path(path).name]  # only the one taken (its taker's to finish)
    finally:
        spares.close()
    assert made(second) == []


@pytest.mark.parametrize("syntax", [DeflatedExplicitVRLittleEndian, ImplicitVRLittleEndian,
                                    ExplicitVRBigEndian, "encapsulated"])
def test_every_kind_of_encoding_streams_through_the_checks(tmp_path, syntax):
    if syntax == "encapsulated":  # RLE fragments: the encoding check walks their items
        source = TEST_FILES / "MR_small_RLE.dcm"
    else:
        source = make_ct(tmp_path / "src", "a.dcm", rows=256, syntax=syntax)
    stored: list = []
    outcomes = file_parts(chunked(body([("application/dicom", source.read_bytes())]), 50000),
                          tmp_path / "store", stored)
    assert outcomes[0][0], outcomes
    assert stored[0][0].read_bytes() == source.read_bytes()
