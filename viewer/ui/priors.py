"""The window's priors: the patient's other studies beside the local list (for the selected
study) and beside the viewer (for the study shown), and "Compare with prior".

Both lists search the same archive: choosing one in either list chooses it in the other.
"Compare with prior" (Study menu, Ctrl+Shift+P, the lists' button, a double-click on a row)
compares the study of the tab shown - the one open in the Viewer, else the one selected in the
local list - with the study chosen in that tab's list, else the newest older one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QCheckBox, QSplitter

from viewer.ui.compare import PriorComparison
from viewer.ui.priors_panel import CurrentStudy, PriorsPanel

PANEL_WIDTH = 320


def study_of_row(row, label: str) -> CurrentStudy:
    """The CurrentStudy of a local list row (viewer.ui.study_rows.StudyRow)."""
    modalities = tuple(m.strip() for m in row.modalities.split(",") if m.strip())
    return CurrentStudy(row.study_uid, row.patient_id, row.patient_name,
                        (row.study_date or "") + (row.study_time or ""), modalities, label)


def study_of_series(series: list, label: str) -> CurrentStudy | None:
    """The CurrentStudy of the series of one opened study (None for nothing, or files of
    several studies)."""
    shown = [s for s in series if s.instances]
    if not shown or len({s.study_instance_uid for s in shown}) != 1:
        return None
    ds = shown[0].instances[0].ds

    def text(keyword: str) -> str:
        return str(ds.get(keyword, "") or "")

    return CurrentStudy(shown[0].study_instance_uid, text("PatientID"), text("PatientName"),
                        text("StudyDate") + text("StudyTime"),
                        tuple(sorted({s.modality for s in shown if s.modality})), label)


class Priors(QObject):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        session, pool = window.session, window.pool
        self.local_panel = PriorsPanel(session, pool)
        self.viewer_panel = PriorsPanel(session, pool)
        self.link_box = QCheckBox(self.tr("Scroll with the prior"))
        self.link_box.setToolTip(self.tr("Scroll the current and prior series together; turned "
                                         "on again, the slices shown then stay together"))
        self.link_box.setChecked(True)
        self.viewer_panel.layout().addWidget(self.link_box, 0, Qt.AlignmentFlag.AlignLeft)
        self.comparison = PriorComparison(window)
        self.viewer_page = QSplitter(Qt.Orientation.Horizontal)  # the Viewer tab
        self.viewer_page.addWidget(window.viewer)
        self.viewer_page.addWidget(self.viewer_panel)
        self.viewer_page.setStretchFactor(0, 1)
        self.viewer_page.setStretchFactor(1, 0)
        self.viewer_page.setSizes([1000, 0])  # (shown once the patient has other studies)
        window.local.bottom_split.addWidget(self.local_panel)
        self._connect()

    def _connect(self) -> None:
        window = self.window
        for panel, other in ((self.local_panel, self.viewer_panel),
                             (self.viewer_panel, self.local_panel)):
            panel.compareRequested.connect(
                lambda current, prior, p=panel: self.comparison.compare(current, prior, p.node()))
            panel.nodeChosen.connect(lambda name, o=other: o.set_node(name))
        window.local.selectionChanged.connect(self._local_selection)
        window.operations.seriesReady.connect(
            lambda series, title: self.viewer_panel.show_study(study_of_series(series, title)))
        self.comparison.shown.connect(
            lambda _pairs: self.viewer_panel.show_study(self.comparison.studies[0]))
        self.link_box.toggled.connect(self.comparison.scrolling.set_enabled)
        self.viewer_panel.listed.connect(self._viewer_listed)

    def _viewer_listed(self, count: int) -> None:
        """Beside the viewer the list steps aside (collapsed to the splitter's edge, where the
        reader can drag it out) while the patient has no other study: reading space first; it
        opens when there are some."""
        sizes = self.viewer_page.sizes()
        total = sum(sizes)
        if count == 0 and sizes[1] > 0:
            self.viewer_page.setSizes([total, 0])
        elif count > 0 and sizes[1] == 0 and total > 2 * PANEL_WIDTH:
            self.viewer_page.setSizes([total - PANEL_WIDTH, PANEL_WIDTH])

    def _local_selection(self) -> None:
        rows = self.window.local.selected_rows()
        self.local_panel.show_study(study_of_row(rows[0], self.window.local.label_of(rows[0]))
                                    if len(rows) == 1 else None)

    def compare_current(self) -> None:
        """The Study menu's "Compare with prior": for the tab shown (see the module text)."""
        on_viewer = self.window.tabs.currentWidget() is self.viewer_page
        panel = self.viewer_panel if on_viewer else self.local_panel
        if panel.current is None:
            self.window.statusBar().showMessage(
                self.tr("Open or select one study to compare it with a prior"), 6000)
            return
        panel.compare_chosen()
