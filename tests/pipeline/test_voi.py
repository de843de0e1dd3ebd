"""VOI LUT stage (PS3.3 C.11.2): window functions, width rules, VOI LUT Sequence decoding."""

from __future__ import annotations

import io

import numpy as np
import pydicom
import pytest
from pydicom.uid import ImplicitVRLittleEndian

from pipeline_builders import gray_dataset, lut_item, sequence
from viewer.pipeline.compose import to_uint8
from viewer.pipeline.render import render_frame
from viewer.pipeline.renderer import GrayscaleRenderer
from viewer.pipeline.voi import linear, linear_exact, sigmoid


@pytest.mark.parametrize(
    ("center", "width", "x", "expected"),
    [
        (40, 400, -160, 0.0),
        (40, 400, -159, 0.6391),
        (40, 400, 40, 127.8195),
        (40, 400, 239, 255.0),
        (40, 400, 240, 255.0),
        (2048, 1, 2047, 0.0),
        (2048, 1, 2048, 255.0),
        (0, 100, -50, 0.0),
        (0, 100, -49, 2.576),
    ],
)
def test_linear_values(center, width, x, expected):
    assert float(linear(x, center, width)) == pytest.approx(expected, abs=5e-4)


@pytest.mark.parametrize(("x", "expected"), [(-159, 0.6375), (40, 127.5), (239, 254.3625)])
def test_linear_exact_values(x, expected):
    assert float(linear_exact(x, 40, 400)) == pytest.approx(expected, abs=5e-5)


@pytest.mark.parametrize(("x", "expected"), [(40, 127.5), (240, 224.603)])
def test_sigmoid_values(x, expected):
    assert float(sigmoid(x, 40, 400)) == pytest.approx(expected, abs=5e-4)


def test_truncation_follows_dcmtk():
    x = np.array([-160, -159, 40, 239, 240, 0])
    assert to_uint8(linear(x, 40, 400)).tolist() == [0, 0, 127, 255, 255, 102]
    assert to_uint8(linear_exact(np.array([-159, 40, 239]), 40, 400)).tolist() == [0, 127, 254]


@pytest.mark.parametrize(
    ("function", "width", "words"),
    [
        (linear, 0.999, "LINEAR.*>= 1"),
        (linear, 0, "LINEAR.*>= 1"),
        (linear_exact, 0, "LINEAR_EXACT.*> 0"),
        (linear_exact, -3, "LINEAR_EXACT.*> 0"),
        (sigmoid, 0, "SIGMOID.*> 0"),
    ],
)
def test_invalid_widths_are_rejected(function, width, words):
    with pytest.raises(ValueError, match=words):
        function(np.arange(3), 10, width)


def test_width_below_one_allowed_for_linear_exact():
    assert float(linear_exact(10, 10, 0.5)) == 127.5


def test_user_window_is_validated_per_function():
    ds = gray_dataset(bits_stored=12)
    frame = np.arange(16, dtype=np.uint16).reshape(4, 4)
    with pytest.raises(ValueError, match="LINEAR.*>= 1"):
        render_frame(ds, frame, window=(8, 0.5))
    out = render_frame(ds, frame, window=(8, 0.5), voi_function="linear_exact")
    assert out.tolist() == np.where(frame <= 7.75, 0, np.where(frame > 8.25, 255, 127)).tolist()
    renderer = GrayscaleRenderer(ds, stored=frame)
    with pytest.raises(ValueError, match="SIGMOID.*> 0"):
        renderer.set_window(8, 0, "sigmoid")


def test_unknown_voi_function_is_rejected():
    ds = gray_dataset(bits_stored=12, WindowCenter=100, WindowWidth=50, VOILUTFunction="LOG")
    with pytest.raises(ValueError, match="VOI LUT Function"):
        render_frame(ds, np.zeros((2, 2), np.uint16))
    with pytest.raises(ValueError, match="voi_function"):
        render_frame(gray_dataset(), np.zeros((2, 2), np.uint16), voi_function="cubic")


