"""Photometric interpretations and bit depths: grayscale stored values (signed per Pixel
Representation, not rescaled, MONOCHROME1 not inverted), colour as RGB with YBR converted,
PALETTE COLOR as raw indices.

References are independent of pydicom's pixel handlers (which the viewer uses): the stored bytes
read with numpy, the standard's YCbCr equations (PS3.3 C.7.6.3.1.2), or DCMTK's and GDCM's
decoding (tests/peer_decode.py)."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from dicom_builders import image_dataset, sample, write
from peer_decode import peer_frames
from viewer.dicom import instance_from_dataset, read_instance


def _raw(name: str, dtype: str, shape: tuple[int, ...]) -> np.ndarray:
    """The stored Pixel Data bytes of a native little endian sample, as they are."""
    ds = pydicom.dcmread(sample(name))
    count = int(np.prod(shape))
    return np.frombuffer(ds.PixelData, dtype=dtype)[:count].reshape(shape)


def test_monochrome1_values_are_stored_values_not_inverted():
    instance = read_instance(sample("RG3_UNCR.dcm"))  # CR 16/10/0 MONOCHROME1
    assert instance.photometric_interpretation == "MONOCHROME1"
    frame = instance.frame(0)
    np.testing.assert_array_equal(frame, _raw("RG3_UNCR.dcm", "<u2", (1760, 1760)))
    assert (frame.min(), frame.max()) == (0, 1023)


def test_signed_16_bit_ct():
    frame = read_instance(sample("CT_small.dcm")).frame(0)
    assert frame.dtype == np.int16
    np.testing.assert_array_equal(frame, _raw("CT_small.dcm", "<i2", (128, 128)))


def test_rgb_planar_configuration_1_comes_out_interleaved_like_0():
    by_pixel = read_instance(sample("color-px.dcm"))
    by_plane = read_instance(sample("color-pl.dcm"))
    assert by_plane.ds.PlanarConfiguration == 1 and by_pixel.ds.PlanarConfiguration == 0
    frame = by_plane.frame(0)
    assert frame.shape == (120, 256, 3) and frame.dtype == np.uint8
    np.testing.assert_array_equal(frame, by_pixel.frame(0))
    np.testing.assert_array_equal(frame, _raw("color-px.dcm", "u1", (120, 256, 3)))


def _stored_ybr(name: str) -> np.ndarray:
    """The Y, Cb, Cr of every pixel of a native 8-bit YBR_FULL or YBR_FULL_422 sample, from its
    bytes (PS3.3 C.7.6.3.1.2: in 422, Y1 Y2 Cb Cr per two pixels of a row)."""
    ds = pydicom.dcmread(sample(name))
    rows, columns = ds.Rows, ds.Columns
    raw = np.frombuffer(ds.PixelData, np.uint8).astype(float)
    if ds.PhotometricInterpretation == "YBR_FULL":
        assert ds.PlanarConfiguration == 0
        return raw[: rows * columns * 3].reshape(rows, columns, 3)
    pairs = raw[: rows * columns * 2].reshape(rows, columns // 2, 4)
    luma = pairs[..., :2].reshape(rows, columns)
    return np.stack([luma, *(np.repeat(pairs[..., k], 2, axis=1) for k in (2, 3))], axis=-1)


@pytest.mark.parametrize(
    "name", ["SC_ybr_full_uncompressed.dcm", "SC_ybr_full_422_uncompressed.dcm"]
)
def test_ybr_full_and_422_are_converted_to_rgb(name):
    """Both encode pydicom-data's SC_rgb.dcm image; YCbCr -> RGB rounding leaves |error| <= 6.
    The values are the standard's equations, correctly rounded and clipped."""
    frame = read_instance(sample(name)).frame(0).astype(int)
    rgb = read_instance(sample("SC_rgb.dcm")).frame(0).astype(int)
    assert frame.shape == rgb.shape == (100, 100, 3)
    assert np.abs(frame - rgb).max() <= 6
    ybr = _stored_ybr(name)
    y, cb, cr = ybr[..., 0], ybr[..., 1] - 128, ybr[..., 2] - 128
    expected = np.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb], -1)
    np.testing.assert_array_equal(frame, np.clip(np.round(expected), 0, 255))


def test_ybr_rct_jpeg_2000_is_rgb(tmp_path):
    frame = read_instance(sample("GDCMJ2K_TextGBR.dcm")).frame(0)
    assert frame.shape == (400, 400, 3)
    reference = peer_frames(sample("GDCMJ2K_TextGBR.dcm"), tmp_path)[0]  # gdcmconv --raw
    np.testing.assert_array_equal(frame, reference)


