"""MPR in the viewer area, driven by real keys and mouse: M opens the 1x3 layout of the
active series (axial, coronal, sagittal in radiological orientation), the crosshair is dragged,
scrolled, turned; window/level, measurement and slab work on the reformats; M goes back."""

from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest
from PySide6.QtCore import Qt

from viewer.viewing import crossref, mpr
from viewer.viewing.reformat import ReformatInstance
from viewing.ui_helpers import (center_of, drag, key, load, make_area, painted_gray, screen_of,
                                surface, wait_shown, wheel)
from ui.real_input import click_item
from viewing.volume_series import write_volume

SHAPE = (24, 40, 48)  # slices 2 mm apart, rows, columns 0.8 mm
ORIGIN = np.array([-20.0, -15.0, 30.0])


def field():
    k, r, c = np.mgrid[0:SHAPE[0], 0:SHAPE[1], 0:SHAPE[2]]
    return (20 * k + 5 * r + 3 * c + 500).astype(np.uint16)


@pytest.fixture
def area(qtbot, tmp_path):
    write_volume(tmp_path / "s", field(), "axial-head-first", reverse_numbers=True)
    area = make_area(qtbot, size=(1500, 600))
    area.show_series_list(load(tmp_path / "s"))
    wait_shown(qtbot, area.active_viewport)
    return area


def open_mpr(qtbot, area):
    key(qtbot, area.active_viewport, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: len(area.viewports) == 3 and all(
        isinstance(getattr(vp.ref, "instance", None), ReformatInstance)
        for vp in area.viewports), timeout=10000)
    for viewport in area.viewports:
        wait_shown(qtbot, viewport)
    return dict(zip(("axial", "coronal", "sagittal"), area.viewports))


def plane_of(viewport):
    return crossref.image_plane(viewport.ref.instance.ds, viewport.ref.frame_index)


def test_m_opens_three_reformats_in_radiological_orientation_and_back(qtbot, area):
    original = area.active_viewport.series
    views = open_mpr(qtbot, area)
    assert area.action_map["mpr"].isChecked()
    assert views["axial"].orientation_edges() == {"top": "A", "bottom": "P", "left": "R",
                                                  "right": "L"}
    assert views["coronal"].orientation_edges() == {"top": "H", "bottom": "F", "left": "R",
                                                    "right": "L"}
    assert views["sagittal"].orientation_edges() == {"top": "H", "bottom": "F", "left": "A",
                                                     "right": "P"}
    for viewport in views.values():  # square pixels at the in-plane spacing
        assert plane_of(viewport).spacing == pytest.approx((0.8, 0.8))
    # what is painted is the reformat through the pipeline: the axial at the centre slice
    axial = views["axial"]
    z = plane_of(axial).position[2]
    k = round((z - ORIGIN[2]) / 2.0)
    window = axial.current_window()
    hu = field()[k].astype(float) - 1024
    points = [(3, 4), (20, 30), (40, 10)]
    expected = np.clip(((hu - (window[0] - 0.5)) / (window[1] - 1) + 0.5) * 255, 0, 255)
    got = painted_gray(axial, points)
    assert got == pytest.approx([expected[r, c] for c, r in points], abs=1)
    volume = weakref.ref(area.mpr.volume)
    key(qtbot, area.active_viewport, Qt.Key.Key_M)
    assert len(area.viewports) == 1 and area.viewports[0].series is original
    assert not area.action_map["mpr"].isChecked()
    gc.collect()
    assert volume() is None  # no cache of the area keeps the volume alive


