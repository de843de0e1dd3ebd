"""What the index keeps of one DICOM object, taken from its header.

``read_header(path)`` reads a Part 10 file up to (not including) the pixel data;
``InstanceHeader.from_dataset(ds)`` picks the attributes a study browser shows. Everything in a
header may be malformed: a bad value becomes empty, while a missing or invalid UID (which would
name a file in the store) raises :class:`HeaderError` with the reason.
"""

from __future__ import annotations

import logging
import os
import stat
import struct
from dataclasses import dataclass, replace
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.filereader import read_file_meta_info
from pydicom.multival import MultiValue
from pydicom.uid import DeflatedExplicitVRLittleEndian

from viewer.dicom.kinds import classify_sop_class
from viewer.dicom.uid import is_valid_uid
from viewer.store.schema import StoreError

LOG = logging.getLogger(__name__)
MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"
# Values longer than this are cut: a hostile header must not bloat the index.
_MAX_TEXT = 1024
# Larger header values (e.g. an encapsulated PDF) are not loaded while reading a header.
_DEFER_SIZE = 64 * 1024

_PIXEL_TAGS = {(0x7FE0, 0x0010), (0x7FE0, 0x0008), (0x7FE0, 0x0009)}
_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"UC", b"UN", b"UR", b"UT"}

class HeaderError(StoreError):
    """A file or data set that cannot be indexed; the message is the reason."""


def read_header(path: Path) -> Dataset:
    """The header of the Part 10 file at *path* (no pixel data); HeaderError if it is not one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise HeaderError(f"cannot read: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        raise HeaderError("not a regular file")
    try:
        with open(path, "rb") as fp:
            dataset = dcmread(fp, stop_before_pixels=True, defer_size=_DEFER_SIZE)
            _check_pixel_data_fits(fp, dataset, os.fstat(fp.fileno()).st_size)
        return dataset
    except HeaderError:
        raise
    except OSError as exc:
        raise HeaderError(f"cannot read: {exc.strerror or exc}") from exc
    except Exception as exc:  # pydicom raises many types on hostile input
        raise HeaderError(f"not a readable DICOM file: {_short(exc)}") from exc


def _check_pixel_data_fits(fp, ds: Dataset, file_size: int) -> None:
    """HeaderError when the Pixel Data element's defined length runs past the end of the file.

    *fp* is where ``stop_before_pixels`` left it: at the pixel data element's tag, if any.
    Encapsulated (undefined length) and deflated data sets are not checked.
    """
    implicit, little = getattr(ds, "original_encoding", (None, None))
    syntax = _meta_text(ds, "TransferSyntaxUID")
    if implicit is None or syntax == DeflatedExplicitVRLittleEndian:
        return
    start = fp.tell()
    head = fp.read(12)
    if len(head) < 8:
        return
    endian = "<" if little else ">"
    if struct.unpack(f"{endian}HH", head[:4]) not in _PIXEL_TAGS:
        return
    if implicit:
        length, value_start = struct.unpack(f"{endian}L", head[4:8])[0], start + 8
    elif head[4:6] in _LONG_VRS and len(head) == 12:
        length, value_start = struct.unpack(f"{endian}L", head[8:12])[0], start + 12
    else:
        length, value_start = struct.unpack(f"{endian}H", head[6:8])[0], start + 8
    if length != 0xFFFFFFFF and value_start + length > file_size:
        raise HeaderError(f"truncated: the pixel data needs {length} bytes, the file has "
                          f"{max(0, file_size - value_start)}")


def read_transfer_syntax(path: Path) -> str:
    """The Transfer Syntax UID of a Part 10 file's meta information ('' when unknown)."""
    try:
        return str(read_file_meta_info(path).get("TransferSyntaxUID", "") or "")
    except Exception as exc:
        LOG.info("no transfer syntax in the file meta information of %s: %s", path, exc)
        return ""


def object_kind(sop_class_uid: str, has_image_module: bool) -> str:
    """The object's kind in the words of :class:`viewer.dicom.ObjectKind` (PS3.4 Table B.5-1)."""
    return classify_sop_class(sop_class_uid, has_image_module).value