@pytest.mark.parametrize(
    ("name", "dtype", "shape"),
    [
        ("OBXXXX1A.dcm", "u1", (600, 800)),
        ("examples_palette.dcm", "u1", (350, 800)),
        ("gdcm-US-ALOKA-16.dcm", "<u2", (480, 640)),  # 16-bit indices, segmented palettes
    ],
)
def test_palette_color_gives_raw_indices(name, dtype, shape):
    instance = read_instance(sample(name))
    assert instance.photometric_interpretation == "PALETTE COLOR"
    frame = instance.frame(0)
    assert frame.shape == shape  # indices, not RGB
    np.testing.assert_array_equal(frame, _raw(name, dtype, shape))
    assert "RedPaletteColorLookupTableDescriptor" in instance.ds  # the header keeps the palette


def test_segmented_palette_data_is_in_the_header():
    ds = read_instance(sample("gdcm-US-ALOKA-16.dcm")).ds
    assert "SegmentedRedPaletteColorLookupTableData" in ds
    assert ds.RedPaletteColorLookupTableDescriptor[2] == 16


def test_one_bit_segmentation_is_unpacked():
    frame = read_instance(sample("liver_1frame.dcm")).frame(0)
    assert frame.dtype == np.uint8 and frame.shape == (512, 512)
    assert set(np.unique(frame)) == {0, 1}
    # PS3.5 8.1.1: 1-bit pixels packed 8 per byte, the first pixel in the least significant bit
    packed = np.frombuffer(pydicom.dcmread(sample("liver_1frame.dcm")).PixelData, np.uint8)
    bits = np.unpackbits(packed, bitorder="little")[: 512 * 512].reshape(512, 512)
    np.testing.assert_array_equal(frame, bits)


@pytest.mark.parametrize(
    ("signed", "expected"),
    [(True, [-1, -2048, 2047, -2048]), (False, [4095, 2048, 2047, 2048])],
)
def test_12_bit_values_are_sign_extended_or_masked(tmp_path, signed, expected):
    """Stored 0x0FFF, 0x0800, 0x07FF and 0xF800 (garbage above the high bit) in 16 allocated."""
    stored = np.array([0x0FFF, 0x0800, 0x07FF, 0xF800], "<u2")
    ds = image_dataset(stored, rows=1, columns=4, bits_stored=12, signed=signed)
    for instance in (read_instance(write(ds, tmp_path / "b12.dcm")), instance_from_dataset(ds)):
        frame = instance.frame(0)
        assert frame.dtype == (np.int16 if signed else np.uint16)
        assert frame.tolist() == [expected]


def test_signed_8_bit(tmp_path):
    stored = np.array([0x80, 0xFF, 0x00, 0x7F], "u1")
    ds = image_dataset(stored, rows=2, columns=2, bits_allocated=8, signed=True)
    frame = read_instance(write(ds, tmp_path / "s8.dcm")).frame(0)
    assert frame.dtype == np.int8 and frame.tolist() == [[-128, -1], [0, 127]]


@pytest.mark.parametrize(("signed", "dtype"), [(False, np.uint32), (True, np.int32)])
def test_32_bit_integers(tmp_path, signed, dtype):
    values = np.array([0, 1, 2**31 - 1, -(2**31) if signed else 2**32 - 1], dtype=dtype)
    stored = values.astype(values.dtype.newbyteorder("<"))
    ds = image_dataset(stored, rows=2, columns=2, bits_allocated=32, signed=signed)
    frame = read_instance(write(ds, tmp_path / "i32.dcm")).frame(0)
    assert frame.dtype == dtype
    np.testing.assert_array_equal(frame.ravel(), values)


def test_rt_dose_32_bit_multiframe(tmp_path):
    instance = read_instance(sample("rtdose.dcm"))
    assert instance.number_of_frames == 15
    full = peer_frames(sample("rtdose.dcm"), tmp_path)  # DCMTK dcmconv, then numpy
    for index in (0, 7, 14):
        frame = instance.frame(index)
        assert frame.dtype == np.uint32 and frame.shape == (10, 10)
        np.testing.assert_array_equal(frame, full[index])


def test_float_pixel_data(tmp_path):
    values = np.array([[-1.5, 0.0], [3.25, 1e10]], "<f4")
    ds = image_dataset(values, rows=2, columns=2, bits_allocated=32)
    del ds.PixelData, ds.BitsStored, ds.HighBit, ds.PixelRepresentation
    ds.FloatPixelData = values.tobytes()
    parametric_map = "1.2.840.10008.5.1.4.1.1.30"
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = parametric_map
    for instance in (read_instance(write(ds, tmp_path / "float.dcm")), instance_from_dataset(ds)):
        frame = instance.frame(0)
        assert frame.dtype == np.float32
        np.testing.assert_array_equal(frame, values)


def test_16_bit_rgb_multiframe(tmp_path):
    instance = read_instance(sample("SC_rgb_16bit_2frame.dcm"))
    full = peer_frames(sample("SC_rgb_16bit_2frame.dcm"), tmp_path)  # DCMTK dcmconv, then numpy
    for index in range(2):
        frame = instance.frame(index)
        assert frame.dtype == np.uint16 and frame.shape == (100, 100, 3)
        np.testing.assert_array_equal(frame, full[index])
