"""Tag browser: the displayed instance's data set as a tree with a filter box.

Rows come from :func:`viewer.viewing.tags.dataset_rows`: sequences expand into items, private
elements show their Private Creator. The filter keeps rows whose tag ("0010,0010", "00100010"),
keyword, value or private creator contains the text, with their parents, expanded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from viewer.ui.formatting import date_pattern
from viewer.viewing.tags import TagRow, dataset_rows



class TagBrowser(QDialog):
    """Non-modal dialog; ``show_dataset(ds, title)`` fills it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("DICOM tags"))
        self.resize(900, 650)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(self.tr("Filter: tag, keyword or value"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Name"), self.tr("VR"),
                                   self.tr("Value"), self.tr("Private creator")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter_box)
        layout.addWidget(self.tree)
        self.rows: list[TagRow] = []

    def show_dataset(self, ds, title: str | None = None) -> None:
        if title:
            self.setWindowTitle(self.tr("DICOM tags — %1").replace("%1", title))
        self.rows = dataset_rows(ds, date_pattern=date_pattern())
        self.tree.clear()
        for row in self.rows:
            self.tree.addTopLevelItem(self._item(row))
        for column in (0, 1, 2):
            self.tree.resizeColumnToContents(column)
        self.apply_filter(self.filter_box.text())

    def _texts(self, row: TagRow) -> tuple[str, str]:
        """Name and value as shown, with the Qt-free module's fixed words translated."""
        keyword, value = row.keyword, row.value
        if row.item_number is not None:
            keyword = self.tr("Item %1").replace("%1", str(row.item_number))
        elif keyword == "Private tag":
            keyword = self.tr("Private tag")
        elif keyword == "Private Creator":
            keyword = self.tr("Private Creator")
        if row.vr == "SQ":
            value = self.tr("%n item(s)", "", len(row.children))
        elif row.byte_length is not None:
            value = self.tr("<%1 bytes>").replace("%1", str(row.byte_length))
        return keyword, value

    def _item(self, row: TagRow) -> QTreeWidgetItem:
        keyword, value = self._texts(row)
        item = QTreeWidgetItem([row.tag, keyword, row.vr, value, row.private_creator or ""])
        item.setData(0, Qt.ItemDataRole.UserRole, row)
        item.setToolTip(3, value if row.raw is None else f"{value}\n{row.raw}")
        for child in row.children:
            item.addChild(self._item(child))
        return item

    def apply_filter(self, text: str) -> None:
        for index in range(self.tree.topLevelItemCount()):
            self._filter(self.tree.topLevelItem(index), text.strip(), False)

    def _filter(self, item: QTreeWidgetItem, text: str, parent_matches: bool) -> bool:
        row: TagRow = item.data(0, Qt.ItemDataRole.UserRole)
        own = bool(text) and row.matches(text)
        shown_children = False
        for index in range(item.childCount()):
            shown_children |= self._filter(item.child(index), text, parent_matches or own)
        visible = not text or own or shown_children or parent_matches
        item.setHidden(not visible)
        item.setExpanded(bool(text) and shown_children)
        return visible and (own or shown_children or not text)

    def visible_tags(self) -> list[str]:
        """Tags of the rows shown now, depth first (for tests and copy)."""
        found = []

        def walk(item: QTreeWidgetItem) -> None:
            if item.isHidden():
                return
            found.append(item.text(0) or item.text(1))
            for index in range(item.childCount()):
                walk(item.child(index))

        for index in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(index))
        return found
