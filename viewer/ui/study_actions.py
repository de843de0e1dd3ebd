"""What the window does with the selected local studies or the displayed image: send, delete,
export. Questions (confirm, where to save) are window-modal dialogs opened with ``open()``, not
``exec()``: the event loop keeps running (transfers progress, the SCP's status updates) and the
answer arrives as a signal. ``dialog`` is the one open, so tests answer it like a user would."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from viewer.ui.study_rows import UID_ROLE
from viewer.ui.viewer_host import displayed_frame

MAX_NAMES = 10


class StudyActions(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.dialog = None
        self.menu: QMenu | None = None  # the context menu shown last

    @property
    def local(self):
        return self.window.local

    @property
    def operations(self):
        return self.window.operations

    # --- menus --------------------------------------------------------------------------------

    def context_menu(self, position) -> None:
        w = self.window
        if not self.local.selected_rows():
            return
        menu = QMenu(w)
        menu.addAction(w.act_study_open)
        self.fill_send_menu(menu.addMenu(self.tr("Send to")))
        menu.addAction(w.act_export)
        menu.addAction(w.act_export_anonymized)
        menu.addAction(w.act_export_zip)
        menu.addAction(w.act_export_media)
        menu.addSeparator()
        menu.addAction(w.act_delete)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        menu.popup(position)  # no nested event loop (not exec())

    def series_context_menu(self, position) -> None:
        """The series list's menu: send the series under the mouse (selected by the press)."""
        item = self.local.series_list.currentItem()
        rows = self.local.selected_rows()
        if item is None or len(rows) != 1:
            return
        menu = QMenu(self.window)
        label = f"{self.local.label_of(rows[0])} – {item.text().splitlines()[0]}"
        self.fill_send_menu(menu.addMenu(self.tr("Send series to")), lambda node: (
            self.operations.send_study(node, rows[0].study_uid, label, item.data(UID_ROLE)),
            self.window.show_transfers()))
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.menu = menu
        menu.popup(position)

    def fill_send_menu(self, menu: QMenu, send=None) -> None:
        menu.clear()
        nodes = self.window.session.nodes()
        if not nodes:
            menu.addAction(self.tr("(no archive configured)")).setEnabled(False)
        for node in nodes:
            menu.addAction(node.name, lambda n=node: (send or self.send_selected)(n))

    # --- send, delete -------------------------------------------------------------------------

    def send_selected(self, node) -> None:
        rows = self.local.selected_rows()
        if not rows:
            self._status(self.tr("Select a study to send"))
            return
        for row in rows:
            self.operations.send_study(node, row.study_uid, self.local.label_of(row))
        self.window.show_transfers()

    def delete_selected(self) -> None:
        rows = self.local.selected_rows()
        if not rows:
            return
        names = "\n".join(self.local.label_of(r) for r in rows[:MAX_NAMES])
        if len(rows) > MAX_NAMES:
            names += "\n…"
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Delete studies"),
                          self.tr("Delete the selected studies (%n) from the local archive? "
                                  "Their files are removed.", "", len(rows)) + "\n\n" + names,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        labels = {r.study_uid: self.local.label_of(r) for r in rows}
        box.finished.connect(lambda _: self._delete_answered(box, labels))
        self._ask(box)

    def _delete_answered(self, box: QMessageBox, labels: dict) -> None:
        self._answered(box)
        if box.clickedButton() is box.button(QMessageBox.StandardButton.Yes):
            self.operations.delete_studies(list(labels), labels)

    # --- export -------------------------------------------------------------------------------

    def export_selected(self) -> None:
        rows = [(r.study_uid, self.local.label_of(r)) for r in self.local.selected_rows()]
        if not rows:
            self._status(self.tr("Select a study to export"))
            return
        dialog = QFileDialog(self.window, self.tr("Export to folder"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self._export_studies(rows, Path(folder)))
        self._ask(dialog)

    def _export_studies(self, rows, folder: Path) -> None:
        for study_uid, label in rows:
            self.operations.export_study(study_uid, label, folder / study_uid)
        self.window.show_transfers()

    def export_anonymized_selected(self) -> None:
        """Ask what the copies keep, then where they go (a folder, or a zip file)."""
        from viewer.ui.anonymize_dialog import AnonymizeDialog

        labels = self._selected_labels(self.tr("Select a study to export"))
        if labels:
            dialog = AnonymizeDialog(self.window)
            dialog.accepted.connect(lambda: self._ask_anonymized_target(
                labels, dialog.choices()))
            self._ask(dialog)

    def _ask_anonymized_target(self, labels: dict, choices) -> None:
        from viewer.share import Anonymizer

        anonymizer = Anonymizer(choices.options, patient_name=choices.patient_name,
                                patient_id=choices.patient_id)
        def start(out: str) -> None:
            self.operations.share_studies(labels, Path(out), anonymizer, as_zip=choices.as_zip,
                                          include_burned_in=choices.include_burned_in)
            self.window.show_transfers()

        if choices.as_zip:
            self._ask_zip_name(self.tr("Export anonymized as zip"), "anonymized.zip", start)
        else:
            dialog = QFileDialog(self.window, self.tr("Export anonymized to folder"))
            dialog.setFileMode(QFileDialog.FileMode.Directory)
            dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
            dialog.fileSelected.connect(start)
            self._ask(dialog)

    def export_zip_selected(self) -> None:
        labels = self._selected_labels(self.tr("Select a study to export"))
        if labels:
            def start(out: str) -> None:
                self.operations.share_studies(labels, Path(out))
                self.window.show_transfers()

            self._ask_zip_name(self.tr("Export as zip"), "studies.zip", start)

    def _ask_zip_name(self, title: str, name: str, then) -> None:
        dialog = QFileDialog(self.window, title, name, self.tr("Zip archives (*.zip)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("zip")
        dialog.fileSelected.connect(then)
        self._ask(dialog)

    def _selected_labels(self, hint: str) -> dict:
        labels = {r.study_uid: self.local.label_of(r) for r in self.local.selected_rows()}
        if not labels:
            self._status(hint)
        return labels
    def export_media_selected(self) -> None:
        """Study > Export to CD/DVD folder: the selected studies as one file-set (DICOMDIR)."""
        rows = [(r.study_uid, self.local.label_of(r)) for r in self.local.selected_rows()]
        if not rows:
            self._status(self.tr("Select a study to export"))
            return
        dialog = QFileDialog(self.window, self.tr("Export to CD/DVD folder (choose an empty "
                                                  "folder)"))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda folder: self._export_media(rows, Path(folder)))
        self._ask(dialog)

    def _export_media(self, rows, folder: Path) -> None:
        if folder.exists() and any(folder.iterdir()):
            self.window.operations.notice.emit(
                self.tr("Export to CD/DVD folder"),
                self.tr("{folder} is not empty. Choose an empty folder: its contents are "
                        "burnt to the disc as they are.").format(folder=folder))
            return
        label = rows[0][1] if len(rows) == 1 else self.tr("%n studies", "", len(rows))
        self.operations.export_media([uid for uid, _ in rows], label, folder)
        self.window.show_transfers()

    def print_displayed(self) -> None:
        """File > Print: the displayed image or its series on a saved printer node."""
        from viewer.net.print_image import ViewTransform
        from viewer.ui.print_dialog import PrintDialog

        shown = displayed_frame(self.window.viewer)
        if shown is None:
            self._status(self.tr("No image is displayed"))
            return
        printers = self.window.session.printers()
        if not printers:
            self.operations.notice.emit(self.tr("Print"), self.tr(
                "No printer is configured. Add a node with \"kind\": \"printer\" to the "
                "settings file (see the README, Configuration)."))
            return
        viewport = self.window.viewer.active_viewport
        frames = list(viewport.series.frames)
        index = next((i for i, ref in enumerate(frames) if ref == viewport.ref), 0)
        state, choice = viewport.state, viewport.presentation
        presentation = choice.state if choice.active and not choice.annotations_only else None
        view = ViewTransform(state.rotation, state.flip_h, state.flip_v, state.invert)
        # the user's window (None: each frame's default, or the presentation state's VOI)
        dialog = PrintDialog(self.window, printers, frames, index, state.window, view,
                             presentation)
        dialog.printRequested.connect(lambda node, chosen, options: self._print(
            node, chosen, state.window, options, view, presentation))
        dialog.statusRequested.connect(
            lambda node: self.operations.printer_status(node, dialog.show_status))
        self._ask(dialog)

    def _print(self, node, frames, window, options, view, presentation) -> None:
        self.operations.print_frames(node, frames, window, options, view, presentation)
        self.window.show_transfers()

    def export_displayed(self) -> None:
        shown = displayed_frame(self.window.viewer)
        if shown is None:
            self._status(self.tr("No image is displayed"))
            return
        dialog = QFileDialog(self.window, self.tr("Export image"), "image.png",
                             self.tr("PNG images (*.png)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("png")
        dialog.fileSelected.connect(lambda out: self.operations.export_frame(*shown, Path(out)))
        self._ask(dialog)

    # --- helpers ------------------------------------------------------------------------------

    def _ask(self, dialog) -> None:
        if self.dialog is not None:
            self.dialog.close()
        self.dialog = dialog
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(lambda _: self._answered(dialog))
        dialog.open()

    def _answered(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 4000)

