"""Driving the main window as a user does: keys go to the widget that has the keyboard focus
(shortcuts are found by Qt's shortcut map from there), clicks land on the visual rectangle of
an item in an item view's viewport, buttons are clicked with the mouse."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

LEFT = Qt.MouseButton.LeftButton


def activate(qtbot, window) -> None:
    """Bring *window* to the front with the keyboard focus in it."""
    window.raise_()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def focus(qtbot, window):
    """The widget keys go to: the focus widget of the active window."""
    activate(qtbot, window)
    return QApplication.focusWidget() or window


def shortcut(qtbot, window, keys: str) -> None:
    """Press a key sequence ("Ctrl+R", "F1", "Alt+2") where the keyboard focus is."""
    QTest.keySequence(focus(qtbot, window), QKeySequence(keys))


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focus(qtbot, window), key, modifier)


def type_text(qtbot, window, text: str) -> None:
    """Typed on the keyboard; text beyond ASCII is committed by an input method, as Japanese
    is (QTest has no key for it)."""
    widget = focus(qtbot, window)
    if text.isascii():
        qtbot.keyClicks(widget, text)
        return
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def item_point(view, index) -> QPoint:
    """Where index's row is drawn in the view's viewport (scrolled into view first)."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid() and view.viewport().rect().contains(rect.center()), rect
    return rect.center()


def click_item(qtbot, view, index, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(view.viewport(), LEFT, modifier, item_point(view, index))


def double_click_item(qtbot, view, index) -> None:
    at = item_point(view, index)
    qtbot.mouseClick(view.viewport(), LEFT, pos=at)  # the press a double-click starts with
    qtbot.mouseDClick(view.viewport(), LEFT, pos=at)


def click(qtbot, button) -> None:
    """A mouse click on a button (it must be visible and enabled, as for a user)."""
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, LEFT)


def choose_from_menu(qtbot, window, *path: str) -> None:
    """Click through the menu bar: ``choose_from_menu(qtbot, window, "Study", "Send to", "PACS")``
    (menu texts without their ``&``)."""
    def named(actions, text):
        found = [a for a in actions if a.text().replace("&", "") == text]
        assert found, (text, [a.text() for a in actions])
        return found[0]

    bar = window.menuBar()
    action = named(bar.actions(), path[0])
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(action).center())
    menu = action.menu()
    for text in path[1:]:
        qtbot.waitUntil(menu.isVisible, timeout=5000)
        action = named(menu.actions(), text)
        qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())
        menu = action.menu()


def choose_in_combo(qtbot, combo, text: str) -> None:
    """Open the combo box with a click, walk to the entry *text* with the arrow keys, press
    Enter (a click on the entry is ignored when it comes too soon after the popup opened)."""
    row = combo.findText(text)
    assert row >= 0, (text, [combo.itemText(i) for i in range(combo.count())])
    if combo.currentIndex() == row:
        return
    qtbot.mouseClick(combo, LEFT)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=5000)
    step = Qt.Key.Key_Down if row > view.currentIndex().row() else Qt.Key.Key_Up
    for _ in range(abs(row - view.currentIndex().row())):
        qtbot.keyClick(view, step)
    assert view.currentIndex().row() == row
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=5000)
    assert combo.currentIndex() == row


def search_archive(qtbot, window, name: str = "", node: str | None = None) -> None:
    """Ctrl+2, pick the archive, type the patient name, Enter (the search starts)."""
    shortcut(qtbot, window, "Ctrl+2")
    form = window.query.form
    if node is not None:
        choose_in_combo(qtbot, form.node_box, node)
    click_widget(qtbot, form.patient_name)
    form.patient_name.selectAll()
    if name:
        type_text(qtbot, window, name)
    else:
        press(qtbot, window, Qt.Key.Key_Delete)
    press(qtbot, window, Qt.Key.Key_Return)


def click_widget(qtbot, widget) -> None:
    qtbot.mouseClick(widget, LEFT)
    qtbot.waitUntil(widget.hasFocus, timeout=5000)



def context_menu_choose(qtbot, view, index, *path: str) -> list[str]:
    """Right-click the item of *index* in an item view, then click through the popup menu
    (``"Send series to", "PACS"``); returns the first menu's entry texts (without ``&``).
    QTest's mouse events carry no context-menu event: the one the window system sends after
    the press is sent as well (the menus are popped up, not exec()'d)."""
    from PySide6.QtGui import QContextMenuEvent

    at = item_point(view, index)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.RightButton, pos=at)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.RightButton, pos=at)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=5000)
    menu = QApplication.activePopupWidget()
    texts = [a.text().replace("&", "") for a in menu.actions() if a.text()]
    for text in path:
        qtbot.waitUntil(menu.isVisible, timeout=5000)
        action = next((a for a in menu.actions() if a.text().replace("&", "") == text), None)
        assert action is not None and action.isEnabled(), (text, texts)
        qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(action).center())
        menu = action.menu()
    return texts
