"""Study > Export anonymized…: what the copies keep, asked before where they go.

The choices map one to one on ``dicom-viewer anonymize``'s options (viewer.share.profile); the
profile itself is applied by viewer.share, the same code as the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel,
                               QLineEdit, QVBoxLayout)

from viewer.share.anonymize import DUMMY_TEXT


@dataclass(frozen=True)
class AnonymizeChoices:
    options: tuple[str, ...]  # names of viewer.share.PROFILE_OPTIONS
    patient_name: str
    patient_id: str
    include_burned_in: bool
    as_zip: bool


class AnonymizeDialog(QDialog):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export anonymized copies"))
        intro = QLabel(self.tr(
            "The copies follow the DICOM Basic Application Level Confidentiality Profile: "
            "names, identifiers, dates and private data are removed and every UID is "
            "replaced. Pixels are copied as they are."))
        intro.setWordWrap(True)
        self.patient_name = QLineEdit()
        self.patient_id = QLineEdit()
        self.patient_name.setPlaceholderText(self.tr("empty"))
        self.patient_id.setPlaceholderText(DUMMY_TEXT)  # the value written: data, not words
        self.options = {
            "dates": QCheckBox(self.tr("Keep dates and times")),
            "shifted-dates": QCheckBox(self.tr("Shift dates (one random offset for the export)")),
            "patient-characteristics": QCheckBox(
                self.tr("Keep patient characteristics (sex, age, size, weight)")),
            "device-identity": QCheckBox(self.tr("Keep device identity")),
            "institution-identity": QCheckBox(self.tr("Keep institution identity")),
            "clean-descriptors": QCheckBox(
                self.tr("Keep descriptions, without the patient's names and IDs")),
        }
        self.options["dates"].toggled.connect(
            lambda on: on and self.options["shifted-dates"].setChecked(False))
        self.options["shifted-dates"].toggled.connect(
            lambda on: on and self.options["dates"].setChecked(False))
        self.include_burned_in = QCheckBox(
            self.tr("Include images that may show identifying text in their pixels"))
        self.as_zip = QCheckBox(self.tr("Write one zip file instead of a folder"))
        form = QFormLayout()
        form.addRow(self.tr("Patient's name of the copies:"), self.patient_name)
        form.addRow(self.tr("Patient ID of the copies:"), self.patient_id)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        for box in (*self.options.values(), self.include_burned_in, self.as_zip):
            layout.addWidget(box)
        layout.addWidget(buttons)

    def choices(self) -> AnonymizeChoices:
        return AnonymizeChoices(
            options=tuple(name for name, box in self.options.items() if box.isChecked()),
            patient_name=self.patient_name.text().strip(),
            patient_id=self.patient_id.text().strip(),
            include_burned_in=self.include_burned_in.isChecked(),
            as_zip=self.as_zip.isChecked())
