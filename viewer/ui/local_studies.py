"""The local archive as a searchable study list, with the selected study's series (thumbnails).

The index is read in workers (``Archive.list_studies`` / ``list_series``: the queries of
``dicom-viewer list``) and reloaded, a moment after the archive reports a change, without the
user asking: a study being retrieved shows up and its counts grow while it arrives.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, QSize, QSortFilterProxyModel, Qt, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListWidget, QListWidgetItem, QSplitter, QTreeView, QVBoxLayout,
                               QWidget)

from viewer.ui import study_rows as rows
from viewer.ui.empty_hint import EmptyHint
from viewer.ui.thumbnails import SIZE, series_thumbnails, to_pixmap

RELOAD_DELAY_MS = 400
DATE_FILTERS = (("any", None), ("today", 0), ("week", 6), ("month", 30), ("year", 365))


class StudyFilterProxy(QSortFilterProxyModel):
    """Free text over name, ID, description, accession and modalities; a study date window."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = ""
        self.since = ""  # YYYYMMDD or ""
        self.setSortRole(rows.SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_filter(self, text: str, since: str) -> None:
        if hasattr(self, "beginFilterChange"):  # Qt 6.10+: invalidateFilter is deprecated
            self.beginFilterChange()
            self.text, self.since = text.strip().casefold(), since
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self.text, self.since = text.strip().casefold(), since
            self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent) -> bool:
        item = self.sourceModel().item(source_row, 0)
        row = item.data(rows.PAYLOAD_ROLE) if item is not None else None
        if row is None:
            return True
        if self.since and (row.study_date or "") < self.since:
            return False
        if not self.text:
            return True
        haystack = " ".join((item.text(), row.patient_name, row.patient_id, row.description,
                             row.accession, row.modalities)).casefold()
        return all(word in haystack for word in self.text.split())


