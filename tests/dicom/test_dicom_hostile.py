"""Hostile or broken input gives one clear DicomReadError (PATH: reason), never another exception.

Header problems (not DICOM, truncated, corrupt) fail when opening; Pixel Data that disagrees with
the header opens (the header is still useful) and fails when a frame is asked, with the reason.
"""

from __future__ import annotations

import random
import struct
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.encaps import encapsulate
from pydicom.uid import (
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    JPEGBaseline8Bit,
    RLELossless,
)

from dicom_builders import image_dataset, sample, write, write_raw
from viewer.dicom import (
    DicomReadError,
    instance_from_dataset,
    read_instance,
    transfer_syntax_label,
)


def _frame_error(instance) -> str:
    with pytest.raises(DicomReadError) as err:
        instance.frame(0)
    return err.value.reason


def _both(ds, tmp_path):
    """The same data set opened from a file and wrapped in memory."""
    path = write(ds, tmp_path / "hostile.dcm")
    return [read_instance(path), instance_from_dataset(pydicom.dcmread(path))]


def test_zero_length_pixel_data(tmp_path):
    for instance in _both(image_dataset(b""), tmp_path):
        assert instance.pixel_problem == "PixelData is empty (0 bytes)"
        assert instance.number_of_frames == 1
        assert _frame_error(instance).endswith("PixelData is empty (0 bytes)")


def test_pixel_data_shorter_than_the_header_requires(tmp_path):
    ds = image_dataset(np.zeros(4 * 5 * 3 - 1, "<u2"), frames=3)  # 118 bytes, 120 needed
    for instance in _both(ds, tmp_path):
        reason = _frame_error(instance)
        assert "PixelData holds 118 bytes" in reason and "needs 120" in reason


def test_jpeg_syntax_with_native_pixel_data(tmp_path):
    ds = image_dataset(bits_allocated=8)
    path = write_raw(ds, tmp_path / "lying.dcm", declared_syntax=JPEGBaseline8Bit)
    ds.file_meta.TransferSyntaxUID = JPEGBaseline8Bit
    for instance in (read_instance(path), instance_from_dataset(ds)):
        reason = _frame_error(instance)
        assert "JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50)" in reason
        assert "defined length of 20 bytes" in reason


@pytest.mark.parametrize(
    ("declared", "little"), [(ExplicitVRBigEndian, True), (ExplicitVRLittleEndian, False)]
)
def test_wrong_byte_order_is_named(tmp_path, declared, little):
    path = tmp_path / "order.dcm"
    write_raw(image_dataset(), path, declared_syntax=declared, little=little)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason == (
        "corrupt DICOM data: the data set is not in the byte order of "
        f"{transfer_syntax_label(declared)}"
    )


def test_native_syntax_with_encapsulated_pixel_data(tmp_path):
    """pydicom will not write this, so the Pixel Data element is appended by hand (PS3.5 A.4)."""
    ds = image_dataset(bits_allocated=8)
    del ds.PixelData
    path = tmp_path / "encaps.dcm"
    write(ds, path)
    items = encapsulate([b"\xff\xd8" + bytes(18) + b"\xff\xd9"])
    element = b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff" + items
    path.write_bytes(path.read_bytes() + element + b"\xfe\xff\xdd\xe0\x00\x00\x00\x00")
    reason = _frame_error(read_instance(path))
    assert reason == (
        "frame 1 of 1: Pixel Data is encapsulated (undefined length) but transfer syntax "
        "Explicit VR Little Endian (1.2.840.10008.1.2.1) is not a compressed one "
        "(wrong transfer syntax?, PS3.5 A.4)"
    )


def test_fewer_fragments_than_frames(tmp_path):
    ds = image_dataset(bits_allocated=8, frames=3)
    ds.file_meta.TransferSyntaxUID = RLELossless
    ds.PixelData = encapsulate([bytes(64), bytes(64)], has_bot=False)
    ds["PixelData"].is_undefined_length = True
    for instance in _both(ds, tmp_path):
        assert "2 fragment(s) for 3 frames" in _frame_error(instance)


def test_missing_rows_is_named():
    ds = image_dataset()
    del ds.Rows
    assert "lacks a valid Rows" in _frame_error(instance_from_dataset(ds))


def test_invalid_number_of_frames_is_named():
    """pydicom's badVR.dcm has Number of Frames '1A'."""
    instance = read_instance(sample("badVR.dcm"))
    assert "Number of Frames '1A'" in _frame_error(instance)


