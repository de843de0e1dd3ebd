"""Editing the hanging protocols, and "Save current layout as protocol".

The dialog lists the protocols as they are matched (the user's first, then the built-ins they
do not replace). The one picked shows as its JSON (the file's form, see
:mod:`viewer.viewing.hanging`); "Apply" checks the text and keeps it (a built-in changed this
way is saved as a user protocol of the same name, which replaces it); "Delete" removes a user
protocol (for a changed built-in: the built-in comes back). OK writes the file atomically, on a worker thread. A
file that could not be read is not overwritten: its error is shown and saving is off until it
reads (fix it by hand, then "Reload").
"""

from __future__ import annotations

import json

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QInputDialog, QLabel,
                               QListWidget, QPlainTextEdit, QPushButton, QVBoxLayout)

from viewer.ui.viewing.hanging import layout_of
from viewer.ui.viewing.mpr_view import reformat_of
from viewer.ui.viewing.placeholders import fill
from viewer.viewing.hanging import (Protocol, ProtocolError, effective_protocols, json_text,
                                    protocol_from, protocol_to_dict)
from viewer.viewing.hanging_builtin import builtin_protocols
from viewer.viewing.hanging_capture import Shown, capture

translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings
NEW_PROTOCOL = {"name": "", "match": {"modality": ["CT"]},
                "stages": [{"name": "", "layout": [1, 1], "viewports": [{}]}]}


class HangingProtocolsDialog(QDialog):
    def __init__(self, control, parent=None) -> None:
        super().__init__(parent)
        self.control = control
        self.setWindowTitle(self.tr("Hanging protocols"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.user: list[Protocol] = list(control.user)
        self.list = QListWidget(self)
        self.list.setObjectName("protocolList")
        self.list.currentRowChanged.connect(self._picked)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("protocolText")
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.message = QLabel(self)
        self.message.setObjectName("protocolMessage")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.apply_button = self._button(self.tr("Apply"), self.apply_text, "applyProtocol")
        self.new_button = self._button(self.tr("New"), self.new, "newProtocol")
        self.delete_button = self._button(self.tr("Delete"), self.delete, "deleteProtocol")
        self.reload_button = self._button(self.tr("Reload"), self.reload, "reloadProtocols")
        self._lay_out()
        self.resize(900, 600)
        self._refresh(0)

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        return button

    def _lay_out(self) -> None:
        side = QVBoxLayout()
        side.addWidget(self.list, 1)
        for button in (self.new_button, self.delete_button, self.reload_button):
            side.addWidget(button)
        main = QVBoxLayout()
        main.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addWidget(self.message, 1)
        row.addWidget(self.apply_button)
        main.addLayout(row)
        body = QHBoxLayout()
        body.addLayout(side, 1)
        body.addLayout(main, 3)
        outer = QVBoxLayout(self)
        outer.addLayout(body, 1)
        outer.addWidget(self.buttons)

    # --- the list -------------------------------------------------------------------------------
    def protocols(self) -> list[Protocol]:
        return effective_protocols(builtin_protocols(), self.user)

    def _refresh(self, row: int) -> None:
        builtin = {p.name.casefold() for p in builtin_protocols()}
        self.list.blockSignals(True)
        self.list.clear()
        for protocol in self.protocols():
            label = protocol.name
            if protocol.builtin:
                label += "  " + self.tr("(built-in)")
            elif protocol.name.casefold() in builtin:
                label += "  " + self.tr("(changed built-in)")
            self.list.addItem(label)
        self.list.blockSignals(False)
        self.list.setCurrentRow(min(max(row, 0), self.list.count() - 1))
        self._picked(self.list.currentRow())
        broken = bool(self.control.error)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not broken)
        if broken:
            self.message.setText(fill(self.tr("The protocols file is not used until it reads "
                                              "(fix it, then Reload): %1"), self.control.error))

    def _picked(self, row: int) -> None:
        protocols = self.protocols()
        if not 0 <= row < len(protocols):
            self.text.clear()
            return
        protocol = protocols[row]
        self.text.setPlainText(json_text(protocol_to_dict(protocol)))
        self.delete_button.setEnabled(not protocol.builtin)
        self.message.clear()

    # --- editing --------------------------------------------------------------------------------
    def apply_text(self) -> bool:
        """Check the text and keep it as a user protocol; False (and why) when it is wrong."""
        row = self.list.currentRow()
        try:
            edited = protocol_from(json.loads(self.text.toPlainText()))
        except json.JSONDecodeError as exc:
            self.message.setText(fill(self.tr("Not valid JSON: line %1, column %2"),
                                      exc.lineno, exc.colno))
            return False
        except ProtocolError as exc:
            self.message.setText(str(exc))
            return False
        old = self.protocols()[row] if 0 <= row < self.list.count() else None
        names = {edited.name.casefold()} | ({old.name.casefold()} if old and not old.builtin
                                           else set())
        self.user = [p for p in self.user if p.name.casefold() not in names] + [edited]
        self._refresh(self._row_of(edited.name))
        self.message.setText(self.tr("Applied; OK saves the protocols."))
        return True

    def _row_of(self, name: str) -> int:
        names = [p.name.casefold() for p in self.protocols()]
        return names.index(name.casefold()) if name.casefold() in names else 0

    def new(self) -> None:
        data = dict(NEW_PROTOCOL, name=self._free_name(self.tr("New protocol")))
        self.user.append(protocol_from(data))
        self._refresh(self._row_of(data["name"]))

    def _free_name(self, base: str) -> str:
        names = {p.name.casefold() for p in self.protocols()}
        name, number = base, 1
        while name.casefold() in names:
            number += 1
            name = f"{base} {number}"
        return name

    def delete(self) -> None:
        row = self.list.currentRow()
        protocols = self.protocols()
        if 0 <= row < len(protocols) and not protocols[row].builtin:
            self.user = [p for p in self.user if p is not protocols[row]]
            self._refresh(row)

    def reload(self) -> None:
        self.control.reload()
        self.user = list(self.control.user)
        self._refresh(self.list.currentRow())

    def save(self) -> None:
        """Write the user's protocols (on a worker thread); close once they are written."""
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)

        def written(error: str) -> None:
            ok.setEnabled(True)
            if error:
                self.message.setText(fill(self.tr("The protocols were not saved: %1"), error))
            else:
                self.accept()

        self.control.write(self.user, written)


