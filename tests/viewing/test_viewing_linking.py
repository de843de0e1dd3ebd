"""Linking rules, Qt-free: scrolling by position (same frame of reference), by position plus an
offset the reader set (a prior study), by index without geometry; linked zoom and pan."""

import numpy as np
import pytest

from viewer.viewing.geometry import Plane
from viewer.viewing.linking import (Links, Stack, follows_window, linked_center, linked_zoom,
                                    space)

AXIAL = np.array([0.0, 0.0, 1.0])
CORONAL = np.array([0.0, 1.0, 0.0])


def stack(z_values, for_uid="1.2.3.1", study="1.2.3.100", series="1.2.3.10", normal=AXIAL,
          modality="CT"):
    base = np.array([-100.0, -100.0, 0.0])
    planes = [None if z is None else Plane(base + normal * z, normal) for z in z_values]
    return Stack(planes, for_uid, series, study, modality)


def flat(count, study="1.2.3.100", series="1.2.3.30"):
    """A stack without geometry (a cine, a series without Image Position)."""
    return Stack([None] * count, None, series, study, "XA")


CURRENT = stack([-2.5 * k for k in range(40)])  # head first, 2.5 mm apart, z 0 .. -97.5
SAME_FOR = stack([-5.0 * k for k in range(20)], series="1.2.3.11")
PRIOR = stack([300.0 - 5.0 * k for k in range(20)], for_uid="1.2.3.2", study="1.2.3.200",
              series="1.2.3.20")


def test_same_frame_of_reference_follows_by_position_without_an_offset():
    links = Links()
    assert links.scroll_target(CURRENT, 10, SAME_FOR) == 5  # z -25
    assert links.scroll_target(SAME_FOR, 3, CURRENT) == 6  # z -15
    assert links.record_offset(CURRENT, 10, SAME_FOR, 2) is False  # linked by position already


def test_a_prior_study_follows_only_once_an_offset_is_set_then_both_ways():
    links = Links()
    assert links.scroll_target(CURRENT, 10, PRIOR) is None
    assert links.record_offset(CURRENT, 10, PRIOR, 7)  # z -25 here pairs with z 265 there
    assert links.offset_mm(CURRENT, PRIOR) == pytest.approx(290.0)
    assert links.offset_mm(PRIOR, CURRENT) == pytest.approx(-290.0)
    assert links.scroll_target(CURRENT, 10, PRIOR) == 7
    assert links.scroll_target(CURRENT, 14, PRIOR) == 9  # z -35 -> 255
    assert links.scroll_target(PRIOR, 12, CURRENT) == 20  # z 240 -> -50
    # the offset is the frames of reference's: another series of the prior's follows too
    prior_thin = stack([300.0 - 1.0 * k for k in range(100)], for_uid="1.2.3.2",
                       study="1.2.3.200", series="1.2.3.21")
    assert links.scroll_target(CURRENT, 14, prior_thin) == 45
    links.reset_offsets()
    assert links.scroll_target(CURRENT, 14, PRIOR) is None
    assert links.offset_mm(CURRENT, PRIOR) is None


def test_an_offset_given_in_mm_along_the_lead_normal():
    links = Links()
    assert links.set_offset(CURRENT, PRIOR, 290.0)
    assert links.scroll_target(CURRENT, 4, PRIOR) == 4  # z -10 -> 280
    assert links.scroll_target(PRIOR, 4, CURRENT) == 4  # and back
    assert links.offset_mm(CURRENT, PRIOR) == pytest.approx(290.0)
    assert not links.set_offset(CURRENT, SAME_FOR, 5.0)  # same frame of reference
    assert not links.set_offset(flat(5), PRIOR, 5.0)  # no geometry: no normal to offset along


def test_stacks_that_are_not_parallel_do_not_follow():
    coronal = stack([float(k) for k in range(30)], series="1.2.3.12", normal=CORONAL)
    links = Links()
    assert links.scroll_target(CURRENT, 5, coronal) is None
    assert links.record_offset(CURRENT, 5, PRIOR, 5)
    prior_coronal = stack([float(k) for k in range(30)], for_uid="1.2.3.2", study="1.2.3.200",
                          series="1.2.3.22", normal=CORONAL)
    assert links.scroll_target(CURRENT, 5, prior_coronal) is None


def test_without_geometry_the_same_study_follows_by_index():
    links = Links()
    cine, other = flat(10), flat(6, series="1.2.3.31")
    assert links.scroll_target(cine, 4, other) == 4
    assert links.scroll_target(cine, 9, other) == 5  # clamped at its last image
    assert links.scroll_target(cine, 4, flat(6, "1.2.3.200", "1.2.3.33")) is None  # a prior
    assert links.scroll_target(CURRENT, 4, cine) is None  # a stack beside a cine: unrelated
    assert links.scroll_target(cine, 4, CURRENT) is None


def test_an_offset_between_stacks_without_geometry_is_in_images():
    links = Links()
    cine, prior = flat(10), flat(10, study="1.2.3.200", series="1.2.3.32")
    assert links.record_offset(cine, 2, prior, 5)
    assert links.offset_mm(cine, prior) is None
    assert links.scroll_target(cine, 3, prior) == 6
    assert links.scroll_target(prior, 9, cine) == 6
    assert links.record_offset(CURRENT, 0, cine, 4)  # a stack and a cine, paired by the reader
    assert links.scroll_target(CURRENT, 3, cine) == 7


def test_scrolling_toggle_and_unknown_frames():
    links = Links()
    assert links.scroll_target(CURRENT, 40, SAME_FOR) is None  # beyond the lead's stack
    assert links.scroll_target(CURRENT, 3, None) is None
    assert space(flat(3)) == "series:1.2.3.30" and space(CURRENT) == "1.2.3.1"


def test_window_follows_the_same_modality_only():
    mr = stack([0.0], series="1.2.3.40", modality="MR")
    assert follows_window(CURRENT, PRIOR)
    assert not follows_window(CURRENT, mr)
    assert not follows_window(stack([0.0], modality=None), stack([0.0], modality=None))


def test_zoom_links_screen_pixels_per_mm_else_the_fitted_ratio():
    assert linked_zoom(None, 1.5, 0.5, 0.8, 1.0) is None  # fitted: the other fits too
    # 4 screen px per 0.5 mm pixel = 8 px/mm; a 1 mm pixel needs 8 px
    assert linked_zoom(4.0, 1.5, 0.5, 0.8, 1.0) == pytest.approx(8.0)
    assert linked_zoom(3.0, 1.5, None, 0.8, 1.0) == pytest.approx(1.6)  # twice its fit


def test_pan_centres_on_the_same_fraction_of_the_image():
    assert linked_center(None, (512, 512), (256, 256)) is None
    assert linked_center((128.0, 384.0), (512, 512), (256, 128)) == (32.0, 192.0)  # (x, y)
