"""Opening single files: what is DICOM, what is not, and files without File Meta."""

from __future__ import annotations

import os
import struct
import tracemalloc
import zlib

import numpy as np
import pydicom
import pytest
from pydicom.uid import (
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEGBaseline8Bit,
)

from dicom_builders import image_dataset, sample, write, write_raw
from peer_decode import peer_frames
from viewer.dicom import DicomReadError, ObjectKind, instance_from_dataset, read_instance

NOT_DICOM = "not a DICOM file (no 'DICM' prefix, no data set)"
PNG = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + bytes(17)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Hello, this is a plain text file.\n" * 10, NOT_DICOM),
        (PNG, NOT_DICOM),
        (b"", "empty file (0 bytes)"),
        (b"\0" * 128 + b"DICM", "not a DICOM object: the data set is empty"),
    ],
)
def test_non_dicom_files_are_rejected_with_one_clear_error(tmp_path, content, reason):
    path = tmp_path / "not.dcm"
    path.write_bytes(content)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.path == str(path)
    assert err.value.reason == reason
    assert str(err.value) == f"{path}: {reason}"


def test_big_non_dicom_file_is_rejected_without_reading_it(tmp_path):
    path = tmp_path / "video.mp4"
    with open(path, "wb") as fh:  # 2 GB sparse file: reading it would take seconds and memory
        fh.write(b"\0\0\0\x18ftypmp42")
        fh.seek(2 * 1024**3)
        fh.write(b"\0")
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason == NOT_DICOM


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DicomReadError) as err:
        read_instance(tmp_path / "absent.dcm")
    assert err.value.reason == "no such file"
    with pytest.raises(DicomReadError) as err:
        read_instance(tmp_path)
    assert err.value.reason == "is a folder, not a file"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(image_dataset(), tmp_path / "locked.dcm")
    os.chmod(path, 0)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason.startswith("cannot read the file")


def test_file_without_file_meta_opens_with_an_inferred_syntax(tmp_path):
    """pydicom-data's OT-PAL-8-face.dcm: a raw Implicit VR LE data set, no preamble, no meta."""
    path = sample("OT-PAL-8-face.dcm")
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == ImplicitVRLittleEndian
    assert instance.photometric_interpretation == "PALETTE COLOR"
    assert instance.notes == ["no Transfer Syntax UID; the data set is Implicit VR Little Endian"]
    np.testing.assert_array_equal(instance.frame(0), peer_frames(path, tmp_path)[0])  # DCMTK


@pytest.mark.parametrize(
    ("implicit", "little", "syntax"),
    [
        (True, True, ImplicitVRLittleEndian),
        (False, True, ExplicitVRLittleEndian),
        (False, False, ExplicitVRBigEndian),
    ],
)
def test_raw_data_sets_in_each_native_encoding(tmp_path, implicit, little, syntax):
    ds = image_dataset(np.arange(20, dtype="<u2" if little else ">u2"))  # bytes as encoded
    path = write_raw(
        ds, tmp_path / "raw", declared_syntax=None, implicit=implicit, little=little, preamble=False
    )
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == syntax
    assert instance.sop_instance_uid == ds.SOPInstanceUID
    np.testing.assert_array_equal(instance.frame(0), np.arange(20, dtype="u2").reshape(4, 5))


def test_preamble_with_data_set_but_no_file_meta(tmp_path):
    path = write_raw(image_dataset(), tmp_path / "nometa.dcm", declared_syntax=None, implicit=True)
    assert read_instance(path).transfer_syntax_uid == ImplicitVRLittleEndian


def test_raw_data_set_without_sop_class_or_pixels_is_not_an_object(tmp_path):
    ds = pydicom.Dataset()
    ds.StudyDate, ds.PatientName = "20240101", "NOBODY"
    path = write_raw(ds, tmp_path / "raw", declared_syntax=None, preamble=False)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason == "not a DICOM file (no SOP Class UID and no Pixel Data)"


