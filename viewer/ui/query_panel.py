"""Query/Retrieve panel: search a remote archive (C-FIND in a worker, results shown while they
arrive), expand a study to list its series (with preview images from a DICOMweb archive),
retrieve the selection.

The searches are ``viewer.net.nodes.find`` and ``viewer.net.nodes.echo`` (C-FIND/C-ECHO, or
QIDO-RS for a DICOMweb node), the functions behind ``dicom-viewer query`` and the CLI's echo;
retrieving is handed to the window's operations (``retrieveRequested``), which run
``viewer.net.nodes.retrieve``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QMenu, QPushButton,
                               QTreeView, QVBoxLayout, QWidget)

from viewer.ui import study_rows as rows
from viewer.ui.query_form import QueryForm


PREVIEW_SIZE = 64  # pixels asked for; series rows show them at PREVIEW_ICON
PREVIEW_ICON = 40


@dataclass(frozen=True)
class RetrieveRequest:
    """One thing to retrieve: a study or a series of the node searched."""

    level: str  # STUDY or SERIES
    keys: dict
    label: str
    study_uid: str


def search_studies(node, keys, aet, *, cancel, fuzzy=False):
    """Worker: C-FIND STUDY (QIDO-RS, *fuzzy* asking for the server's fuzzy matching), each
    match as a StudyRow (values decoded here, not on the GUI); what the archive could not
    answer for part of the search comes as a str (a warning)."""
    from viewer.net.charset import decode_all
    from viewer.net.nodes import find

    warnings: list[str] = []
    for ds in find(node, keys, "STUDY", calling_aet=aet, cancel=cancel,
                   on_warning=warnings.append, fuzzy=fuzzy):
        while warnings:
            yield warnings.pop(0)
        yield rows.StudyRow.from_dataset(decode_all(ds))
    yield from warnings


def search_series(node, study_uid, aet, *, cancel):
    """Worker: the series of one study (C-FIND SERIES), ordered by series number."""
    from viewer.net.charset import decode_all
    from viewer.net.nodes import find

    found = [rows.SeriesRow.from_dataset(decode_all(ds), study_uid)
             for ds in find(node, {"StudyInstanceUID": study_uid}, "SERIES", calling_aet=aet,
                            cancel=cancel)]
    return sorted(found, key=lambda s: (s.number is None, s.number or 0, s.series_uid))


def fetch_previews(node, study_uid, series_uids, *, cancel):
    """Worker: ``(series UID, image bytes)`` for each series the archive has a preview of
    (DICOMweb thumbnail/rendered); a failing preview is skipped, it is only a picture."""
    from viewer.net.common import NetworkError
    from viewer.net.nodes import series_preview

    for uid in series_uids:
        if cancel.is_set():
            return
        try:
            image = series_preview(node, study_uid, uid, PREVIEW_SIZE)
        except NetworkError:
            continue
        if image:
            yield uid, image


def echo_node(node, aet, *, cancel):
    from viewer.net.nodes import echo

    return echo(node, aet)


class QueryPanel(QWidget):
    retrieveRequested = Signal(object, list, bool)  # node, [RetrieveRequest], open when done
    moveRequested = Signal(object, list, str)  # node, [RetrieveRequest], destination AE title
    logMessage = Signal(str)

    def __init__(self, session, pool, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool = session, pool
        self.menu: QMenu | None = None  # the context menu shown last
        self.dialog = None  # the Send to… dialog while it is open
        self.form = QueryForm()
        self.model = rows.new_study_model(self)
        self.view = QTreeView()
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        self.view.setUniformRowHeights(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows.prepare_view(self.view)
        self.count_label = QLabel()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #f85149")
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retrieve_button = QPushButton(self.tr("Retrieve"))
        self.retrieve_button.setToolTip(self.tr("Retrieve the selected studies or series"))
        self.retrieve_button.setEnabled(False)
        self._search = None
        self._generation = 0
        self._node = None  # the node the results came from
        self._series_loading: set[str] = set()
        self._layout()
        self._connect()
        self.refresh_nodes()

    def _layout(self) -> None:
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.error_label, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.retrieve_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

    def _connect(self) -> None:
        self.form.searchRequested.connect(self.search)
        self.form.cancel_button.clicked.connect(self.cancel)
        self.form.echoRequested.connect(self.echo)
        self.view.expanded.connect(self._expanded)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.retrieve_button.clicked.connect(lambda: self.retrieve_selected(False))
        self.session.nodesChanged.connect(self.refresh_nodes)
        self.form.nodeChanged.connect(self._node_changed)

    def _node_changed(self, name: str) -> None:
        from viewer.net.nodes import is_web

        self.form.set_echo_result("", None)
        self.form.fuzzy.setVisible(is_web(self.session.node(name)))  # QIDO-RS only

    def refresh_nodes(self) -> None:
        self.form.set_nodes([n.name for n in self.session.nodes()])

    # --- searching ------------------------------------------------------------------------------

    def search(self) -> None:
        node = self.session.node(self.form.node_name())
        if node is None:
            self._show_error(self.tr("Choose an archive first (Settings > Archives)."))
            return
        self.cancel()
        self._generation += 1
        self.model.removeRows(0, self.model.rowCount())
        self._series_loading.clear()
        self._node = node
        self._show_error("")
        self.count_label.setText(self.tr("Searching {name}…").format(name=node.name))
        self.form.set_busy(True)
        worker = self.pool.run(
            search_studies, node, self.form.keys(), self.session.settings.aet, name="c-find",
            fuzzy=self.form.fuzzy.isVisibleTo(self.form) and self.form.fuzzy.isChecked(),
            on_items=lambda batch: self._add_studies(worker, batch),
            on_finished=lambda _: self._search_done(worker, None),
            on_failed=lambda text: self._search_done(worker, text))
        self._search = worker

    def cancel(self) -> None:
        """Stop the search: the panel is free at once; the worker sends C-CANCEL and drains
        what the archive still sends (ignored) in the background."""
        worker = self._search
        if worker is not None and not worker.is_done:
            worker.cancel()
            self._search_done(worker, None)

    def _add_studies(self, worker, batch: list) -> None:
        if worker is not self._search:
            return
        for row in batch:
            if isinstance(row, str):
                self._warn(row)
                continue
            items = rows.study_items(row)
            items[0].appendRow(rows.placeholder_items(self.tr("Expand to list the series"),
                                                      self.model.columnCount()))
            self.model.appendRow(items)
        self._update_count(final=False)
        rows.fit_columns(self.view)

    def _search_done(self, worker, error: str | None) -> None:
        if worker is not self._search:
            return
        self._search = None
        self.form.set_busy(False)
        header = self.view.header()
        self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._update_count(final=True, cancelled=worker.cancelled)
        if error:
            self._show_error(self.tr("Search failed: {reason}").format(reason=error))
            from viewer.net.nodes import is_web

            log = (self.tr("QIDO-RS failed: {reason}") if is_web(self._node)
                   else self.tr("C-FIND failed: {reason}"))
            self.logMessage.emit(log.format(reason=error))

    def _update_count(self, final: bool, cancelled: bool = False) -> None:
        n = self.model.rowCount()
        if not final:
            text = self.tr("Studies found so far: %n", "", n)
        elif cancelled:
            text = self.tr("Studies found: %n (search cancelled)", "", n)
        else:
            text = self.tr("Studies found: %n", "", n)
        self.count_label.setText(text)

    def _warn(self, text: str) -> None:
        """Part of the search the archive could not answer; the rest is listed."""
        shown = self.tr("Not everything could be listed: {reason}").format(reason=text)
        self._show_error(shown)
        self.logMessage.emit(shown)

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    # --- series -----------------------------------------------------------------------------------

    def _expanded(self, index: QModelIndex) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item is None or item.data(rows.KIND_ROLE) != rows.STUDY:
            return
        child = item.child(0, 0)
        uid = item.data(rows.UID_ROLE)
        if child is None or child.data(rows.KIND_ROLE) != rows.PLACEHOLDER or uid in self._series_loading:
            return
        self._series_loading.add(uid)
        child.setText(self.tr("Loading series…"))
        generation = self._generation
        self.pool.run(search_series, self._node, uid, self.session.settings.aet, name="c-find-series",
                      on_finished=lambda found: self._add_series(generation, uid, found, None),
                      on_failed=lambda text: self._add_series(generation, uid, [], text))

    def study_item(self, study_uid: str):
        for row in range(self.model.rowCount()):
            item = self.model.item(row, 0)
            if item.data(rows.UID_ROLE) == study_uid:
                return item
        return None

    def _add_series(self, generation: int, study_uid: str, found: list, error) -> None:
        self._series_loading.discard(study_uid)
        item = self.study_item(study_uid) if generation == self._generation else None
        if item is None:
            return
        item.removeRows(0, item.rowCount())
        if error:
            item.appendRow(rows.placeholder_items(
                self.tr("Series search failed: {reason}").format(reason=error), self.model.columnCount()))
            return
        for series in found:
            item.appendRow(rows.series_items(series, self.model.columnCount()))
        if not found:
            item.appendRow(rows.placeholder_items(self.tr("No series"), self.model.columnCount()))
        rows.fit_columns(self.view)
        self._ask_previews(generation, study_uid, [s.series_uid for s in found])

    # --- previews (DICOMweb archives) -------------------------------------------------------------

    def _ask_previews(self, generation: int, study_uid: str, series_uids: list[str]) -> None:
        from viewer.net.nodes import offers_previews

        if not series_uids or not offers_previews(self._node):
            return
        self.pool.run(fetch_previews, self._node, study_uid, series_uids, name="previews",
                      on_items=lambda batch: self._show_previews(generation, study_uid, batch))

    def _show_previews(self, generation: int, study_uid: str, batch: list) -> None:
        study = self.study_item(study_uid) if generation == self._generation else None
        if study is None:
            return
        for series_uid, data in batch:
            pixmap = QPixmap()
            if not pixmap.loadFromData(data):
                continue
            for row in range(study.rowCount()):
                child = study.child(row, 0)
                if child.data(rows.UID_ROLE) == series_uid:
                    child.setIcon(QIcon(pixmap))
                    self.view.setIconSize(QSize(PREVIEW_ICON, PREVIEW_ICON))

    # --- retrieving -------------------------------------------------------------------------------

    def selected_requests(self) -> list[RetrieveRequest]:
        chosen, studies = [], set()
        indexes = self.view.selectionModel().selectedRows(0)
        items = [self.model.itemFromIndex(i) for i in indexes]
        for item in items:
            if item.data(rows.KIND_ROLE) == rows.STUDY:
                studies.add(item.data(rows.UID_ROLE))
                chosen.append(self._request(item))
        for item in items:
            if item.data(rows.KIND_ROLE) == rows.SERIES and item.data(rows.STUDY_UID_ROLE) not in studies:
                chosen.append(self._request(item))
        return chosen

    def _request(self, item) -> RetrieveRequest:
        payload = item.data(rows.PAYLOAD_ROLE)
        if item.data(rows.KIND_ROLE) == rows.STUDY:
            label = " – ".join(t for t in (item.text(), payload.description) if t)
            return RetrieveRequest("STUDY", {"StudyInstanceUID": payload.study_uid}, label,
                                   payload.study_uid)
        parent = item.parent()
        label = " – ".join(t for t in (parent.text() if parent else "", payload.label()) if t)
        return RetrieveRequest("SERIES", {"StudyInstanceUID": payload.study_uid,
                                          "SeriesInstanceUID": payload.series_uid},
                               label, payload.study_uid)

    def retrieve_selected(self, open_when_done: bool) -> None:
        requests = self.selected_requests()
        if requests and self._node is not None:
            self.retrieveRequested.emit(self._node, requests, open_when_done)

    def _double_clicked(self, index: QModelIndex) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item is not None and item.data(rows.KIND_ROLE) in (rows.STUDY, rows.SERIES):
            self.view.selectionModel().select(
                index, self.view.selectionModel().SelectionFlag.ClearAndSelect
                | self.view.selectionModel().SelectionFlag.Rows)
            self.retrieve_selected(True)

    def _selection_changed(self) -> None:
        self.retrieve_button.setEnabled(bool(self.selected_requests()))

    def _context_menu(self, pos) -> None:
        if not self.selected_requests():
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Retrieve"), lambda: self.retrieve_selected(False))
        menu.addAction(self.tr("Retrieve and open"), lambda: self.retrieve_selected(True))
        send = menu.addAction(self.tr("Send to…"), self.send_selected)
        send.setToolTip(self.tr("Have the archive send the selection to another node"))
        from viewer.net.nodes import is_web

        send.setEnabled(self._node is not None and not is_web(self._node))  # C-MOVE only
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        menu.popup(self.view.viewport().mapToGlobal(pos))  # no nested event loop (not exec())

    def send_selected(self) -> None:
        """Send to…: ask which AE title, then have the archive send there (C-MOVE)."""
        from viewer.net.nodes import is_web
        from viewer.ui.send_to_dialog import SendToDialog

        requests, node = self.selected_requests(), self._node
        if not requests or node is None or is_web(node):
            return
        what = (requests[0].label if len(requests) == 1
                else self.tr("%n studies or series", "", len(requests)))
        nodes = [n for n in self.session.nodes() if not is_web(n) and n.aet != node.aet]
        dialog = SendToDialog(self, node.name or node.aet, what, nodes,
                              self.session.settings.aet)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.moveRequested.emit(node, requests, dialog.aet()))
        dialog.finished.connect(lambda _: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    # --- echo -------------------------------------------------------------------------------------

    def echo(self, name: str) -> None:
        node = self.session.node(name)
        if node is None:
            return
        self.form.set_echo_result(self.tr("Echo…"), None)
        self.pool.run(echo_node, node, self.session.settings.aet, name="c-echo",
                      on_finished=lambda result: self._echo_result(name, self.tr(
                          "OK ({ms:.1f} ms)").format(ms=result.round_trip_s * 1000), True),
                      on_failed=lambda text: self._echo_result(name, text, False))

    def _echo_result(self, name: str, text: str, ok: bool) -> None:
        if name == self.form.node_name():  # not an answer about another archive
            self.form.set_echo_result(text, ok)
