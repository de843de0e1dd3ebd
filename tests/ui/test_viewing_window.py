"""Window/level by real mouse drags, presets on number keys, invert, auto window: the painted
pixels are the pipeline's frame for the window the viewport reports."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from viewer.pipeline import GrayscaleRenderer
from viewing.ui_helpers import (center_of, drag, expected_at, key, load, make_area,
                                painted_gray, wait_shown)
from viewing.viewing_builders import write_series

POINTS = [(0, 0), (10, 5), (31, 31), (40, 50), (63, 63)]
RANGE_STEP = 4095 / 1024  # ramp covers HU -1024..3071: the drag moves 4095/1024 per pixel


@pytest.fixture
def shown(qtbot, tmp_path):
    write_series(tmp_path, 3)
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    viewport.actual_size()
    return area, viewport


def pipeline(viewport, window):
    ref, stored = viewport.ref, viewport.stored
    return GrayscaleRenderer(ref.instance.ds, ref.frame_index, stored=stored,
                             window=window).render(stored)


def assert_painted(viewport, expected):
    np.testing.assert_array_equal(viewport.canvas.image_item.image, expected)
    assert painted_gray(viewport, POINTS) == expected_at(expected, POINTS)


def test_header_window_is_painted_at_one_to_one(shown):
    _, viewport = shown
    assert viewport.current_window() == (40.0, 400.0)
    assert viewport.zoom() == 1.0
    assert_painted(viewport, pipeline(viewport, None))


def test_right_drag_changes_width_horizontally_and_center_vertically(qtbot, shown):
    _, viewport = shown
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (40, 20))
    assert viewport.state.window == (40 + 20 * RANGE_STEP, 400 + 40 * RANGE_STEP)
    assert_painted(viewport, pipeline(viewport, viewport.state.window))


def test_ctrl_left_drag_windows_too_and_up_left_lowers(qtbot, shown):
    _, viewport = shown
    drag(qtbot, viewport, Qt.MouseButton.LeftButton, center_of(viewport), (-30, -16),
         Qt.KeyboardModifier.ControlModifier)
    assert viewport.state.window == (40 - 16 * RANGE_STEP, 400 - 30 * RANGE_STEP)
    assert_painted(viewport, pipeline(viewport, viewport.state.window))


def test_second_drag_starts_from_the_current_window(qtbot, shown):
    _, viewport = shown
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (40, 0))
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (40, 0))
    assert viewport.state.window == (40.0, 400 + 80 * RANGE_STEP)


def test_window_stays_when_scrolling(qtbot, shown):
    _, viewport = shown
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (0, 30))
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert viewport.state.frame == 1
    assert viewport.shown.window == (40 + 30 * RANGE_STEP, 400.0)
    assert_painted(viewport, pipeline(viewport, viewport.state.window))


@pytest.mark.parametrize("digit, window", [
    (Qt.Key.Key_1, (40, 80)), (Qt.Key.Key_4, (-600, 1500)), (Qt.Key.Key_8, (400, 1800)),
])
def test_number_keys_apply_ct_presets(qtbot, shown, digit, window):
    _, viewport = shown
    key(qtbot, viewport, digit)
    assert viewport.current_window() == window
    assert_painted(viewport, pipeline(viewport, window))


def test_zero_restores_the_header_window(qtbot, shown):
    _, viewport = shown
    key(qtbot, viewport, Qt.Key.Key_1)
    key(qtbot, viewport, Qt.Key.Key_0)
    assert viewport.state.window is None and viewport.current_window() == (40.0, 400.0)
    assert_painted(viewport, pipeline(viewport, None))


def test_invert_paints_the_complement(qtbot, shown):
    area, viewport = shown
    key(qtbot, viewport, Qt.Key.Key_I)
    assert viewport.state.invert and area.action_map["invert"].isChecked()
    expected = pipeline(viewport, None)
    assert painted_gray(viewport, POINTS) == [255 - v for v in expected_at(expected, POINTS)]
    key(qtbot, viewport, Qt.Key.Key_I)
    assert painted_gray(viewport, POINTS) == expected_at(expected, POINTS)


def test_auto_window_spans_the_1_to_99_percentiles(qtbot, shown):
    _, viewport = shown
    key(qtbot, viewport, Qt.Key.Key_A)
    hu = viewport.stored.astype(float) - 1024
    lo, hi = np.percentile(hu, [1, 99])
    assert viewport.state.window == ((lo + hi + 1) / 2, hi - lo + 1)
    assert_painted(viewport, pipeline(viewport, viewport.state.window))


def test_right_click_without_moving_opens_the_menu_not_a_window_change(qtbot, shown):
    _, viewport = shown
    widget = viewport.canvas.viewport()
    at = center_of(viewport)
    qtbot.mousePress(widget, Qt.MouseButton.RightButton, pos=at)
    qtbot.mouseRelease(widget, Qt.MouseButton.RightButton, pos=at + QPoint(1, 0))
    assert viewport.state.window is None
    menu = viewport.context_menu_widget
    assert menu.isVisible()
    assert [a.text() for a in menu.actions()][0] == "DICOM tags…"
    menu.close()
