"""Answering the GUI's dialogs as a user would: they are opened with open() (window-modal, the
call returns at once), so a test finds the visible dialog and types or clicks into it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox


def assert_window_modal(dialog) -> None:
    """open() makes a dialog with a parent window-modal; exec() would have blocked the test."""
    assert dialog.isVisible() and dialog.windowModality() == Qt.WindowModality.WindowModal


def activate(qtbot, window) -> None:
    """What the window manager does for a window that opens (the offscreen platform does not):
    make it the active window, so keys go to its focus widget."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=5000)


def answer_file_dialog(qtbot, dialog: QFileDialog, path) -> None:
    """Type *path* into the dialog's file name box (replacing what is there) and press Enter."""
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    assert_window_modal(dialog)
    activate(qtbot, dialog)
    edit = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(edit, str(path))
    popup = edit.completer().popup() if edit.completer() is not None else None
    if popup is not None and popup.isVisible():
        qtbot.keyClick(popup, Qt.Key.Key_Escape)  # the completion list, not the dialog
    answered = []
    dialog.finished.connect(answered.append)  # the dialog may delete itself once closed
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: answered == [QFileDialog.DialogCode.Accepted], timeout=5000)


def visible_message_box(qtbot, parent) -> QMessageBox:
    """The message box *parent* opened (waits until it shows)."""
    def shown():
        return [b for b in parent.findChildren(QMessageBox) if b.isVisible()]

    qtbot.waitUntil(lambda: len(shown()) == 1, timeout=5000)
    return shown()[0]


def click_button(qtbot, box: QMessageBox, which) -> None:
    """Click *which* (a QMessageBox.StandardButton) with the mouse."""
    qtbot.mouseClick(box.button(which), Qt.MouseButton.LeftButton)
    QApplication.processEvents()
