"""Help menu: the keyboard shortcuts of the window and of the viewer, and About."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)


translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


def without_mnemonic(text: str) -> str:
    """A menu text without its accelerator: ``&Open`` -> ``Open``, ``開く(&O)…`` -> ``開く…``."""
    return re.sub(r"\(&[^&)]\)", "", text).replace("&&", "\0").replace("&", "").replace("\0", "&")


def shortcut_rows(groups) -> list[tuple[str, str, str]]:
    """(group, action, keys) for every action with a shortcut; *groups* is [(name, actions)]."""
    found = []
    for group, actions in groups:
        for action in actions:
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
            keys = [k for k in keys if k]
            if keys:
                found.append((group, without_mnemonic(action.text()), ", ".join(keys)))
    return found


class ShortcutsDialog(QDialog):
    def __init__(self, groups, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("Help", "Keyboard shortcuts"))
        rows = shortcut_rows(groups)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels([translate("Help", "Where"), translate("Help", "Action"),
                                              translate("Help", "Keys")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)


def show_about(parent, session) -> None:
    """Open Help > About (window-modal, without blocking); kept as ``parent.about_dialog``."""
    from viewer.ui.about_dialog import AboutDialog

    parent.about_dialog = AboutDialog(session.settings, parent)
    parent.about_dialog.open()
