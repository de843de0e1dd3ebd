"""Displayed area selection (PS3.3 C.10.4): corners before the transform, size modes, aspect."""

import numpy as np
import pytest

from viewer.dicom.gsps import DisplayedArea
from viewer.pipeline.displayed_area import area_rectangle, display_layout, pixel_aspect, resample
from viewer.pipeline.spatial import SpatialTransform
from viewer.viewing.gsps_save import displayed_area_corners

IMAGE = np.arange(16).reshape(4, 4)


def area(top_left, bottom_right, mode="SCALE TO FIT", **kw):
    return DisplayedArea(None, top_left, bottom_right, mode, **kw)


def test_whole_image_under_rotation_90_is_1_H_to_W_1():
    t = SpatialTransform(512, 256, 90)
    assert area_rectangle((1, 256), (512, 1), t) == (0.0, 0.0, 256.0, 512.0)
    assert displayed_area_corners(t, 0, 0, 256, 512) == ((1, 256), (512, 1))


def test_corners_written_without_regard_to_rotation_select_the_same_area():
    t = SpatialTransform(512, 256, 90)
    assert area_rectangle((1, 1), (512, 256), t) == (0.0, 0.0, 256.0, 512.0)


def test_scale_to_fit_without_size_shows_the_area_one_to_one():
    layout = display_layout(area((2, 2), (3, 3)), SpatialTransform(4, 4))
    assert (layout.canvas_width, layout.canvas_height) == (2, 2)
    assert resample(IMAGE, layout).tolist() == [[5, 6], [9, 10]]


def test_area_outside_the_image_is_black():
    layout = display_layout(area((0, 0), (5, 5)), SpatialTransform(4, 4))
    out = resample(IMAGE + 100, layout)
    assert out.shape == (6, 6)
    assert (out[0] == 0).all() and (out[:, 5] == 0).all()
    assert out[1:5, 1:5].tolist() == (IMAGE + 100).tolist()


def test_scale_to_fit_into_a_wider_output_centres_the_area():
    layout = display_layout(area((1, 1), (4, 4)), SpatialTransform(4, 4), viewport=(8, 4))
    out = resample(IMAGE + 1, layout)
    assert out[:, :2].tolist() == [[0, 0]] * 4 and out[:, 6:].tolist() == [[0, 0]] * 4
    assert out[:, 2:6].tolist() == (IMAGE + 1).tolist()


def test_magnify_repeats_pixels_by_the_ratio():
    layout = display_layout(area((2, 2), (3, 3), "MAGNIFY", magnification=2.0),
                            SpatialTransform(4, 4))
    assert resample(IMAGE, layout).tolist() == [[5, 5, 6, 6], [5, 5, 6, 6],
                                                [9, 9, 10, 10], [9, 9, 10, 10]]


def test_true_size_uses_presentation_pixel_spacing_and_the_display_pitch():
    spec = area((1, 1), (4, 4), "TRUE SIZE", pixel_spacing=(0.5, 0.5))
    layout = display_layout(spec, SpatialTransform(4, 4), display_pixel_spacing=0.25)
    assert (layout.scale_x, layout.canvas_width) == (2.0, 8)
    out = resample(IMAGE, layout)
    assert out[0, :4].tolist() == [0, 0, 1, 1]


def test_true_size_in_a_small_viewport_is_clipped_around_the_centre():
    spec = area((1, 1), (4, 4), "TRUE SIZE", pixel_spacing=(1.0, 1.0))
    layout = display_layout(spec, SpatialTransform(4, 4), viewport=(2, 2))
    assert resample(IMAGE, layout).tolist() == [[5, 6], [9, 10]]


def test_pixel_aspect_ratio_stretches_rows():
    spec = area((1, 1), (4, 2), aspect_ratio=(2, 1))  # pixels twice as tall as wide
    layout = display_layout(spec, SpatialTransform(4, 4))
    out = resample(IMAGE, layout)
    assert out.shape == (4, 4)
    assert out[:, 0].tolist() == [0, 0, 4, 4]


def test_aspect_swaps_under_rotation():
    assert pixel_aspect(None, (2, 1), 0) == 2.0
    assert pixel_aspect(None, (2, 1), 90) == 0.5
    assert pixel_aspect((0.8, 0.4), None, 0) == 2.0


def test_display_units_map_onto_the_displayed_area():
    layout = display_layout(area((3, 3), (6, 6)), SpatialTransform(8, 8))
    assert layout.display_to_image([(0, 0), (1, 1), (0.5, 0.5)]).tolist() == [
        [2.0, 2.0], [6.0, 6.0], [4.0, 4.0]]
    assert layout.to_canvas([(2.0, 2.0)]).tolist() == [[0.0, 0.0]]


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_rotated_area_shows_the_rotated_pixels(rotation):
    image = np.arange(48).reshape(6, 8)
    t = SpatialTransform(8, 6, rotation)
    spec = area((2, 3), (5, 4))  # columns 2..5, rows 3..4 of the stored image
    out = resample(t.array(image), display_layout(spec, t))
    expected = t.array(image[2:4, 1:5])
    assert out.tolist() == expected.tolist()
