"""Stack scrolling by wheel, keys and slider; synchronised scrolling by Frame of Reference;
progressive loading; cine; a multi-frame MR object (pydicom-data emri_small.dcm)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from sampledata import pydicom_data_folder
from viewer.dicom import assemble_series, read_instance
from viewer.pipeline import render_frame
from viewing.ui_helpers import center_of, key, load, make_area, wait_shown, wheel
from viewing.viewing_builders import write_series


@pytest.fixture
def stack20(qtbot, tmp_path):
    write_series(tmp_path, 20)
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    return area, viewport


def test_wheel_scrolls_one_frame_per_notch(qtbot, stack20):
    _, viewport = stack20
    wheel(viewport, center_of(viewport), -120)
    assert viewport.state.frame == 1
    wheel(viewport, center_of(viewport), -360)
    assert viewport.state.frame == 4
    wheel(viewport, center_of(viewport), 120)
    assert viewport.state.frame == 3
    wheel(viewport, center_of(viewport), 60)  # half a notch (high-resolution wheel): no step
    assert viewport.state.frame == 3
    wheel(viewport, center_of(viewport), 60)
    assert viewport.state.frame == 2
    wait_shown(qtbot, viewport)
    np.testing.assert_array_equal(viewport.stored, viewport.series.frames[2].instance.frame(0))


def test_keys_scroll_and_clamp(qtbot, stack20):
    _, viewport = stack20
    for k, frame in [(Qt.Key.Key_Down, 1), (Qt.Key.Key_Right, 2), (Qt.Key.Key_Up, 1),
                     (Qt.Key.Key_PageDown, 3), (Qt.Key.Key_End, 19), (Qt.Key.Key_Down, 19),
                     (Qt.Key.Key_PageUp, 17), (Qt.Key.Key_Home, 0), (Qt.Key.Key_Left, 0)]:
        key(qtbot, viewport, k)
        assert viewport.state.frame == frame, k


def test_arrows_in_a_toolbar_box_change_the_box_not_the_image(qtbot, stack20):
    """The viewer's arrow keys are window shortcuts; a focused spin box or combo box of the
    toolbars keeps them (the frames-per-second box, the MPR slab mode)."""
    from PySide6.QtWidgets import QApplication

    area, viewport = stack20
    area.resize(2000, 700)  # every toolbar button shown (none in the overflow menu)
    box = area.fps_box
    before = box.value()
    qtbot.waitUntil(box.isVisible)
    qtbot.mouseClick(box.lineEdit(), Qt.MouseButton.LeftButton)  # (click focus)
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (box, box.lineEdit()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert box.value() == before + 1 and viewport.state.frame == 0
    area.mpr.controls.set_visible(True)  # (shown in MPR)
    mode = area.mpr.controls.mode
    mode.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is mode)
    index = mode.currentIndex()
    qtbot.keyClick(mode, Qt.Key.Key_Down)
    assert mode.currentIndex() == index + 1 and viewport.state.frame == 0
    key(qtbot, viewport, Qt.Key.Key_Down)  # back on the image: the shortcut again
    assert viewport.state.frame == 1


def test_slider_moves_the_frame_and_follows_it(qtbot, stack20):
    _, viewport = stack20
    viewport.slider.setValue(7)
    assert viewport.state.frame == 7
    key(qtbot, viewport, Qt.Key.Key_Down)
    assert viewport.slider.value() == 8
    wait_shown(qtbot, viewport)
    assert viewport.ref is viewport.series.frames[8]


def test_annotation_counts_images(qtbot, stack20):
    _, viewport = stack20
    key(qtbot, viewport, Qt.Key.Key_End)
    wait_shown(qtbot, viewport)
    lines = viewport.annotation_text().splitlines()
    assert "Im: 20/20" in lines and "Loc: 19 mm" in lines and "Thick: 1 mm" in lines


def two_stacks(qtbot, tmp_path, second_for="1.2.826.0.1.3680043.8.498.1"):
    write_series(tmp_path / "a", 10, step=1.0, series_number=1,
                 series_uid="1.2.826.0.1.3680043.8.498.10")
    write_series(tmp_path / "b", 4, step=2.5, series_number=2, for_uid=second_for,
                 series_uid="1.2.826.0.1.3680043.8.498.20")
    area = make_area(qtbot)
    area.set_layout(1, 2)
    area.show_series_list(load(tmp_path))
    first, second = area.viewports
    wait_shown(qtbot, first)
    wait_shown(qtbot, second)
    return area, first, second


def test_sync_scroll_picks_the_nearest_slice_of_the_same_frame_of_reference(qtbot, tmp_path):
    area, first, second = two_stacks(qtbot, tmp_path)
    assert (first.frame_count, second.frame_count) == (10, 4)
    for _ in range(7):
        key(qtbot, first, Qt.Key.Key_Down)
    assert first.state.frame == 7 and second.state.frame == 3  # z 7 -> 7.5
    key(qtbot, first, Qt.Key.Key_PageUp)
    assert first.state.frame == 6 and second.state.frame == 2  # z 6 -> 5.0
    wheel(second, center_of(second), -120)
    assert second.state.frame == 3 and first.state.frame == 7  # z 7.5 -> 7 (tie: first)
    key(qtbot, first, Qt.Key.Key_S)
    assert not area.sync_enabled
    key(qtbot, first, Qt.Key.Key_Home)
    assert first.state.frame == 0 and second.state.frame == 3


def test_no_sync_across_frames_of_reference(qtbot, tmp_path):
    _, first, second = two_stacks(qtbot, tmp_path, second_for="1.2.826.0.1.3680043.8.498.99")
    key(qtbot, first, Qt.Key.Key_End)
    assert first.state.frame == 9 and second.state.frame == 0


def test_progressive_loading_opens_at_the_first_image(qtbot, tmp_path):
    """Files are read in any order: a series that grows before the reader moved shows the
    first image of the stack (here slices 2-3 were read first, then all six)."""
    write_series(tmp_path, 6)
    instances = load(tmp_path)[0].instances
    area = make_area(qtbot)
    area.show_series_list(assemble_series(instances[2:4]))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    grown = assemble_series(instances)
    area.add_series(grown)
    assert viewport.frame_count == 6 and viewport.state.frame == 0
    qtbot.waitUntil(lambda: viewport.ref is viewport.series.frames[0])  # once decoded
    assert area.strip.count() == 1
    assert area.strip.item(0).text().endswith("6 image(s)")


def test_progressive_loading_keeps_the_frame_the_reader_chose(qtbot, tmp_path):
    write_series(tmp_path, 6)
    instances = load(tmp_path)[0].instances
    area = make_area(qtbot)
    area.show_series_list(assemble_series(instances[2:4]))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    key(qtbot, viewport, Qt.Key.Key_Down)  # the reader moves to the second image read
    shown = viewport.ref
    area.add_series(assemble_series(instances))
    assert viewport.frame_count == 6 and viewport.ref is shown
    assert viewport.state.frame == viewport.series.frames.index(shown)


def test_cine_steps_and_wraps_and_speed_keys(qtbot, stack20):
    area, viewport = stack20
    key(qtbot, viewport, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: area.loader.loader.pending() == 0)
    key(qtbot, viewport, Qt.Key.Key_Space)
    assert viewport.cine.isActive() and viewport.cine.interval() == round(1000 / 15)
    viewport._cine_tick()
    assert viewport.state.frame == 0
    viewport._cine_tick()
    assert viewport.state.frame == 1
    key(qtbot, viewport, Qt.Key.Key_BracketRight)
    assert viewport.fps == 20 and viewport.cine.interval() == 50 and area.fps_box.value() == 20
    key(qtbot, viewport, Qt.Key.Key_Space)
    assert not viewport.cine.isActive()


def test_multiframe_mr_scrolls_through_its_frames(qtbot):
    folder = pydicom_data_folder()  # fails, naming pydicom-data, when it is not installed
    assert (folder / "emri_small.dcm").is_file(), "pydicom-data has no emri_small.dcm"
    instance = read_instance(folder / "emri_small.dcm")
    area = make_area(qtbot)
    area.show_series_list(assemble_series([instance]))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert viewport.frame_count == 10
    key(qtbot, viewport, Qt.Key.Key_End)
    wait_shown(qtbot, viewport)
    assert viewport.ref.frame_index == 9
    stored = instance.frame(9)
    expected = render_frame(instance.ds, stored, frame_index=9)
    np.testing.assert_array_equal(viewport.canvas.image_item.image, expected)
    assert "Im: 10/10" in viewport.annotation_text().splitlines()


def test_a_frame_that_cannot_be_decoded_says_why(qtbot, tmp_path):
    from viewing.viewing_builders import ct_dataset, ramp, write

    ds = ct_dataset(ramp())
    ds.PixelData = ds.PixelData[:100]  # truncated pixel data
    write(ds, tmp_path / "1.dcm")
    area = make_area(qtbot)
    messages = []
    area.statusMessage.connect(messages.append)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    qtbot.waitUntil(lambda: viewport.loader.store.error(viewport.series.frames[0]) is not None)
    error = viewport.loader.store.error(viewport.series.frames[0])
    qtbot.waitUntil(lambda: error in messages)
    assert str(tmp_path / "1.dcm") in error
    viewport.fit()  # a later overlay refresh keeps saying it, in the middle of the viewport
    assert viewport.canvas.message == "This image cannot be shown:\n" + error
    assert "Im: 1/1" in viewport.canvas.corners["bl"] and viewport.ref is None
    assert viewport.canvas.image_item.image is None


def test_slider_value_follows_every_step_and_repaints_once_the_steps_pause(qtbot, stack20):
    """Its value changes with every frame; a burst of steps repaints it once at its end."""
    _, viewport = stack20
    slider = viewport.slider
    for frame in range(1, 7):
        key(qtbot, viewport, Qt.Key.Key_Down)
        assert slider.value() == frame == viewport.state.frame
    assert not slider.updatesEnabled()  # steps within the coalescing time: not repainted yet
    painted = []
    slider.installEventFilter(_paint_recorder(painted))
    qtbot.waitUntil(lambda: bool(painted))  # then once, where it is
    assert slider.updatesEnabled() and slider.value() == 6
    qtbot.waitUntil(lambda: not slider.coalescing)
    key(qtbot, viewport, Qt.Key.Key_Down)  # the first step after a pause repaints at once
    assert slider.updatesEnabled() and slider.value() == 7 and slider.coalescing


def _paint_recorder(painted):
    from PySide6.QtCore import QEvent, QObject

    class Recorder(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(obj)
            return False

    recorder = Recorder()
    _paint_recorder.kept = recorder  # alive while installed
    return recorder
