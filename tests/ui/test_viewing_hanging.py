"""Hanging protocols in the viewer area, driven by real keys and mouse clicks: the protocol
chosen for each built-in case when the study opens, stages stepped with "." and ",", priors
from the open studies and from the local archive, the Layout menu's protocol list, the editor
dialog, "Save current layout as protocol", a malformed protocols file."""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from ui.real_input import LEFT, click, click_item, double_click_item, type_text
from tests.dicom import sr_builders
from viewer.store import Archive
from viewer.ui.viewing.hanging_show import show_reformat
from viewer.ui.viewing.mpr_view import reformat_of
from viewer.viewing.hanging import FILE_NAME
from viewer.viewing.hanging_match import Placement
from viewing.hanging_builders import (as_series, chest_xr, ct_chest, ct_head, mammogram,
                                      mr_brain, write_study)
from viewer.viewing.hanging_views import image_view
from viewing.ui_helpers import make_area, wait_shown


@pytest.fixture
def settings_folder(tmp_path, monkeypatch):
    """A private settings folder: the protocols file is read from beside settings.json."""
    folder = tmp_path / "config"
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(folder / "settings.json"))
    return folder


@pytest.fixture
def area(qtbot, settings_folder):
    area = make_area(qtbot, size=(1000, 800))
    area.messages = []
    area.statusMessage.connect(area.messages.append)
    return area


def hung(area):
    """(series description, views, preset, mirrored) of each visible viewport."""
    return [None if vp.series is None else
            (vp.series.description, [image_view(i.ds) for i in vp.series.instances],
             vp.state.preset, vp.state.flip_h) for vp in area.viewports]


def press(qtbot, area, key):
    """A key pressed where the keyboard focus is (a viewport's canvas)."""
    area.active_viewport.canvas.setFocus()
    qtbot.waitUntil(area.active_viewport.canvas.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), key)


def test_each_built_in_case_is_hung_by_its_protocol(qtbot, area):
    area.show_series_list(as_series(ct_chest()))
    assert area.hanging.protocol.name == "CT chest" and len(area.viewports) == 3
    # the third viewport: the MPR's coronal reformat of the lung series, once its volume is built
    qtbot.waitUntil(lambda: reformat_of(area.viewports[2]) is not None, timeout=30000)
    assert reformat_of(area.viewports[2]).plane == "coronal"
    assert area.mpr.source.description == "Thorax 1.0 Bl57 LUNG"
    assert [(d, p) for d, _, p, _ in hung(area)[:2]] == [
        ("Thorax 2.0 Br40 mediastinum", None), ("Thorax 1.0 Bl57 LUNG", "ct.lung")]
    assert area.viewports[2].state.preset == "ct.lung"  # kept though the volume came later
    for viewport in area.viewports:
        wait_shown(qtbot, viewport)
    assert area.viewports[1].current_window() == (-600, 1500)  # the lung preset, painted
    assert area.viewports[2].current_window() == (-600, 1500)
    assert any(m == "Hanging protocol: CT chest, stage 1 of 2: Soft tissue, lung, coronal"
               for m in area.messages), area.messages

    area.show_series_list(as_series(ct_head()))
    assert area.hanging.protocol.name == "CT head"
    assert [(d, p) for d, _, p, _ in hung(area)] == [
        ("Head 5.0 H30s", "ct.brain"), ("Head 2.0 H70h BONE", "ct.bone")]

    area.show_series_list(as_series(mr_brain()))
    assert area.hanging.protocol.name == "MR brain"
    assert [d for d, *_ in hung(area)] == ["ax T1 SE", "ax T2 TSE", "ax FLAIR",
                                           "ax DWI trace b1000"]

    area.show_series_list(as_series(chest_xr()))
    assert area.hanging.protocol.name == "CR/DX chest PA + lateral"
    assert [v for _, v, _, _ in hung(area)] == [["PA"], ["LAT"]]

    area.show_series_list(as_series(mammogram()))
    assert area.hanging.protocol.name == "Mammography 4-up"
    assert [(v, mirrored) for _, v, _, mirrored in hung(area)] == [
        (["CC"], True), (["CC"], False), (["MLO"], False), (["MLO"], True)]
    assert area.active_viewport is area.viewports[0]


def test_a_reformat_viewport_asks_the_area_for_its_plane(qtbot, area):
    asked = []

    def show_reformat(viewport, series, plane, then=None):  # the MPR's entry point, recorded
        asked.append((area.all_viewports().index(viewport), series.description, plane))
        viewport.set_series(series)
        then(viewport)

    area.show_reformat = show_reformat
    area.show_series_list(as_series(ct_chest()))
    assert asked == [(2, "Thorax 1.0 Bl57 LUNG", "coronal")]
    assert area.viewports[2].state.preset == "ct.lung"


