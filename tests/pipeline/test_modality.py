"""Modality LUT stage (PS3.3 C.11.1) and functional groups of enhanced objects (C.7.6.16)."""

from __future__ import annotations

import numpy as np
import pytest
from pydicom.dataset import Dataset

from pipeline_builders import gray_dataset, linear_reference, lut_item, read_sample, sequence, truncate
from viewer.pipeline.modality import modality_range, modality_values
from viewer.pipeline.params import grayscale_params
from viewer.pipeline.render import describe_windows, render_frame


def test_ct_intercept_gives_hounsfield_units():
    ds, stored = read_sample("CT_small.dcm")
    assert float(ds.RescaleIntercept) == -1024
    hu = modality_values(ds, stored)
    assert hu.dtype == np.float64
    np.testing.assert_array_equal(hu, stored.astype(np.float64) - 1024)


def test_ct_window_applies_to_hounsfield_units():
    ds, stored = read_sample("CT_small.dcm")
    out = render_frame(ds, stored, window=(40, 400))
    np.testing.assert_array_equal(out, truncate(linear_reference(stored.astype(float) - 1024, 40, 400)))


def test_fractional_slope_is_not_rounded():
    ds = gray_dataset(bits_stored=12, RescaleSlope=0.5, RescaleIntercept=-0.25)
    assert modality_values(ds, np.array([3, 4])).tolist() == [1.25, 1.75]


@pytest.mark.parametrize(("first", "vr"), [(-2, "SS"), (65534, "US")])
def test_modality_lut_signed_first_value_and_clamping(first, vr):
    item = lut_item([4, first, 16], [10, 20, 30, 40], descriptor_vr=vr)
    ds = gray_dataset(bits_stored=12, signed=True, ModalityLUTSequence=sequence(item))
    stored = np.array([-2048, -5, -2, -1, 0, 1, 2, 2047], dtype=np.int16)
    assert modality_values(ds, stored).tolist() == [10, 10, 10, 20, 30, 40, 40, 40]


def test_modality_lut_first_value_unsigned_for_unsigned_pixels():
    item = lut_item([3, 65534, 16], [1, 2, 3])
    ds = gray_dataset(bits_stored=16, ModalityLUTSequence=sequence(item))
    stored = np.array([0, 65533, 65534, 65535], dtype=np.uint16)
    assert modality_values(ds, stored).tolist() == [1, 1, 1, 2]


def test_modality_lut_of_real_file():
    ds, stored = read_sample("mlut_18.dcm")
    item = ds.ModalityLUTSequence[0]
    assert list(item.LUTDescriptor) == [4096, -2048, 16]
    data = np.asarray(item.LUTData)
    np.testing.assert_array_equal(modality_values(ds, stored), data[stored.astype(int) + 2048])


def test_modality_lut_replaces_rescale_and_output_is_unsigned_for_voi():
    voi = lut_item([256, 0, 16], (np.arange(256) * 256).tolist())
    ds = gray_dataset(
        bits_stored=12,
        signed=True,
        RescaleSlope=2,
        RescaleIntercept=-1000,
        ModalityLUTSequence=sequence(lut_item([4096, 63488, 16], (np.arange(4096) // 16).tolist())),
        VOILUTSequence=sequence(voi),
    )
    params = grayscale_params(ds)
    assert params.rescale is None
    assert params.voi_luts[0].first_mapped == 0
    stored = np.array([[-2048, -1, 0, 2047]], dtype=np.int16)
    assert render_frame(ds, stored).tolist() == [[0, 127, 128, 255]]


def test_modality_range_with_negative_slope():
    params = grayscale_params(gray_dataset(bits_stored=8, RescaleSlope=-2, RescaleIntercept=10))
    assert modality_range(params, 0, 255) == (-500.0, 10.0)


def functional_group(**attributes) -> Dataset:
    item = Dataset()
    for keyword, value in attributes.items():
        setattr(item, keyword, value)
    return item


def enhanced_dataset() -> Dataset:
    """Two frames: rescale and window shared, frame 2 overrides them per frame."""
    shared = Dataset()
    shared.PixelValueTransformationSequence = sequence(
        functional_group(RescaleSlope=1, RescaleIntercept=-1024, RescaleType="HU")
    )
    shared.FrameVOILUTSequence = sequence(functional_group(WindowCenter=40, WindowWidth=400))
    frame_1 = Dataset()
    frame_2 = Dataset()
    frame_2.PixelValueTransformationSequence = sequence(
        functional_group(RescaleSlope=2, RescaleIntercept=-100)
    )
    frame_2.FrameVOILUTSequence = sequence(
        functional_group(
            WindowCenter=[100, 300],
            WindowWidth=[50, 600],
            WindowCenterWidthExplanation=["NARROW", "WIDE"],
            VOILUTFunction="LINEAR_EXACT",
        )
    )
    ds = gray_dataset(bits_stored=12, NumberOfFrames=2)
    ds.SharedFunctionalGroupsSequence = sequence(shared)
    ds.PerFrameFunctionalGroupsSequence = sequence(frame_1, frame_2)
    return ds


def test_functional_groups_per_frame_override_shared():
    ds = enhanced_dataset()
    stored = np.array([[0, 1000, 1064, 4095]], dtype=np.uint16)
    assert modality_values(ds, stored, 0).tolist() == [[-1024, -24, 40, 3071]]
    assert modality_values(ds, stored, 1).tolist() == [[-100, 1900, 2028, 8090]]
    assert render_frame(ds, stored, frame_index=0).tolist() == [[0, 86, 127, 255]]
    # frame 2: LINEAR_EXACT c=100 w=50 on 2*x-100
    assert render_frame(ds, np.array([[80, 90, 100, 101]], np.uint16), frame_index=1).tolist() == [
        [0, 25, 127, 137]
    ]
    labels = [(p.label, p.center, p.width, p.function) for p in describe_windows(ds, 1)]
    assert labels == [("NARROW", 100, 50, "LINEAR_EXACT"), ("WIDE", 300, 600, "LINEAR_EXACT")]


def test_enhanced_ct_shared_groups_of_real_file():
    ds, stored = read_sample("eCT_Supplemental.dcm", frame_index=1)
    np.testing.assert_array_equal(modality_values(ds, stored, 1), stored.astype(float) - 1024)
    out = render_frame(ds, stored, frame_index=1)
    np.testing.assert_array_equal(out, truncate(linear_reference(stored.astype(float) - 1024, 49, 102)))
