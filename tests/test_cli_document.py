"""``dicom-viewer export`` of an encapsulated document: the original file, byte for byte,
checked against the PDF given to DCMTK pdf2dcm and against DCMTK dcm2pdf's extraction."""

from __future__ import annotations

import subprocess

import pydicom
import pytest

from documents import encapsulate, minimal_pdf, pdf_of_parity
from required_tools import require
from viewer.cli import main
from viewer.dicom import DicomReadError
from viewer.dicom.document import encapsulated_document, read_encapsulated_document


@pytest.mark.parametrize("odd", [True, False])
def test_saved_document_is_the_original_pdf_and_dcm2pdf_agrees(tmp_path, capsys, odd):
    pdf = pdf_of_parity(2, odd)
    assert len(pdf) % 2 == odd
    dicom = encapsulate(pdf, tmp_path)
    stored = pydicom.dcmread(dicom)
    assert len(stored.EncapsulatedDocument) == len(pdf) + len(pdf) % 2  # pad byte when odd
    out = tmp_path / "saved.pdf"
    assert main(["export", str(dicom), "-o", str(out)]) == 0, capsys.readouterr().err
    extracted = tmp_path / "dcm2pdf.pdf"
    subprocess.run([require("dcm2pdf"), str(dicom), str(extracted)], check=True)
    assert out.read_bytes() == pdf == extracted.read_bytes()


def test_document_metadata(tmp_path):
    document = read_encapsulated_document(encapsulate(minimal_pdf(), tmp_path))
    assert (document.format, document.mime_type, document.title, document.suffix) == \
        ("PDF", "application/pdf", "Referral", ".pdf")


def test_missing_length_keeps_the_whole_value(tmp_path):
    even = pdf_of_parity(1, odd=False)
    ds = pydicom.dcmread(encapsulate(even, tmp_path))
    del ds.EncapsulatedDocumentLength  # an object from before the 2019 Type 1 change
    assert encapsulated_document(ds).data == even


def test_length_beyond_the_value_is_a_clear_error(tmp_path, capsys):
    dicom = encapsulate(minimal_pdf(), tmp_path)
    ds = pydicom.dcmread(dicom)
    ds.EncapsulatedDocumentLength = len(ds.EncapsulatedDocument) + 10
    ds.save_as(dicom)
    out = tmp_path / "saved.pdf"
    assert main(["export", str(dicom), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Encapsulated Document Length (0042,0015)" in err
    assert not out.exists()


def test_image_options_are_refused_for_a_document(tmp_path, capsys):
    dicom = encapsulate(minimal_pdf(), tmp_path)
    assert main(["export", str(dicom), "-o", str(tmp_path / "x.png"), "--frame", "2"]) == 1
    assert "encapsulated document" in capsys.readouterr().err


def test_other_objects_are_not_documents(tmp_path):
    from pydicom.data import get_testdata_file

    with pytest.raises(DicomReadError, match="not an encapsulated document"):
        read_encapsulated_document(get_testdata_file("CT_small.dcm"))
