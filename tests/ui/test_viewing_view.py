"""Zoom (keys, Ctrl+wheel, fit, 1:1), pan, rotation and flip, pixel aspect: where image points
land on screen and what is painted there."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from viewing.ui_helpers import (center_of, drag, key, load, make_area, painted_gray, screen_of,
                                surface, wait_shown, wheel)
from viewing.viewing_builders import ct_dataset, ramp, write

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def shown(qtbot, tmp_path):
    write(ct_dataset(ramp()), tmp_path / "1.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    return area, viewport


def span(viewport, p0, p1):
    a, b = screen_of(viewport, *p0), screen_of(viewport, *p1)
    return b.x() - a.x(), b.y() - a.y()


def test_fit_fills_the_smaller_side(shown):
    _, viewport = shown
    size = viewport.canvas.view_box.size()
    fitted = min(size.width(), size.height()) / 64
    assert viewport.state.zoom is None and viewport.zoom() == fitted
    assert "Zoom: %d%%" % round(fitted * 100) in viewport.annotation_text().splitlines()


def test_zoom_keys_one_to_one_and_fit(qtbot, shown):
    _, viewport = shown
    key(qtbot, viewport, Qt.Key.Key_0, CTRL)
    assert viewport.zoom() == 1.0 and span(viewport, (0, 0), (64, 64)) == (64, 64)
    key(qtbot, viewport, Qt.Key.Key_Plus)
    assert viewport.zoom() == 1.25 and span(viewport, (0, 0), (64, 64)) == (80, 80)
    key(qtbot, viewport, Qt.Key.Key_Minus)
    assert viewport.zoom() == 1.0
    key(qtbot, viewport, Qt.Key.Key_F)
    assert viewport.state.zoom is None


def test_ctrl_wheel_zooms_about_the_cursor(qtbot, shown):
    _, viewport = shown
    viewport.actual_size()
    at = screen_of(viewport, 10, 20)
    wheel(viewport, at, 120, CTRL)
    assert viewport.zoom() == 1.25
    after = screen_of(viewport, 10, 20)  # in place, to the whole pixel the edges snap to
    assert abs(after.x() - at.x()) <= 1 and abs(after.y() - at.y()) <= 1
    assert viewport.state.frame == 0


def test_pan_by_middle_and_shift_drag(qtbot, shown):
    _, viewport = shown
    viewport.actual_size()
    before = screen_of(viewport, 0, 0)
    drag(qtbot, viewport, Qt.MouseButton.MiddleButton, center_of(viewport), (30, -12))
    assert screen_of(viewport, 0, 0) == before + QPoint(30, -12)
    drag(qtbot, viewport, Qt.MouseButton.LeftButton, center_of(viewport), (-10, 4),
         Qt.KeyboardModifier.ShiftModifier)
    assert screen_of(viewport, 0, 0) == before + QPoint(20, -8)
    assert viewport.state.window is None


def test_rotate_right_turns_the_image_clockwise(qtbot, shown):
    _, viewport = shown
    viewport.actual_size()
    key(qtbot, viewport, Qt.Key.Key_R)
    assert viewport.state.rotation == 1
    # Image right (+x) now points down; image down (+y) points left.
    assert span(viewport, (0, 0), (10, 0)) == (0, 10)
    assert span(viewport, (0, 0), (0, 10)) == (-10, 0)
    expected = viewport.shown.image
    assert painted_gray(viewport, [(3, 60), (50, 2)]) == [expected[60, 3], expected[2, 50]]
    key(qtbot, viewport, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert viewport.state.rotation == 0 and span(viewport, (0, 0), (10, 0)) == (10, 0)


def test_flips(qtbot, shown):
    _, viewport = shown
    viewport.actual_size()
    key(qtbot, viewport, Qt.Key.Key_H)
    assert span(viewport, (0, 0), (10, 0)) == (-10, 0)
    assert span(viewport, (0, 0), (0, 10)) == (0, 10)
    key(qtbot, viewport, Qt.Key.Key_V)
    assert span(viewport, (0, 0), (0, 10)) == (0, -10)
    assert span(viewport, (0, 0), (10, 0)) == (-10, 0)
    expected = viewport.shown.image
    assert painted_gray(viewport, [(0, 0), (63, 63)]) == [expected[0, 0], expected[63, 63]]
    key(qtbot, viewport, Qt.Key.Key_Escape)
    assert viewport.state == type(viewport.state)(frame=0)
    assert span(viewport, (0, 0), (10, 10))[0] > 0


def test_non_square_pixels_keep_their_physical_aspect(qtbot, tmp_path):
    write(ct_dataset(ramp(), spacing=(1.0, 0.5)), tmp_path / "1.dcm")  # rows 1 mm, columns 0.5
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    viewport.actual_size()
    assert span(viewport, (0, 0), (64, 64)) == (32, 64)


def test_zoom_tool_drag_up_enlarges(qtbot, shown):
    _, viewport = shown
    viewport.actual_size()
    key(qtbot, viewport, Qt.Key.Key_Z)
    drag(qtbot, viewport, Qt.MouseButton.LeftButton, center_of(viewport), (0, -100))
    assert viewport.zoom() == pytest.approx(np.exp(0.5), rel=1e-12)
    assert surface(viewport).isVisible()
