"""Linked viewports through their keys: scrolling a prior study with an offset the reader sets
(Shift+S, reset Ctrl+Shift+S) and through the API "Compare with prior" calls; linked W/L
(Shift+W) across series of one modality; linked zoom/pan (Shift+Z) in mm."""

import pytest
from PySide6.QtCore import QPoint, Qt

from viewing.ui_helpers import center_of, key, load, make_area, surface, wait_shown, wheel
from viewing.viewing_builders import write_series

SHIFT, CTRL = Qt.KeyboardModifier.ShiftModifier, Qt.KeyboardModifier.ControlModifier
PRIOR_STUDY = "1.2.826.0.1.3680043.8.498.900"


def z_of(viewport) -> float:
    return float(viewport.series.frames[viewport.state.frame].instance.ds.ImagePositionPatient[2])


@pytest.fixture
def current_and_prior(qtbot, tmp_path):
    """Current: 20 slices 1 mm apart at z 0..19; prior (another study and frame of reference):
    10 slices 2 mm apart at z 500..518, in a 1x2 layout."""
    write_series(tmp_path / "a", 20, series_uid="1.2.826.0.1.3680043.8.498.10")
    write_series(tmp_path / "b", 10, step=2.0, z0=500.0, series_number=2,
                 series_uid="1.2.826.0.1.3680043.8.498.20", study_uid=PRIOR_STUDY,
                 for_uid="1.2.826.0.1.3680043.8.498.99", spacing=(1.0, 1.0))
    area = make_area(qtbot)
    area.set_layout(1, 2)
    area.show_series_list(load(tmp_path))
    current, prior = area.viewports
    assert current.series.study_instance_uid != prior.series.study_instance_uid
    wait_shown(qtbot, current)
    wait_shown(qtbot, prior)
    return area, current, prior


def test_a_prior_scrolls_with_the_current_study_once_the_offset_is_set(qtbot, current_and_prior):
    area, current, prior = current_and_prior
    for _ in range(4):
        key(qtbot, current, Qt.Key.Key_Down)
    assert (z_of(current), prior.state.frame) == (4.0, 0)  # not linked yet
    wheel(prior, center_of(prior), -240)  # the reader finds the same anatomy in the prior
    assert z_of(prior) == 504.0
    key(qtbot, current, Qt.Key.Key_S, SHIFT)  # current is active: offset = 500 mm
    assert area.linking.offset_mm(current, prior) == pytest.approx(500.0)
    for _ in range(6):
        key(qtbot, current, Qt.Key.Key_Down)
    assert (z_of(current), z_of(prior)) == (10.0, 510.0)
    wheel(prior, center_of(prior), 120)  # the prior leads too: z 508 -> 8
    assert z_of(current) == 8.0
    key(qtbot, prior, Qt.Key.Key_S, CTRL | SHIFT)  # reset: each on its own again
    assert area.linking.offset_mm(current, prior) is None
    key(qtbot, current, Qt.Key.Key_End)
    assert (z_of(current), z_of(prior)) == (19.0, 508.0)


def test_compare_with_prior_sets_the_offset_through_the_api(qtbot, current_and_prior):
    area, current, prior = current_and_prior
    assert area.linking.link_offset(current, prior, mm=496.0)
    key(qtbot, current, Qt.Key.Key_End)
    assert z_of(prior) == 514.0  # 19 + 496 = 515: nearest of 514 and 516, the first
    key(qtbot, current, Qt.Key.Key_Home)
    assert z_of(prior) == 500.0  # 496 is before the prior's first slice: its nearest
    assert not area.linking.link_offset(current, current)
    area.set_sync(False)  # linked scrolling off: the offset stays but nothing follows
    assert not area.action_map["sync"].isChecked()
    key(qtbot, current, Qt.Key.Key_End)
    assert z_of(prior) == 500.0


def test_linked_window_goes_to_series_of_the_same_modality(qtbot, tmp_path):
    write_series(tmp_path / "a", 3, series_uid="1.2.826.0.1.3680043.8.498.10")
    write_series(tmp_path / "b", 3, series_number=2, series_uid="1.2.826.0.1.3680043.8.498.20")
    write_series(tmp_path / "c", 3, series_number=3, series_uid="1.2.826.0.1.3680043.8.498.30",
                 modality="MR")
    area = make_area(qtbot)
    area.set_layout(2, 2)
    area.show_series_list(load(tmp_path))
    first, second, mr = area.viewports[:3]
    for viewport in (first, second, mr):
        wait_shown(qtbot, viewport)
    key(qtbot, first, Qt.Key.Key_4)  # lung preset, not linked yet
    assert first.current_window() == (-600, 1500) and second.state.window is None
    key(qtbot, first, Qt.Key.Key_W, SHIFT)
    assert area.action_map["link_window"].isChecked()
    assert second.current_window() == (-600, 1500)  # turned on: the others take it at once
    key(qtbot, first, Qt.Key.Key_A)  # auto window
    assert second.state.window == first.state.window != (-600, 1500)
    assert mr.state.window is None  # an MR series keeps its own
    qtbot.mouseClick(surface(second), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert area.active_viewport is second
    key(qtbot, second, Qt.Key.Key_0)  # the image's own window, from the other one
    assert first.state.window is None
    key(qtbot, second, Qt.Key.Key_W, SHIFT)
    key(qtbot, second, Qt.Key.Key_4)
    assert first.state.window is None and second.current_window() == (-600, 1500)


def test_linked_zoom_and_pan_keep_the_same_mm_per_screen_pixel(qtbot, current_and_prior):
    area, current, prior = current_and_prior  # pixels 0.5 mm here, 1 mm in the prior
    key(qtbot, current, Qt.Key.Key_Z, SHIFT)
    assert area.action_map["link_view"].isChecked()
    for _ in range(3):
        key(qtbot, current, Qt.Key.Key_Plus)
    assert prior.state.zoom == pytest.approx(current.state.zoom * 2)
    current.pan_by(current.image_center(), 40, 0)
    assert current.state.center is not None
    assert prior.state.center == pytest.approx(current.state.center)  # both 64x64
    key(qtbot, current, Qt.Key.Key_F)  # fit: the other fits too
    assert prior.state.zoom is None


def test_a_compared_prior_follows_the_readers_offset_alone(qtbot, current_and_prior):
    """Compare with prior links a pair (PriorScrolling, by position: the stacks do not overlap,
    so their centres are lined up); once the reader sets an offset (Shift+S), only the general
    linking moves the prior - by the reader's offset."""
    from viewer.ui.viewing.prior_scroll import PriorScrolling

    area, current, prior = current_and_prior
    area.prior_scrolling = PriorScrolling(area)
    area.prior_scrolling.link(current, prior)
    key(qtbot, current, Qt.Key.Key_End)
    assert z_of(prior) == 518.0  # centres lined up: 19 -> 518.5, its nearest
    assert area.linking.link_offset(current, prior, mm=496.0)  # the reader's, differing
    key(qtbot, current, Qt.Key.Key_Home)
    assert z_of(prior) == 500.0  # 0 + 496: the prior's nearest, not the centres' 500.5 -> 500
    key(qtbot, current, Qt.Key.Key_End)
    assert z_of(prior) == 514.0  # 19 + 496 = 515 -> 514 (the centres' link would say 518)
