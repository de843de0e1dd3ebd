"""Settings: our AE title, port and store folder; the language (applied at the next start);
the archives we query (name, AE title, host, port, retrieve method) with an Echo per archive.
Saved with ``viewer.config.save_settings`` (the file ``dicom-viewer`` reads too); the session
restarts the Storage SCP when its identity changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from viewer import config

NAME, AET, HOST, PORT, METHOD = range(5)


class SettingsDialog(QDialog):
    def __init__(self, settings: config.Settings, pool, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.pool = pool
        self.original = settings
        self.aet = QLineEdit(settings.aet)
        self.aet.setMaxLength(16)
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(settings.port)
        self.store = QLineEdit(str(settings.store))
        self.language = QComboBox()
        # Each language is named in itself, so whoever cannot read the current one finds theirs.
        for text, code in ((self.tr("System default"), ""), ("English", "en"), ("日本語", "ja")):
            self.language.addItem(text, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("AE title"), self.tr("Host"),
                                              self.tr("Port"), self.tr("Retrieve with")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for node in settings.nodes:
            self._add_row(node.name, node.aet, node.host, node.port, node.retrieve)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #f85149")
        self.echo_result = QLabel()
        self.echo_result.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)
        self.resize(720, 480)

    def _layout(self, browse) -> None:
        store_row = QHBoxLayout()
        store_row.addWidget(self.store, 1)
        store_row.addWidget(browse)
        local = QGroupBox(self.tr("This workstation (Storage SCP)"))
        form = QFormLayout(local)
        form.addRow(self.tr("AE title:"), self.aet)
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Store folder:"), store_row)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", QLabel(self.tr("A new language applies when the viewer is restarted.")))
        nodes = QGroupBox(self.tr("Archives (PACS)"))
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add"), self.add_node), (self.tr("Remove"), self.remove_node),
                           (self.tr("Echo"), self.echo_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.echo_result, 1)
        box = QVBoxLayout(nodes)
        box.addWidget(self.table)
        box.addLayout(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(local)
        layout.addWidget(nodes, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Store folder"), self.store.text())
        if folder:
            self.store.setText(folder)

    # --- archives table -----------------------------------------------------------------------

    def _add_row(self, name="", aet="", host="", port=104, method="move") -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in ((NAME, name), (AET, aet), (HOST, host), (PORT, str(port))):
            self.table.setItem(row, column, QTableWidgetItem(value))
        combo = QComboBox()
        combo.addItem(self.tr("C-MOVE (to this workstation)"), "move")
        combo.addItem(self.tr("C-GET"), "get")
        combo.setCurrentIndex(max(0, combo.findData(method)))
        self.table.setCellWidget(row, METHOD, combo)
        return row

    def add_node(self) -> None:
        row = self._add_row(self.tr("New archive"), "", "127.0.0.1", 104)
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))

    def remove_node(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _node_at(self, row: int) -> config.RemoteNode:
        """The node of a table row, checked; ValueError with a message naming the row."""
        name = self._cell(row, NAME)
        label = name or self.tr("row {n}").format(n=row + 1)
        if not name:
            raise ValueError(self.tr("Archive {label}: give it a name.").format(label=label))
        aet = self._cell(row, AET)
        if not aet or len(aet) > 16 or "\\" in aet or not aet.isascii():
            raise ValueError(self.tr("Archive {label}: the AE title must be 1 to 16 ASCII "
                                     "characters without backslash.").format(label=label))
        try:
            port = int(self._cell(row, PORT))
        except ValueError:
            port = 0
        if not 1 <= port <= 65535:
            raise ValueError(self.tr("Archive {label}: the port must be a number from 1 to "
                                     "65535.").format(label=label))
        method = self.table.cellWidget(row, METHOD).currentData()
        node = config.RemoteNode(aet, self._cell(row, HOST), port, name=name, retrieve=method)
        try:
            return config.validate_node(node)
        except config.ConfigError as exc:
            raise ValueError(self.tr("Archive {label}: {reason}").format(label=label,
                                                                         reason=exc)) from None

    # --- checking and result ------------------------------------------------------------------

    def edited_settings(self) -> config.Settings:
        """The settings as edited; ValueError with a clear message when something is wrong."""
        aet = self.aet.text().strip()
        if not aet or len(aet) > 16 or "\\" in aet or not aet.isascii():
            raise ValueError(self.tr("The AE title must be 1 to 16 ASCII characters without "
                                     "backslash."))
        store = self.store.text().strip()
        if not store:
            raise ValueError(self.tr("Choose a store folder."))
        nodes = [self._node_at(row) for row in range(self.table.rowCount())]
        names = [n.name.lower() for n in nodes]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise ValueError(self.tr("Two archives are called {name!r}: names must differ.")
                             .format(name=duplicate))
        edited = replace(self.original, aet=aet, port=self.port.value(),
                         store=Path(store).expanduser(), nodes=tuple(nodes),
                         language=self.language.currentData())
        try:
            return config.validate(edited)
        except config.ConfigError as exc:
            raise ValueError(str(exc)) from None

    def accept(self) -> None:
        try:
            self.result_settings = self.edited_settings()
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        super().accept()

    def echo_selected(self) -> None:
        from viewer.ui.query_panel import echo_node

        row = self.table.currentRow()
        if row < 0:
            self.echo_result.setText(self.tr("Select an archive to echo."))
            return
        try:
            node = self._node_at(row)
        except ValueError as exc:
            self.echo_result.setText(str(exc))
            return
        aet = self.aet.text().strip() or self.original.aet
        self.echo_result.setStyleSheet("")
        self.echo_result.setText(self.tr("Echo {name}…").format(name=node.name))
        self.pool.run(echo_node, node, aet, name="settings-echo",
                      on_finished=lambda r: self._echo_done(
                          self.tr("{name}: OK ({ms:.1f} ms)").format(
                              name=node.name, ms=r.round_trip_s * 1000), True),
                      on_failed=lambda text: self._echo_done(text, False))

    def _echo_done(self, text: str, ok: bool) -> None:
        self.echo_result.setStyleSheet("color: #3fb950" if ok else "color: #f85149")
        self.echo_result.setText(text)
        self.echo_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