def test_dragging_the_crosshair_reslices_the_other_views(qtbot, area):
    views = open_mpr(qtbot, area)
    axial = views["axial"]
    centre = area.mpr.centre_pixel(axial)
    start = screen_of(axial, *centre)
    target_pixel = (centre[0] + 10, centre[1] - 8)  # 8 mm left, 6.4 mm anterior
    end = screen_of(axial, *target_pixel)
    drag(qtbot, axial, Qt.MouseButton.LeftButton, start, (end.x() - start.x(),
                                                           end.y() - start.y()))
    point = crossref.to_patient(plane_of(axial), target_pixel[0] - 0.5, target_pixel[1] - 0.5)
    wait_shown(qtbot, views["coronal"])
    wait_shown(qtbot, views["sagittal"])
    assert plane_of(views["coronal"]).position[1] == pytest.approx(point[1], abs=0.8)
    assert plane_of(views["sagittal"]).position[0] == pytest.approx(point[0], abs=0.8)
    screen_pixel = 0.8 / axial.zoom()  # mm: where the mouse was is known to a screen pixel
    assert area.mpr.cursor.centre[:2] == pytest.approx(point[:2], abs=screen_pixel)
    # the lines drawn on the axial cross at the new centre
    segments = area.mpr.segments(axial)
    assert set(segments) == {"coronal", "sagittal"}
    (c0, r0), (c1, r1) = segments["coronal"]
    assert r0 == pytest.approx(r1)
    assert r0 == pytest.approx(target_pixel[1] - 0.5, abs=1 / axial.zoom())


def test_wheel_moves_the_plane_and_the_lines_elsewhere(qtbot, area):
    views = open_mpr(qtbot, area)
    coronal = views["coronal"]
    before = plane_of(coronal).position[1]
    wheel(coronal, center_of(coronal), -120 * 3)  # three frames on
    qtbot.waitUntil(lambda: plane_of(coronal).position[1] != before)
    moved = plane_of(coronal).position[1]
    assert abs(moved - before) == pytest.approx(3 * 0.8, abs=1e-4)
    assert area.mpr.cursor.centre[1] == pytest.approx(moved)
    (c0, r0), _ = area.mpr.segments(views["axial"])["coronal"]
    assert crossref.to_patient(plane_of(views["axial"]), c0, r0)[1] == pytest.approx(moved)


def test_ctrl_shift_drag_turns_the_other_planes(qtbot, area):
    views = open_mpr(qtbot, area)
    axial = views["axial"]
    cx, cy = area.mpr.centre_pixel(axial)
    start, end = screen_of(axial, cx + 15, cy), screen_of(axial, cx + 15, cy + 15)  # 45 deg
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    drag(qtbot, axial, Qt.MouseButton.LeftButton, start, (end.x() - start.x(),
                                                           end.y() - start.y()), modifiers)
    qtbot.waitUntil(lambda: abs(plane_of(views["coronal"]).row[1]) > 0.5)
    row = plane_of(views["coronal"]).row
    angle = np.degrees(np.arctan2(row[1], row[0]))
    assert angle == pytest.approx(45, abs=4)  # screen pixels are rounded
    assert plane_of(views["axial"]).row == pytest.approx([1, 0, 0])  # the axial is unchanged
    sagittal = plane_of(views["sagittal"])
    assert np.dot(sagittal.normal, plane_of(views["coronal"]).normal) == pytest.approx(0,
                                                                                      abs=1e-6)


def test_window_zoom_and_measure_on_a_reformat(qtbot, area):
    views = open_mpr(qtbot, area)
    sagittal = views["sagittal"]
    before = sagittal.current_window()
    drag(qtbot, sagittal, Qt.MouseButton.RightButton, center_of(sagittal), (60, 0))
    assert sagittal.current_window()[1] > before[1]
    zoom = sagittal.zoom()
    wheel(sagittal, center_of(sagittal), 120, Qt.KeyboardModifier.ControlModifier)
    assert sagittal.zoom() == pytest.approx(zoom * 1.25)
    key(qtbot, sagittal, Qt.Key.Key_D)  # the distance tool
    start, end = screen_of(sagittal, 5.5, 5.5), screen_of(sagittal, 5.5, 30.5)
    drag(qtbot, sagittal, Qt.MouseButton.LeftButton, start, (end.x() - start.x(),
                                                              end.y() - start.y()))
    measurement = sagittal.measurements[-1][1]
    assert measurement.result.unit == "mm"
    assert measurement.result.value == pytest.approx(25 * 0.8, rel=0.06)


