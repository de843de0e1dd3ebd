"""What a viewport shows for a series of objects the viewer does not display as images (an RT
Plan, a waveform, an encapsulated document, a raw data object, ...): one line saying so, with the
SOP class name, and the object's attributes in the tag browser - never an empty viewport. An
encapsulated document shows as the document instead (:mod:`viewer.ui.viewing.document_view`)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from viewer.ui.viewing.document_view import DocumentView, is_encapsulated_series
from viewer.ui.viewing.object_icon import sop_class_name
from viewer.ui.viewing.tagbrowser import TagBrowser


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

    def show_series(self, series) -> None:
        instance = series.instances[0]
        document = is_encapsulated_series(series)
        self.explanation.setVisible(not document)
        self.tags.setVisible(not document)
        if document and self.document_view is None:
            self.document_view = DocumentView(self)
            self.layout().addWidget(self.document_view, 1)
        if self.document_view is not None:
            self.document_view.setVisible(document)
        if document:
            self.document_view.show_instance(instance)
            return
        text = self.tr("%1: not displayed as an image; its attributes:")
        self.explanation.setText(text.replace("%1", sop_class_name(series)))
        self.tags.show_dataset(instance.ds)
        self.tags.filter_box.clear()
