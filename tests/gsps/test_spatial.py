"""Spatial transformation (PS3.3 C.10.6): rotation clockwise first, then horizontal flip."""

import numpy as np
import pytest

from viewer.pipeline.spatial import SpatialTransform, transform_array, transform_pixel, transform_points

A = np.array([[1, 2, 3, 4], [5, 6, 7, 8]])


def test_rotate_90_then_flip_is_a_transpose_not_flip_then_rotate():
    assert transform_array(A, 90, True).tolist() == [[1, 5], [2, 6], [3, 7], [4, 8]]
    flipped_first = transform_array(A[:, ::-1], 90, False)
    assert flipped_first.tolist() == [[8, 4], [7, 3], [6, 2], [5, 1]]


@pytest.mark.parametrize("rotation, expected", [
    (0, [[1, 2, 3, 4], [5, 6, 7, 8]]),
    (90, [[5, 1], [6, 2], [7, 3], [8, 4]]),
    (180, [[8, 7, 6, 5], [4, 3, 2, 1]]),
    (270, [[4, 8], [3, 7], [2, 6], [1, 5]]),
])
def test_rotation_is_clockwise(rotation, expected):
    assert transform_array(A, rotation).tolist() == expected


def test_rotate_180_and_flip_is_a_vertical_flip():
    assert transform_array(A, 180, True).tolist() == [[5, 6, 7, 8], [1, 2, 3, 4]]


def test_pixel_point_follows_rotation():
    (x, y), = transform_points([(256, 128)], 512, 512, 90)
    assert (x, y) == (384, 256)


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
@pytest.mark.parametrize("flip", [False, True])
def test_pixel_indices_agree_with_the_array(rotation, flip):
    image = np.arange(35).reshape(5, 7)
    out = transform_array(image, rotation, flip)
    t = SpatialTransform(7, 5, rotation, flip)
    for column in range(1, 8):
        for row in range(1, 6):
            new_column, new_row = t.pixel(column, row)
            assert out[new_row - 1, new_column - 1] == image[row - 1, column - 1]
            assert t.inverse_pixel(new_column, new_row) == (column, row)
    points = np.array([[0.25, 4.5], [6.0, 0.0], [3.3, 2.2]])
    assert np.allclose(t.inverse_points(t.points(points)), points)


def test_full_image_corners_under_rotation_90():
    t = SpatialTransform(300, 200, 90)  # W=300, H=200
    assert t.inverse_pixel(1, 1) == (1, 200)  # TLHC = (1, H)
    assert t.inverse_pixel(200, 300) == (300, 1)  # BRHC = (W, 1)


def test_transform_pixel_outside_the_image():
    assert transform_pixel(0, 0, 10, 10, 90) == (11, 0)


def test_bad_rotation_is_refused():
    with pytest.raises(ValueError, match="0, 90, 180 or 270"):
        transform_array(A, 45)
