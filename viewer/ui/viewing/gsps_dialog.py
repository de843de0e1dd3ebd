"""The label dialog of "Save presentation state…" and how a state reads in the pick list.

Content Label (0070,0080) is a CS: at most 16 characters of upper-case letters, digits, space
and underscore (PS3.5 6.2); the field accepts only those (lower case is turned upper) and
offers VIEW1, VIEW2, ... Content Description (0070,0081) is a free LO (64 characters, any
script).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit

from viewer.ui.formatting import dicom_date, dicom_time, person_name
from viewer.ui.viewing.state_kinds import with_kind

LABEL_PATTERN = "[A-Za-z0-9_ ]{1,16}"
DESCRIPTION_LENGTH = 64


def state_text(info, short: bool = False) -> str:
    """``LABEL — description — creator — date time`` (short: label and date) of a
    PresentationStateInfo, then its kind unless it is a grayscale state."""
    when = dicom_date(info.date)
    if info.time and not short:
        when += f" {dicom_time(info.time)}"
    label = info.label or "?"
    if short:
        return with_kind(f"{label}  ({when})" if when else label, info)
    parts = [label]
    if info.description and info.description != info.label:
        parts.append(info.description)
    creator = person_name(info.creator) if info.creator else None
    parts += [x for x in (creator, when.strip()) if x]
    return with_kind(" — ".join(parts), info)


class LabelDialog(QDialog):
    """Asks for the label (and a description) of the state to save."""

    def __init__(self, label: str, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("savePresentationState")
        self.setWindowTitle(self.tr("Save presentation state"))
        self.label_edit = QLineEdit(label, self)
        self.label_edit.setMaxLength(16)
        self.label_edit.setValidator(
            QRegularExpressionValidator(QRegularExpression(LABEL_PATTERN), self.label_edit))
        self.label_edit.textEdited.connect(self._upper)
        self.label_edit.selectAll()
        self.description_edit = QLineEdit(self)
        self.description_edit.setMaxLength(DESCRIPTION_LENGTH)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.label_edit.textChanged.connect(
            lambda text: buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(
                bool(text.strip())))
        form = QFormLayout(self)
        form.addRow(self.tr("Label:"), self.label_edit)
        form.addRow(self.tr("Description:"), self.description_edit)
        form.addRow(buttons)

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context lupdate gives this class's ``self.tr`` calls."""
        return QCoreApplication.translate("LabelDialog", text, disambiguation, n)

    def _upper(self, text: str) -> None:
        if text != text.upper():
            position = self.label_edit.cursorPosition()
            self.label_edit.setText(text.upper())
            self.label_edit.setCursorPosition(position)

    def label(self) -> str:
        return self.label_edit.text().strip().upper()

    def description(self) -> str:
        return self.description_edit.text().strip()