def test_header_function_is_used_and_can_be_overridden():
    ds = gray_dataset(bits_stored=12, WindowCenter=40, WindowWidth=400, VOILUTFunction="SIGMOID")
    frame = np.array([[40, 240]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[127, 224]]
    assert render_frame(ds, frame, voi_function="linear").tolist() == [[127, 255]]
    assert render_frame(ds, frame, window=(240, 400)).tolist() == [[30, 127]]


def ramp_12bit() -> np.ndarray:
    return np.arange(4096, dtype=np.uint16).reshape(64, 64)


def wide_8bit_lut() -> np.ndarray:
    """1000 entries of 8 bits (a ramp 0..255): more than 256, so a uint8 index would wrap."""
    return (np.arange(1000) * 255 // 999).astype(np.uint8)


@pytest.mark.parametrize("encoding", ["packed OW", "padded US"])
def test_8bit_voi_lut_with_more_than_256_entries_does_not_wrap(encoding):
    entries = wide_8bit_lut()
    if encoding == "packed OW":
        item = lut_item([1000, 100, 8], entries.tobytes(), vr="OW")
    else:
        item = lut_item([1000, 100, 8], entries.astype(int).tolist())
    ds = gray_dataset(bits_stored=12, VOILUTSequence=sequence(item))
    frame = ramp_12bit()
    expected = entries[np.clip(frame.astype(int) - 100, 0, 999)]
    out = render_frame(ds, frame)
    np.testing.assert_array_equal(out, expected)
    wrapped = entries[np.clip(frame.astype(int) - 100, 0, 999) % 256]
    assert (out != wrapped).sum() > 3000  # what pydicom 3.0.2's apply_voi_lut returns


def test_16bit_voi_lut_keeps_top_8_bits_and_clamps():
    entries = (np.arange(256) * 251 + 7) % 65536
    item = lut_item([256, 1000, 16], entries.tolist())
    ds = gray_dataset(bits_stored=12, VOILUTSequence=sequence(item))
    frame = np.array([[0, 999, 1000, 1001, 1255, 1256, 4095]], dtype=np.uint16)
    index = np.clip(frame.astype(int) - 1000, 0, 255)
    np.testing.assert_array_equal(render_frame(ds, frame), entries[index] >> 8)


@pytest.mark.parametrize("first_value", [-128, 65536 - 128])
def test_voi_lut_signed_first_value_for_signed_pixels(first_value):
    """PS3.3 C.11.2.1.1: SS when there is no rescale and Pixel Representation is 1."""
    entries = np.arange(256) * 256
    vr = "SS" if first_value < 0 else "US"
    item = lut_item([256, first_value, 16], entries.tolist(), descriptor_vr=vr)
    ds = gray_dataset(bits_stored=12, signed=True, VOILUTSequence=sequence(item))
    frame = np.array([[-2048, -128, -1, 0, 127, 2047]], dtype=np.int16)
    assert render_frame(ds, frame).tolist() == [[0, 0, 127, 128, 255, 255]]


def test_voi_lut_first_value_signed_after_rescale_to_negative_values():
    """Unsigned stored values rescaled to HU: the VOI LUT input may be negative -> SS."""
    entries = np.arange(2048) * 32
    item = lut_item([2048, 65536 - 1024, 16], entries.tolist())
    ds = gray_dataset(
        bits_stored=12, RescaleSlope=1, RescaleIntercept=-1024, VOILUTSequence=sequence(item)
    )
    frame = np.array([[0, 1024, 2047, 3071, 4095]], dtype=np.uint16)  # HU -1024, 0, 1023, 2047, 3071
    expected = entries[np.clip(frame.astype(int) - 1024 + 1024, 0, 2047)] >> 8
    assert render_frame(ds, frame).tolist() == expected.tolist()


def test_voi_lut_first_value_unsigned_when_rescale_stays_positive():
    item = lut_item([16, 65000, 16], (np.arange(16) * 4096).tolist())
    ds = gray_dataset(bits_stored=16, RescaleSlope=1, RescaleIntercept=0, VOILUTSequence=sequence(item))
    frame = np.array([[0, 64999, 65000, 65007, 65535]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[0, 0, 0, 112, 240]]


def test_voi_lut_survives_implicit_vr_round_trip():
    """Implicit VR: LUT Data comes back as raw OW bytes, LUT Descriptor per Pixel Representation."""
    entries = (np.arange(4096) * 16).astype("<u2")
    ds = gray_dataset(bits_stored=12, signed=True)
    ds.VOILUTSequence = sequence(lut_item([4096, 65536 - 2048, 16], entries.tobytes(), vr="OW"))
    ds.Rows, ds.Columns = 64, 64
    frame = (np.arange(4096, dtype=np.int16) - 2048).reshape(64, 64)
    ds.PixelData = frame.tobytes()
    ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
    buffer = io.BytesIO()
    ds.save_as(buffer, implicit_vr=True, little_endian=True)
    back = pydicom.dcmread(io.BytesIO(buffer.getvalue()), force=True)
    out = render_frame(back, back.pixel_array)
    np.testing.assert_array_equal(out, (entries.astype(int) >> 8).reshape(64, 64))


def test_window_index_selects_among_voi_lut_items_without_windows():
    items = [lut_item([4096, 0, 16], (np.arange(4096) * k).clip(0, 65535).tolist()) for k in (16, 8)]
    ds = gray_dataset(bits_stored=12, VOILUTSequence=sequence(*items))
    frame = np.array([[4095, 2048]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[255, 128]]
    assert render_frame(ds, frame, window_index=1).tolist() == [[127, 64]]
    with pytest.raises(ValueError, match="VOI LUT index 2"):
        render_frame(ds, frame, window_index=2)