@pytest.mark.parametrize("name", ["JPEG-lossy.dcm", "JPEG2000-embedded-sequence-delimiter.dcm"])
def test_undecodable_codestream_fails_at_decode_time_with_the_codec_message(name):
    instance = read_instance(sample(name))
    assert instance.pixel_problem is None  # structurally fine
    reason = _frame_error(instance)
    assert reason.startswith("frame 1 of 1: cannot decode (JPEG")
    assert "\n" not in reason


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        (
            "MR_truncated.dcm",
            "the file is truncated: Pixel Data declares 8192 bytes, the file holds 8130",
        ),
        (
            "rtplan_truncated.dcm",
            "the file is truncated: (300A,00B0) declares 976 bytes, 711 present",
        ),
        (
            "emri_small_jpeg_2k_lossless_too_short.dcm",
            "the file is truncated: encapsulated Pixel Data has no Sequence Delimitation Item",
        ),
    ],
)
def test_truncated_sample_files_are_rejected_when_opened(name, reason):
    with pytest.raises(DicomReadError) as err:
        read_instance(sample(name))
    assert err.value.reason == reason
    assert str(err.value) == f"{sample(name)}: {reason}"


def _open_and_decode(path) -> None:
    """Open and decode every frame; only DicomReadError may escape."""
    instance = read_instance(path)
    for index in range(min(instance.number_of_frames, 3)):
        try:
            instance.frame(index)
        except DicomReadError:
            pass


@pytest.mark.parametrize("name", ["CT_small.dcm", "emri_small_RLE.dcm", "SC_rgb_jpeg_dcmtk.dcm"])
def test_every_truncation_gives_a_clear_error_or_a_readable_prefix(tmp_path, name):
    data = open(sample(name), "rb").read()
    target = tmp_path / "cut.dcm"
    rejected = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for cut in range(0, len(data), max(len(data) // 150, 1)):
            target.write_bytes(data[:cut])
            try:
                _open_and_decode(target)
            except DicomReadError as exc:
                assert exc.path == str(target) and exc.reason
                rejected += 1
    assert rejected > 100  # nearly every cut lands inside an element


@pytest.mark.parametrize("name", ["MR_small.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm"])
def test_random_byte_corruption_never_escapes_as_another_exception(tmp_path, name):
    data = bytearray(open(sample(name), "rb").read())
    rng = random.Random(1234)
    target = tmp_path / "corrupt.dcm"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in range(150):
            corrupt = bytearray(data)
            for _ in range(rng.randint(1, 8)):
                corrupt[rng.randrange(132, len(corrupt))] = rng.randrange(256)
            target.write_bytes(bytes(corrupt))
            try:
                _open_and_decode(target)
            except DicomReadError:
                pass


def test_huge_declared_length_inside_the_header_is_truncation(tmp_path):
    ds = image_dataset()
    path = write(ds, tmp_path / "big.dcm")
    data = bytearray(open(path, "rb").read())
    at = data.index(b"TEST^DICOM") - 2  # the 2-byte length of Patient Name (explicit VR)
    data[at:at + 2] = struct.pack("<H", 0xFFF0)
    (tmp_path / "big.dcm").write_bytes(bytes(data))
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert "truncated" in err.value.reason or "corrupt" in err.value.reason


def test_instance_from_dataset_rejects_what_is_not_a_dataset():
    with pytest.raises(DicomReadError) as err:
        instance_from_dataset(b"DICM")
    assert str(err.value) == "<in-memory data set>: not a DICOM data set (bytes)"


def test_syntax_default_is_explicit_little_endian_for_a_dataset_built_in_memory():
    ds = image_dataset()
    del ds.file_meta.TransferSyntaxUID
    instance = instance_from_dataset(ds)
    assert instance.transfer_syntax_uid == ExplicitVRLittleEndian
    np.testing.assert_array_equal(instance.frame(0), np.arange(20, dtype="u2").reshape(4, 5))


def test_codestream_dimensions_that_disagree_with_the_header():
    ds = pydicom.dcmread(sample("SC_rgb_jpeg_dcmtk.dcm"))  # a 100 x 100 JPEG codestream
    ds.Rows = 64
    with pytest.raises(DicomReadError) as err:
        instance_from_dataset(ds).frame(0)
    assert err.value.reason.startswith(
        "frame 1 of 1: cannot decode (JPEG Baseline (Process 1) (1.2.840.10008.1.2.4.50)): "
    )
