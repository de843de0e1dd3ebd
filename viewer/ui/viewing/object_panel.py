"""What a viewport shows for a series of objects the viewer does not display as images (an RT
Plan, a waveform, an encapsulated document, a raw data object, ...): one line saying so, with the
SOP class name, and the object's attributes in the tag browser - never an empty viewport. An RT
Structure Set lists its ROIs instead (:mod:`viewer.ui.viewing.rt_panel`), an RT Plan reads as
a document (:mod:`viewer.ui.viewing.rt_summary`); an
encapsulated document shows as the document instead (:mod:`viewer.ui.viewing.document_view`);
a waveform (except audio) is drawn on ECG paper instead; one that cannot be read says why above
its attributes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from viewer.ui.viewing.document_view import DocumentView, is_encapsulated_series
from viewer.dicom import DicomReadError
from viewer.dicom.kinds import ObjectKind
from viewer.dicom.rt_plan import is_plan
from viewer.dicom.rt_struct import is_structure_set
from viewer.dicom.waveform import multiplex_groups, waveform_annotations
from viewer.ui.viewing.object_icon import sop_class_name
from viewer.ui.viewing.rt_panel import StructureSetPanel
from viewer.ui.viewing.rt_summary import RtPlanView
from viewer.ui.viewing.tagbrowser import TagBrowser
from viewer.ui.viewing.waveform_view import WaveformView

_AUDIO = ("1.2.840.10008.5.1.4.1.1.9.4.1", "1.2.840.10008.5.1.4.1.1.9.4.2")


class ObjectPanel(QWidget):
    """The explanation and an embedded tag browser for the first object of a series."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("objectPanel")
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setStyleSheet("color: #ebebeb;")  # on the viewport's black
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tags = TagBrowser(self)
        self.tags.setWindowFlags(Qt.WindowType.Widget)  # a part of the viewport, not a window
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.explanation)
        layout.addWidget(self.tags, 1)
        self.document_view: DocumentView | None = None
        self.waveform_view: WaveformView | None = None
        self.structure_panel: StructureSetPanel | None = None
        self.plan_view: RtPlanView | None = None

    def show_series(self, series) -> None:
        instance = series.instances[0]
        if self._show_structure_set(series) | self._show_plan(series):  # both: each hides its own
            return
        document = is_encapsulated_series(series)
        self.explanation.setVisible(not document)
        self.tags.setVisible(not document)
        if document and self.document_view is None:
            self.document_view = DocumentView(self)
            self.layout().addWidget(self.document_view, 1)
        if self.document_view is not None:
            self.document_view.setVisible(document)
        if document:
            if self.waveform_view is not None:
                self.waveform_view.setVisible(False)
            self.document_view.show_instance(instance)
            return
        text = self.tr("%1: not displayed as an image; its attributes:")
        drawn, problem = self._show_waveform(series, instance)
        if drawn:
            return  # the tag browser is hidden: not filled, to open at once
        if problem:
            text = self.tr("%1: the waveform cannot be drawn (%2); its attributes:")
            text = text.replace("%2", problem)
        self.explanation.setText(text.replace("%1", sop_class_name(series)))
        self.tags.show_dataset(instance.ds)
        self.tags.filter_box.clear()

    def _show_structure_set(self, series) -> bool:
        """An RT Structure Set lists its ROIs (:mod:`.rt_panel`) in place of the tag browser."""
        shown = is_structure_set(series.instances[0].sop_class_uid)
        if shown and self.structure_panel is None:
            self.structure_panel = StructureSetPanel(self)
            self.layout().addWidget(self.structure_panel, 1)
        if self.structure_panel is not None:
            self.structure_panel.setVisible(shown)
        if shown:
            self._hide_others()
            self.structure_panel.show_series(series)
        return shown

    def _show_plan(self, series) -> bool:
        """An RT Plan reads as a document (:mod:`.rt_summary`) in place of the tag browser."""
        shown = is_plan(series.instances[0].sop_class_uid)
        if shown and self.plan_view is None:
            self.plan_view = RtPlanView(self)
            self.layout().addWidget(self.plan_view, 1)
        if self.plan_view is not None:
            self.plan_view.setVisible(shown)
        if shown:
            self._hide_others()
            self.plan_view.show_series(series)
        return shown

    def _hide_others(self) -> None:
        for view in (self.document_view, self.waveform_view, self.explanation, self.tags):
            if view is not None:
                view.setVisible(False)

    def _show_waveform(self, series, instance) -> tuple[bool, str]:
        """Draw a waveform object in place of the tag browser: (drawn, the problem if not)."""
        groups, problem = [], ""
        if series.kind is ObjectKind.WAVEFORM and instance.sop_class_uid not in _AUDIO:
            try:
                groups = multiplex_groups(instance.ds, instance.path)
            except DicomReadError as exc:
                problem = exc.reason
        if groups and self.waveform_view is None:
            self.waveform_view = WaveformView(self)
            self.layout().addWidget(self.waveform_view, 1)
        if self.waveform_view is not None:
            self.waveform_view.setVisible(bool(groups))
            if groups:
                self.waveform_view.show_groups(groups, waveform_annotations(instance.ds))
        self.explanation.setVisible(not groups)
        self.tags.setVisible(not groups)
        return bool(groups), problem
