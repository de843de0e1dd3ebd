"""A study opened from the local list: the arrow keys scroll at once (the viewport has the
keyboard focus, no click first), and an axial stack opens at Instance Number 1 (the head),
however its files were written."""

import random
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from peerkit.make_series import make_series
from ui.real_input import click_item, focus, press, shortcut
from viewing.ui_helpers import wait_shown


@pytest.fixture
def shuffled_ct(tmp_path):
    """A 12-slice axial CT (Instance Number 1 at the head, z falling) in files named in a
    shuffled order, so neither the file order nor the read order is the stack's."""
    written = make_series(tmp_path / "made", 12, rows=64, cols=64, seed=7)
    folder = tmp_path / "study"
    folder.mkdir()
    names = list(range(len(written)))
    random.Random(11).shuffle(names)
    for path, name in zip(written, names):
        shutil.copy(path, folder / f"{name:03d}.dcm")
    return folder


def test_arrow_keys_scroll_a_study_just_opened_without_a_click(qtbot, ui, main_env, make_window,
                                                               shuffled_ct):
    window = make_window()
    ui.import_study(qtbot, window, shuffled_ct)
    shortcut(qtbot, window, "Ctrl+1")
    view = window.local.view
    click_item(qtbot, view, view.model().index(0, 0))
    press(qtbot, window, Qt.Key.Key_Return)
    viewer = window.viewer
    viewport = viewer.active_viewport
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2 and viewport.frame_count == 12,
                    timeout=30000)
    wait_shown(qtbot, viewport)
    assert viewport.ref.instance.instance_number == 1  # the head, not the feet
    z = [float(ref.instance.ds.ImagePositionPatient[2]) for ref in viewport.series.frames]
    assert z == sorted(z, reverse=True)
    assert focus(qtbot, window) is viewport.canvas
    press(qtbot, window, Qt.Key.Key_Down)
    assert viewport.state.frame == 1
    press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_Up)
    assert viewport.state.frame == 1
    wait_shown(qtbot, viewport)
    assert viewport.ref.instance.instance_number == 2
    assert QApplication.focusWidget() is viewport.canvas
