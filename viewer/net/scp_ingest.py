"""Filing one received C-STORE data set into the store, and the DIMSE status that says how it went.

The data set is written exactly as received (preamble + file meta + the received bytes), never
decoded and re-encoded. Before answering, only the elements up to the Series Instance UID are
parsed (raw elements, ~0.06 ms for a CT slice): the UIDs that name the path and are checked
against the request. Failures follow PS3.4 B.2.3:

=======  =========================================================================
0xA700   refused: free disk space would fall below the threshold (nothing written)
0xA701   refused: the file could not be written (permissions, disk error)
0xA900   the data set's SOP Class/Instance UID differs from the request's
0xC000   cannot understand: the data set cannot be parsed (not DICOM, truncated)
0xC001   cannot understand: a UID that would name the file is missing or invalid
=======  =========================================================================
"""

from __future__ import annotations

import os
import shutil
import zlib
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pydicom.dataset import Dataset
from pydicom.filereader import read_dataset
from pydicom.uid import DeflatedExplicitVRLittleEndian, UID

from viewer.dicom.uid import is_valid_uid
from viewer.net.file_meta import ReceivedInstance, file_head
from viewer.store.layout import UnsafeUIDError, instance_relpath, write_atomically

SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
CANNOT_WRITE = 0xA701
DOES_NOT_MATCH = 0xA900
CANNOT_PARSE = 0xC000
BAD_UID = 0xC001

_PIXEL_TAGS_START = 0x7FE00008  # Float Pixel Data; Double Float and Pixel Data follow
_IDENTITY_END = 0x0020000E  # Series Instance UID: the last element the checks and path need
_MAX_INFLATED_HEADER = 64 * 1024 * 1024


@dataclass(frozen=True)
class Filed:
    """What became of one received instance."""

    status: int
    comment: str = ""
    path: Path | None = None
    header: Dataset | None = None  # elements up to Series Instance UID
    duplicate: bool = False

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS


def read_header(data_set: BytesIO, transfer_syntax: str, last_tag: int = _PIXEL_TAGS_START - 1
                ) -> Dataset:
    """The elements of an encoded data set up to *last_tag* (default: all before the pixel
    data); raises on garbage."""
    syntax = UID(transfer_syntax)
    data_set.seek(0)
    source = data_set
    if syntax == DeflatedExplicitVRLittleEndian:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        source = BytesIO(inflater.decompress(data_set.getbuffer(), _MAX_INFLATED_HEADER))
    header = read_dataset(source, syntax.is_implicit_VR, syntax.is_little_endian,
                          stop_when=lambda tag, vr, length: tag > last_tag)
    # force value conversion now, so garbage raises here and not in a consumer
    for keyword in ("SOPClassUID", "SOPInstanceUID", "StudyInstanceUID", "SeriesInstanceUID"):
        header.get(keyword)
    return header


def full_header(data_set: BytesIO, received: ReceivedInstance) -> Dataset | None:
    """Every element before the pixel data, with the file meta information, for the index;
    None when the data set is malformed beyond the identity checked when it was filed (the
    consumer then reads the file itself)."""
    try:
        header = read_header(data_set, received.transfer_syntax_uid)
    except Exception:  # pydicom raises many types on garbage
        return None
    header.file_meta = received.file_meta()
    return header


def _uid(header: Dataset, keyword: str) -> str:
    value = header.get(keyword)
    return str(value).strip("\0 ") if value is not None else ""


class InstanceFiler:
    """Files received data sets under ``<store>/<Study>/<Series>/<SOPInstance>.dcm``.

    Written through :func:`viewer.store.layout.write_atomically` (temporary file, then rename:
    a reader never sees a partial file). fsync is optional: at ~1 ms per file it would halve
    the throughput, and DCMTK's storescp does not fsync either. Measured and dropped: making
    the temporary files ahead, or writing, on a helper thread - the GIL hand-overs (~9 futex
    calls per instance) cost more than the file creation they hide.
    """

    def __init__(self, store: Path, min_free_bytes: int = 0, fsync: bool = False) -> None:
        self.store = Path(store)
        self.min_free_bytes = min_free_bytes
        self.fsync = fsync

    def open(self) -> None:
        self.store.mkdir(parents=True, exist_ok=True)

    def close(self) -> None:
        pass

    def file(self, data_set: BytesIO, received: ReceivedInstance) -> Filed:
        """Check and store one data set as the C-STORE request describes it."""
        sop_class, sop_instance = received.sop_class_uid, received.sop_instance_uid
        if not (is_valid_uid(sop_class) and is_valid_uid(sop_instance)):
            return Filed(BAD_UID, "Affected SOP Class/Instance UID is not a valid UID")
        size = data_set.seek(0, os.SEEK_END)
        if self._free_bytes() - size < self.min_free_bytes:
            return Filed(OUT_OF_RESOURCES, "free disk space below the store's threshold")
        try:
            header = read_header(data_set, received.transfer_syntax_uid, _IDENTITY_END)
        except Exception as exc:  # pydicom raises many types on garbage
            return Filed(CANNOT_PARSE, f"data set cannot be parsed: {type(exc).__name__}")
        verdict = _check(header, sop_class, sop_instance)
        if isinstance(verdict, Filed):
            return verdict
        path = self.store / verdict
        if path.exists():
            return Filed(SUCCESS, "duplicate: already stored", path, header, duplicate=True)
        try:
            with data_set.getbuffer() as body:
                write_atomically(path, (file_head(received), body), fsync=self.fsync)
        except OSError as exc:
            return Filed(CANNOT_WRITE, f"cannot write: {exc.strerror or exc}")
        return Filed(SUCCESS, "", path, header)

    def _free_bytes(self) -> int:
        """Free bytes on the store's file system (its nearest existing folder if it was removed)."""
        for folder in (self.store, *self.store.parents):
            try:
                return shutil.disk_usage(folder).free
            except FileNotFoundError:
                continue
            except OSError:
                return 0
        return 0


def _check(header: Dataset, sop_class: str, sop_instance: str) -> Filed | Path:
    """The relative path for a header matching the request, else the refusal."""
    found_class, found_instance = _uid(header, "SOPClassUID"), _uid(header, "SOPInstanceUID")
    if not found_class or not found_instance:
        return Filed(CANNOT_PARSE, "data set has no SOP Class/Instance UID")
    if (found_class, found_instance) != (sop_class, sop_instance):
        return Filed(DOES_NOT_MATCH, "SOP Class/Instance UID differs from the request")
    try:
        return instance_relpath(_uid(header, "StudyInstanceUID"),
                                _uid(header, "SeriesInstanceUID"), sop_instance)
    except UnsafeUIDError as exc:
        return Filed(BAD_UID, str(exc).split(" '")[0] + " is missing or not a valid UID")
