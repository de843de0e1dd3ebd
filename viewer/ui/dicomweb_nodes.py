"""The Settings dialog's DICOMweb archives: name, service root URL, authentication and user in a
table; the selected row's password or token (kept in the system keyring when there is one, see
``viewer.net.dicomweb.node``), TLS files and timeout below it (``viewer.ui.dicomweb_details``);
an Echo (a one-result QIDO-RS search)."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QLabel,
                               QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from viewer.net.dicomweb.node import WebNode, check_web_node, keyring_available
from viewer.ui.dicomweb_details import WebNodeDetails

NAME, URL, AUTH, USER = range(4)


class WebNodesBox(QGroupBox):
    """The DICOMweb archives table of the Settings dialog."""

    def __init__(self, nodes, pool, parent=None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("DICOMweb archives"))
        self.pool = pool
        self._rows: list[WebNode] = []  # per row: the node as saved (extras, secret)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Service root URL"),
                                              self.tr("Authentication"), self.tr("User")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.details = WebNodeDetails(self)
        self.secret = self.details.secret
        self.details.edited.connect(self._details_edited)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_details(row))
        self.echo_result = QLabel()
        self.echo_result.setWordWrap(True)
        for node in nodes:
            self.add_row(node)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(URL, max(self.table.columnWidth(URL), 260))
        self._layout()

    def _layout(self) -> None:
        buttons = QHBoxLayout()
        for text, slot in ((self.tr("Add"), self.add_new), (self.tr("Remove"), self.remove),
                           (self.tr("Echo"), self.echo_selected)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addWidget(self.echo_result, 1)
        note = QLabel(self.tr("Passwords and tokens are kept in the system keyring.")
                      if keyring_available() else
                      self.tr("No keyring on this system: passwords and tokens are saved in "
                              "the settings file in plain text."))
        note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addWidget(self.details)
        box.addWidget(note)
        box.addLayout(buttons)

    def add_row(self, node: WebNode) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, value in ((NAME, node.name), (URL, node.url), (USER, node.user)):
            self.table.setItem(row, column, QTableWidgetItem(value))
        self._rows.append(node)
        combo = QComboBox()
        for text, kind in ((self.tr("None"), "none"), (self.tr("HTTP basic"), "basic"),
                           (self.tr("Bearer token"), "bearer")):
            combo.addItem(text, kind)
        combo.setCurrentIndex(max(0, combo.findData(node.auth)))
        self.table.setCellWidget(row, AUTH, combo)
        return row

    def add_new(self) -> None:
        row = self.add_row(WebNode("https://", name=self.tr("New DICOMweb archive")))
        self.table.setCurrentCell(row, NAME)
        self.table.editItem(self.table.item(row, NAME))

    def remove(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            del self._rows[row]

    def _saved(self, row: int) -> WebNode:
        return self._rows[row]

    def _show_details(self, row: int) -> None:
        self.details.show_node(self._saved(row) if row >= 0 else None)

    def _details_edited(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self._rows[row] = self.details.applied(self._rows[row])

    def _cell(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def node_at(self, row: int) -> WebNode:
        """The node of a table row, checked; ValueError with a message naming the row."""
        name = self._cell(row, NAME)
        label = name or self.tr("row {n}").format(n=row + 1)
        if not name:
            raise ValueError(self.tr("DICOMweb archive {label}: give it a name.")
                             .format(label=label))
        node = replace(self._saved(row), name=name, url=self._cell(row, URL),
                       user=self._cell(row, USER),
                       auth=self.table.cellWidget(row, AUTH).currentData())
        try:
            node = check_web_node(node)
        except ValueError as exc:
            raise ValueError(self.tr("DICOMweb archive {label}: {reason}")
                             .format(label=label, reason=exc)) from None
        problems = self.details.file_problems(node)
        if problems:
            raise ValueError(self.tr("DICOMweb archive {label}: {reason}")
                             .format(label=label, reason="; ".join(problems)))
        return node

    def nodes(self) -> list[WebNode]:
        return [self.node_at(row) for row in range(self.table.rowCount())]

    def echo_selected(self) -> None:
        from viewer.ui.query_panel import echo_node

        row = self.table.currentRow()
        if row < 0:
            self.echo_result.setText(self.tr("Select a DICOMweb archive to echo."))
            return
        try:
            node = self.node_at(row)
        except ValueError as exc:
            self.echo_result.setText(str(exc))
            return
        self.echo_result.setStyleSheet("")
        self.echo_result.setText(self.tr("Echo {name}…").format(name=node.name))
        self.pool.run(echo_node, node, "", name="settings-web-echo",
                      on_finished=lambda r: self._echo_done(
                          self.tr("{name}: OK ({ms:.1f} ms)").format(
                              name=node.name, ms=r.total_s * 1000), True),
                      on_failed=lambda text: self._echo_done(text, False))

    def _echo_done(self, text: str, ok: bool) -> None:
        self.echo_result.setStyleSheet("color: #3fb950" if ok else "color: #f85149")
        self.echo_result.setText(text)
        self.echo_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