@dataclass(frozen=True)
class InstanceHeader:
    """The indexed attributes of one instance, all decoded to str / int / None."""

    patient_id: str
    patient_name: str
    birth_date: str
    sex: str
    study_uid: str
    study_date: str
    study_time: str
    accession_number: str
    study_description: str
    referring_physician: str
    study_id: str
    series_uid: str
    series_number: int | None
    modality: str
    series_description: str
    body_part: str
    frame_of_reference_uid: str
    sop_class_uid: str
    sop_instance_uid: str
    instance_number: int | None
    number_of_frames: int | None
    transfer_syntax_uid: str
    kind: str

    @classmethod
    def from_dataset(cls, ds: Dataset, transfer_syntax_uid: str = "",
                     same_series: "InstanceHeader | None" = None) -> "InstanceHeader":
        """Pick the indexed attributes of *ds*; HeaderError when an identifying UID is unusable.

        *same_series*: the header of an instance read just before; if *ds* belongs to the same
        study and series, its patient, study and series attributes are taken from there
        (PS3.3 A.1.2: they are those of the one Patient, Study and Series IE) and only the
        instance's own are converted - a fifth of the work for each further instance of a
        series being received."""
        if _text(ds, "SOPClassUID") == MEDIA_STORAGE_DIRECTORY or (
                _meta_text(ds, "MediaStorageSOPClassUID") == MEDIA_STORAGE_DIRECTORY):
            raise HeaderError("a DICOMDIR (media directory), not an instance")
        uids = {k: _uid(ds, k) for k in
                ("StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "SOPClassUID")}
        sop_class = uids["SOPClassUID"]
        own = dict(
            sop_class_uid=sop_class, sop_instance_uid=uids["SOPInstanceUID"],
            instance_number=_int(ds, "InstanceNumber"), number_of_frames=_int(ds, "NumberOfFrames"),
            transfer_syntax_uid=transfer_syntax_uid or _meta_text(ds, "TransferSyntaxUID"),
            kind=object_kind(sop_class, "Rows" in ds and "Columns" in ds),
        )
        if (same_series is not None and same_series.study_uid == uids["StudyInstanceUID"]
                and same_series.series_uid == uids["SeriesInstanceUID"]):
            return replace(same_series, **own)
        return cls(
            patient_id=_text(ds, "PatientID"), patient_name=_text(ds, "PatientName"),
            birth_date=_date(ds, "PatientBirthDate"), sex=_text(ds, "PatientSex"),
            study_uid=uids["StudyInstanceUID"], study_date=_date(ds, "StudyDate"),
            study_time=_text(ds, "StudyTime"), accession_number=_text(ds, "AccessionNumber"),
            study_description=_text(ds, "StudyDescription"),
            referring_physician=_text(ds, "ReferringPhysicianName"), study_id=_text(ds, "StudyID"),
            series_uid=uids["SeriesInstanceUID"], series_number=_int(ds, "SeriesNumber"),
            modality=_text(ds, "Modality"), series_description=_text(ds, "SeriesDescription"),
            body_part=_text(ds, "BodyPartExamined"),
            frame_of_reference_uid=_text(ds, "FrameOfReferenceUID"), **own,
        )


def _value(ds: Dataset, keyword: str):
    try:
        return ds.get(keyword)
    except Exception as exc:  # a malformed value fails when pydicom converts it
        LOG.debug("%s left out of the index: %s", keyword, exc)
        return None


def _text(ds: Dataset, keyword: str) -> str:
    value = _value(ds, keyword)
    if value is None:
        return ""
    if isinstance(value, (MultiValue, list, tuple)):
        value = "\\".join(str(v) for v in value)
    text = str(value).strip()[:_MAX_TEXT]
    # Lone surrogates (undecodable bytes) cannot be stored as UTF-8.
    return text.encode("utf-8", "replace").decode("utf-8") if not text.isascii() else text


def _meta_text(ds: Dataset, keyword: str) -> str:
    meta = getattr(ds, "file_meta", None)
    return _text(meta, keyword) if meta is not None else ""


def _uid(ds: Dataset, keyword: str) -> str:
    value = _text(ds, keyword).rstrip("\0")
    if not value:
        raise HeaderError(f"no {keyword}")
    if not is_valid_uid(value):
        raise HeaderError(f"{keyword} {value[:80]!r} is not a valid UID")
    return value


def _int(ds: Dataset, keyword: str) -> int | None:
    value = _value(ds, keyword)
    if isinstance(value, (MultiValue, list, tuple)):
        value = value[0] if value else None
    try:
        number = int(value) if value not in (None, "") else None
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number is not None and -2**63 <= number < 2**63 else None


def _date(ds: Dataset, keyword: str) -> str:
    """A DA value as YYYYMMDD; the old ACR-NEMA form YYYY.MM.DD is converted."""
    text = _text(ds, keyword)
    compact = text.replace(".", "").replace("-", "")
    return compact if len(compact) == 8 and compact.isdigit() else text


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]
