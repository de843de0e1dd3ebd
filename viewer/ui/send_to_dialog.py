"""Send to…: which AE an archive should send the chosen studies or series to (a C-MOVE with
that destination: the instances go from the archive to that node, none to us).

An archive knows its destinations by AE title: the saved DIMSE nodes' AE titles are offered,
and any other AE title can be typed (one the archive knows but we do not)."""

from __future__ import annotations

from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout)

from viewer.config import ConfigError, validate_aet


class SendToDialog(QDialog):
    def __init__(self, parent, archive: str, what: str, nodes, own_aet: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Send to another node"))
        self.nodes = {n.aet: n for n in nodes if getattr(n, "aet", None)}
        self.own_aet = own_aet
        intro = QLabel(self.tr("{archive} sends {what} to the DICOM node with this AE title. "
                               "The archive must know that AE title (its host and port).")
                       .format(archive=archive, what=what))
        intro.setWordWrap(True)
        self.destination = QComboBox()
        self.destination.setEditable(True)
        self.destination.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.destination.addItems(list(self.nodes))
        self.destination.lineEdit().setPlaceholderText(self.tr("AE title"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Send"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.destination)
        layout.addWidget(self.note)
        layout.addWidget(self.buttons)
        self.destination.editTextChanged.connect(self._check)
        self._check(self.destination.currentText())
        self.destination.setFocus()

    def aet(self) -> str:
        return self.destination.currentText().strip()

    def _check(self, text: str) -> None:
        """Send only to a valid AE title; say which saved node it is."""
        text = text.strip()
        problem = ""
        try:
            validate_aet(text)
        except ConfigError:
            problem = (self.tr("An AE title is 1 to 16 printable ASCII characters, without "
                               "backslash.") if text
                       else self.tr("Type the destination's AE title."))
        if not problem and text == self.own_aet:
            problem = self.tr("That is this viewer's own AE title: use Retrieve instead.")
        node = self.nodes.get(text)
        if problem:
            note = problem
        elif node is not None:
            note = self.tr("Saved node {name} ({host}:{port}).").format(
                name=node.name, host=node.host, port=node.port)
        else:
            note = self.tr("Not a saved node: the archive must know this AE title.")
        self.note.setText(note)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(not problem)
