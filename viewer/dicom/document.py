"""Encapsulated documents: the PDF, CDA, STL, OBJ or MTL file an object carries (PS3.3 C.24.2).

The Encapsulated Document (0042,0011) is OB, so an odd-length file is stored with one pad byte;
Encapsulated Document Length (0042,0015) says how many bytes are the document. The document is
returned exactly that long, so a saved copy is byte for byte the file that was encapsulated.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydicom import Dataset

from viewer.dicom.errors import DicomReadError

__all__ = ["ENCAPSULATED_DOCUMENT_CLASSES", "EncapsulatedDocument", "is_encapsulated_document",
           "read_encapsulated_document", "encapsulated_document", "sop_class_of",
           "suffix_for"]

# PS3.4 Table B.5-1: the Encapsulated Document Storage SOP Classes and their usual MIME type.
ENCAPSULATED_DOCUMENT_CLASSES = {
    "1.2.840.10008.5.1.4.1.1.104.1": ("PDF", "application/pdf"),
    "1.2.840.10008.5.1.4.1.1.104.2": ("CDA", "text/XML"),
    "1.2.840.10008.5.1.4.1.1.104.3": ("STL", "model/stl"),
    "1.2.840.10008.5.1.4.1.1.104.4": ("OBJ", "model/obj"),
    "1.2.840.10008.5.1.4.1.1.104.5": ("MTL", "model/mtl"),
}
_SUFFIXES = {"PDF": ".pdf", "CDA": ".xml", "STL": ".stl", "OBJ": ".obj", "MTL": ".mtl"}


@dataclass(frozen=True)
class EncapsulatedDocument:
    """The document an Encapsulated Document object carries."""

    format: str  # "PDF", "CDA", "STL", "OBJ" or "MTL"
    mime_type: str  # MIME Type of Encapsulated Document (0042,0012), else the class's usual one
    title: str  # Document Title (0042,0010), may be empty
    data: bytes  # exactly Encapsulated Document Length bytes

    @property
    def is_pdf(self) -> bool:
        return self.format == "PDF"

    @property
    def suffix(self) -> str:
        return suffix_for(self.format)


def suffix_for(document_format: str) -> str:
    """The file name suffix of a document of *document_format* (``.pdf``, ``.xml``, ...)."""
    return _SUFFIXES.get(document_format, ".bin")


def is_encapsulated_document(sop_class_uid: str | None) -> bool:
    return str(sop_class_uid or "") in ENCAPSULATED_DOCUMENT_CLASSES


def encapsulated_document(ds: Dataset,
                          path: str | Path | None = None) -> EncapsulatedDocument:
    """The document of *ds*; :class:`DicomReadError` when it is not one or is malformed."""
    uid = str(ds.get("SOPClassUID", ""))
    if uid not in ENCAPSULATED_DOCUMENT_CLASSES:
        raise DicomReadError(path, "not an encapsulated document "
                                   f"(SOP Class UID {uid or 'missing'})")
    document_format, usual_mime = ENCAPSULATED_DOCUMENT_CLASSES[uid]
    value = ds.get("EncapsulatedDocument")
    if value is None:
        raise DicomReadError(path, "the encapsulated document (0042,0011) is missing")
    data = bytes(value)
    length = ds.get("EncapsulatedDocumentLength")
    if length not in (None, ""):  # Type 1 since 2019; older objects may lack it
        data = _trimmed(data, int(length), path)
    mime = str(ds.get("MIMETypeOfEncapsulatedDocument", "") or "") or usual_mime
    return EncapsulatedDocument(document_format, mime, str(ds.get("DocumentTitle", "") or ""),
                                data)


def _trimmed(data: bytes, length: int, path) -> bytes:
    """*data* cut to *length* bytes: the value is the document plus at most one pad byte."""
    if length < 0 or length > len(data):
        raise DicomReadError(path, f"Encapsulated Document Length (0042,0015) is {length} but "
                                   f"the document (0042,0011) has only {len(data)} bytes")
    return data[:length]


def sop_class_of(path: str | Path) -> str:
    """The SOP Class UID of the DICOM file *path*, "" when it is not readable as one."""
    import pydicom

    try:
        ds = pydicom.dcmread(path, specific_tags=["SOPClassUID"], stop_before_pixels=True,
                            force=True)
    except Exception:  # noqa: BLE001 - the caller's own reader reports what is wrong
        return ""
    return str(ds.get("SOPClassUID", ""))


def read_encapsulated_document(path: str | Path) -> EncapsulatedDocument:
    """Read *path* and return its encapsulated document."""
    import pydicom
    from pydicom.errors import InvalidDicomError

    try:
        ds = pydicom.dcmread(path)
    except InvalidDicomError as exc:
        raise DicomReadError(path, f"not a DICOM file ({exc})") from exc
    return encapsulated_document(ds, path)
