"""Reference lines (plane-plane intersection clipped to both images, checked against an
independent per-edge solution) and the 3D cursor's nearest slice."""

import numpy as np
import pytest
from pydicom.dataset import Dataset

from viewer.viewing.crossref import (ImagePlane, distance_to, image_plane, nearest_to_point,
                                     reference_line, to_patient, to_pixel)

SIZE, SPACING = 256, 1.4


def plane(position, orientation, rows=SIZE, columns=SIZE, spacing=SPACING) -> ImagePlane:
    ds = Dataset()
    ds.ImagePositionPatient = list(position)
    ds.ImageOrientationPatient = list(orientation)
    ds.PixelSpacing = [spacing, spacing]
    ds.Rows, ds.Columns = rows, columns
    found = image_plane(ds)
    assert found is not None
    return found


def localizer():  # a coronal topogram, rows going to the feet from z = 0
    return plane((-SIZE * SPACING / 2, 0, 0), (1, 0, 0, 0, 0, -1))


def axial(z, columns=SIZE, x0=-SIZE * SPACING / 2):
    return plane((x0, -SIZE * SPACING / 2, z), (1, 0, 0, 0, 1, 0), columns=columns)


def same_segment(found, expected, tolerance=1e-9):
    assert found is not None
    a, b = (np.asarray(p) for p in found)
    c, d = (np.asarray(p) for p in expected)
    forward = max(np.abs(a - c).max(), np.abs(b - d).max())
    backward = max(np.abs(a - d).max(), np.abs(b - c).max())
    assert min(forward, backward) <= tolerance, (found, expected)


@pytest.mark.parametrize("index", [0, 1, 17, 39])
def test_axial_slice_on_the_localizer_is_a_row(index):
    z = -5.0 * index
    row = -z / SPACING  # the localizer's rows step 1.4 mm to the feet from z = 0
    same_segment(reference_line(axial(z), localizer()), ((-0.5, row), (SIZE - 0.5, row)))


def test_the_line_is_as_wide_as_the_active_image():
    narrow = axial(-10.0, columns=100, x0=-70.0)  # x from -70.7 to 69.3 mm (pixel edges)
    start, end = (-70.7 + 179.2) / SPACING, (69.3 + 179.2) / SPACING
    same_segment(reference_line(narrow, localizer()),
                 ((start, 10 / SPACING), (end, 10 / SPACING)))


def test_localizer_on_an_axial_slice_is_the_coronal_line_y_zero():
    column_of_y0 = 179.2 / SPACING  # y = 0 is row 128 - 0.5 of the axial slice
    same_segment(reference_line(localizer(), axial(-20.0)),
                 ((-0.5, column_of_y0), (SIZE - 0.5, column_of_y0)))


def independent_segment(active: ImagePlane, other: ImagePlane):
    """The line a*c + b*r + d = 0 of *other*'s pixels on *active*'s plane, met with the four
    edges of *other*'s rectangle (active's rectangle taken as large enough)."""
    n = np.cross(active.row, active.column)
    a = other.spacing[1] * np.dot(n, other.row)
    b = other.spacing[0] * np.dot(n, other.column)
    d = np.dot(n, other.position - active.position)
    lo_c, hi_c, lo_r, hi_r = -0.5, other.columns - 0.5, -0.5, other.rows - 0.5
    points = []
    for c in (lo_c, hi_c):
        if b:
            r = -(a * c + d) / b
            if lo_r <= r <= hi_r:
                points.append((c, r))
    for r in (lo_r, hi_r):
        if a:
            c = -(b * r + d) / a
            if lo_c <= c <= hi_c:
                points.append((c, r))
    return points[0], points[-1]


@pytest.mark.parametrize("tilt", [10.0, 30.0, -45.0, 80.0])
def test_oblique_plane_on_the_localizer(tilt):
    t = np.radians(tilt)  # an axial-ish plane tilted about x, wide enough not to clip
    big = plane((-2000.0, -2000.0 * np.cos(t), -150.0 - 2000.0 * np.sin(t)),
                (1, 0, 0, 0, np.cos(t), np.sin(t)), rows=4000, columns=4000, spacing=1.0)
    found = reference_line(big, localizer())
    same_segment(found, independent_segment(big, localizer()), tolerance=1e-6)
    for end in found:  # and each end lies on the active plane
        assert distance_to(big, to_patient(localizer(), *end)) < 1e-6


def test_an_oblique_localizer_row_direction():
    t = np.radians(20.0)  # a coronal plane turned about z
    turned = plane((-150.0, 0.0, 0.0), (np.cos(t), np.sin(t), 0, 0, 0, -1))
    found = reference_line(axial(-30.0), turned)
    # the axial slice ends at x = -179.2 + 255.5 * 1.4 = 178.5 mm before the turned plane does
    end = (178.5 + 150.0) / (np.cos(t) * SPACING)
    same_segment(found, ((-0.5, 30 / SPACING), (end, 30 / SPACING)), tolerance=1e-9)


def test_no_line_for_parallel_or_disjoint_images():
    assert reference_line(axial(0.0), axial(-5.0)) is None
    assert reference_line(localizer(), localizer()) is None
    assert reference_line(axial(100.0), localizer()) is None  # above the topogram's top
    behind = plane((-179.2, 300.0, 0.0), (1, 0, 0, 0, 0, -1))  # coronal behind the axial
    assert reference_line(behind, axial(-10.0)) is None


def test_pixel_and_patient_coordinates_round_trip():
    p = axial(-12.5)
    point = to_patient(p, 10.0, 20.0)
    np.testing.assert_allclose(point, [-179.2 + 14.0, -179.2 + 28.0, -12.5])
    assert to_pixel(p, point) == pytest.approx((10.0, 20.0))


def test_nearest_slice_to_a_point():
    stack = [axial(-5.0 * i) for i in range(40)]
    assert nearest_to_point(stack, [0, 0, -12.0]) == 2
    assert nearest_to_point(stack, [0, 0, -12.5]) == 2  # a tie: the first
    assert nearest_to_point(stack, [50, -20, -13.0]) == 3
    assert nearest_to_point(stack, [0, 0, 500.0]) == 0
    assert nearest_to_point([None, localizer()], [0, 40, -100]) == 1
    assert nearest_to_point([None], [0, 0, 0]) is None


def test_incomplete_geometry_has_no_plane():
    ds = Dataset()
    ds.ImagePositionPatient, ds.ImageOrientationPatient = [0, 0, 0], [1, 0, 0, 0, 1, 0]
    ds.Rows, ds.Columns = 4, 4
    assert image_plane(ds) is None  # no Pixel Spacing
    ds.PixelSpacing = [1, 1]
    assert image_plane(ds) is not None
    ds.ImageOrientationPatient = [1, 0, 0, 1, 0, 0]
    assert image_plane(ds) is None
