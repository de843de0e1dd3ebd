"""The main window: Local studies, Query/Retrieve and Viewer tabs, Transfers and Log docks,
the Storage SCP's status, drag and drop, menus with the usual shortcuts."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox, QTabWidget

from viewer.ui import dnd, help as help_ui
from viewer.ui.local_studies import LocalStudiesPanel
from viewer.ui.log_panel import LogPanel
from viewer.ui.operations import Operations
from viewer.ui.priors import Priors
from viewer.ui.query_panel import QueryPanel
from viewer.ui.status import ListenerStatus
from viewer.ui.study_actions import StudyActions
from viewer.ui.transfers import TransfersView
from viewer.ui.viewer_host import connect_archive
from viewer.ui.viewing.area import ViewerArea
from viewer.ui.workers import WorkerPool

LOCAL_TAB, QUERY_TAB, VIEWER_TAB = range(3)


class MainWindow(QMainWindow):
    def __init__(self, session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(self.tr("DICOM Viewer"))
        self.setAcceptDrops(True)
        self.pool = WorkerPool(self)
        self.transfers = TransfersView()
        self.log_panel = LogPanel()
        self.log_panel.follow_logging(logging.getLogger("viewer"))
        self.operations = Operations(session, self.pool, self.transfers, self)
        self.local = LocalStudiesPanel(session, self.pool)
        self.query = QueryPanel(session, self.pool)
        self.viewer = ViewerArea()
        self.study_actions = StudyActions(self)  # send, delete, export
        self.priors = Priors(self)  # the patient's other studies, Compare with prior
        connect_archive(self.viewer, session, self.pool, lambda text: self.notice(
            self.tr("Presentation state not stored"), text))
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.local, self.tr("Local studies"))
        self.tabs.addTab(self.query, self.tr("Query / Retrieve"))
        self.tabs.addTab(self.priors.viewer_page, self.tr("Viewer"))
        self.setCentralWidget(self.tabs)
        self._docks_before_viewer = None  # reading mode: the viewer gets the whole window
        self.transfers_dock = self._dock(self.tr("Transfers"), self.transfers, "transfers")
        self.log_dock = self._dock(self.tr("Log"), self.log_panel, "log")
        self.tabifyDockWidget(self.transfers_dock, self.log_dock)
        self.transfers_dock.raise_()
        self.resizeDocks([self.transfers_dock], [200], Qt.Orientation.Vertical)
        self.status = ListenerStatus(self.statusBar())
        self.notices: list[QMessageBox] = []
        self._build_actions()
        self._build_menus()
        self._connect()
        self.resize(1400, 900)
        if session.settings_error:
            self.notice(self.tr("Settings file"), session.settings_error)

    def _dock(self, title: str, widget, name: str) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable |
                         QDockWidget.DockWidgetFeature.DockWidgetClosable |
                         QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return dock

    # --- actions and menus --------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "", on=None) -> QAction:
        """An action whose shortcut works in the window, or only in the widget *on*."""
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [QKeySequence(shortcut)])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        if on is not None:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        (on or self).addAction(action)
        return action

    def _build_actions(self) -> None:
        Key = QKeySequence.StandardKey
        self.act_open = self._action(self.tr("&Open files…"), self.open_files_dialog,
                                     QKeySequence(Key.Open))
        self.act_open_folder = self._action(self.tr("Open &folder…"), self.open_folder_dialog,
                                            "Ctrl+Shift+O")
        self.act_settings = self._action(self.tr("&Settings…"), self.show_settings,
                                         [QKeySequence(Key.Preferences), QKeySequence("Ctrl+,")])
        self.act_quit = self._action(self.tr("&Quit"), self.close, QKeySequence(Key.Quit))
        self.act_local = self._action(self.tr("&Local studies"),
                                      lambda: self.tabs.setCurrentIndex(LOCAL_TAB), "Ctrl+1")
        self.act_query = self._action(self.tr("&Query / Retrieve"), self.show_query, "Ctrl+2")
        self.act_viewer = self._action(self.tr("&Viewer"),
                                       lambda: self.tabs.setCurrentIndex(VIEWER_TAB), "Ctrl+3")
        self.act_find = self._action(self.tr("&Find"), self.focus_search, QKeySequence(Key.Find))
        # Return and Delete act on the study list only (the viewer has its own Del)
        self.act_study_open = self._action(self.tr("Open study"), self.local.open_selected,
                                           [QKeySequence("Return"), QKeySequence("Enter")],
                                           on=self.local.view)
        acts = self.study_actions
        self.act_delete = self._action(self.tr("&Delete study…"), acts.delete_selected,
                                       QKeySequence(Key.Delete), on=self.local.view)
        self.act_export = self._action(self.tr("Export study as &PNG files…"),
                                       acts.export_selected, "Ctrl+E")
        self.act_export_anonymized = self._action(self.tr("Export &anonymized…"),
                                                  acts.export_anonymized_selected)
        self.act_export_zip = self._action(self.tr("Export as &zip…"), acts.export_zip_selected)
        self.act_export_media = self._action(self.tr("Export to &CD/DVD folder…"),
                                             acts.export_media_selected)
        self.act_print = self._action(self.tr("&Print…"), acts.print_displayed,
                                      QKeySequence(Key.Print))
        self.act_export_frame = self._action(self.tr("Export displayed &image as PNG…"),
                                             acts.export_displayed, "Ctrl+Shift+E")
        self.act_compare = self._action(self.tr("&Compare with prior"),
                                        self.priors.compare_current, "Ctrl+Shift+P")
        self.act_refresh = self._action(self.tr("&Refresh"), self.local.reload,
                                        QKeySequence(Key.Refresh))
        self.act_retrieve = self._action(self.tr("&Retrieve selected"),
                                         lambda: self.query.retrieve_selected(False), "Ctrl+R")
        self.act_transfers = self.transfers_dock.toggleViewAction()
        self.act_transfers.setShortcut("Ctrl+T")
        self.act_log = self.log_dock.toggleViewAction()
        self.act_log.setShortcut("Ctrl+L")
        self.act_shortcuts = self._action(self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1")
        self.act_about = self._action(self.tr("&About"),
                                      lambda: help_ui.show_about(self, self.session))

    def _build_menus(self) -> None:
        menus = self.menuBar()
        file_menu = menus.addMenu(self.tr("&File"))
        for action in (self.act_open, self.act_open_folder, None, self.act_export,
                       self.act_export_media, self.act_export_frame, self.act_print, None,
                       self.act_settings, None, self.act_quit):
            file_menu.addSeparator() if action is None else file_menu.addAction(action)
        study = menus.addMenu(self.tr("&Study"))
        study.addAction(self.act_study_open)
        self.send_menu = study.addMenu(self.tr("Send &to"))
        self.send_menu.aboutToShow.connect(
            lambda: self.study_actions.fill_send_menu(self.send_menu))
        for action in (self.act_export, self.act_export_anonymized, self.act_export_zip,
                       self.act_export_media, self.act_delete, None, self.act_compare,
                       self.act_retrieve, self.act_refresh):
            study.addSeparator() if action is None else study.addAction(action)
        view = menus.addMenu(self.tr("&View"))
        for action in (self.act_local, self.act_query, self.act_viewer, self.act_find, None,
                       self.act_transfers, self.act_log):
            view.addSeparator() if action is None else view.addAction(action)
        help_menu = menus.addMenu(self.tr("&Help"))
        help_menu.addAction(self.act_shortcuts)
        help_menu.addAction(self.act_about)

    def window_actions(self) -> list[QAction]:
        return [self.act_open, self.act_open_folder, self.act_settings, self.act_quit,
                self.act_local, self.act_query, self.act_viewer, self.act_find,
                self.act_study_open, self.act_delete, self.act_export, self.act_export_media,
                self.act_export_frame, self.act_print,
                self.act_refresh, self.act_retrieve, self.act_transfers, self.act_log,
                self.act_shortcuts, self.act_compare]

    def _connect(self) -> None:
        s, ops = self.session, self.operations
        s.listenerChanged.connect(self.status.show_state)
        s.listenerChanged.connect(self._log_listener)
        s.scpEvents.connect(self.status.on_events)
        s.scpEvents.connect(self.log_panel.add_scp_events)
        s.archiveFailed.connect(lambda reason: self.notice(self.tr("Local archive"), reason))
        s.demoFailed.connect(lambda reason: self.notice(self.tr("Demo archive"), reason))
        s.settingsFailed.connect(lambda reason: self.notice(self.tr("Settings not saved"), reason))
        s.settingsSaved.connect(lambda: self.statusBar().showMessage(self.tr("Settings saved"), 4000))
        ops.seriesReady.connect(self.show_series)
        ops.seriesGrew.connect(self.viewer.add_series)
        ops.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 6000))
        ops.notice.connect(self.notice)
        ops.logMessage.connect(self.log_panel.add_line)
        self.query.logMessage.connect(self.log_panel.add_line)
        self.query.retrieveRequested.connect(self._retrieve)
        self.query.moveRequested.connect(self._move)
        self.local.openRequested.connect(ops.open_study)
        self.local.contextMenuRequested.connect(self.study_actions.context_menu)
        self.local.seriesMenuRequested.connect(self.study_actions.series_context_menu)
        self.local.queryRequested.connect(self.show_query)
        ops.live.seriesArrived.connect(self.viewer.add_series)
        ops.live.studyRemoved.connect(self._open_study_removed)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.viewer.statusMessage.connect(lambda text: self.statusBar().showMessage(text, 6000))

    def _tab_changed(self, index: int) -> None:
        """Docks hide while the Viewer tab shows (nothing running) and come back after."""
        docks = (self.transfers_dock, self.log_dock)
        if index == VIEWER_TAB and not self.transfers.running():
            self._docks_before_viewer = [d.isVisible() for d in docks]
            for dock in docks:
                dock.hide()
        elif index != VIEWER_TAB and self._docks_before_viewer is not None:
            for dock, visible in zip(docks, self._docks_before_viewer):
                dock.setVisible(visible)
            self.transfers_dock.raise_()
            self._docks_before_viewer = None

    def _log_listener(self, state) -> None:
        if state.listening:
            self.log_panel.add_line(self.tr("Storage SCP listening as {address}").format(
                address=state.address))
        else:
            self.log_panel.add_line(self.tr("Storage SCP not listening on port {port}: {reason}")
                                    .format(port=state.port, reason=state.reason))

    # --- showing things -----------------------------------------------------------------------

    def notice(self, title: str, text: str) -> QMessageBox:
        """A message that does not block the window (several may be open)."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Close, self)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.finished.connect(lambda _: self.notices.remove(box) if box in self.notices else None)
        self.notices.append(box)
        box.show()
        return box

    def show_series(self, series: list, title: str) -> None:
        self.viewer.show_series_list(series)
        self.tabs.setCurrentIndex(VIEWER_TAB)
        self.viewer.focus_active()
        if title:
            self.setWindowTitle(self.tr("{title} – DICOM Viewer").format(title=title))

    def _open_study_removed(self, _study_uid: str) -> None:
        """The study shown was deleted: its files are gone, so is the view."""
        self.viewer.show_series_list([])
        self.setWindowTitle(self.tr("DICOM Viewer"))

    def show_transfers(self) -> None:
        self.transfers_dock.show()
        self.transfers_dock.raise_()

    def show_query(self) -> None:
        self.tabs.setCurrentIndex(QUERY_TAB)
        self.query.form.patient_name.setFocus()

    def focus_search(self) -> None:
        if self.tabs.currentIndex() == QUERY_TAB:
            self.query.form.patient_name.setFocus()
        else:
            self.tabs.setCurrentIndex(LOCAL_TAB)
            self.local.search.setFocus()
            self.local.search.selectAll()

    def _retrieve(self, node, requests, open_when_done: bool) -> None:
        self.operations.retrieve(node, requests, open_when_done)
        self.show_transfers()

    def _move(self, node, requests, destination: str) -> None:
        self.operations.move(node, requests, destination)
        self.show_transfers()

    # --- files --------------------------------------------------------------------------------

    def open_files_dialog(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Open DICOM files"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
        dialog.filesSelected.connect(lambda files: self.import_paths([Path(f) for f in files]))
        return self._open_file_dialog(dialog)

    def open_folder_dialog(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Open a folder (or a CD/DVD)"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
        dialog.fileSelected.connect(lambda folder: self.import_paths([Path(folder)]))
        return self._open_file_dialog(dialog)

    def _open_file_dialog(self, dialog: QFileDialog) -> QFileDialog:
        """Window-modal and non-blocking (open(), never exec()); gone once answered."""
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    def import_paths(self, paths) -> None:
        """Files, folders, DICOMDIRs: imported in the background, then opened."""
        if self.operations.import_paths(list(paths)) is not None:
            self.show_transfers()

    def dragEnterEvent(self, event) -> None:
        if dnd.accepts(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        self.dragEnterEvent(event)

    def dropEvent(self, event) -> None:
        paths = dnd.dropped_paths(event.mimeData())
        if not paths:
            event.ignore()
            return
        event.acceptProposedAction()
        self.import_paths(paths)

    # --- settings, help, closing --------------------------------------------------------------

    def show_settings(self) -> None:
        from viewer.ui.settings_dialog import SettingsDialog

        self.settings_dialog = SettingsDialog(self.session.file_settings, self.pool, self)
        self.settings_dialog.accepted.connect(
            lambda: self.session.apply_settings(self.settings_dialog.result_settings))
        self.settings_dialog.open()

    def show_shortcuts(self) -> None:
        groups = [(self.tr("Window"), self.window_actions())]
        viewer_actions = list(self.viewer.actions())
        for action in self.viewer.action_map.values():
            if action not in viewer_actions:
                viewer_actions.append(action)
        groups.append((self.tr("Viewer"), viewer_actions))
        self.shortcuts_dialog = help_ui.ShortcutsDialog(groups, self)
        self.shortcuts_dialog.show()

    def closeEvent(self, event) -> None:
        self.pool.cancel_all(wait=2.0)
        self.session.close()
        super().closeEvent(event)
