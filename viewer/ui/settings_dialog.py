"""Settings: our AE title, port, store folder, bind address and free-disk threshold; the
language (applied at the next start); the listener's security (accepted calling AE titles, DICOM
TLS); the archives we query (name, AE title, host, port, retrieve method) with an Echo per
archive, and the DICOMweb archives (``viewer.ui.dicomweb_nodes``). Saved with
``viewer.config.save_settings`` (the file ``dicom-viewer`` reads too); the
session restarts the Storage SCP when any of its settings changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from viewer import config
from viewer.ui.dicomweb_nodes import WebNodesBox
from viewer.ui.listener_settings import ERROR_STYLE, ListenerFields, message_label, \
    show_message, with_message

NAME, AET, HOST, PORT, METHOD = range(5)


class SettingsDialog(QDialog):
    def __init__(self, settings: config.Settings, pool, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.pool = pool
        self.original = settings
        self.aet = QLineEdit(settings.aet)
        self.aet.setMaxLength(16)
        self.aet_message = message_label()
        self.listener = ListenerFields(settings, self)
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
            if getattr(node, "kind", "") == "dicomweb":
                continue  # in the DICOMweb archives box
            row = self._add_row(node.name, node.aet, node.host, node.port, node.retrieve, node.tls)
            self.table.item(row, AET).setData(Qt.ItemDataRole.UserRole, (node.kind, node.film))
            if node.kind == "printer":  # film defaults: in the settings file (see the README)
                combo = self.table.cellWidget(row, METHOD)
                combo.insertItem(0, self.tr("Printer (not an archive)"), node.retrieve)
                combo.setCurrentIndex(0)
                combo.setEnabled(False)
        self.table.resizeColumnsToContents()
        self.web = WebNodesBox([n for n in settings.nodes if getattr(n, "kind", "") == "dicomweb"],
                               pool, self)
        for column in (NAME, AET, HOST):
            self.table.setColumnWidth(column, max(self.table.columnWidth(column), 110))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.echo_result = QLabel()
        self.echo_result.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                        QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(browse)
        self.resize(980, 820)

    def _layout(self, browse) -> None:
        store_row = QHBoxLayout()
        store_row.addWidget(self.store, 1)
        store_row.addWidget(browse)
        local = QGroupBox(self.tr("This workstation (Storage SCP)"))
        form = QFormLayout(local)
        form.addRow(self.tr("AE title:"), with_message(self.aet, self.aet_message))
        form.addRow(self.tr("Port:"), self.port)
        form.addRow(self.tr("Store folder:"), store_row)
        self.listener.add_rows(form)
        form.addRow(self.tr("Language:"), self.language)
        form.addRow("", QLabel(self.tr("A new language applies when the viewer is restarted.")))
        top = QHBoxLayout()
        top.addWidget(local, 1)
        top.addWidget(self.listener.security_box(), 1)
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
        layout.addLayout(top)
        layout.addWidget(nodes, 1)
        layout.addWidget(self.web, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _browse(self) -> None:
        """A folder dialog over this one, window-modal and non-blocking (open())."""
        self.folder_dialog = QFileDialog(self, self.tr("Store folder"), self.store.text())
        self.folder_dialog.setFileMode(QFileDialog.FileMode.Directory)
        self.folder_dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        self.folder_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.folder_dialog.fileSelected.connect(self.store.setText)
        self.folder_dialog.open()

    # --- archives table -----------------------------------------------------------------------

    def _add_row(self, name="", aet="", host="", port=104, method="move", tls=None) -> int:
        """A table row; an archive's TLS files (settings file only) ride along unseen."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in ((NAME, name), (AET, aet), (HOST, host), (PORT, str(port))):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.item(row, NAME).setData(Qt.ItemDataRole.UserRole, tls)
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
        try:
            config.validate_aet(aet)
        except config.ConfigError:
            raise ValueError(self.tr("Archive {label}: the AE title must be 1 to 16 ASCII "
                                     "characters without backslash.").format(label=label)) from None
        try:
            port = int(self._cell(row, PORT))
        except ValueError:
            port = 0
        if not 1 <= port <= 65535:
            raise ValueError(self.tr("Archive {label}: the port must be a number from 1 to "
                                     "65535.").format(label=label))
        method = self.table.cellWidget(row, METHOD).currentData()
        tls = self.table.item(row, NAME).data(Qt.ItemDataRole.UserRole)
        # a printer's kind and film defaults (settings file only) ride along unseen too
        kind, film = self.table.item(row, AET).data(Qt.ItemDataRole.UserRole) or ("archive", None)
        node = config.RemoteNode(aet, self._cell(row, HOST), port, name=name, retrieve=method,
                                 tls=tls, kind=kind, film=film)
        try:
            return config.validate_node(node)
        except config.ConfigError as exc:
            raise ValueError(self.tr("Archive {label}: {reason}").format(label=label,
                                                                         reason=exc)) from None

    # --- checking and result ------------------------------------------------------------------

    def edited_settings(self) -> config.Settings:
        """The settings as edited; ValueError with a clear message when something is wrong."""
        aet = self._checked_aet()
        show_message(self.aet_message, "" if aet else self.tr(
            "The AE title must be 1 to 16 ASCII characters without backslash."))
        listener, problems = self.listener.edited(self.original)
        if not aet or problems:
            raise ValueError(self.aet_message.text() or problems[0])
        store = self.store.text().strip()
        if not store:
            raise ValueError(self.tr("Choose a store folder."))
        nodes = [self._node_at(row) for row in range(self.table.rowCount())]
        nodes += self.web.nodes()
        names = [n.name.lower() for n in nodes]
        duplicate = next((n for n in names if names.count(n) > 1), None)
        if duplicate:
            raise ValueError(self.tr("Two archives are called {name!r}: names must differ.")
                             .format(name=duplicate))
        edited = replace(listener, aet=aet, port=self.port.value(),
                         store=Path(store).expanduser(), nodes=tuple(nodes),
                         language=self.language.currentData())
        try:
            return config.validate(edited)
        except config.ConfigError as exc:
            raise ValueError(str(exc)) from None

    def _checked_aet(self) -> str:
        try:
            return config.validate_aet(self.aet.text())
        except config.ConfigError:
            return ""

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
