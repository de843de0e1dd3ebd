"""Malformed headers and wrong inputs give one clear ValueError, never another exception."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.dataelem import RawDataElement
from pydicom.tag import Tag

from pipeline_builders import gray_dataset, lut_item, sequence
from viewer.pipeline.render import render_frame

FRAME = np.zeros((2, 2), dtype=np.uint16)


def raw(ds, tag: int, vr: str, value: bytes):
    ds[tag] = RawDataElement(Tag(tag), vr, len(value), value, 0, False, True)
    return ds


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: gray_dataset(VOILUTSequence=sequence(lut_item([10, 0], [1] * 10))), "3 values"),
        (lambda: gray_dataset(VOILUTSequence=sequence(lut_item([10, 0, 16], [1, 2, 3]))),
         "LUT Data has 3 values but the LUT Descriptor declares 10 entries"),
        (lambda: gray_dataset(ModalityLUTSequence=sequence(lut_item([4, 0, 17], [1] * 4))),
         "bits per entry must be 1..16, got 17"),
        (lambda: gray_dataset(BitsStored=0), "Bits Stored 0"),
        (lambda: gray_dataset(BitsStored=20), "Bits Stored 20"),
        (lambda: raw(gray_dataset(WindowWidth=10), 0x00281050, "DS", b"abc "),
         r"Window Center \(0028,1050\) #1 is not a number: 'abc'"),
        (lambda: gray_dataset(WindowCenter=10, WindowWidth=0), "Window Width 0.0 is invalid"),
        (lambda: raw(gray_dataset(), 0x00281053, "DS", b"x1"),
         r"Rescale Slope \(0028,1053\) is not a number"),
        (lambda: raw(gray_dataset(), 0x00280101, "US", b"\x01"), "BitsStored cannot be read"),
        (lambda: raw(gray_dataset(), 0x00283010, "SQ", b"\x00\x01"), "VOILUTSequence cannot be read"),
        (lambda: gray_dataset(PresentationLUTSequence=sequence(lut_item([256, 0, 16], b"", vr="OW"))),
         "LUT Data has 0 values"),
    ],
)
def test_malformed_grayscale_header(build, message):
    with pytest.raises(ValueError, match=message):
        render_frame(build(), FRAME)


def test_missing_bits_allocated():
    ds = gray_dataset()
    del ds.BitsAllocated
    with pytest.raises(ValueError, match="BitsAllocated"):
        render_frame(ds, FRAME)


def test_lut_sequence_item_without_data():
    item = lut_item([4, 0, 16], [1, 2, 3, 4])
    del item.LUTData
    with pytest.raises(ValueError, match="VOI LUT Sequence item 1: item lacks"):
        render_frame(gray_dataset(VOILUTSequence=sequence(item)), FRAME)


@pytest.mark.parametrize("shape", [(2,), (2, 2, 2), (1, 2, 2, 3)])
def test_grayscale_frame_must_be_two_dimensional(shape):
    with pytest.raises(ValueError, match="expected one grayscale frame"):
        render_frame(gray_dataset(), np.zeros(shape, np.uint16))


def test_rgb_frame_must_have_three_samples():
    ds = gray_dataset(bits_stored=8, bits_allocated=8, photometric="RGB", SamplesPerPixel=3)
    with pytest.raises(ValueError, match="expected an RGB frame"):
        render_frame(ds, np.zeros((2, 2), np.uint8))


def test_malformed_segmented_palette():
    ds = gray_dataset(bits_stored=8, bits_allocated=8, photometric="PALETTE COLOR")
    for channel in ("Red", "Green", "Blue"):
        ds.add_new(f"{channel}PaletteColorLookupTableDescriptor", "US", [256, 0, 16])
        segments = np.array([7, 3, 1, 2, 3], "<u2")  # opcode 7 does not exist
        ds.add_new(f"Segmented{channel}PaletteColorLookupTableData", "OW", segments.tobytes())
    with pytest.raises(ValueError, match="Red Palette Color Lookup Table: cannot expand"):
        render_frame(ds, np.zeros((2, 2), np.uint8))


def test_palette_descriptor_with_one_value():
    ds = gray_dataset(bits_stored=8, bits_allocated=8, photometric="PALETTE COLOR")
    ds.add_new("RedPaletteColorLookupTableDescriptor", "US", 256)
    with pytest.raises(ValueError, match="Red Palette Color Lookup Table: LUT Descriptor must have 3"):
        render_frame(ds, np.zeros((2, 2), np.uint8))


def test_voi_lut_index_out_of_range():
    with pytest.raises(ValueError, match="VOI LUT index 0 is out of range: the header has 0"):
        render_frame(gray_dataset(), FRAME, voi_lut_index=0)


def test_window_index_without_any_header_window():
    with pytest.raises(ValueError, match="window index 1 is out of range: the header has none"):
        render_frame(gray_dataset(), FRAME, window_index=1)


@pytest.mark.parametrize("window", [(float("nan"), 100), (40, float("inf"))])
def test_non_finite_user_window(window):
    with pytest.raises(ValueError, match="must be finite"):
        render_frame(gray_dataset(), FRAME, window=window)