def test_fifo_is_not_opened(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(DicomReadError) as err:
        read_instance(fifo)  # opening a FIFO for reading would block forever
    assert err.value.reason == "not a regular file"


def test_declared_native_syntax_that_lies_about_vr_is_corrected(tmp_path):
    path = write_raw(
        image_dataset(), tmp_path / "lie.dcm", declared_syntax=ExplicitVRLittleEndian, implicit=True
    )
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == ImplicitVRLittleEndian
    assert instance.notes == [
        "Explicit VR Little Endian (1.2.840.10008.1.2.1) declared, "
        "but the data set is Implicit VR Little Endian"
    ]
    np.testing.assert_array_equal(instance.frame(0), np.arange(20, dtype="u2").reshape(4, 5))


def test_jpeg_declared_but_data_set_implicit_still_decodes(tmp_path):
    """pydicom's SC_rgb_jpeg.dcm says JPEG Baseline (explicit VR) but is encoded implicit VR;
    DCMTK rejects it, pydicom reads it, so do GDCM and the viewer (from the whole data set)."""
    instance = read_instance(sample("SC_rgb_jpeg.dcm"))
    assert instance.transfer_syntax_uid == JPEGBaseline8Bit
    assert "PixelData" in instance.ds  # decoded in memory
    gdcm = peer_frames(sample("SC_rgb_jpeg.dcm"), tmp_path, gdcm=True)[0].astype(int)
    # lossy JPEG: two conforming decoders differ by 1 at a few pixels (IDCT/colour rounding)
    difference = np.abs(instance.frame(0).astype(int) - gdcm)
    assert difference.max() <= 1 and (difference > 0).mean() < 0.01


def test_header_is_read_without_pixel_data():
    instance = read_instance(sample("CT_small.dcm"))
    assert "PixelData" not in instance.ds
    assert instance.has_pixel_data and instance.number_of_frames == 1


def test_deflated_file_is_inflated_and_decoded(tmp_path):
    instance = read_instance(sample("image_dfl.dcm"))
    assert instance.transfer_syntax_uid == DeflatedExplicitVRLittleEndian
    arr = instance.frame(0)
    assert arr.shape == (512, 512) and arr.dtype == np.uint8
    np.testing.assert_array_equal(arr, peer_frames(sample("image_dfl.dcm"), tmp_path)[0])  # DCMTK


def test_corrupt_deflate_stream_is_a_clear_error(tmp_path):
    data = open(sample("image_dfl.dcm"), "rb").read()
    meta_end = 132 + 12 + struct.unpack("<I", data[140:144])[0]
    path = tmp_path / "bad_deflate.dcm"
    path.write_bytes(data[:meta_end] + b"this is not a deflate stream" * 10)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason.startswith("corrupt DICOM data: ")
    assert "decompressing data" in err.value.reason  # zlib's own words


def test_deflate_bomb_is_refused_before_pydicom_inflates_it(tmp_path, monkeypatch):
    """The limit (1 GiB) is lowered to 8 MiB so that the bomb stays small and quick."""
    import viewer.dicom.deflate as deflate

    monkeypatch.setattr(deflate, "MAX_INFLATED", 8 << 20)
    data = open(sample("image_dfl.dcm"), "rb").read()
    meta_end = 132 + 12 + struct.unpack("<I", data[140:144])[0]
    packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    bomb = b"".join(packer.compress(bytes(1 << 20)) for _ in range(16)) + packer.flush()
    assert len(bomb) < 64 * 1024
    path = tmp_path / "bomb.dcm"
    path.write_bytes(data[:meta_end] + bomb)
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason == "the deflated data set inflates beyond 8 MiB"


def test_dicomdir_is_not_an_object():
    with pytest.raises(DicomReadError) as err:
        read_instance(sample("DICOMDIR"))
    assert "is a DICOMDIR (Media Storage Directory)" in err.value.reason


def test_identifying_attributes():
    instance = read_instance(sample("CT_small.dcm"))
    ds = pydicom.dcmread(sample("CT_small.dcm"))
    assert instance.path == sample("CT_small.dcm")
    assert instance.sop_class_uid == "1.2.840.10008.5.1.4.1.1.2"
    assert instance.sop_instance_uid == ds.SOPInstanceUID
    assert instance.study_instance_uid == ds.StudyInstanceUID
    assert instance.series_instance_uid == ds.SeriesInstanceUID
    assert instance.modality == "CT"
    assert instance.instance_number == int(ds.InstanceNumber)
    assert (instance.rows, instance.columns) == (128, 128)
    assert instance.photometric_interpretation == "MONOCHROME2"
    assert instance.transfer_syntax_uid == ExplicitVRLittleEndian
    assert instance.kind is ObjectKind.IMAGE


def test_objects_without_pixel_data_have_no_frames():
    instance = read_instance(sample("test-SR.dcm"))
    assert instance.kind is ObjectKind.STRUCTURED_REPORT
    assert instance.number_of_frames == 0 and not instance.has_pixel_data
    assert instance.rows is None


def test_in_memory_dataset_keeps_its_path_for_messages(tmp_path):
    ds = image_dataset(b"")
    instance = instance_from_dataset(ds, path=tmp_path / "received.dcm")
    with pytest.raises(DicomReadError) as err:
        instance.frame(0)
    assert str(err.value).startswith(f"{tmp_path / 'received.dcm'}: frame 1 of 1: ")


def test_big_header_values_stay_in_the_file_until_used(tmp_path):
    ds = image_dataset()
    ds.add_new(0x00291010, "OB", b"\x01" * (6 << 20))  # a 6 MiB private blob
    path = write(ds, tmp_path / "blob.dcm")
    tracemalloc.start()
    try:
        instance = read_instance(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1 << 20
    assert instance.ds[0x00291010].value == b"\x01" * (6 << 20)  # read on access
    np.testing.assert_array_equal(instance.frame(0), np.arange(20, dtype="u2").reshape(4, 5))


def test_big_header_value_cut_by_the_end_of_the_file(tmp_path):
    ds = image_dataset()
    del ds.PixelData
    ds.add_new(0x00291010, "OB", b"\x01" * (6 << 20))
    path = tmp_path / "cut.dcm"
    data = open(write(ds, path), "rb").read()
    path.write_bytes(data[: len(data) - 1000])
    with pytest.raises(DicomReadError) as err:
        read_instance(path)
    assert err.value.reason == (
        f"the file is truncated: (0029,1010) declares {6 << 20} bytes, {(6 << 20) - 1000} present"
    )
