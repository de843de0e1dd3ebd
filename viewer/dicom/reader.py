"""Reading the header of a DICOM file cheaply and defensively (PS3.10 section 7).

The data set is parsed up to, not including, the pixel data element (``stop_before_pixels``);
the element's header is then read to learn its encoding and length, and encapsulated pixel data
is walked item header by item header (PS3.5 A.4), so opening a file never loads its frames.

Files without a File Meta Information header (a raw data set, e.g. pydicom-data's
``OT-PAL-8-face.dcm``) are read too: the transfer syntax is inferred from the encoding pydicom
detects. Anything that is not DICOM, or is truncated or corrupt, raises :class:`DicomReadError`.
"""

from __future__ import annotations

import os
import stat
import struct
from dataclasses import dataclass

from pydicom import dcmread
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.uid import UID, MediaStorageDirectoryStorage

from .deflate import deflate_problem
from .errors import DicomReadError, one_line
from .pixeldata import PixelElement, element_from_dataset, read_element_header
from .syntax import infer_native_syntax, is_deflated, transfer_syntax_label

__all__ = ["Header", "read_header"]

_PREAMBLE = 128
_DEFER_SIZE = 4 << 20  # a private blob of gigabytes in a header must not be loaded on opening
_HEAD = 2048  # enough for the preamble and the File Meta Information of nearly any file
_UNDEFINED = 0xFFFFFFFF
# First groups a data set can start with: File Meta (0002) or Identifying (0008), LE or BE.
_FIRST_GROUPS = (b"\x02\x00", b"\x08\x00", b"\x00\x08")


@dataclass
class Header:
    """A file's data set without its pixel data, and what is needed to decode the frames.

    ``syntax`` is the transfer syntax to decode with (``None`` if it cannot be known);
    ``in_memory`` tells that frames must be decoded from the whole data set loaded into memory
    (deflated data set, or an encoding other than the one the transfer syntax declares);
    ``notes`` are problems that were worked around.
    """

    ds: Dataset
    syntax: UID | None
    element: PixelElement | None
    in_memory: bool
    is_dicomdir: bool
    notes: list[str]


def read_header(path: str | os.PathLike[str]) -> Header:
    """Read the header of the DICOM file at *path*; raise :class:`DicomReadError` if it is not
    a readable DICOM file."""
    path = os.fspath(path)
    size = _regular_file_size(path)
    try:
        with open(path, "rb") as fh:
            head = fh.read(_HEAD)
            has_preamble = head[_PREAMBLE : _PREAMBLE + 4] == b"DICM"
            if not has_preamble and not _starts_like_data_set(head):
                raise DicomReadError(path, "not a DICOM file (no 'DICM' prefix, no data set)")
            if has_preamble and (problem := deflate_problem(path, fh, head)):
                raise DicomReadError(path, problem)
            fh.seek(0)
            ds = _parse(fh, path)
            try:
                return _finish(path, fh, ds, size, has_preamble)
            except (DicomReadError, OSError):
                raise
            except Exception as exc:  # noqa: BLE001 - e.g. a File Meta value that cannot convert
                raise DicomReadError(path, f"corrupt DICOM data: {one_line(exc)}") from None
    except OSError as exc:
        raise DicomReadError(path, f"cannot read the file: {one_line(exc)}") from None


