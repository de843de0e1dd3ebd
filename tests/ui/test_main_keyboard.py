"""The window's keyboard, pressed as a user presses it (key events to the focus widget, Qt's
shortcut map decides): F1 help that lists only shortcuts that exist, and every key README's
"The workstation" names; Ctrl+1/2/3 tabs, Ctrl+F, Enter to open a local study, and the
viewer's keys and mouse on a study opened that way."""

from datetime import date
from pathlib import Path

import pydicom
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication

from ui.painted import assert_painted
from ui.real_input import (choose_in_combo, click_item, double_click_item, focus, press,
                           shortcut, type_text)
from viewer.pipeline import render_frame
from viewer.ui import study_rows as rows
from viewer.viewing.state import window_sensitivity
from viewing.ui_helpers import center_of, drag, surface, wait_shown, wheel

README = Path(__file__).resolve().parents[2] / "README.md"
NATIVE = QKeySequence.SequenceFormat.NativeText


# README's words for a key -> the key sequences they stand for
README_KEYS = {
    "Ctrl+1": ["Ctrl+1"], "Ctrl+2": ["Ctrl+2"], "Ctrl+3": ["Ctrl+3"], "Ctrl+R": ["Ctrl+R"],
    "Ctrl+T": ["Ctrl+T"], "Ctrl+L": ["Ctrl+L"], "Ctrl+F": ["Ctrl+F"], "Ctrl+E": ["Ctrl+E"],
    "Del": ["Del"], "Alt+1..4": ["Alt+1", "Alt+2", "Alt+3", "Alt+4"],
    "arrows": ["Up", "Down", "Left", "Right"], "PgUp/PgDn": ["PgUp", "PgDown"],
    "Home/End": ["Home", "End"], "`1`-`8`": [str(n) for n in range(1, 9)], "`0`": ["0"],
    "`A`": ["A"], "`I`": ["I"], "`+`/`-`": ["+", "-"], "`F`": ["F"], "Ctrl+0": ["Ctrl+0"],
    "`R`/Shift+R": ["R", "Shift+R"], "`H`/`V`": ["H", "V"], "Esc": ["Esc"], "Space": ["Space"],
    "`[`/`]`": ["[", "]"], "`D`": ["D"], "`B`/`E`": ["B", "E"], "`T`": ["T"], "`S`": ["S"],
    "Ctrl+I": ["Ctrl+I"], "Ctrl+S": ["Ctrl+S"], "Ctrl+,": ["Ctrl+,"], "F1": ["F1"],
    "`M`": ["M"],
    "Shift+W": ["Shift+W"], "Shift+Z": ["Shift+Z"], "Shift+S": ["Shift+S"],
    "Ctrl+Shift+S": ["Ctrl+Shift+S"],
}


