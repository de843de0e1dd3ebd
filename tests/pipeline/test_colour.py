"""Colour rendering (PS3.3 C.7.6.3.1.2, C.7.6.3.1.5, C.7.9): RGB depth, palettes, no VOI."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest

from imagefiles import read_pnm
from peer_decode import palette_applied_by_gdcm, peer_frames
from pipeline_builders import gray_dataset, read_sample, sample_path
from required_tools import require
from viewer.pipeline.render import describe_windows, render_frame


def palette_dataset(entries: np.ndarray, first: int, bits: int, *, signed=False, bits_stored=16):
    """PALETTE COLOR header with the same table in R, G (reversed) and B (constant 0)."""
    ds = gray_dataset(bits_stored=bits_stored, signed=signed, photometric="PALETTE COLOR")
    dtype = "<u1" if bits == 8 else "<u2"
    tables = {"Red": entries, "Green": entries[::-1], "Blue": np.zeros_like(entries)}
    for channel, table in tables.items():
        descriptor = [len(entries) % 65536, first, bits]
        ds.add_new(f"{channel}PaletteColorLookupTableDescriptor", "US", descriptor)
        ds.add_new(f"{channel}PaletteColorLookupTableData", "OW", table.astype(dtype).tobytes())
    return ds


def expected_palette(entries, indices, first, shift):
    index = np.clip(indices.astype(int) - first, 0, len(entries) - 1)
    return np.stack([entries[index], entries[::-1][index], np.zeros_like(index)], -1) >> shift


def test_palette_with_8bit_entries_and_more_than_256_entries_does_not_wrap():
    entries = (np.arange(600) * 255 // 599).astype(np.uint8)
    ds = palette_dataset(entries, 0, 8)
    indices = np.array([[0, 255, 256, 300, 599, 1000]], dtype=np.uint16)
    out = render_frame(ds, indices)
    assert out.shape == (1, 6, 3) and out.dtype == np.uint8 and out.flags.c_contiguous
    np.testing.assert_array_equal(out, expected_palette(entries.astype(int), indices, 0, 0))
    assert out[0, 3, 0] == 127  # index 300: a uint8 index would give entry 44 -> 18


def test_palette_16bit_entries_keep_top_8_bits_and_signed_first_value():
    entries = (np.arange(100) * 661).astype(np.uint16)
    ds = palette_dataset(entries, 65536 - 50, 16, signed=True)
    indices = np.array([[-32768, -51, -50, 0, 49, 50, 32767]], dtype=np.int16)
    out = render_frame(ds, indices)
    np.testing.assert_array_equal(out, expected_palette(entries.astype(int), indices, -50, 8))


def test_palette_of_real_file_equals_its_tables():
    ds, indices = read_sample("OBXXXX1A.dcm")
    tables = [
        np.frombuffer(ds[f"{c}PaletteColorLookupTableData"].value, "<u2").astype(int) >> 8
        for c in ("Red", "Green", "Blue")
    ]
    expected = np.stack([t[indices] for t in tables], -1)
    np.testing.assert_array_equal(render_frame(ds, indices), expected)


def test_palette_file_without_meta(tmp_path):
    """OT-PAL-8-face.dcm has no file meta: read with force=True, Implicit VR Little Endian.
    DCMTK's dcm2pnm renders it (200 entries of 16 bits) as the reference."""
    ds, indices = read_sample("OT-PAL-8-face.dcm")
    ppm = tmp_path / "dcmtk.ppm"
    subprocess.run([require("dcm2pnm"), "-q", "+op", sample_path("OT-PAL-8-face.dcm"), str(ppm)],
                   check=True, timeout=60)
    expected = read_pnm(ppm)
    out = render_frame(ds, indices)
    assert out.shape == indices.shape + (3,)
    np.testing.assert_array_equal(out, expected)


@pytest.mark.parametrize("name", ["gdcm-US-ALOKA-16.dcm", "gdcm-US-ALOKA-16_big.dcm"])
def test_segmented_16bit_palette(name, tmp_path):
    """GDCM expands the segmented tables and applies them (DCMTK refuses these files); 16-bit
    entries keep their top 8 bits."""
    ds, indices = read_sample(name)
    assert "SegmentedRedPaletteColorLookupTableData" in ds
    expected = palette_applied_by_gdcm(sample_path(name), tmp_path)[0] >> 8
    out = render_frame(ds, indices)
    np.testing.assert_array_equal(out, expected)
    assert len(np.unique(out.reshape(-1, 3), axis=0)) > 50


def test_rgb_8bit_passes_through_and_ignores_window():
    ds, stored = read_sample("SC_rgb.dcm")
    out = render_frame(ds, stored, window=(10, 2))
    np.testing.assert_array_equal(out, stored)
    assert out.flags.c_contiguous and describe_windows(ds) == []


@pytest.mark.parametrize("name", ["SC_rgb_16bit.dcm", "SC_rgb_expb_16bit.dcm", "SC_rgb_32bit.dcm"])
def test_rgb_more_than_8_bits_keeps_top_bits(name):
    ds, stored = read_sample(name)
    shift = int(ds.BitsStored) - 8
    expected = (stored.astype(np.uint64) >> shift).astype(np.uint8)
    np.testing.assert_array_equal(render_frame(ds, stored), expected)


def test_rgb_12_bits_stored():
    ds = gray_dataset(bits_stored=12, photometric="RGB", SamplesPerPixel=3)
    stored = np.array([[[0, 15, 16], [4095, 2048, 4000]]], dtype=np.uint16)
    assert render_frame(ds, stored).tolist() == [[[0, 0, 1], [255, 128, 250]]]


@pytest.mark.parametrize(
    "name", ["US1_J2KR.dcm", "SC_ybr_full_422_uncompressed.dcm", "examples_jpeg2k.dcm"]
)
def test_ybr_frames_are_already_rgb(name):
    ds, stored = read_sample(name)
    assert ds.PhotometricInterpretation.startswith("YBR")
    np.testing.assert_array_equal(render_frame(ds, stored), stored)


def test_multiframe_colour_frame(tmp_path):
    ds, stored = read_sample("SC_rgb_rle_2frame.dcm", frame_index=1)
    dcmtk = peer_frames(sample_path("SC_rgb_rle_2frame.dcm"), tmp_path)[1]  # dcmdrle, then numpy
    np.testing.assert_array_equal(render_frame(ds, stored, frame_index=1), dcmtk)


def test_unsupported_colour_space_is_a_clear_error():
    # (YBR_PARTIAL_420 is video's, whose decoder gives RGB: rendered as RGB)
    ds = gray_dataset(bits_stored=8, bits_allocated=8, photometric="YBR_PARTIAL_422",
                      SamplesPerPixel=3)
    with pytest.raises(ValueError, match="YBR_PARTIAL_422"):
        render_frame(ds, np.zeros((2, 2, 3), np.uint8))


def test_palette_without_data_is_a_clear_error():
    ds = palette_dataset(np.arange(4, dtype=np.uint8), 0, 8)
    del ds.GreenPaletteColorLookupTableData
    with pytest.raises(ValueError, match="Green Palette Color Lookup Table Data"):
        render_frame(ds, np.zeros((2, 2), np.uint8))