def _regular_file_size(path: str) -> int:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise DicomReadError(path, "no such file") from None
    except OSError as exc:
        raise DicomReadError(path, f"cannot read the file: {one_line(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise DicomReadError(path, "is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise DicomReadError(path, "not a regular file")
    if info.st_size == 0:
        raise DicomReadError(path, "empty file (0 bytes)")
    return info.st_size


def _starts_like_data_set(prefix: bytes) -> bool:
    """True if *prefix* plausibly begins a raw data set (PS3.5 7.1): group 0002 or 0008 first,
    then either a two-letter VR (explicit VR) or a short 4-byte length (implicit VR)."""
    if len(prefix) < 8 or prefix[:2] not in _FIRST_GROUPS:
        return False
    vr = prefix[4:6]
    if vr.isalpha() and vr.isupper():
        return True
    (length,) = struct.unpack("<L", prefix[4:8])
    return length < 0x10000 or length == _UNDEFINED


def _parse(fh, path: str, whole: bool = False) -> Dataset:
    """The data set; unless *whole*, without pixel data and with values over
    :data:`_DEFER_SIZE` left in the file (pydicom reads them when accessed)."""
    try:
        if whole:
            return dcmread(fh, force=True)
        return dcmread(fh, force=True, stop_before_pixels=True, defer_size=_DEFER_SIZE)
    except Exception as exc:  # noqa: BLE001 - any parse failure of outside data
        raise DicomReadError(path, f"corrupt DICOM data: {one_line(exc)}") from None


def _finish(path: str, fh, ds: Dataset, size: int, has_preamble: bool) -> Header:
    if not ds._dict:
        raise DicomReadError(path, "not a DICOM object: the data set is empty")
    if problem := _byte_order_problem(ds) or _truncated_value(ds, size):
        raise DicomReadError(path, problem)
    implicit, little = _detected_encoding(ds)
    if implicit is None:
        raise DicomReadError(path, "not a DICOM file (no data elements)")
    syntax, in_memory, notes = _effective_syntax(ds, implicit, little)
    try:
        if in_memory:  # decoded from the whole data set: load it now, pixel data included
            fh.seek(0)
            ds = _parse(fh, path, whole=True)
            element = element_from_dataset(ds)
        else:
            element = read_element_header(fh, infer_native_syntax(implicit, little), size)
    except (ValueError, struct.error) as exc:
        raise DicomReadError(path, one_line(exc)) from None
    if element is not None and element.length is None and not _declared_syntax(ds):
        syntax = None  # encapsulated Pixel Data, but nothing names the codec
    is_dicomdir = _is_dicomdir(ds)
    if not has_preamble and not ds.file_meta and not is_dicomdir:
        if element is None and "SOPClassUID" not in ds:
            raise DicomReadError(path, "not a DICOM file (no SOP Class UID and no Pixel Data)")
    return Header(ds, syntax, element, in_memory, is_dicomdir, notes)


def _declared_syntax(ds: Dataset) -> UID | None:
    value = ds.file_meta.get("TransferSyntaxUID") if ds.file_meta else None
    return UID(str(value).strip("\0 ")) if value else None


def _effective_syntax(ds: Dataset, implicit: bool, little: bool) -> tuple[UID, bool, list[str]]:
    """The transfer syntax to decode with, whether to decode in memory, and notes."""
    detected = infer_native_syntax(implicit, little)
    declared = _declared_syntax(ds)
    if not declared:
        return detected, False, [f"no Transfer Syntax UID; the data set is {detected.name}"]
    if is_deflated(declared):
        return declared, True, []
    if not declared.is_transfer_syntax:  # unknown or private: pydicom read it as explicit LE
        return declared, False, [f"unknown transfer syntax {declared}"]
    if (declared.is_implicit_VR, declared.is_little_endian) == (implicit, little):
        return declared, False, []
    if declared.is_encapsulated:
        note = f"{transfer_syntax_label(declared)} declared, but the data set is {detected.name}"
        return declared, True, [note]
    note = f"{transfer_syntax_label(declared)} declared, but the data set is {detected.name}"
    return detected, False, [note]


def _detected_encoding(ds: Dataset) -> tuple[bool | None, bool | None]:
    """The encoding pydicom actually parsed with: it may differ from the declared transfer
    syntax (it then warns), and only the raw elements remember it."""
    for elem in ds._dict.values():
        if isinstance(elem, RawDataElement):
            return elem.is_implicit_VR, elem.is_little_endian
    return ds.original_encoding


def _is_dicomdir(ds: Dataset) -> bool:
    """A Media Storage Directory (DICOMDIR, PS3.10 section 8.6; PS3.3 F.2)."""
    meta_class = ds.file_meta.get("MediaStorageSOPClassUID") if ds.file_meta else None
    return meta_class == MediaStorageDirectoryStorage or "DirectoryRecordSequence" in ds


def _byte_order_problem(ds: Dataset) -> str | None:
    """A first group like 0800 that reads 0008 byte-swapped: the byte order (PS3.5 7.3) is not the
    one the transfer syntax declares."""
    first = next(iter(ds._dict), None)
    if first is None:
        return None
    group = first >> 16
    if group > 0xFF and ((group & 0xFF) << 8 | group >> 8) <= 0xFF:
        declared = transfer_syntax_label(_declared_syntax(ds))
        return f"corrupt DICOM data: the data set is not in the byte order of {declared}"
    return None


def _truncated_value(ds: Dataset, file_size: int) -> str | None:
    """A value shorter than its declared length means the file ends early (PS3.5 7.1)."""
    for elem in ds._dict.values():  # raw elements: looking does not convert them
        if isinstance(elem, RawDataElement):
            if elem.length == _UNDEFINED:
                continue
            if elem.value is None:  # deferred: still in the file
                present = max(min(elem.length, file_size - elem.value_tell), 0)
            else:
                present = len(elem.value)
            if present != elem.length:
                return (
                    f"the file is truncated: {elem.tag} declares {elem.length} bytes, "
                    f"{present} present"
                )
        elif elem.VR == "SQ":
            for item in elem.value or []:
                if problem := _truncated_value(item, file_size):
                    return problem
    return None
