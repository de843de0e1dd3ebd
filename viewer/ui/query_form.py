"""The search form of the query panel: archive chooser with Echo, and the matching keys."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSizePolicy, QWidget)

from viewer.ui import formatting as fmt

MODALITIES = ("", "CT", "MR", "CR", "DX", "US", "NM", "PT", "MG", "XA", "RF", "OT", "SR")
# Study date choices: (key, days back from today for the start, days back for the end).
DATE_CHOICES = (("any", None, None), ("today", 0, 0), ("yesterday", 1, 1), ("week", 6, 0),
                ("month", 30, 0), ("range", None, None))


class QueryForm(QWidget):
    """Emits ``searchRequested`` (Enter in any field, or the Search button)."""

    searchRequested = Signal()
    echoRequested = Signal(str)  # node name
    nodeChanged = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.node_box = QComboBox()
        self.node_box.setMinimumContentsLength(18)
        self.node_box.setToolTip(self.tr("Archive to search (configured in Settings)"))
        self.echo_button = QPushButton(self.tr("Echo"))
        self.echo_button.setToolTip(self.tr("Check that the archive answers (C-ECHO)"))
        self.echo_label = QLabel()
        self.echo_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.echo_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.patient_name = self._line(self.tr("e.g. DOE or DOE^J* (a trailing * is implied)"))
        self.patient_id = self._line(self.tr("exact ID, or with * and ?"))
        self.accession = self._line("")
        self.description = self._line(self.tr("words in the study description"))
        self.fuzzy = QCheckBox(self.tr("Fuzzy name matching"))
        self.fuzzy.setToolTip(self.tr("Ask a DICOMweb archive that offers it to match names "
                                      "that sound or are spelled alike (QIDO-RS fuzzymatching)"))
        self.fuzzy.setVisible(False)
        self.modality = QComboBox()
        self.modality.setEditable(True)
        self.modality.addItems(MODALITIES)
        self.modality.lineEdit().returnPressed.connect(self.searchRequested)
        self.date_choice = QComboBox()
        for key, label in zip([c[0] for c in DATE_CHOICES],
                              [self.tr("Any date"), self.tr("Today"), self.tr("Yesterday"),
                               self.tr("Last 7 days"), self.tr("Last 31 days"),
                               self.tr("Date range")]):
            self.date_choice.addItem(label, key)
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(fmt.date_pattern())
            edit.setDate(QDate.currentDate())
        self.date_choice.currentIndexChanged.connect(self._date_choice_changed)
        self.search_button = QPushButton(self.tr("Search"))
        self.search_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setEnabled(False)
        self.clear_button = QPushButton(self.tr("Clear"))
        self._layout()
        self._date_choice_changed()
        self.search_button.clicked.connect(self.searchRequested)
        self.clear_button.clicked.connect(self.clear)
        self.echo_button.clicked.connect(lambda: self.echoRequested.emit(self.node_name()))
        self.node_box.currentIndexChanged.connect(lambda: self.nodeChanged.emit(self.node_name()))

    def _line(self, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setClearButtonEnabled(True)
        edit.returnPressed.connect(self.searchRequested)
        return edit

    def _layout(self) -> None:
        archive = QHBoxLayout()
        archive.addWidget(self.node_box, 1)
        archive.addWidget(self.echo_button)
        archive.addWidget(self.echo_label, 2)
        dates = QHBoxLayout()
        dates.addWidget(self.date_choice)
        dates.addWidget(self.date_from)
        self.date_dash = QLabel("–")
        dates.addWidget(self.date_dash)
        dates.addWidget(self.date_to)
        dates.addStretch(1)
        left, right = QFormLayout(), QFormLayout()
        left.addRow(self.tr("Archive:"), archive)
        left.addRow(self.tr("Patient name:"), self.patient_name)
        left.addRow(self.tr("Patient ID:"), self.patient_id)
        left.addRow(self.tr("Accession number:"), self.accession)
        left.addRow("", self.fuzzy)
        right.addRow(self.tr("Study date:"), dates)
        right.addRow(self.tr("Modality:"), self.modality)
        right.addRow(self.tr("Study description:"), self.description)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for button in (self.clear_button, self.cancel_button, self.search_button):
            buttons.addWidget(button)
        right.addRow(buttons)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 3)
        row.addSpacing(16)
        row.addLayout(right, 2)

    # --- nodes ----------------------------------------------------------------------------------

    def set_nodes(self, names: list[str]) -> None:
        current = self.node_name()
        self.node_box.blockSignals(True)
        self.node_box.clear()
        self.node_box.addItems(names)
        if current in names:
            self.node_box.setCurrentText(current)
        self.node_box.blockSignals(False)
        has_nodes = bool(names)
        for widget in (self.echo_button, self.search_button):
            widget.setEnabled(has_nodes)
        if not has_nodes:
            self.node_box.setPlaceholderText(self.tr("No archive configured: see Settings"))
        self.nodeChanged.emit(self.node_name())

    def node_name(self) -> str:
        return self.node_box.currentText()

    def set_echo_result(self, text: str, ok: bool | None) -> None:
        colour = {True: "#3fb950", False: "#f85149", None: ""}[ok]
        self.echo_label.setStyleSheet(f"color: {colour}" if colour else "")
        self.echo_label.setText(text)

    # --- keys -----------------------------------------------------------------------------------

    def set_busy(self, busy: bool) -> None:
        self.search_button.setEnabled(not busy and self.node_box.count() > 0)
        self.cancel_button.setEnabled(busy)

    def clear(self) -> None:
        for edit in (self.patient_name, self.patient_id, self.accession, self.description):
            edit.clear()
        self.modality.setCurrentIndex(0)
        self.date_choice.setCurrentIndex(0)

    def _date_choice_changed(self) -> None:
        custom = self.date_choice.currentData() == "range"
        for widget in (self.date_from, self.date_to, self.date_dash):
            widget.setVisible(custom)

    def date_range(self, today: QDate | None = None) -> str:
        """The StudyDate matching key: ``YYYYMMDD-YYYYMMDD``, one date, or empty."""
        today = today or QDate.currentDate()
        key = self.date_choice.currentData()
        if key == "range":
            start, end = sorted([self.date_from.date(), self.date_to.date()],
                                key=lambda d: d.toJulianDay())
        else:
            back = next(c for c in DATE_CHOICES if c[0] == key)
            if back[1] is None:
                return ""
            start, end = today.addDays(-back[1]), today.addDays(-back[2])
        first, last = start.toString("yyyyMMdd"), end.toString("yyyyMMdd")
        return first if first == last else f"{first}-{last}"

    def keys(self) -> dict[str, str]:
        """Matching keys for a Study Root STUDY-level C-FIND."""
        keys = {}
        name = self.patient_name.text().strip()
        if name:
            keys["PatientName"] = name if any(c in name for c in "*?") else name + "*"
        for key, edit in (("PatientID", self.patient_id), ("AccessionNumber", self.accession)):
            if edit.text().strip():
                keys[key] = edit.text().strip()
        words = self.description.text().strip()
        if words:
            keys["StudyDescription"] = words if any(c in words for c in "*?") else f"*{words}*"
        modality = self.modality.currentText().strip().upper()
        if modality:
            keys["ModalitiesInStudy"] = modality
        dates = self.date_range()
        if dates:
            keys["StudyDate"] = dates
        return keys
