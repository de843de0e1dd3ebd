"""View state math: window drag, rotation/flip composition, zoom, pan, auto window."""

import numpy as np
import pytest

from viewer.viewing import state as vs


def test_drag_window_moves_width_right_and_center_down_by_range_over_1024():
    # A 4096-HU range: 4 HU per screen pixel.
    assert vs.window_sensitivity(4096) == 4.0
    assert vs.drag_window((40, 400), 10, 0, 4096) == (40, 440)
    assert vs.drag_window((40, 400), 0, 5, 4096) == (60, 400)
    assert vs.drag_window((40, 400), -30, -5, 4096) == (20, 280)


def test_drag_window_never_narrower_than_one():
    assert vs.drag_window((40, 400), -1000, 0, 4096) == (40, 1.0)


def test_small_ranges_use_at_least_one_unit_over_1024():
    assert vs.window_sensitivity(0.5) == 1 / 1024


def test_rotate_four_times_is_identity_and_composes_on_screen():
    s = vs.ViewState()
    for _ in range(4):
        s = vs.rotate(s, 1)
    assert (s.rotation, s.flip_h, s.flip_v) == (0, False, False)
    r = vs.rotate(vs.ViewState(), 1)
    # Clockwise on screen with y down: the image's +x axis now points down (+y).
    assert vs.orientation_matrix(r) @ np.array([1, 0]) == pytest.approx([0, 1])
    assert vs.orientation_matrix(vs.rotate(r, -1)).tolist() == [[1, 0], [0, 1]]


def test_flip_then_rotate_is_applied_on_screen():
    s = vs.flip(vs.ViewState(), horizontal=True)
    assert vs.orientation_matrix(s).tolist() == [[-1, 0], [0, 1]]
    s = vs.rotate(s, 1)
    # Screen rotation after the mirror: x -> -x -> (0, -1) on screen.
    assert (vs.orientation_matrix(s) @ np.array([1, 0])).tolist() == [0, -1]
    v = vs.flip(vs.ViewState(), horizontal=False)
    assert vs.orientation_matrix(v).tolist() == [[1, 0], [0, -1]]
    assert vs.flip(v, horizontal=False) == vs.ViewState()


def test_zoom_by_limits_and_fit_zoom():
    s = vs.zoom_by(vs.ViewState(), 2.0, 1.5)
    assert s.zoom == 3.0
    assert vs.zoom_by(s, 1000, 3.0).zoom == vs.ZOOM_LIMITS[1]
    assert vs.fit_zoom((512, 512), (1000, 800)) == 800 / 512
    assert vs.fit(s).zoom is None and vs.actual_size(s).zoom == 1.0


def test_pan_follows_the_mouse_in_image_units():
    s = vs.ViewState()
    moved = vs.pan_by(s, (100.0, 50.0), 20, -10, aspect=1.0, zoom=2.0)
    assert moved.center == (90.0, 55.0)
    rotated = vs.rotate(s, 1)
    moved = vs.pan_by(rotated, (100.0, 50.0), 20, 0, aspect=1.0, zoom=1.0)
    # Rotated clockwise, screen right is image -y: the image point at center moves to y+20.
    assert moved.center == (100.0, 70.0)
    wide = vs.pan_by(s, (100.0, 50.0), 20, 0, aspect=2.0, zoom=1.0)
    assert wide.center == (90.0, 50.0)


def test_auto_window_spans_percentiles():
    values = np.arange(1001, dtype=float)
    center, width = vs.auto_window(values, 10, 90)
    assert (center, width) == (500.5, 801.0)
    assert vs.auto_window(np.full(5, np.nan)) is None