class LocalStudiesPanel(QWidget):
    openRequested = Signal(str, str)  # study UID, label
    selectionChanged = Signal()
    contextMenuRequested = Signal(object)  # global position
    seriesMenuRequested = Signal(object)  # global position, over the series list
    queryRequested = Signal()  # the empty list's "Query an archive"

    def __init__(self, session, pool, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool = session, pool
        self.model = rows.new_study_model(self)
        self.proxy = StudyFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search patient, ID, description, accession, modality"))
        self.search.setClearButtonEnabled(True)
        self.date_filter = QComboBox()
        for (key, _), label in zip(DATE_FILTERS, [self.tr("Any date"), self.tr("Today"),
                                                  self.tr("Last 7 days"), self.tr("Last 31 days"),
                                                  self.tr("Last year")]):
            self.date_filter.addItem(label, key)
        self.count_label = QLabel()
        self.view = self._study_view()
        self.empty_hint = EmptyHint(self.view)
        self._listed = False  # the index has been read once
        self.series_list = QListWidget()
        self.series_list.setViewMode(QListWidget.ViewMode.IconMode)
        self.series_list.setIconSize(QSize(SIZE, SIZE))
        self.series_list.setGridSize(QSize(SIZE + 64, SIZE + 44))
        self.series_list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.series_list.setMovement(QListWidget.Movement.Static)
        self.series_list.setWordWrap(True)
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(self.reload)
        self._loading = None
        self._series_worker = None
        self._thumbs: dict[tuple, object] = {}
        self._shown_series = None
        self._layout()
        self._connect()
        self.count_label.setText(self.tr("Opening the local archive…"))

    def _study_view(self) -> QTreeView:
        view = QTreeView()
        view.setModel(self.proxy)
        view.setRootIsDecorated(False)
        view.setSortingEnabled(True)
        view.sortByColumn(3, Qt.SortOrder.DescendingOrder)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setAlternatingRowColors(True)
        view.setUniformRowHeights(True)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows.prepare_view(view)
        return view

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.date_filter)
        top.addWidget(self.count_label)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        self.bottom_split = QSplitter(Qt.Orientation.Horizontal)  # series, other studies
        self.bottom_split.addWidget(self.series_list)
        self.bottom_split.setStretchFactor(0, 1)
        split.addWidget(self.bottom_split)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)  # the thumbnails keep their height, the list takes the rest
        split.setChildrenCollapsible(False)
        split.setSizes([10 * SIZE, SIZE + 70])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def _connect(self) -> None:
        self.search.textChanged.connect(self._apply_filter)
        self.date_filter.currentIndexChanged.connect(self._apply_filter)
        # a double-click opens; Enter is the window's "Open study" action (``activated`` too
        # would open a double-clicked study twice: it also fires on double-click)
        self.view.doubleClicked.connect(lambda _: self.open_selected())
        self.view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.view.customContextMenuRequested.connect(
            lambda pos: self.contextMenuRequested.emit(self.view.viewport().mapToGlobal(pos)))
        self.series_list.itemDoubleClicked.connect(lambda _: self.open_selected())
        self.series_list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.series_list.customContextMenuRequested.connect(
            lambda pos: self.seriesMenuRequested.emit(self.series_list.viewport().mapToGlobal(pos)))
        self.empty_hint.buttonClicked.connect(self._hint_clicked)
        self.session.archiveReady.connect(self.reload)
        self.session.archiveFailed.connect(
            lambda reason: self.count_label.setText(self.tr("Local archive unavailable: {reason}")
                                                    .format(reason=reason)))
        self.session.indexChanged.connect(lambda _change: self.schedule_reload())

    # --- loading ------------------------------------------------------------------------------

    def schedule_reload(self) -> None:
        """Reload soon; a burst of changes (a retrieve) reloads a few times a second at most."""
        if not self._reload_timer.isActive():
            self._reload_timer.start()

    def reload(self) -> None:
        from viewer.ui.jobs import list_local

        archive = self.session.archive
        if archive is None:
            return
        if self._loading is not None and not self._loading.is_done:
            self.schedule_reload()  # one at a time; the latest state wins
            return
        self._loading = self.pool.run(list_local, archive, name="list-studies",
                                      on_finished=self._show_studies,
                                      on_failed=lambda text: self.count_label.setText(text))

    def _show_studies(self, summaries) -> None:
        selected = set(self.selected_study_uids())
        current = self._current_uid()
        wanted = {s.study_uid: rows.StudyRow.from_summary(s) for s in summaries}
        for r in reversed(range(self.model.rowCount())):
            if self.model.item(r, 0).data(rows.UID_ROLE) not in wanted:
                self.model.removeRow(r)
        by_uid = {self.model.item(r, 0).data(rows.UID_ROLE): r for r in range(self.model.rowCount())}
        known = set(by_uid)
        for uid, row in wanted.items():
            source_row = by_uid.get(uid)
            if source_row is None:
                self.model.appendRow(rows.study_items(row))
            elif self.model.item(source_row, 0).data(rows.PAYLOAD_ROLE) != row:
                for column, item in enumerate(rows.study_items(row)):
                    self.model.setItem(source_row, column, item)
        self._restore_selection(selected, current)
        self._listed = True
        self._update_count()
        rows.fit_columns(self.view)
        if current in wanted and current in known:
            self._refresh_series_if_changed(current, wanted[current])

    def _source_row(self, uid: str) -> int | None:
        for r in range(self.model.rowCount()):
            if self.model.item(r, 0).data(rows.UID_ROLE) == uid:
                return r
        return None

    def _restore_selection(self, selected: set, current: str | None) -> None:
        selection = self.view.selectionModel()
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            uid = index.data(rows.UID_ROLE)
            if uid in selected and not selection.isRowSelected(r):
                selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        text = self.tr("Studies: %n", "", total) if shown == total else \
            self.tr("Studies: {shown} of {total}").format(shown=shown, total=total)
        self.count_label.setText(text)
        self._update_hint()

    def _update_hint(self) -> None:
        """An empty list says what to do: get studies, or loosen the search."""
        if not self._listed or self.proxy.rowCount():
            self.empty_hint.hide()
        elif not self.model.rowCount():
            self.empty_hint.show_hint(
                self.tr("No studies on this workstation yet.\nQuery an archive (Ctrl+2), or drop "
                        "files, folders or a DICOMDIR here."), self.tr("Query an archive"))
        else:
            text = self.search.text().strip()
            self.empty_hint.show_hint(
                self.tr("No studies match “{text}”.").format(text=text) if text else
                self.tr("No studies in this date range."), self.tr("Show all studies"))

    def _hint_clicked(self) -> None:
        if self.model.rowCount():
            self.search.clear()
            self.date_filter.setCurrentIndex(0)
        else:
            self.queryRequested.emit()

    def _apply_filter(self) -> None:
        days = dict(DATE_FILTERS)[self.date_filter.currentData()]
        since = "" if days is None else QDate.currentDate().addDays(-days).toString("yyyyMMdd")
        self.proxy.set_filter(self.search.text(), since)
        self._update_count()

    # --- selection and series -----------------------------------------------------------------

    def selected_study_uids(self) -> list[str]:
        return [i.data(rows.UID_ROLE) for i in self.view.selectionModel().selectedRows(0)]

    def selected_rows(self) -> list:
        return [i.data(rows.PAYLOAD_ROLE) for i in self.view.selectionModel().selectedRows(0)]

    def _current_uid(self) -> str | None:
        uids = self.selected_study_uids()
        return uids[0] if len(uids) == 1 else None

    def label_of(self, row) -> str:
        from viewer.ui.formatting import dicom_date, person_name

        return " – ".join(t for t in (person_name(row.patient_name), dicom_date(row.study_date),
                                      row.description) if t)

    def open_selected(self) -> None:
        for row in self.selected_rows()[:1]:
            self.openRequested.emit(row.study_uid, self.label_of(row))

    def select_study(self, study_uid: str) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(rows.UID_ROLE) == study_uid:
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False

    def _selection_changed(self) -> None:
        self.selectionChanged.emit()
        uid = self._current_uid()
        self.series_list.clear()
        self._shown_series = None
        if uid is not None:
            self._load_series(uid)

    def _refresh_series_if_changed(self, uid: str, row) -> None:
        if self._shown_series != (uid, row.series, row.instances):
            self._load_series(uid)

    def _load_series(self, uid: str) -> None:
        from viewer.ui.jobs import list_local_series

        archive = self.session.archive
        if archive is None:
            return
        self.pool.run(list_local_series, archive, uid, name="list-series",
                      on_finished=lambda found: self._show_series(uid, found))

    def _show_series(self, uid: str, found) -> None:
        if uid != self._current_uid():
            return
        self.series_list.clear()
        source_row = self._source_row(uid)
        if source_row is None:
            return
        row = self.model.item(source_row, 0).data(rows.PAYLOAD_ROLE)
        self._shown_series = (uid, row.series, row.instances)
        missing = []
        for summary in found:
            series = rows.SeriesRow.from_summary(summary)
            text = f"{series.label()}\n{series.modality} · {summary.number_of_instances}"
            item = QListWidgetItem(text)
            item.setData(rows.UID_ROLE, series.series_uid)
            item.setToolTip(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            key = (series.series_uid, summary.number_of_instances)
            if key in self._thumbs:
                item.setIcon(QIcon(self._thumbs[key]))
            else:
                missing.append(series.series_uid)
            self.series_list.addItem(item)
        if missing and self.session.archive is not None:
            counts = {s.series_uid: s.number_of_instances for s in found}
            if self._series_worker is not None and not self._series_worker.is_done:
                self._series_worker.cancel()
            self._series_worker = self.pool.run(
                series_thumbnails, self.session.archive, missing, name="thumbnails",
                on_items=lambda batch: self._thumbnails(batch, counts))

    def _thumbnails(self, batch, counts) -> None:
        for series_uid, pixels in batch:
            pixmap = to_pixmap(pixels)
            self._thumbs[(series_uid, counts.get(series_uid))] = pixmap
            for i in range(self.series_list.count()):
                item = self.series_list.item(i)
                if item.data(rows.UID_ROLE) == series_uid:
                    item.setIcon(QIcon(pixmap))