def test_without_mpr_a_reformat_viewport_shows_the_series_itself(qtbot, area, caplog):
    series = as_series(ct_chest())[1]
    without_mpr = SimpleNamespace(seriesShown=area.seriesShown)
    viewport = area.viewports[0]
    show_reformat(without_mpr, viewport, Placement(series, reformat="sagittal"))
    assert viewport.series is series
    qtbot.waitUntil(lambda: "no reformat (MPR) in this viewer: sagittal shows series"
                    in caplog.text)


def test_stage_keys_step_through_the_stages_a_prior_makes_possible(qtbot, area):
    current, prior = mammogram(), mammogram(date="20220301")
    area.show_series_list(as_series(current + prior))  # two studies of the patient opened
    assert area.hanging.protocol.name == "Mammography 4-up"
    dates = lambda: [vp.series.instances[0].ds.StudyDate for vp in area.viewports]  # noqa: E731
    assert dates() == ["20240610"] * 4
    press(qtbot, area, Qt.Key.Key_Period)
    assert area.hanging.stage == 1 and [v for _, v, _, _ in hung(area)] == [["CC"]] * 4
    assert dates() == ["20240610", "20240610", "20220301", "20220301"]
    assert [m for *_, m in hung(area)] == [True, False, True, False]
    assert "stage 2 of 3: CC: current above prior" in area.messages[-1]
    press(qtbot, area, Qt.Key.Key_Period)
    assert area.hanging.stage == 2 and [v for _, v, _, _ in hung(area)] == [["MLO"]] * 4
    press(qtbot, area, Qt.Key.Key_Period)
    assert area.hanging.stage == 0  # round again
    press(qtbot, area, Qt.Key.Key_Comma)
    assert area.hanging.stage == 2


def test_without_a_prior_the_prior_stages_are_skipped(qtbot, area):
    area.show_series_list(as_series(mammogram()))
    press(qtbot, area, Qt.Key.Key_Period)
    assert area.hanging.stage == 0 and len(area.viewports) == 4


def test_a_prior_in_the_local_archive_is_found_and_hung(qtbot, area, tmp_path):
    prior = write_study(tmp_path / "prior", chest_xr(views=("LL", "PA"), one_series=True,
                                                      date="20230105"))
    with Archive.open(tmp_path / "store") as archive:
        archive.import_paths([prior])
        archive.flush(10)
        area.set_archive(archive)
        area.show_series_list(as_series(chest_xr()))
        qtbot.waitUntil(lambda: area.hanging.protocol.name
                        == "CR/DX chest PA + lateral with prior", timeout=10000)
        assert len(area.viewports) == 4
        assert [v for _, v, _, _ in hung(area)] == [["PA"], ["LAT"], ["PA"], ["LAT"]]
        assert [vp.series.instances[0].ds.StudyDate for vp in area.viewports] == [
            "20240610", "20240610", "20230105", "20230105"]
        press(qtbot, area, Qt.Key.Key_Period)
        assert len(area.viewports) == 2 and [v for _, v, _, _ in hung(area)] == [["PA"]] * 2
        area.set_archive(None)


def test_series_arriving_later_are_hung_where_the_protocol_wants_them(qtbot, area):
    series = as_series(ct_chest())
    soft = [s for s in series if "mediastinum" in s.description]
    area.show_series_list(soft)  # the first batch of a study read progressively
    assert area.hanging.protocol.name == "CT chest"
    area.add_series(series)
    assert [d for d, *_ in hung(area)[:2]] == ["Thorax 2.0 Br40 mediastinum",
                                               "Thorax 1.0 Bl57 LUNG"]
    assert area.viewports[1].state.preset == "ct.lung"
    # the third waits for its coronal reformat (nothing else is put there meanwhile)
    qtbot.waitUntil(lambda: reformat_of(area.viewports[2]) is not None, timeout=30000)
    assert area.mpr.source.description == "Thorax 1.0 Bl57 LUNG"


