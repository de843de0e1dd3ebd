"""The composed table: equals stage-by-stage evaluation; a window change rebuilds only the table."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline_builders import gray_dataset, linear_reference, lut_item, read_sample, sequence, truncate
from viewer.pipeline import compose
from viewer.pipeline.render import describe_windows, render_frame
from viewer.pipeline.renderer import GrayscaleRenderer

REAL_FILES = [
    ("CT_small.dcm", 0),
    ("MR_small.dcm", 0),
    ("MR_small_bigendian.dcm", 0),
    ("dicomdirtests/77654033/CR2/6247", 0),  # MONOCHROME1 CR, rescaled
    ("RG3_UNCI.dcm", 0),  # MONOCHROME1 CR 1760 x 1760, pydicom-data
    ("mlut_18.dcm", 0),  # Modality LUT Sequence, signed first value
    ("vlut_04.dcm", 0),  # VOI LUT Sequence
    ("emri_small.dcm", 3),  # enhanced MR
    ("JPEG2000.dcm", 0),  # int16 with negative values
    ("liver_1frame.dcm", 0),  # 1-bit segmentation
]


@pytest.mark.parametrize(("name", "frame_index"), REAL_FILES)
def test_composed_table_equals_direct_evaluation(name, frame_index):
    ds, stored = read_sample(name, frame_index)
    renderer = GrayscaleRenderer(ds, frame_index, stored=stored)
    direct = compose.render_direct(stored, renderer.params, renderer.voi)
    out = renderer.render(stored)
    assert out.dtype == np.uint8 and out.shape == stored.shape and out.flags.c_contiguous
    np.testing.assert_array_equal(out, direct)
    windows = [((300, 700), "LINEAR"), ((-20, 3), "LINEAR_EXACT"), ((900, 2500), "SIGMOID")]
    for window, function in windows:
        renderer.set_window(*window, function)
        direct = compose.render_direct(stored, renderer.params, renderer.voi)
        np.testing.assert_array_equal(renderer.render(stored), direct)


def test_composed_table_equals_reference_formula_on_mr():
    ds, stored = read_sample("MR_small.dcm")
    expected = truncate(linear_reference(stored.astype(float), 600, 1600))
    np.testing.assert_array_equal(render_frame(ds, stored), expected)


def test_table_spans_the_stored_range():
    ds, stored = read_sample("CT_small.dcm")
    renderer = GrayscaleRenderer(ds, stored=stored, window=(40, 400))
    assert renderer.offset == -32768 and len(renderer.table) == 65536
    hu = np.array([-1000, -160, 0, 40, 240])
    assert renderer.table[hu + 1024 - renderer.offset].tolist() == truncate(
        linear_reference(hu, 40, 400)
    ).tolist()


def test_changing_the_window_equals_a_fresh_render():
    ds, stored = read_sample("MR_small.dcm")
    renderer = GrayscaleRenderer(ds, stored=stored)
    assert renderer.window == (600.0, 1600.0)
    first = renderer.render(stored)
    table_before = renderer.table
    renderer.set_window(1200, 300)
    assert renderer.window == (1200.0, 300.0)
    assert renderer.table is not table_before
    np.testing.assert_array_equal(renderer.render(stored), render_frame(ds, stored, window=(1200, 300)))
    renderer.set_window(1200, 300, "sigmoid")
    np.testing.assert_array_equal(
        renderer.render(stored), render_frame(ds, stored, window=(1200, 300), voi_function="sigmoid")
    )
    renderer.select(0)
    np.testing.assert_array_equal(renderer.render(stored), first)


def test_set_window_on_a_voi_lut_image_switches_to_a_window():
    ds, stored = read_sample("vlut_04.dcm")
    renderer = GrayscaleRenderer(ds, stored=stored)
    assert renderer.window is None
    renderer.set_window(128, 64)
    np.testing.assert_array_equal(renderer.render(stored), truncate(linear_reference(stored, 128, 64)))


def test_default_window_is_the_frame_range_without_padding():
    ds = gray_dataset(bits_stored=16, signed=True, PixelPaddingValue=-2000)
    frame = np.array([[-2000, -2000], [100, 300]], dtype=np.int16)
    out = render_frame(ds, frame)
    assert out.tolist() == [[0, 0], [0, 255]]
    assert render_frame(ds, np.array([[-2000, 200]], np.int16)).tolist() == [[0, 0]]  # constant


def test_default_window_ignores_padding_range():
    ds = gray_dataset(bits_stored=12, PixelPaddingValue=4095, PixelPaddingRangeLimit=4000)
    frame = np.array([[4000, 4095, 10, 20, 15]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[255, 255, 0, 255, 127]]


def test_default_window_from_smallest_and_largest_image_pixel_value():
    ds = gray_dataset(bits_stored=12, SmallestImagePixelValue=0, LargestImagePixelValue=1000)
    frame = np.array([[0, 500, 1000, 4000]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[0, 127, 255, 255]]


def test_default_window_is_in_modality_units():
    ds, stored = read_sample("CT_small.dcm")  # no window; rescale -1024
    low, high = float(stored.min()) - 1024, float(stored.max()) - 1024
    out = render_frame(ds, stored)
    expected = truncate((stored.astype(float) - 1024 - low) / (high - low) * 255)
    np.testing.assert_array_equal(out, expected)


def test_window_index_selects_among_header_windows():
    ds = gray_dataset(bits_stored=12, WindowCenter=[100, 2000], WindowWidth=[200, 4000])
    frame = np.array([[100, 2000]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[128, 255]]
    assert render_frame(ds, frame, window_index=1).tolist() == [[6, 127]]
    with pytest.raises(ValueError, match="window index 2 is out of range"):
        render_frame(ds, frame, window_index=2)
    presets = describe_windows(ds)
    assert [(p.kind, p.index, p.label, p.center, p.width) for p in presets] == [
        ("window", 0, "Window 1", 100.0, 200.0),
        ("window", 1, "Window 2", 2000.0, 4000.0),
    ]


def test_windows_take_precedence_over_voi_lut_unless_chosen():
    item = lut_item([4096, 0, 16], (np.arange(4096) * 16).tolist(), LUTExplanation="BONE")
    ds = gray_dataset(bits_stored=12, WindowCenter=100, WindowWidth=200, VOILUTSequence=sequence(item))
    frame = np.array([[100, 2048]], dtype=np.uint16)
    assert render_frame(ds, frame).tolist() == [[128, 255]]
    assert render_frame(ds, frame, voi_lut_index=0).tolist() == [[6, 128]]
    assert describe_windows(ds)[1].label == "VOI LUT 1: BONE (4096 entries from 0, 16 bit)"


def test_big_endian_frame_renders_like_little_endian():
    little, stored_little = read_sample("MR_small.dcm")
    big, stored_big = read_sample("MR_small_bigendian.dcm")
    assert not stored_big.dtype.isnative
    np.testing.assert_array_equal(render_frame(big, stored_big), render_frame(little, stored_little))


def test_32bit_data_is_evaluated_directly():
    ds, stored = read_sample("rtdose_1frame.dcm")
    renderer = GrayscaleRenderer(ds, stored=stored)
    assert renderer.table is None
    low, high = float(stored.min()), float(stored.max())
    expected = truncate((stored.astype(float) - low) / (high - low) * 255)
    np.testing.assert_array_equal(renderer.render(stored), expected)


def test_float_pixel_data():
    ds = gray_dataset(bits_stored=32, bits_allocated=32, WindowCenter=0.5, WindowWidth=1)
    frame = np.array([[0.0, 0.5, 1.0, np.nan]], dtype=np.float32)
    assert render_frame(ds, frame, voi_function="linear_exact").tolist() == [[0, 127, 255, 0]]


def test_slices_of_equal_parameters_share_their_tables_and_render_as_alone():
    """The slices of a series (equal rescale, bits, window) share one composed and one
    expanded table, read-only; a slice with another window or rescale gets its own."""
    from viewer.pipeline import tables

    tables.clear()
    attributes = dict(RescaleSlope=1, RescaleIntercept=-1024, WindowCenter=40, WindowWidth=400)
    slices = [gray_dataset(bits_stored=12, **attributes) for _ in range(3)]
    frames = [np.arange(k, 4096 * 16 + k, 16, dtype=np.uint16).reshape(64, 64) % 4096
              for k in range(3)]
    renderers = [GrayscaleRenderer(ds, stored=f) for ds, f in zip(slices, frames)]
    shown = [r.render(f) for r, f in zip(renderers, frames)]
    assert renderers[0].table is renderers[1].table is renderers[2].table
    assert renderers[0].expanded_table(np.uint16) is renderers[2].expanded_table(np.uint16)
    assert not renderers[0].table.flags.writeable
    for ds, frame, image in zip(slices, frames, shown):
        np.testing.assert_array_equal(image, render_frame(ds, frame))
        np.testing.assert_array_equal(image, compose.render_direct(
            frame, GrayscaleRenderer(ds, stored=frame).params, renderers[0].voi))
    other = GrayscaleRenderer(gray_dataset(bits_stored=12, **{**attributes, "WindowWidth": 80}),
                              stored=frames[0])
    assert other.table is not renderers[0].table
    renderers[1].set_window(-600, 1500)  # a window change on one slice leaves the others
    assert renderers[1].table is not renderers[0].table
    np.testing.assert_array_equal(renderers[0].render(frames[0]), shown[0])
    np.testing.assert_array_equal(renderers[1].render(frames[1]),
                                  render_frame(slices[1], frames[1], window=(-600, 1500)))
