"""Distance and ROI tools drawn with real mouse drags on a known image (0.5 mm pixels)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from viewing.ui_helpers import drag, hover, key, load, make_area, screen_of, wait_shown
from viewing.viewing_builders import ct_dataset, ramp, write

LEFT = Qt.MouseButton.LeftButton


def show(qtbot, tmp_path, **kwargs):
    write(ct_dataset(ramp(), **kwargs), tmp_path / "1.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    viewport.actual_size()
    return area, viewport


def draw(qtbot, viewport, p0, p1):
    start = screen_of(viewport, *p0)
    end = screen_of(viewport, *p1)
    drag(qtbot, viewport, LEFT, start, (end.x() - start.x(), end.y() - start.y()))
    return viewport.current_measurements()[-1]


def test_distance_in_mm_from_pixel_spacing(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path, spacing=(0.5, 0.5))
    key(qtbot, viewport, Qt.Key.Key_D)
    m = draw(qtbot, viewport, (10, 10), (13, 14))
    assert (m.p0, m.p1) == ((10.0, 10.0), (13.0, 14.0))
    assert m.result == (2.5, "mm", "pixel") and m.text == "2.5 mm"
    assert m.label.isVisible()


def test_distance_with_only_imager_pixel_spacing_says_so(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path, spacing=(0.2, 0.2), imager=True)
    key(qtbot, viewport, Qt.Key.Key_D)
    m = draw(qtbot, viewport, (0, 0), (30, 40))
    assert m.text == "10.0 mm (detector)" and m.result.source == "imager"


def test_distance_in_pixels_without_spacing(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path, spacing=None)
    key(qtbot, viewport, Qt.Key.Key_D)
    assert draw(qtbot, viewport, (0, 0), (3, 4)).text == "5.0 px"


def test_rectangle_roi_statistics_in_hu(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path)
    key(qtbot, viewport, Qt.Key.Key_B)
    m = draw(qtbot, viewport, (2, 3), (6, 5))
    hu = np.array([r * 64 + c for r in (3, 4) for c in range(2, 6)], dtype=float) - 1024
    stats = m.result
    assert (stats.count, stats.area, stats.unit) == (8, 2.0, "mm2")
    assert (stats.mean, stats.min, stats.max) == (-796.5, -830.0, -763.0)
    assert stats.mean == hu.mean() and stats.sd == hu.std()
    assert m.text.splitlines() == ["Area 2.0 mm²", "Mean -796.5 SD 32.0 HU",
                                   "Min -830.0 Max -763.0 HU"]


def test_ellipse_roi(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path, spacing=(1.0, 1.0))
    key(qtbot, viewport, Qt.Key.Key_E)
    m = draw(qtbot, viewport, (0, 0), (4, 4))
    inside = [r * 64 + c - 1024 for r in range(4) for c in range(4)
              if (c + 0.5 - 2) ** 2 + (r + 0.5 - 2) ** 2 <= 4]
    assert m.result.count == 12 == len(inside)
    assert m.result.mean == pytest.approx(np.mean(inside), abs=1e-12)
    assert m.result.area == pytest.approx(np.pi * 4, abs=1e-12)


def test_measurements_belong_to_their_frame_and_delete_clears(qtbot, tmp_path):
    write(ct_dataset(ramp(), z=0, number=1), tmp_path / "1.dcm")
    write(ct_dataset(ramp(offset=5), z=1, number=2), tmp_path / "2.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    viewport.actual_size()
    key(qtbot, viewport, Qt.Key.Key_D)
    m = draw(qtbot, viewport, (1, 1), (5, 1))
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert viewport.current_measurements() == [] and not m.item.isVisible()
    key(qtbot, viewport, Qt.Key.Key_Up)
    wait_shown(qtbot, viewport)
    assert viewport.current_measurements() == [m] and m.item.isVisible()
    key(qtbot, viewport, Qt.Key.Key_Delete)
    assert viewport.measurements == [] and m.item.scene() is None


def test_click_without_drag_draws_nothing(qtbot, tmp_path):
    _, viewport = show(qtbot, tmp_path)
    key(qtbot, viewport, Qt.Key.Key_D)
    at = screen_of(viewport, 5, 5)
    qtbot.mouseClick(viewport.canvas.viewport(), LEFT, pos=at)
    assert viewport.measurements == []


def test_pixel_value_under_the_cursor_in_hu(qtbot, tmp_path):
    area, viewport = show(qtbot, tmp_path)
    messages = []
    area.statusMessage.connect(messages.append)
    hover(viewport, screen_of(viewport, 7.5, 2.5))
    assert messages[-1] == "(7, 2): -889 HU"  # stored 2 * 64 + 7 = 135, minus 1024
    assert "(7, 2): -889 HU" in viewport.annotation_text().splitlines()
