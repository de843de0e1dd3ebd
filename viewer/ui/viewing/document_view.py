"""The document view: an Encapsulated PDF/CDA/STL/OBJ/MTL object in a viewport.

A PDF's pages are rendered by PDFium (pypdfium2; see docs/architecture.md for why not QtPdf)
one under another, each when it scrolls into view, at the width of the view. Every document
can be saved ("Save document...", the bytes exactly Encapsulated Document Length long) and a
PDF opened in the system's viewer (a temporary copy handed to QDesktopServices). A PDF that
does not parse keeps the view with a clear message; saving it still works.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QScrollArea, QVBoxLayout, QWidget)

from viewer.dicom import DicomReadError
from viewer.dicom.document import (EncapsulatedDocument, encapsulated_document,
                                   read_encapsulated_document)
from viewer.store.layout import write_atomically

__all__ = ["DocumentView", "is_encapsulated_series"]

_MARGIN = 12  # pixels around and between the pages
_MIN_SCALE, _MAX_SCALE = 0.25, 4.0  # of 72 dpi


def is_encapsulated_series(series) -> bool:
    from viewer.dicom.document import is_encapsulated_document

    return series is not None and bool(series.instances) and is_encapsulated_document(
        series.instances[0].ds.get("SOPClassUID"))


def document_of(instance) -> EncapsulatedDocument:
    """The document of *instance*, read again from its file when it has one (the loader leaves
    large values in the file)."""
    if instance.path:
        return read_encapsulated_document(instance.path)
    return encapsulated_document(instance.ds)


class DocumentView(QWidget):
    """The document of one instance: a header, Save / Open buttons and the rendered pages."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.document: EncapsulatedDocument | None = None
        self.pdf = None  # the open pypdfium2.PdfDocument
        self.pages: list[QLabel] = []
        self.temporary_copies: list[Path] = []
        self._build()

    def _build(self) -> None:
        self.header = QLabel(self)
        self.header.setStyleSheet("color: #ebebeb;")  # on the viewport's black
        self.header.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save document..."), self)
        self.save_button.clicked.connect(self.save)
        self.open_button = QPushButton(self.tr("Open in the system viewer"), self)
        self.open_button.clicked.connect(self.open_externally)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #ebebeb;")
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll.verticalScrollBar().valueChanged.connect(lambda _: self._render_visible())
        self.sheet = QWidget()
        self.sheet_layout = QVBoxLayout(self.sheet)
        self.sheet_layout.setSpacing(_MARGIN)
        self.sheet_layout.setContentsMargins(_MARGIN, _MARGIN, _MARGIN, _MARGIN)
        self.scroll.setWidget(self.sheet)
        buttons = QHBoxLayout()
        buttons.addWidget(self.header, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll, 1)

    # --- showing -------------------------------------------------------------------------
    def show_instance(self, instance) -> None:
        """Show the document of *instance* (a clear message when it cannot be read)."""
        self._clear()
        try:
            self.document = document_of(instance)
        except (DicomReadError, OSError, ValueError) as exc:
            self._say(self.tr("The document could not be read: %1").replace("%1", str(exc)))
            self.header.setText("")
            return
        document = self.document
        self.header.setText(" · ".join(part for part in (document.title, document.format,
                                                          document.mime_type) if part))
        self.save_button.setEnabled(True)
        self.open_button.setVisible(document.is_pdf)
        if not document.is_pdf:
            self._say(self.tr("A %1 document is not displayed here; save it to open it with a "
                              "program for %1 files.").replace("%1", document.format))
            return
        self._open_pdf(document.data)

    def _open_pdf(self, data: bytes) -> None:
        import pypdfium2

        try:
            self.pdf = pypdfium2.PdfDocument(data)
            sizes = [self.pdf.get_page_size(i) for i in range(len(self.pdf))]
        except pypdfium2.PdfiumError as exc:
            self.pdf = None
            self._say(self.tr("The PDF could not be read: %1").replace("%1", str(exc)))
            return
        self._say(self.tr("%n page(s)", "", len(sizes)))
        for width, height in sizes:
            page = QLabel(self.sheet)
            page.setProperty("page_size", (width, height))
            page.setStyleSheet("background: white;")
            self.sheet_layout.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            self.pages.append(page)
        self.scroll.show()
        QTimer.singleShot(0, self._lay_out_pages)

    def _clear(self) -> None:
        for page in self.pages:
            page.deleteLater()
        self.pages, self.document = [], None
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None
        self.scroll.hide()
        self.save_button.setEnabled(False)
        self.open_button.hide()

    def _say(self, text: str) -> None:
        self.message.setText(text)

    @property
    def page_count(self) -> int:
        return len(self.pages)

    # --- rendering -----------------------------------------------------------------------
    def _scale(self) -> float:
        """PDF units to screen pixels: the widest page fills the view's width."""
        widest = max((page.property("page_size")[0] for page in self.pages), default=1.0)
        room = self.scroll.viewport().width() - 2 * _MARGIN
        return min(max(room / max(widest, 1.0), _MIN_SCALE), _MAX_SCALE)

    def _lay_out_pages(self) -> None:
        scale = self._scale()
        for page in self.pages:
            width, height = page.property("page_size")
            page.setFixedSize(QSize(round(width * scale), round(height * scale)))
            page.setProperty("rendered_scale", None)
            page.clear()
        QTimer.singleShot(0, self._render_visible)

    def _render_visible(self) -> None:
        """Render the pages that show in the scroll area (and were not rendered at this size)."""
        if self.pdf is None:
            return
        scale, seen = self._scale(), self.scroll.viewport().rect()
        for index, page in enumerate(self.pages):
            at = page.mapTo(self.scroll.viewport(), page.rect().topLeft())
            if not seen.intersects(page.rect().translated(at)):
                continue
            if page.property("rendered_scale") != scale:
                exact = page.width() / page.property("page_size")[0]  # the label's own pixels
                page.setPixmap(self._rendered(index, exact))
                page.setProperty("rendered_scale", scale)

    def _rendered(self, index: int, scale: float) -> QPixmap:
        bitmap = self.pdf[index].render(scale=scale, rev_byteorder=True, prefer_bgrx=True)
        image = QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                       QImage.Format.Format_RGBX8888)
        return QPixmap.fromImage(image.copy())  # copy: the bitmap's memory goes with it

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.pages:
            QTimer.singleShot(0, self._lay_out_pages)

    # --- saving and opening --------------------------------------------------------------
    def save(self) -> None:
        """Ask where to save the document (window-modal), then write it there."""
        if self.document is None:
            return
        name = (self.document.title or "document") + self.document.suffix
        dialog = QFileDialog(self, self.tr("Save document"), name)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(self.document.suffix.lstrip("."))
        dialog.fileSelected.connect(self.save_to)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def save_to(self, path: str) -> None:
        try:
            write_atomically(Path(path), self.document.data)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Save document"),
                                self.tr("The document could not be saved: %1").replace(
                                    "%1", str(exc)))

    def open_externally(self) -> None:
        """A temporary copy of the PDF, opened by the desktop's viewer for PDF files."""
        if self.document is None:
            return
        folder = Path(tempfile.gettempdir()) / "dicom-viewer-documents"
        folder.mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=self.document.suffix,
                                         delete=False) as copy:
            copy.write(self.document.data)
        self.temporary_copies.append(Path(copy.name))
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(copy.name)):
            QMessageBox.warning(self, self.tr("Open in the system viewer"),
                                self.tr("No program is set up to open PDF files."))
