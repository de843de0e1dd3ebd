"""Help > About: what this workstation is, its settings, and the versions and licences of the
components it runs on (viewer.about, the same list as ``dicom-viewer --version``)."""

from __future__ import annotations

import html

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHeaderView, QLabel, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from viewer import __version__, about
from viewer.resources import resources_folder


class AboutDialog(QDialog):
    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About DICOM Viewer"))
        self.summary = QLabel(self._summary_html(settings))
        self.summary.setWordWrap(True)
        self.components = self._components_table()
        self.licence_note = QLabel(self._licence_html())
        self.licence_note.setWordWrap(True)
        self.licence_note.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.summary, self.components, self.licence_note, buttons):
            layout.addWidget(widget)
        self.resize(640, 640)

    def _summary_html(self, settings) -> str:
        return self.tr(
            "<h3>DICOM Viewer {version}</h3>"
            "<p>A DICOM workstation: query/retrieve from archives, an always-listening Storage "
            "SCP, a local archive and pixel-exact rendering.</p>"
            "<p>This workstation: <b>{aet}</b>, port {port}<br>Store: {store}</p>"
            "<p>Not a medical device: not for primary diagnosis.</p>").format(
                version=__version__, aet=html.escape(settings.aet), port=settings.port,
                store=html.escape(str(settings.store)))

    def _components_table(self) -> QTableWidget:
        rows = [(c.name, about.component_version(c, qVersion()), c.licence)
                for c in about.COMPONENTS]
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Version"),
                                         self.tr("Licence")])
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeRowsToContents()
        return table

    def _licence_html(self) -> str:
        licences = resources_folder() / "LICENSES.md"
        return self.tr(
            "<p>DICOM Viewer is MIT-licensed. <b>pylibjpeg-libjpeg</b> and the libjpeg it wraps "
            "are GPLv3: a build that includes them is distributed under the GPLv3 as a whole. "
            "Qt and PySide6 are used under the LGPLv3; pylibjpeg-openjpeg contains OpenJPEG "
            "(BSD-2-Clause).</p><p>Details: <a href=\"{url}\">{path}</a></p>").format(
                url=licences.as_uri(), path=str(licences))