def test_slab_thickness_and_mode_apply_to_every_view(qtbot, area):
    views = open_mpr(qtbot, area)
    box = area.findChild(type(area.mpr.controls.thickness), "mprSlabThickness")
    assert box.isVisible()
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "4")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Enter)
    qtbot.waitUntil(lambda: all(vp.ref.instance.slab == mpr.Slab(4.0, "mip")
                                for vp in views.values()))
    coronal = views["coronal"]
    instance = coronal.ref.instance
    t = instance.positions[coronal.ref.frame_index]
    planes = [mpr.sample(instance.volume, instance.grid, t + d * 0.8) for d in (-2, -1, 0, 1, 2)]
    expected = np.max(planes, axis=0)
    stored = coronal.stored * instance.scale[0] + instance.scale[1]
    np.testing.assert_allclose(stored, expected, atol=instance.scale[0])
    mode = area.mpr.controls.mode
    qtbot.mouseClick(mode, Qt.MouseButton.LeftButton)  # the list pops up; click MinIP in it
    view = mode.view()
    qtbot.waitUntil(view.isVisible)
    qtbot.wait(400)  # a click too soon after the popup opened is ignored
    click_item(qtbot, view, view.model().index(1, 0))
    qtbot.waitUntil(lambda: coronal.ref.instance.slab.mode == "minip")


def test_a_tilted_series_says_why_there_is_no_mpr(qtbot, tmp_path):
    write_volume(tmp_path / "t", field(), "axial-head-first", tilt=0.5)
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path / "t"))
    wait_shown(qtbot, area.active_viewport)
    messages = []
    area.statusMessage.connect(messages.append)
    key(qtbot, area.active_viewport, Qt.Key.Key_M)
    qtbot.waitUntil(lambda: any("gantry tilt" in m for m in messages), timeout=10000)
    assert "gantry tilt" in area.viewports[0].canvas.message


def test_show_reformat_hook_shows_one_plane(qtbot, area):
    series = area.active_viewport.series
    area.set_layout(1, 2)
    target = area.viewports[1]
    area.show_reformat(target, series, "sagittal")
    qtbot.waitUntil(lambda: isinstance(getattr(target.ref, "instance", None), ReformatInstance),
                    timeout=10000)
    assert target.orientation_edges()["left"] == "A"
    assert area.viewports[0].series is series  # the other viewport is left alone
    assert len(area.viewports) == 2
    with pytest.raises(ValueError):
        area.show_reformat(target, series, "oblique")


def test_mpr_of_nothing_says_so(qtbot):
    area = make_area(qtbot)
    messages = []
    area.statusMessage.connect(messages.append)
    key(qtbot, area.active_viewport, Qt.Key.Key_M)
    assert messages and "MPR needs" in messages[-1]
    assert len(area.viewports) == 1 and not area.action_map["mpr"].isChecked()
    assert surface(area.active_viewport).isVisible()


def test_a_viewport_given_another_series_while_its_volume_builds_keeps_it(qtbot, area,
                                                                          tmp_path):
    other_folder = tmp_path / "other"
    write_volume(other_folder, field(), "coronal", seed=7)
    other = load(other_folder)[0]
    viewport = area.viewports[0]
    area.show_reformat(viewport, area.active_viewport.series, "coronal")
    assert area.mpr.is_waiting(viewport)
    viewport.set_series(other)  # (the reader, or the strip, put something else there)
    qtbot.waitUntil(lambda: area.mpr.volume is not None, timeout=30000)
    assert viewport.series is other and not area.mpr.is_waiting(viewport)