def shown_now(area) -> list[Shown]:
    """What each visible viewport of *area* shows."""
    return [_shown(area, vp) for vp in area.viewports]


def _shown(area, viewport) -> Shown:
    """A reformat is captured as its plane of the series the MPR volume is of."""
    reformat = reformat_of(viewport)
    if reformat is not None and area.mpr.source is not None:
        return Shown(area.mpr.source, viewport.state.preset, viewport.state.flip_h,
                     reformat.plane)
    return Shown(viewport.series, viewport.state.preset, viewport.state.flip_h, "")


def save_current(control, name: str, done) -> Protocol:
    """Store what the area shows as protocol *name* (replacing a user protocol of that name);
    *done(error text or "")* once written. ProtocolError when the file did not read (it is
    not overwritten)."""
    if control.error:
        raise ProtocolError(control.error)
    area = control.area
    protocol = capture(name, layout_of(area), shown_now(area), [control.study, *control.priors])
    user = [p for p in control.user if p.name.casefold() != protocol.name.casefold()]
    control.write([*user, protocol], done)
    return protocol


def ask_save_current(control) -> QInputDialog | None:
    """Ask for a name, then save the current layout as a protocol (window-modal, open())."""
    area = control.area
    if not control.study:
        area.statusMessage.emit(translate("Hanging", "Open a study first"))
        return None
    dialog = QInputDialog(area)
    dialog.setWindowTitle(translate("Hanging", "Save current layout as protocol"))
    dialog.setLabelText(translate("Hanging", "Protocol name:"))
    dialog.setTextValue(control.protocol.name if control.protocol else "")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)

    def failed(error) -> None:
        area.statusMessage.emit(fill(translate("Hanging", "The protocol was not saved: %1"),
                                     error))

    def chosen(name: str) -> None:
        if not name.strip():
            return

        def written(error: str) -> None:
            if error:
                failed(error)
                return
            control.protocol = next((p for p in control.protocols
                                     if p.name == name.strip()), control.protocol)
            control.stage = 0
            area.statusMessage.emit(fill(translate("Hanging", "Saved hanging protocol %1"),
                                         name.strip()))

        try:
            save_current(control, name, written)
        except ProtocolError as exc:
            failed(exc)

    dialog.textValueSelected.connect(chosen)
    control.name_dialog = dialog
    dialog.open()
    return dialog
