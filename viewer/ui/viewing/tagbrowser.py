"""Tag browser: the displayed instance's data set as a tree with a filter box.

Rows come from :func:`viewer.viewing.tags.dataset_rows`: sequences expand into items, private
elements show their Private Creator. The filter keeps rows whose tag ("0010,0010", "00100010"),
keyword, value or private creator contains the text, with their parents, expanded.

The Value column is the last one and takes the room the others leave (a UID reads in full at
the usual size; it is elided in the middle only when the window is too narrow), its tooltip
holds the whole value, and Ctrl+C / Ctrl+Shift+C (also in the context menu) copy the current
row's value / tag. The Private creator column shows only for data sets with private elements.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QDialog, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

from viewer.ui.formatting import date_pattern
from viewer.viewing.tags import TagRow, dataset_rows

TAG, NAME, VR, CREATOR, VALUE = range(5)
MAX_NAME_CHARS = 36  # a long private dictionary name does not squeeze the values


class TagBrowser(QDialog):
    """Non-modal dialog; ``show_dataset(ds, title)`` fills it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("DICOM tags"))
        self.resize(1000, 650)
        self.filter_box = QLineEdit(self)
        self.filter_box.setPlaceholderText(self.tr("Filter: tag, keyword or value"))
        self.filter_box.setClearButtonEnabled(True)
        self.filter_box.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderLabels([self.tr("Tag"), self.tr("Name"), self.tr("VR"),
                                   self.tr("Private creator"), self.tr("Value")])
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.header().setStretchLastSection(True)
        self.copy_value_action = self._tree_action(self.tr("Copy value"), QKeySequence.StandardKey.Copy,
                                                   lambda: self.copy_current(VALUE))
        self.copy_tag_action = self._tree_action(self.tr("Copy tag"), "Ctrl+Shift+C",
                                                 lambda: self.copy_current(TAG))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.tree.installEventFilter(self)  # the view's own Ctrl+C copies the clicked column
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
        self.tree.setColumnHidden(CREATOR, not any(r.private_creator for r in self.rows))
        for column in (TAG, NAME, VR, CREATOR):
            self.tree.resizeColumnToContents(column)
        widest_name = self.tree.fontMetrics().averageCharWidth() * MAX_NAME_CHARS
        self.tree.setColumnWidth(NAME, min(self.tree.columnWidth(NAME), widest_name))
        self.apply_filter(self.filter_box.text())

    def _tree_action(self, text: str, shortcut, slot) -> QAction:
        action = QAction(text, self.tree)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.tree.addAction(action)
        return action

    def eventFilter(self, watched, event) -> bool:
        if watched is self.tree and event.type() == QEvent.Type.KeyPress \
                and event.matches(QKeySequence.StandardKey.Copy):
            self.copy_current(VALUE)
            return True
        return super().eventFilter(watched, event)

    def copy_current(self, column: int) -> None:
        """Put the current row's tag or value (as shown, in full) on the clipboard."""
        item = self.tree.currentItem()
        if item is not None and item.text(column):
            QGuiApplication.clipboard().setText(item.text(column))

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
        item = QTreeWidgetItem([row.tag, keyword, row.vr, row.private_creator or "", value])
        item.setData(TAG, Qt.ItemDataRole.UserRole, row)
        item.setToolTip(VALUE, value if row.raw is None else f"{value}\n{row.raw}")
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
