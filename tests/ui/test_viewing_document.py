"""An Encapsulated PDF (a hand-made PDF encapsulated by DCMTK pdf2dcm) opened in the viewer:
its pages are rendered in the viewport (the black squares the PDF draws are painted), "Save
document..." writes exactly the original bytes, and "Open in the system viewer" hands the
desktop a copy with those bytes. A PDF that does not parse shows a clear message."""

from __future__ import annotations

import pydicom
from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog

from documents import encapsulate, minimal_pdf, pdf_of_parity
from ui.dialogs import answer_file_dialog
from ui.real_input import double_click_item
from viewer.dicom import assemble_series, read_instance
from viewing.ui_helpers import make_area, wait_shown
from viewing.viewing_builders import ct_dataset, ramp, write


def open_document(qtbot, path):
    """A study of one CT image and the document: the image fills the viewport, then the user
    double-clicks the document in the strip."""
    image = write(ct_dataset(ramp()), path.parent / "ct.dcm")
    area = make_area(qtbot)
    area.show_series_list(assemble_series([read_instance(image), read_instance(path)]))
    viewport, strip = area.active_viewport, area.strip
    wait_shown(qtbot, viewport)
    assert not viewport.object_panel.isVisible()
    item = next(strip.item(r) for r in range(strip.count())
                if "Encapsulated" in strip.item(r).text())
    assert item.text().splitlines()[0] == "1: Referral"  # its Document Title
    double_click_item(qtbot, strip, strip.indexFromItem(item))
    panel = viewport.object_panel
    qtbot.waitUntil(lambda: panel.document_view is not None and panel.document_view.isVisible())
    assert not viewport.canvas.isVisible() and not panel.tags.isVisible()
    return panel.document_view


def dark_fraction(widget) -> float:
    image = widget.grab().toImage()
    dark = sum(image.pixelColor(x, y).lightness() < 60
               for x in range(0, image.width(), 3) for y in range(0, image.height(), 3))
    return dark / max(len(range(0, image.width(), 3)) * len(range(0, image.height(), 3)), 1)


def test_pdf_pages_are_rendered_and_saved_byte_for_byte(qtbot, tmp_path):
    pdf = pdf_of_parity(3, odd=True)
    assert len(pdf) % 2 == 1  # the stored value carries a pad byte
    view = open_document(qtbot, encapsulate(pdf, tmp_path))
    assert view.page_count == 3 and view.message.text() == "3 page(s)"
    assert "Referral" in view.header.text() and "PDF" in view.header.text()
    first = view.pages[0]
    qtbot.waitUntil(lambda: first.pixmap() is not None and not first.pixmap().isNull())
    # the page is white with a black square over 60% of its width and height: 36% of it
    assert 0.25 < dark_fraction(first) < 0.45
    assert first.width() > 400  # fitted to the view's width, not 200 points at 72 dpi
    assert view.pages[2].pixmap().isNull()  # below the view: rendered when scrolled to
    view.scroll.verticalScrollBar().setValue(view.scroll.verticalScrollBar().maximum())
    qtbot.waitUntil(lambda: not view.pages[2].pixmap().isNull())
    assert 0.25 < dark_fraction(view.pages[2]) < 0.45

    out = tmp_path / "saved.pdf"
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    dialog = next(d for d in view.findChildren(QFileDialog) if d.isVisible())
    answer_file_dialog(qtbot, dialog, out)
    assert out.read_bytes() == pdf


class UrlCatcher(QObject):
    def __init__(self):
        super().__init__()
        self.urls = []

    @Slot("QUrl")
    def open(self, url):
        self.urls.append(url)


def test_open_in_the_system_viewer_hands_over_the_exact_pdf(qtbot, tmp_path):
    pdf = minimal_pdf(pages=1, padding=0)
    view = open_document(qtbot, encapsulate(pdf, tmp_path))
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")  # the desktop's handler, as Qt asks
    try:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert len(catcher.urls) == 1
    with open(catcher.urls[0].toLocalFile(), "rb") as copy:
        assert copy.read() == pdf


def test_a_pdf_that_does_not_parse_is_a_message_and_can_still_be_saved(qtbot, tmp_path):
    dicom = encapsulate(minimal_pdf(), tmp_path)
    ds = pydicom.dcmread(dicom)
    ds.EncapsulatedDocument = b"%PDF-1.4 not really a PDF\n"
    ds.EncapsulatedDocumentLength = len(ds.EncapsulatedDocument)
    ds.save_as(dicom)
    view = open_document(qtbot, dicom)
    assert view.message.text().startswith("The PDF could not be read:")
    assert view.page_count == 0 and view.save_button.isEnabled()


def test_other_documents_are_offered_for_saving_only(qtbot, tmp_path):
    dicom = encapsulate(minimal_pdf(), tmp_path)
    ds = pydicom.dcmread(dicom)
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.104.3"
    ds.MIMETypeOfEncapsulatedDocument = "model/stl"
    ds.EncapsulatedDocument = b"solid x\nendsolid x\n"
    ds.EncapsulatedDocumentLength = len(ds.EncapsulatedDocument)
    ds.save_as(dicom)
    view = open_document(qtbot, dicom)
    assert view.message.text().startswith("A STL document is not displayed here")
    assert view.save_button.isEnabled() and not view.open_button.isVisible()
    assert view.page_count == 0
    QApplication.processEvents()
