"""One sample per transfer syntax: frames equal what independent decoders make of the file.

The reference is DCMTK's or GDCM's decoding (tests/peer_decode.py: dcmdjpeg, dcmdjpls, dcmdrle,
dcmconv, gdcmconv --raw; pixels then read with numpy), never pydicom's own pixel handlers,
which the viewer uses. Lossless syntaxes are also checked against the uncompressed original of
the same image.
"""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.uid import (
    JPEG2000,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    JPEG2000Lossless,
    JPEGBaseline8Bit,
    JPEGExtended12Bit,
    JPEGLossless,
    JPEGLosslessSV1,
    JPEGLSLossless,
    JPEGLSNearLossless,
    RLELossless,
)

from dicom_builders import sample
from peer_decode import peer_frames
from viewer.dicom import DicomReadError, read_instance, transfer_syntax_label

# (file, transfer syntax, dtype, shape of one frame, number of frames, largest difference from
# the independent decoder). Lossy JPEG is not bit-exact between conforming decoders (IDCT,
# chroma upsampling and YCbCr -> RGB rounding differ; PS3.5 A.4.1 refers to ISO 10918-2's
# accuracy test, not to identical output): there it is a bound, and 99 % must be within 1.
SAMPLES = [
    ("MR_small_implicit.dcm", ImplicitVRLittleEndian, "int16", (64, 64), 1, 0),
    ("CT_small.dcm", ExplicitVRLittleEndian, "int16", (128, 128), 1, 0),
    ("MR_small_bigendian.dcm", ExplicitVRBigEndian, ">i2", (64, 64), 1, 0),
    ("image_dfl.dcm", DeflatedExplicitVRLittleEndian, "uint8", (512, 512), 1, 0),
    ("emri_small_RLE.dcm", RLELossless, "uint16", (64, 64), 10, 0),
    ("SC_rgb_jpeg_dcmtk.dcm", JPEGBaseline8Bit, "uint8", (100, 100, 3), 1, 0),
    ("examples_ybr_color.dcm", JPEGBaseline8Bit, "uint8", (240, 320, 3), 30, 4),
    ("JPGExtended.dcm", JPEGExtended12Bit, "uint16", (1024, 256), 1, 1),
    ("MR_small_jpeg_p14_sv6.dcm", JPEGLossless, "int16", (64, 64), 1, 0),
    ("JPEG-LL.dcm", JPEGLosslessSV1, "int16", (1024, 256), 1, 0),
    ("emri_small_jpeg_ls_lossless.dcm", JPEGLSLossless, "uint16", (64, 64), 10, 0),
    ("JPEGLSNearLossless_16.dcm", JPEGLSNearLossless, "uint16", (50, 10), 1, 0),
    ("SC_rgb_jls_lossy_sample.dcm", JPEGLSNearLossless, "uint8", (100, 100, 3), 1, 0),
    ("MR2_J2KR.dcm", JPEG2000Lossless, "uint16", (1024, 1024), 1, 0),
    ("693_J2KI.dcm", JPEG2000, "int16", (512, 512), 1, 0),
    ("US1_J2KI.dcm", JPEG2000, "uint8", (480, 640, 3), 1, 0),  # YBR_ICT
]


@pytest.mark.parametrize(("name", "syntax", "dtype", "shape", "frames", "tolerance"), SAMPLES)
def test_every_frame_equals_the_independent_decoders(tmp_path, name, syntax, dtype, shape,
                                                     frames, tolerance):
    path = sample(name)
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == syntax
    assert instance.number_of_frames == frames
    assert instance.pixel_problem is None
    reference = peer_frames(path, tmp_path)
    assert reference.shape == (frames, *shape)
    for index in sorted({0, frames // 2, frames - 1}):
        arr = instance.frame(index)
        assert arr.dtype == np.dtype(dtype)
        assert arr.shape == shape
        if tolerance == 0:
            np.testing.assert_array_equal(arr, reference[index])
            continue
        difference = np.abs(arr.astype(int) - reference[index].astype(int))
        assert difference.max() <= tolerance
        assert (difference <= 1).mean() >= 0.99


@pytest.mark.parametrize(
    ("compressed", "original"),
    [
        ("MR_small_RLE.dcm", "MR_small.dcm"),
        ("MR_small_jpeg_p14_sv6.dcm", "MR_small.dcm"),  # made by DCMTK: dcmcjpeg +el +sv 6
        ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm"),
        ("MR_small_jp2klossless.dcm", "MR_small.dcm"),
        ("693_J2KR.dcm", "693_UNCR.dcm"),
        ("RG3_J2KR.dcm", "RG3_UNCR.dcm"),
        ("US1_J2KR.dcm", "US1_UNCR.dcm"),  # YBR_RCT comes out as RGB
        ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm"),
    ],
)
def test_lossless_syntaxes_give_back_the_original_pixels(compressed, original):
    decoded = read_instance(sample(compressed))
    reference = read_instance(sample(original))
    assert decoded.number_of_frames == reference.number_of_frames
    for index in range(decoded.number_of_frames):
        np.testing.assert_array_equal(decoded.frame(index), reference.frame(index))


def test_lossy_jpeg_2000_is_close_to_the_original():
    lossy = read_instance(sample("US1_J2KI.dcm")).frame(0).astype(int)  # YBR_ICT
    original = read_instance(sample("US1_UNCR.dcm")).frame(0).astype(int)
    assert lossy.shape == original.shape == (480, 640, 3)
    assert not np.array_equal(lossy, original)
    assert np.abs(lossy - original).mean() < 3


@pytest.mark.parametrize(
    ("uid", "name", "reason"),
    [  # a JPEG labelled as video: the video decoder (PyAV) finds no stream of that codec
        ("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level",
         "the Pixel Data holds mjpeg video, not the mpeg2video the transfer syntax names"),
        ("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1",
         "the Pixel Data holds mjpeg video, not the h264 the transfer syntax names"),
        ("1.2.840.10008.1.2.4.94", "JPIP Referenced", "not supported"),
    ],
)
def test_undecodable_syntax_names_itself_when_a_frame_is_asked(tmp_path, uid, name, reason):
    ds = pydicom.dcmread(sample("SC_rgb_jpeg_dcmtk.dcm"))
    ds.file_meta.TransferSyntaxUID = uid
    path = tmp_path / "video.dcm"
    ds.save_as(path)
    instance = read_instance(path)  # the header is readable
    assert instance.number_of_frames == 1
    with pytest.raises(DicomReadError) as err:
        instance.frame(0)
    assert f"{name} ({uid})" in err.value.reason
    assert reason in err.value.reason
    assert str(err.value).startswith(f"{path}: ")


def test_transfer_syntax_label_names_and_uids():
    assert transfer_syntax_label(RLELossless) == "RLE Lossless (1.2.840.10008.1.2.5)"
    assert transfer_syntax_label("1.2.3.4") == "unknown transfer syntax (1.2.3.4)"
    assert transfer_syntax_label(None) == "no transfer syntax"
