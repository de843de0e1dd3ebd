"""Saving the view as a GSPS from the viewer (Ctrl+S, label dialog, saver callback), and the
round trip: reopened in a fresh viewer, the saved state gives the same window, rotation and
displayed area, and the measurement comes back as a graphic."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit

from ui.dialogs import answer_file_dialog
from viewer.dicom import read_instance
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.viewing.display import Display
from viewer.viewing.gsps_save import write_presentation_state
from viewing.ui_helpers import center_of, drag, key, load, make_area, screen_of, wait_shown
from viewing.viewing_builders import ct_dataset, ramp, write

LEFT, RIGHT = Qt.MouseButton.LeftButton, Qt.MouseButton.RightButton
MIDDLE = Qt.MouseButton.MiddleButton
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def folder(tmp_path):
    for i in range(3):
        write(ct_dataset(ramp(offset=37 * i), z=i, number=i + 1), tmp_path / f"{i + 1:04d}.dcm")
    return tmp_path


def open_area(qtbot, folder):
    area = make_area(qtbot, (900, 700))
    area.show_series_list([s for s in load(folder) if s.frames])
    wait_shown(qtbot, area.active_viewport)
    return area, area.active_viewport


def draw_distance(qtbot, viewport, p0, p1):
    key(qtbot, viewport, Qt.Key.Key_D)
    start, end = screen_of(viewport, *p0), screen_of(viewport, *p1)
    drag(qtbot, viewport, LEFT, start, (end.x() - start.x(), end.y() - start.y()))
    return viewport.current_measurements()[-1]


def open_dialog(qtbot, area, viewport):
    """Ctrl+S in the viewport: the label dialog, active (typing goes to it)."""
    key(qtbot, viewport, Qt.Key.Key_S, CTRL)
    dialog = area.presentations.dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def save_with_dialog(qtbot, area, viewport, label: str):
    dialog = open_dialog(qtbot, area, viewport)
    assert dialog.label_edit.text() == "VIEW1"
    dialog.label_edit.selectAll()
    qtbot.keyClicks(dialog.label_edit, label)
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_Return)
    return dialog


def test_save_and_reopen_reproduces_the_view(qtbot, folder):
    area, viewport = open_area(qtbot, folder)
    viewport.actual_size()
    m = draw_distance(qtbot, viewport, (10, 12), (40, 12))
    assert m.text == "15.0 mm"
    drag(qtbot, viewport, RIGHT, center_of(viewport), (40, -30))
    key(qtbot, viewport, Qt.Key.Key_R)
    key(qtbot, viewport, Qt.Key.Key_Plus)
    drag(qtbot, viewport, MIDDLE, center_of(viewport), (25, 10))
    window, state = viewport.state.window, viewport.state
    rect = viewport.canvas.view_box.viewRect()
    saved = []
    area.set_presentation_state_saver(
        lambda ds: saved.append(write_presentation_state(ds, folder / "saved.dcm")) or saved[-1])

    save_with_dialog(qtbot, area, viewport, "my view")
    assert saved == [folder / "saved.dcm"]
    assert area.presentations.combo.currentText().startswith("MY VIEW")
    assert "PS: MY VIEW" in viewport.canvas.corners["br"]
    assert viewport.measurements == []  # now a graphic of the state
    ps = read_presentation_state(read_instance(saved[0]))
    assert (ps.info.label, ps.rotation, ps.flip) == ("MY VIEW", 90, False)
    assert ps.voi[0].windows[0][:2] == window and len(ps.references) == 3

    fresh, reopened = open_area(qtbot, folder)
    assert reopened.presentation.info.label == "MY VIEW"
    assert reopened.state.window is None and reopened.current_window() == window
    assert (reopened.state.rotation, reopened.state.flip_h) == (state.rotation, state.flip_h)
    assert reopened.zoom() == pytest.approx(state.zoom, rel=0.02)
    again = reopened.canvas.view_box.viewRect()
    for a, b in ((again.center().x(), rect.center().x()), (again.center().y(), rect.center().y())):
        assert abs(a - b) <= 1.0
    applied = AppliedPresentation(ps, reopened.ref.instance)
    assert np.array_equal(reopened.canvas.image_item.image,
                          applied.render_image(reopened.ref.instance.frame(0)))
    assert np.array_equal(reopened.canvas.image_item.image,
                          Display().render(reopened.ref, reopened.stored, window).image)
    line, text = reopened.ps_graphics.drawn
    matrix = reopened.image_matrix()
    assert line.kind == "polyline"
    assert line.points.tolist() == (np.array([[10, 12], [40, 12]]) @ matrix.T).tolist()
    assert text.text == "15.0 mm" and reopened.ps_graphics.labels[0].text() == "15.0 mm"


def test_the_saved_state_applies_to_the_other_images_of_the_series(qtbot, folder):
    area, viewport = open_area(qtbot, folder)
    draw_distance(qtbot, viewport, (5, 5), (20, 5))
    key(qtbot, viewport, Qt.Key.Key_R)
    area.set_presentation_state_saver(lambda ds: write_presentation_state(ds, folder / "s.dcm"))
    assert area.save_presentation_state("SERIES") == folder / "s.dcm"
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert "PS: SERIES" in viewport.canvas.corners["br"] and viewport.state.rotation == 1
    assert viewport.ps_graphics.drawn == []  # the measurement was on the first image


def test_label_dialog_takes_code_string_characters_only(qtbot, folder):
    area, viewport = open_area(qtbot, folder)
    dialog = open_dialog(qtbot, area, viewport)
    edit = dialog.label_edit
    edit.selectAll()
    qtbot.keyClicks(edit, "chest-pa * 2024 and more")
    assert edit.text() == "CHESTPA  2024 AN" and len(edit.text()) == 16
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    buttons = dialog.findChild(QDialogButtonBox)
    assert not buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and len(list(folder.glob("*.dcm"))) == 3  # the images


def test_without_a_saver_a_file_dialog_asks_where(qtbot, folder, tmp_path_factory):
    target = tmp_path_factory.mktemp("out") / "chosen.dcm"
    area, viewport = open_area(qtbot, folder)
    messages = []
    area.statusMessage.connect(messages.append)
    assert area.save_presentation_state("NOTE 1") is None  # asked where: open(), not exec()
    dialog = area.presentations.file_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert dialog.findChild(QLineEdit, "fileNameEdit").text() == "NOTE_1.dcm"
    assert not target.exists()
    answer_file_dialog(qtbot, dialog, target)
    assert read_instance(target).ds.ContentLabel == "NOTE 1"
    assert messages == [f"Presentation state NOTE 1 saved: {target}"]
    assert "PS: NOTE 1" in viewport.canvas.corners["br"]  # offered and picked at once


def test_nothing_shown_nothing_saved(qtbot):
    area = make_area(qtbot)
    messages = []
    area.statusMessage.connect(messages.append)
    key(qtbot, area.active_viewport, Qt.Key.Key_S, CTRL)
    assert area.presentations.dialog is None
    assert messages == ["No image is shown: nothing to save."]
    assert area.save_presentation_state("X") is None
    assert messages[-1].startswith("Presentation state not saved:")