def workstation_keys() -> set[str]:
    """The keys README.md's "The workstation" section names (each word checked to be there)."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## The workstation", 1)[1].split("\n## ", 1)[0]
    absent = [words for words in README_KEYS if words not in section]
    assert not absent, f"README no longer says {absent}: update README_KEYS"
    return {QKeySequence(k).toString() for keys in README_KEYS.values() for k in keys}


def all_bindings(window) -> dict[str, list]:
    """Every key sequence of a QAction or QShortcut in the window, with what it is bound to."""
    found = {}
    for action in window.findChildren(QAction):
        for sequence in action.shortcuts():
            found.setdefault(sequence.toString(), []).append(action)
    for short in window.findChildren(QShortcut):
        found.setdefault(short.key().toString(), []).append(short)
    return found


def test_f1_opens_the_help_and_every_listed_shortcut_exists(qtbot, main_env, make_window):
    window = make_window()
    assert getattr(window, "shortcuts_dialog", None) is None
    shortcut(qtbot, window, "F1")
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None
                    and window.shortcuts_dialog.isVisible(), timeout=5000)
    table = window.shortcuts_dialog.table
    listed = [(table.item(r, 1).text(), table.item(r, 2).text()) for r in range(table.rowCount())]
    assert len(listed) > 40
    bindings = all_bindings(window)
    for label, keys in listed:
        for key in keys.split(", "):
            sequence = QKeySequence.fromString(key, NATIVE).toString()
            bound = bindings.get(sequence, [])
            assert any(isinstance(b, QAction) and b.text().replace("&", "") == label
                       and b.isEnabled() for b in bound), (label, key, bound)
    shown = {QKeySequence.fromString(k, NATIVE).toString()
             for _, keys in listed for k in keys.split(", ")}
    missing = workstation_keys() - shown
    assert not missing, f"README names keys the help does not list: {sorted(missing)}"


def test_tabs_and_find_by_keyboard(qtbot, ui, main_env, make_window, demo_ct):
    window = make_window()
    ui.import_study(qtbot, window, demo_ct)
    shortcut(qtbot, window, "Ctrl+2")
    assert window.tabs.currentIndex() == 1
    assert focus(qtbot, window) is window.query.form.patient_name
    shortcut(qtbot, window, "Ctrl+3")
    assert window.tabs.currentIndex() == 2
    shortcut(qtbot, window, "Ctrl+1")
    assert window.tabs.currentIndex() == 0
    shortcut(qtbot, window, "Ctrl+3")
    shortcut(qtbot, window, "Ctrl+F")  # from anywhere: the local list's search box
    assert window.tabs.currentIndex() == 0
    assert focus(qtbot, window) is window.local.search
    type_text(qtbot, window, "nobody")
    assert window.local.proxy.rowCount() == 0
    shortcut(qtbot, window, "Ctrl+F")  # selects what was typed: typing replaces it
    type_text(qtbot, window, "chest")
    assert window.local.search.text() == "chest" and window.local.proxy.rowCount() == 1
    study_date = window.local.model.item(0, 0).data(rows.PAYLOAD_ROLE).study_date
    assert study_date == date.today().strftime("%Y%m%d")  # the demo study is made today
    choose_in_combo(qtbot, window.local.date_filter, "Today")  # the date menu keeps it
    assert window.local.proxy.rowCount() == 1
    shortcut(qtbot, window, "Ctrl+T")
    assert not window.transfers_dock.isVisible()
    shortcut(qtbot, window, "Ctrl+T")
    assert window.transfers_dock.isVisible()
    shortcut(qtbot, window, "Ctrl+L")
    assert not window.log_dock.isVisible()
    shortcut(qtbot, window, "Ctrl+L")
    assert window.log_dock.isVisible()


def test_enter_or_a_double_click_opens_a_local_study_once(qtbot, ui, main_env, make_window,
                                                        demo_ct):
    window = make_window()
    ui.import_study(qtbot, window, demo_ct)
    opened = []
    window.local.openRequested.connect(lambda uid, label: opened.append(uid))
    shortcut(qtbot, window, "Ctrl+1")
    index = window.local.view.model().index(0, 0)
    double_click_item(qtbot, window.local.view, index)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    shortcut(qtbot, window, "Ctrl+1")
    click_item(qtbot, window.local.view, index)
    press(qtbot, window, Qt.Key.Key_Enter)  # the keypad's
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.wait(200)  # a second open of the same gesture would be queued: let it come
    uid = window.local.selected_study_uids()[0]
    assert opened == [uid, uid, uid]


def open_demo_ct_by_keyboard(qtbot, ui, window, demo_ct):
    ui.import_study(qtbot, window, demo_ct)
    shortcut(qtbot, window, "Ctrl+1")
    view = window.local.view
    click_item(qtbot, view, view.model().index(0, 0))
    assert focus(qtbot, window) is view
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    viewer = window.viewer
    qtbot.waitUntil(lambda: viewer.strip.count() == 3, timeout=30000)
    return viewer


def test_viewer_keys_and_mouse_in_the_window(qtbot, ui, main_env, make_window, demo_ct):
    window = make_window()
    viewer = open_demo_ct_by_keyboard(qtbot, ui, window, demo_ct)
    # double-click the 40-image series' thumbnail: it shows in the active viewport
    strip = viewer.strip
    row = next(i for i in range(strip.count()) if strip.item(i).text().startswith("2:"))
    index = strip.model().index(row, 0)
    click_item(qtbot, strip, index)
    qtbot.mouseDClick(strip.viewport(), Qt.MouseButton.LeftButton,
                      pos=strip.visualRect(index).center())
    viewport = viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.series is not None and len(viewport.series.frames) == 40,
                    timeout=30000)
    wait_shown(qtbot, viewport)
    qtbot.mouseClick(surface(viewport), Qt.MouseButton.LeftButton, pos=QPoint(5, 5))
    assert QApplication.focusWidget() is viewport.canvas

    for keys, count in (("Alt+2", 2), ("Alt+3", 2), ("Alt+4", 4), ("Alt+1", 1)):
        shortcut(qtbot, window, keys)
        assert len(viewer.viewports) == count, keys
        assert all(vp.isVisible() for vp in viewer.viewports)
    assert viewer.active_viewport is viewport

    wheel(viewport, center_of(viewport), -120)  # one notch towards the user: next image
    assert viewport.state.frame == 1
    for key, frame in ((Qt.Key.Key_Down, 2), (Qt.Key.Key_PageDown, 6), (Qt.Key.Key_End, 39),
                       (Qt.Key.Key_Home, 0), (Qt.Key.Key_Right, 1)):
        press(qtbot, window, key)
        assert viewport.state.frame == frame, key
    wait_shown(qtbot, viewport)

    press(qtbot, window, Qt.Key.Key_T)  # annotations off, zoomed in: 4+ screen px a pixel
    for _ in range(8):
        press(qtbot, window, Qt.Key.Key_Plus)
    assert viewport.zoom() > 4
    path = viewport.ref.instance.path
    ds = pydicom.dcmread(path)
    assert_painted(viewport, render_frame(ds, ds.pixel_array))

    press(qtbot, window, Qt.Key.Key_4)  # lung preset
    assert viewport.current_window() == (-600, 1500)
    assert_painted(viewport, render_frame(ds, ds.pixel_array, window=(-600, 1500)))

    hu = ds.pixel_array.astype(float) * float(ds.RescaleSlope)
    step = window_sensitivity(float(hu.max() - hu.min()))
    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (50, 20))
    dragged = (-600 + 20 * step, 1500 + 50 * step)
    assert viewport.state.window == dragged
    assert_painted(viewport, render_frame(ds, ds.pixel_array, window=dragged))

    press(qtbot, window, Qt.Key.Key_Escape)  # reset: header window, fitted, frame kept
    assert viewport.state.window is None and viewport.state.zoom is None
    assert viewport.state.frame == 1
    for _ in range(8):
        press(qtbot, window, Qt.Key.Key_Plus)
    assert_painted(viewport, render_frame(ds, ds.pixel_array))
