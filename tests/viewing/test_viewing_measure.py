"""Distance and ROI statistics on known values, with Pixel / Imager Pixel Spacing."""

import math

import numpy as np
import pytest

from viewer.viewing.geometry import Spacing, pixel_aspect, pixel_spacing
from viewer.viewing.measure import distance, roi_mask, roi_stats
from viewing_builders import ct_dataset, ramp


def test_distance_in_mm_with_pixel_spacing():
    d = distance((10, 10), (13, 14), Spacing(0.5, 0.5, "pixel"))
    assert d.value == 2.5 and d.unit == "mm" and d.source == "pixel"


def test_distance_uses_row_and_column_spacing_separately():
    d = distance((0, 0), (4, 3), Spacing(2.0, 0.5, "pixel"))  # rows 2 mm apart, columns 0.5
    assert d.value == math.hypot(4 * 0.5, 3 * 2.0)


def test_distance_without_spacing_is_in_pixels():
    assert distance((0, 0), (3, 4), None) == (5.0, "px", None)


def test_spacing_from_header_pixel_then_imager():
    assert pixel_spacing(ct_dataset(ramp(), spacing=(0.5, 0.25))) == (0.5, 0.25, "pixel")
    imager = ct_dataset(ramp(), spacing=(0.2, 0.2), imager=True)
    assert pixel_spacing(imager) == (0.2, 0.2, "imager")
    assert distance((0, 0), (10, 0), pixel_spacing(imager)).source == "imager"
    assert pixel_spacing(ct_dataset(ramp(), spacing=None)) is None
    assert pixel_aspect(ct_dataset(ramp(), spacing=(0.5, 0.25))) == 0.5


def test_pixel_aspect_ratio_without_spacing():
    ds = ct_dataset(ramp(), spacing=None)
    ds.PixelAspectRatio = [2, 1]  # vertical : horizontal
    assert pixel_aspect(ds) == 0.5


def test_rectangle_roi_exact_statistics():
    values = ramp().astype(float) - 1024  # HU, row-major 0..4095 minus 1024
    # Columns 2..5 (centres 2.5..5.5) and rows 3..4 (centres 3.5, 4.5).
    stats = roi_stats("rectangle", (2, 3), (6, 5), values, Spacing(0.5, 0.5, "pixel"))
    inside = np.array([r * 64 + c for r in (3, 4) for c in range(2, 6)], dtype=float) - 1024
    assert stats.count == 8
    assert stats.area == 4 * 2 * 0.25 and stats.unit == "mm2"
    assert stats.mean == inside.mean() == 3 * 64 + 32 + 3.5 - 1024
    assert stats.sd == pytest.approx(np.sqrt(((inside - inside.mean()) ** 2).mean()), abs=0)
    assert (stats.min, stats.max) == (3 * 64 + 2 - 1024, 4 * 64 + 5 - 1024)


def test_rectangle_corners_in_any_order():
    values = ramp().astype(float)
    a = roi_stats("rectangle", (6, 5), (2, 3), values, None)
    b = roi_stats("rectangle", (2, 3), (6, 5), values, None)
    assert a == b and a.unit == "px2" and a.area == 8


def test_ellipse_roi_mask_and_area():
    mask = roi_mask("ellipse", (0, 0), (4, 4), 4, 4)
    # Circle of radius 2 about (2, 2): the corner pixel centres (0.5, 0.5) are outside.
    assert mask.sum() == 12 and not mask[0, 0] and mask[1, 1]
    stats = roi_stats("ellipse", (0, 0), (4, 4), np.ones((4, 4)), Spacing(0.5, 0.5, "pixel"))
    assert stats.area == math.pi * 4 * 0.25 and stats.mean == 1.0 and stats.sd == 0.0


def test_empty_roi_has_no_statistics():
    stats = roi_stats("ellipse", (1, 1), (1, 1), np.ones((4, 4)), None)
    assert stats.count == 0 and stats.mean is None and stats.area == 0