def test_after_the_reader_changes_the_layout_arriving_series_fill_empty_viewports(qtbot, area):
    series = as_series(ct_chest())
    soft, lung = ([s for s in series if key in s.description] for key in ("mediastinum", "LUNG"))
    area.show_series_list(soft)
    assert area.hanging.protocol.name == "CT chest"
    # no lung series yet: the soft tissue again in the lung window rather than an empty view
    assert [(vp.series.description, vp.state.preset) for vp in area.viewports[:2]] == [
        ("Thorax 2.0 Br40 mediastinum", None), ("Thorax 2.0 Br40 mediastinum", "ct.lung")]
    press(qtbot, area, Qt.Key.Key_1)  # a preset key is not a layout change
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert len(area.viewports) == 4 and area.viewports[3].series is None
    area.add_series(soft + lung)
    assert area.hanging.protocol is None
    assert area.viewports[3].series.description == "Thorax 1.0 Bl57 LUNG"
    assert area.viewports[3].state.preset is None  # as the area hangs it: no protocol preset
    assert area.viewports[1].state.preset == "ct.lung"  # the reader's: not hung again
    area.add_series(series)  # more arrives: the reader's layout stays
    assert area.hanging.protocol is None and len(area.viewports) == 4


def test_what_the_reader_opened_is_not_replaced_by_a_protocol_chosen_later(qtbot, area):
    images = ct_chest()
    report = sr_builders.japanese_report(study_uid=images[0].StudyInstanceUID,
                                         image_uid=images[1].SOPInstanceUID)
    area.show_series_list(as_series([report]))  # the report came first: no protocol for it
    strip = area.strip
    double_click_item(qtbot, strip, strip.indexFromItem(strip.item(0)))  # the reader reads it
    first = area.active_viewport
    qtbot.waitUntil(lambda: first.report_view is not None and first.report_view.isVisible())
    area.add_series(as_series(images))  # then the images arrive: CT chest would match now
    assert area.hanging.protocol is None
    assert first.report_view.isVisible() and first.series.series_instance_uid == \
        as_series([report])[0].series_instance_uid


def choose_in_layout_menu(qtbot, area, *path):
    """Click the toolbar's Layout button, then the entries of *path* (a submenu is opened by
    clicking its entry): the button's menu is exec()'d, so the clicks into it are queued
    before. A step that cannot be done closes the menus and fails the test."""
    steps, menus, problems = list(path), [None], []

    def click_next(tries=0):
        menu = menus[-1] or QApplication.activePopupWidget()
        if menu is None or not menu.isVisible():
            if tries > 200:
                problems.append(f"no menu for {steps[0]!r}")
                return
            QTimer.singleShot(20, lambda: click_next(tries + 1))
            return
        action = next((a for a in menu.actions() if a.text() == steps[0]), None)
        if action is None or not action.isEnabled():
            problems.append(f"{steps[0]!r} not enabled in {[a.text() for a in menu.actions()]}")
            while QApplication.activePopupWidget() is not None:
                QApplication.activePopupWidget().close()
            return
        steps.pop(0)
        menus.append(action.menu())
        qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())
        if steps:
            QTimer.singleShot(20, click_next)

    QTimer.singleShot(0, click_next)
    button = next(b for b in area.toolbar.findChildren(type(area.presets_button))
                  if b.text() == "Layout")
    qtbot.mouseClick(button, LEFT)
    qtbot.waitUntil(lambda: bool(problems) or (not steps and QApplication.activePopupWidget() is None))
    assert not problems, problems


def test_another_protocol_is_picked_in_the_layout_menu(qtbot, area):
    area.show_series_list(as_series(ct_chest()))
    choose_in_layout_menu(qtbot, area, "Hanging protocol", "CT head")
    assert area.hanging.protocol.name == "CT head" and len(area.viewports) == 2
    assert [p for _, _, p, _ in hung(area)] == ["ct.brain", "ct.bone"]


def test_save_current_layout_as_protocol(qtbot, area, settings_folder):
    area.show_series_list(as_series(ct_chest()))
    press(qtbot, area, Qt.Key.Key_Period)  # stage 2: soft tissue | lung
    right = area.viewports[1]
    qtbot.mouseClick(right.canvas.viewport(), LEFT, pos=right.canvas.viewport().rect().center())
    assert area.active_viewport is right
    press(qtbot, area, Qt.Key.Key_8)  # bone window in the right one
    choose_in_layout_menu(qtbot, area, "Save current layout as protocol…")
    dialog = area.hanging.name_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert isinstance(dialog, QInputDialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog, "My chest")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Saved hanging protocol My chest" in area.messages)
    saved = json.loads((settings_folder / FILE_NAME).read_text(encoding="utf-8"))
    protocol = saved["protocols"][0]
    assert protocol["name"] == "My chest"
    assert protocol["match"] == {"modality": ["CT"], "body_part": ["CHEST"],
                                 "study_description": ["CT THORAX W/O CONTRAST"]}
    assert protocol["stages"][0]["layout"] == [1, 2]
    assert [v.get("preset") for v in protocol["stages"][0]["viewports"]] == [None, "ct.bone"]
    area.show_series_list(as_series(ct_chest()))  # the next such study: the user's wins
    assert area.hanging.protocol.name == "My chest" and len(area.viewports) == 2
    assert [p for _, _, p, _ in hung(area)] == [None, "ct.bone"]


