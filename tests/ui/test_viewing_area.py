"""ViewerArea: layouts, thumbnails (double-click, drag and drop), active viewport, actions for
Help, the tag browser, Japanese names in the corner annotation, colour images."""

import numpy as np
import pytest
from pydicom.data import get_charset_files, get_testdata_file
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from viewer.dicom import assemble_series, read_instance
from viewer.pipeline import render_frame
from viewer.ui.viewing.tagbrowser import CREATOR, NAME
from viewer.ui.viewing.viewport import SERIES_MIME
from viewing.ui_helpers import center_of, drag, hover, key, load, make_area, wait_shown
from viewing.viewing_builders import write_series


@pytest.fixture
def three(qtbot, tmp_path):
    for number in (1, 2, 3):
        write_series(tmp_path / str(number), 2, series_number=number,
                     series_uid=f"1.2.826.0.1.3680043.8.498.{number}00")
    area = make_area(qtbot)
    shown = []
    area.seriesShown.connect(shown.append)
    area.show_series_list(load(tmp_path))
    return area, shown


def uid(number):
    return f"1.2.826.0.1.3680043.8.498.{number}00"


def test_first_series_in_the_active_viewport_others_fill_the_layout(qtbot, three):
    area, shown = three
    assert area.strip.count() == 3 and shown == [uid(1)]
    assert [vp.series_uid for vp in area.viewports] == [uid(1)]
    area.set_layout(2, 2)
    assert len(area.viewports) == 4
    assert [vp.series_uid for vp in area.viewports] == [uid(1), uid(2), uid(3), None]
    assert all(vp.isVisible() for vp in area.viewports)
    area.set_layout(1, 2)
    assert [vp.series_uid for vp in area.viewports] == [uid(1), uid(2)]
    with pytest.raises(ValueError):
        area.set_layout(3, 3)


def test_layout_shortcuts(qtbot, three):
    area, _ = three
    key(qtbot, area.active_viewport, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert len(area.viewports) == 4
    key(qtbot, area.active_viewport, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert len(area.viewports) == 2 and area.grid.itemAtPosition(1, 0) is not None


def test_click_activates_and_highlights_a_viewport(qtbot, three):
    area, _ = three
    area.set_layout(1, 2)
    second = area.viewports[1]
    qtbot.mouseClick(second.canvas.viewport(), Qt.MouseButton.LeftButton, pos=center_of(second))
    assert area.active_viewport is second
    assert second.is_active and not area.viewports[0].is_active
    assert "#f0a020" in second.styleSheet()


def test_double_click_on_a_thumbnail_shows_it_in_the_active_viewport(qtbot, three):
    area, shown = three
    item = area.strip.item(2)
    rect = area.strip.visualItemRect(item)
    # A real double click: press, release, then the double-click event.
    qtbot.mouseClick(area.strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(area.strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert area.active_viewport.series_uid == uid(3) and shown[-1] == uid(3)
    wait_shown(qtbot, area.active_viewport)


def test_dropping_a_thumbnail_on_a_viewport_shows_it_there(qtbot, three):
    area, shown = three
    area.set_layout(1, 2)
    target = area.viewports[1]
    mime = area.strip.mimeData([area.strip.item(2)])
    assert bytes(mime.data(SERIES_MIME)).decode() == uid(3)
    at = QPointF(target.rect().center())
    enter = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(at, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)
    assert target.series_uid == uid(3) and area.active_viewport is target
    assert shown[-1] == uid(3)
    other = QMimeData()
    other.setText("not a series")
    refused = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, other,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, refused)
    assert not refused.isAccepted()


def test_actions_have_names_and_shortcuts_for_help(qtbot, three):
    area, _ = three
    listing = {a.text(): a.shortcut().toString() for a in area.actions()}
    assert listing["Next image"] == "Down" and listing["Zoom in"] == "+"
    assert listing["DICOM tags…"] == "Ctrl+I" and listing["Invert"] == "I"
    assert listing["Window preset 1"] == "1" and listing["Distance tool"] == "D"
    assert listing["Layout 2x2"] == "Alt+4" and listing["Play/pause cine"] == "Space"
    assert all(a.shortcut().toString() for a in area.actions())
    shortcuts = [s.toString() for a in area.actions() for s in a.shortcuts()]
    assert len(shortcuts) == len(set(shortcuts))


def test_tag_browser_filter_finds_a_tag(qtbot, three):
    area, _ = three
    wait_shown(qtbot, area.active_viewport)
    key(qtbot, area.active_viewport, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    browser = area.tag_browser
    assert browser is not None and browser.isVisible()
    assert "(0008,0060)" in browser.visible_tags()
    browser.filter_box.setText("0010,0010")
    assert browser.visible_tags() == ["(0010,0010)"]
    browser.filter_box.setText("SeriesNumber")
    assert browser.visible_tags() == ["(0020,0011)"]
    browser.filter_box.setText("")
    assert len(browser.visible_tags()) > 20


def test_tag_browser_shows_private_creators_and_sequences(qtbot):
    instance = read_instance(get_testdata_file("CT_small.dcm"))
    area = make_area(qtbot)
    area.show_series_list(assemble_series([instance]))
    wait_shown(qtbot, area.active_viewport)
    browser = area.show_tags()
    browser.filter_box.setText("GEMS_IDEN_01")
    visible = browser.visible_tags()
    assert "(0009,1001)" in visible and "(0010,0010)" not in visible
    item = browser.tree.findItems("(0009,1001)", Qt.MatchFlag.MatchExactly, 0)[0]
    assert (item.text(NAME), item.text(CREATOR)) == ("Full fidelity", "GEMS_IDEN_01")


def test_japanese_patient_name_in_the_corner_annotation(qtbot):
    instance = read_instance(get_charset_files("chrH31.dcm")[0])
    area = make_area(qtbot)
    area.show_series_list(assemble_series([instance]))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    lines = viewport.annotation_text().splitlines()
    assert lines[0] == "山田 太郎 (やまだ たろう)"  # as in the lists (viewer.dicom.names)
    assert viewport.canvas.corners["tl"][0] == lines[0]


def test_colour_image_shows_without_window(qtbot):
    instance = read_instance(get_testdata_file("SC_rgb.dcm"))
    area = make_area(qtbot)
    area.show_series_list(assemble_series([instance]))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    stored = instance.frame(0)
    np.testing.assert_array_equal(viewport.canvas.image_item.image, render_frame(instance.ds, stored))
    assert viewport.shown.colour and viewport.canvas.image_item.image.shape[2] == 3
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (50, 50))
    assert viewport.state.window is None
    assert "Colour" in viewport.annotation_text().splitlines()
    hover(viewport, center_of(viewport) + QPoint(1, 1))
    assert viewport.hover_text.split(": ")[1].startswith("R ")
