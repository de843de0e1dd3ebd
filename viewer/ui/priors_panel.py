"""The patient's other studies, beside the local list and the viewer: local ones, and those on
an archive chosen in the panel (C-FIND/QIDO-RS on Patient ID, :mod:`viewer.viewing.prior_studies`).

Each row says where the study is (this workstation, the archive, or both). A double-click, or
"Compare with prior" (the selected study, else the newest older one), asks for the comparison
(``compareRequested``); the window's :class:`viewer.ui.compare.PriorComparison` does it.
The lookups run in workers; when the index changes (a prior retrieved), only the local part
is read again and merged with what the archive answered last.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QHBoxLayout, QLabel, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from viewer.ui import formatting as fmt
from viewer.viewing import prior_studies as ps

UID_ROLE = Qt.ItemDataRole.UserRole
RELOAD_DELAY_MS = 500


@dataclass(frozen=True)
class CurrentStudy:
    """The study the other studies are listed for."""

    study_uid: str
    patient_id: str
    patient_name: str = ""
    when: str = ""  # StudyDate + StudyTime
    modalities: tuple[str, ...] = ()
    label: str = ""


class PriorsPanel(QWidget):
    compareRequested = Signal(object, object)  # CurrentStudy, OtherStudy (None: no prior)
    nodeChosen = Signal(str)  # the archive's name ("" for this workstation only)
    listed = Signal(int)  # how many other studies of the patient the list shows now

    def __init__(self, session, pool, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool = session, pool
        self.current: CurrentStudy | None = None
        self.studies: list[ps.OtherStudy] = []
        self._remote: list[ps.OtherStudy] = []  # the archive's last answer
        self._lookup = None
        self._failed = False  # the archive's lookup failed
        self.title = QLabel(self.tr("Other studies of this patient"))
        self.node_box = QComboBox()
        self.node_box.setToolTip(self.tr("Where else to look for the patient's studies"))
        self.view = QTreeWidget()
        self.view.setHeaderLabels([self.tr("Date"), self.tr("Modalities"), self.tr("Where"),
                                   self.tr("Description")])
        self.view.setRootIsDecorated(False)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.compare_button = QPushButton(self.tr("Compare with prior"))
        self.compare_button.setToolTip(self.tr("Open this study and the selected one (else the "
                                               "newest older one) side by side"))
        self._reload_timer = QTimer(self, singleShot=True, interval=RELOAD_DELAY_MS)
        self._reload_timer.timeout.connect(lambda: self.refresh(remote=False))
        self._layout()
        self.view.itemDoubleClicked.connect(lambda item: self._compare(self._study_of(item)))
        self.compare_button.clicked.connect(self.compare_chosen)
        self.node_box.activated.connect(self._node_activated)
        session.nodesChanged.connect(self.refresh_nodes)
        session.indexChanged.connect(lambda _change: self._index_changed())
        self.refresh_nodes()
        self._update_controls()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.node_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.compare_button)

    # --- the archive searched -----------------------------------------------------------------

    def refresh_nodes(self) -> None:
        chosen = self.node_name()
        self.node_box.clear()
        self.node_box.addItem(self.tr("This workstation"), "")
        for node in self.session.nodes():
            self.node_box.addItem(node.name, node.name)
        self.set_node(chosen, look=False)

    def node_name(self) -> str:
        return self.node_box.currentData() or ""

    def node(self):
        name = self.node_name()
        return self.session.node(name) if name else None

    def set_node(self, name: str, look: bool = True) -> None:
        row = max(0, self.node_box.findData(name or ""))
        if row != self.node_box.currentIndex():
            self.node_box.setCurrentIndex(row)
            if look:
                self.refresh()

    def _node_activated(self, _row: int) -> None:
        self.nodeChosen.emit(self.node_name())
        self.refresh()

    # --- the study listed for and its others ---------------------------------------------------

    def show_study(self, current: CurrentStudy | None) -> None:
        """List the other studies of *current*'s patient (nothing for None)."""
        if current == self.current:
            return
        same_patient = current is not None and self.current is not None and \
            current.patient_id == self.current.patient_id
        self.current = current
        if not same_patient:
            self._remote, self.studies = [], []
            self.view.clear()
        self.refresh(remote=not same_patient or not self._remote)

    def refresh(self, remote: bool = True) -> None:
        """Look again: the local archive, and the chosen archive when *remote*."""
        if self._lookup is not None and not self._lookup.is_done:
            self._lookup.cancel()
        self._lookup = None
        current = self.current
        if current is None or not current.patient_id.strip():
            self._show([])
            self.status.setText(self.tr("No Patient ID: the patient's other studies cannot be "
                                        "looked for.") if current is not None else "")
            return
        node = self.node() if remote else None
        if remote:  # (a local re-read keeps what the archive answered, and its words)
            self._remote, self._failed = [], False
            self.status.setText(self.tr("Looking for the patient's studies on {node}…").format(
                node=node.name) if node is not None else "")
        worker = None

        def found(items) -> None:
            if worker is self._lookup and self.current is current:
                self._found(items)

        worker = self.pool.run(ps.lookup, self.session.archive, node, current.patient_id,
                               self.session.settings.aet, name="priors", on_items=found,
                               on_finished=lambda _: self._looked(worker, node),
                               on_failed=lambda text: self.status.setText(text))
        self._lookup = worker

    def _found(self, items) -> None:
        for item in items:
            if isinstance(item, str):
                self._failed = True
                self.status.setText(self.tr("The archive could not be asked: {reason}").format(
                    reason=item))
                continue
            remote = [s for s in item if s.remote]
            if remote:
                self._remote = [replace(s, local=False) for s in remote]
            local = [s for s in item if s.local]
            self._show(ps.merge(local, self._remote))

    def _looked(self, worker, node) -> None:
        if worker is self._lookup and node is not None and not self._failed:
            self.status.setText(self.tr("%n study(ies) of this patient on {node}", "",
                                        len(self._remote)).format(node=node.name))

    def _index_changed(self) -> None:
        if self.current is not None and not self._reload_timer.isActive():
            self._reload_timer.start()

    def _show(self, studies: list) -> None:
        chosen = self.selected_study()
        self.studies = studies
        self.view.clear()
        uid = self.current.study_uid if self.current else ""
        for study in ps.others(studies, uid):
            item = QTreeWidgetItem([fmt.dicom_date(study.study_date), ", ".join(study.modalities),
                                    self._where(study), study.description])
            item.setData(0, UID_ROLE, study.study_uid)
            self.view.addTopLevelItem(item)
            if chosen is not None and chosen.study_uid == study.study_uid:
                item.setSelected(True)
        for column in range(self.view.columnCount()):
            self.view.resizeColumnToContents(column)
        self._update_controls()
        self.listed.emit(self.view.topLevelItemCount())

    def _where(self, study) -> str:
        name = self.node_name()
        if study.local and study.remote:
            return self.tr("Local, {node}").format(node=name)
        return self.tr("Local") if study.local else name

    def _update_controls(self) -> None:
        self.compare_button.setEnabled(self.view.topLevelItemCount() > 0)

    # --- choosing the prior --------------------------------------------------------------------

    def _study_of(self, item) -> ps.OtherStudy | None:
        uid = item.data(0, UID_ROLE) if item is not None else None
        return next((s for s in self.studies if s.study_uid == uid), None)

    def selected_study(self) -> ps.OtherStudy | None:
        items = self.view.selectedItems()
        return self._study_of(items[0]) if items else None

    def chosen_prior(self) -> ps.OtherStudy | None:
        """The selected study, else the default prior (:func:`prior_studies.default_prior`)."""
        if self.current is None:
            return None
        return self.selected_study() or ps.default_prior(
            self.studies, self.current.study_uid, self.current.when, self.current.modalities)

    def compare_chosen(self) -> None:
        self._compare(self.chosen_prior())

    def _compare(self, prior) -> None:
        if self.current is not None:
            self.compareRequested.emit(self.current, prior)
