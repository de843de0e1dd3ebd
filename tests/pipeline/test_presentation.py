"""Presentation LUT stage (PS3.3 C.11.4, C.11.6): shapes, MONOCHROME1, Presentation LUT Sequence."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline_builders import gray_dataset, linear_reference, lut_item, read_sample, sequence, truncate
from viewer.pipeline.presentation import inverse, presentation_stage
from viewer.pipeline.render import render_frame

RAMP = np.arange(4096, dtype=np.uint16).reshape(64, 64)
WINDOW = {"WindowCenter": 2000, "WindowWidth": 3001}


def windowed(frame=RAMP) -> np.ndarray:
    return linear_reference(frame.astype(float), 2000, 3001)


def test_inverse_is_relative_to_nominal_range():
    assert inverse(np.array([0.0, 0.6391, 127.5, 255.0])).tolist() == pytest.approx(
        [255.0, 254.3609, 127.5, 0.0]
    )
    assert presentation_stage(np.array([10.0]), "IDENTITY").tolist() == [10.0]


@pytest.mark.parametrize("shape", [None, "INVERSE"])
def test_monochrome1_is_inverted_exactly_once(shape):
    extra = {"PresentationLUTShape": shape} if shape else {}
    ds = gray_dataset(bits_stored=12, photometric="MONOCHROME1", **WINDOW, **extra)
    out = render_frame(ds, RAMP)
    np.testing.assert_array_equal(out, truncate(255 - windowed()))
    assert out[0, 0] == 255 and out[-1, -1] == 0


def test_monochrome1_with_identity_shape_is_not_inverted():
    """An explicit shape is the whole truth (PS3.4 N.2.1.4); DCMTK 3.6.7 agrees."""
    ds = gray_dataset(
        bits_stored=12, photometric="MONOCHROME1", PresentationLUTShape="IDENTITY", **WINDOW
    )
    np.testing.assert_array_equal(render_frame(ds, RAMP), truncate(windowed()))


def test_monochrome2_inverse_shape_on_a_frame_that_does_not_span_the_range():
    ds = gray_dataset(
        bits_stored=12, PresentationLUTShape="INVERSE", WindowCenter=2048, WindowWidth=4096
    )
    frame = np.arange(1000, 1100, dtype=np.uint16).reshape(10, 10)
    out = render_frame(ds, frame)
    expected = truncate(255 - linear_reference(frame.astype(float), 2048, 4096))
    np.testing.assert_array_equal(out, expected)
    assert out.max() == 192 and out.min() == 186  # not stretched to the frame's 255..0


def test_inverse_default_window_of_monochrome1_cr():
    ds, stored = read_sample("dicomdirtests/77654033/CR1/6154")
    assert ds.PhotometricInterpretation == "MONOCHROME1"
    center, width = float(ds.WindowCenter), float(ds.WindowWidth)
    hu = stored * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    expected = truncate(255 - linear_reference(hu, center, width))
    np.testing.assert_array_equal(render_frame(ds, stored), expected)


def test_presentation_lut_sequence_maps_voi_output():
    # 256 entries of 12 bits: P = 4095 - 16 * i (an inverse with 12-bit P-values)
    entries = 4095 - 16 * np.arange(256)
    ds = gray_dataset(
        bits_stored=12,
        PresentationLUTSequence=sequence(lut_item([256, 0, 12], entries.tolist())),
        **WINDOW,
    )
    v = windowed()
    expected = (entries[np.floor(v + 1e-9).astype(int)] >> 4).astype(np.uint8)
    np.testing.assert_array_equal(render_frame(ds, RAMP), expected)


def test_presentation_lut_sequence_replaces_monochrome1_inversion():
    identity = np.arange(1024) * 64
    ds = gray_dataset(
        bits_stored=12,
        photometric="MONOCHROME1",
        PresentationLUTSequence=sequence(lut_item([1024, 0, 16], identity.tolist())),
        **WINDOW,
    )
    v = windowed()
    expected = (identity[np.floor(v * 1023 / 255 + 1e-9).astype(int)] >> 8).astype(np.uint8)
    np.testing.assert_array_equal(render_frame(ds, RAMP), expected)