def replace_text(qtbot, dialog, text):
    """Click into the protocol's text, select all of it, type *text* over it."""
    qtbot.mouseClick(dialog.text.viewport(), LEFT)
    qtbot.waitUntil(dialog.text.hasFocus)
    qtbot.keyClick(dialog.text, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, dialog, text)
    assert json.loads(dialog.text.toPlainText()) == json.loads(text)


def test_the_editor_checks_and_saves_a_protocol(qtbot, area, settings_folder):
    area.show_series_list(as_series(chest_xr()))
    choose_in_layout_menu(qtbot, area, "Hanging protocols…")
    dialog = area.hanging.dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    names = [dialog.list.item(i).text() for i in range(dialog.list.count())]
    row = names.index("CR/DX chest PA + lateral  (built-in)")
    click_item(qtbot, dialog.list, dialog.list.model().index(row, 0))
    text = json.loads(dialog.text.toPlainText())
    assert text["stages"][0]["layout"] == [1, 2]
    # a mistake first: the message says where, nothing is kept
    wrong = dict(text, stages=[dict(text["stages"][0], layout=[3, 1])])
    replace_text(qtbot, dialog, json.dumps(wrong))
    click(qtbot, dialog.apply_button)
    assert "'layout' must be one of [1, 1], [1, 2], [2, 1], [2, 2], [1, 3]" in dialog.message.text()
    assert "stage 1" in dialog.message.text()
    # lateral left of PA: the viewports swapped
    swapped = dict(text, stages=[dict(text["stages"][0], viewports=text["stages"][0][
        "viewports"][::-1])])
    replace_text(qtbot, dialog, json.dumps(swapped))
    click(qtbot, dialog.apply_button)
    assert dialog.list.currentItem().text() == "CR/DX chest PA + lateral  (changed built-in)"
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    qtbot.waitUntil(lambda: not dialog.isVisible())
    saved = json.loads((settings_folder / FILE_NAME).read_text(encoding="utf-8"))
    assert [p["name"] for p in saved["protocols"]] == ["CR/DX chest PA + lateral"]
    area.show_series_list(as_series(chest_xr()))
    assert [v for _, v, _, _ in hung(area)] == [["LAT"], ["PA"]]


def test_a_malformed_protocols_file_is_reported_and_the_built_ins_still_work(
        qtbot, settings_folder):
    settings_folder.mkdir(parents=True)
    (settings_folder / FILE_NAME).write_text('{"protocols": [{"name": "Broken", "stages": '
                                             '[{"layout": [1, 1], "viewports": '
                                             '[{"preset": "ct.lungs"}]}]}]}', encoding="utf-8")
    area = make_area(qtbot)
    assert "protocol 'Broken', stage 1, viewport 1: 'preset' must be one of" in \
        area.hanging.error
    area.show_series_list(as_series(ct_head()))
    assert area.hanging.protocol.name == "CT head"
    dialog = area.hanging.edit()
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert "'preset' must be one of" in dialog.message.text()
    (settings_folder / FILE_NAME).write_text('{"protocols": []}', encoding="utf-8")
    click(qtbot, dialog.findChild(QPushButton, "reloadProtocols"))
    assert dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
    assert area.hanging.error == ""
    dialog.reject()


def test_protocols_that_cannot_be_written_say_why_and_the_editor_stays_open(qtbot, area):
    nowhere = Path("/proc/no-such-process/dicom-viewer") / FILE_NAME  # no file; no folder made
    area.hanging.set_protocol_file(nowhere)
    assert area.hanging.error == ""
    dialog = area.hanging.edit()
    qtbot.waitUntil(dialog.isVisible)
    click(qtbot, dialog.new_button)
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    qtbot.waitUntil(lambda: "The protocols were not saved:" in dialog.message.text())
    assert dialog.isVisible() and "/proc/no-such-process" in dialog.message.text()
    dialog.reject()


def test_a_reformat_shown_is_saved_as_its_plane_of_the_volumes_series(qtbot, area,
                                                                       settings_folder):
    from viewer.ui.hanging_dialog import shown_now

    area.show_series_list(as_series(ct_chest()))
    qtbot.waitUntil(lambda: reformat_of(area.viewports[2]) is not None, timeout=30000)
    shown = shown_now(area)
    assert [(s.series.description, s.reformat) for s in shown] == [
        ("Thorax 2.0 Br40 mediastinum", ""), ("Thorax 1.0 Bl57 LUNG", ""),
        ("Thorax 1.0 Bl57 LUNG", "coronal")]
