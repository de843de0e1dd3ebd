"""Filing one received C-STORE data set into the store, and the DIMSE status that says how it went.

The data set is written exactly as received (preamble + file meta + the received bytes), never
decoded and re-encoded. Before answering, only the elements the local index takes are parsed,
by the store's own reader (``viewer.store.header.read_index_header``, up to its
``INDEX_STOP_TAG``): they hold the UIDs that name the path and are checked against the request,
and the header is handed to the index so it need not read the file again. Failures follow
PS3.4 B.2.3:

=======  =========================================================================
0xA700   refused: free disk space would fall below the threshold (nothing written)
0xA701   refused: the file could not be written (permissions, disk error)
0xA900   the data set's SOP Class/Instance UID differs from the request's
0xC000   cannot understand: the data set cannot be parsed (not DICOM, truncated)
0xC001   cannot understand: a UID that would name the file is missing or invalid
0xC002   cannot understand: not encoded as the negotiated transfer syntax (scp_encoding)
=======  =========================================================================
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from pydicom.dataset import Dataset
from pydicom.uid import UID

from viewer.dicom.uid import is_valid_uid
from viewer.net.file_meta import ReceivedInstance, file_head
from viewer.net.scp_encoding import encoding_problem
from viewer.store.header import read_index_header
from viewer.store.layout import SpareFile, UnsafeUIDError, instance_relpath, write_atomically

SUCCESS = 0x0000
OUT_OF_RESOURCES = 0xA700
CANNOT_WRITE = 0xA701
DOES_NOT_MATCH = 0xA900
CANNOT_PARSE = 0xC000
BAD_UID = 0xC001
BAD_ENCODING = 0xC002

_IDENTITY_END = 0x0020000E  # Series Instance UID: the last element the checks and path need
_IDENTITY = {0x00080016: "SOPClassUID", 0x00080018: "SOPInstanceUID",
             0x0020000D: "StudyInstanceUID", 0x0020000E: "SeriesInstanceUID"}
_RECHECK_S = 1.0  # free disk space is asked again after this long...
_RECHECK_MARGIN = 512 * 1024 * 1024  # ...or at once when the estimate gets this near the threshold


@dataclass(frozen=True)
class Filed:
    """What became of one received instance."""

    status: int
    comment: str = ""
    path: Path | None = None
    duplicate: bool = False
    header: Dataset | None = None  # viewer.store.header.read_index_header's, if it could be read

    @property
    def ok(self) -> bool:
        return self.status == SUCCESS


def _parse(data_set: BytesIO, transfer_syntax: str) -> tuple[Dataset | None, dict[str, str]]:
    """``(header for the index or None, identity UIDs)``; raises if not even the identity
    can be read. For a data set malformed after its Series Instance UID the header is None;
    the encoding check (scp_encoding) then reads it from the start and refuses it."""
    try:
        header = read_index_header(data_set, transfer_syntax)
    except Exception:  # pydicom raises many types on garbage
        return None, _identity_of(read_index_header(data_set, transfer_syntax, _IDENTITY_END))
    return header, _identity_of(header)


def with_file_meta(header: Dataset | None, received: ReceivedInstance) -> Dataset | None:
    """*header* (``Filed.header``) with the file meta information, for ``on_stored``."""
    if header is not None:
        header.file_meta = received.file_meta()
    return header


def _identity_of(header: Dataset) -> dict[str, str]:
    """The identity UIDs of a parsed header (keyword -> text; absent ones missing)."""
    found = {}
    for keyword in _IDENTITY.values():
        value = header.get(keyword)
        if value is not None:
            found[keyword] = str(value).strip("\0 ")
    return found


@dataclass(frozen=True)
class Placement:
    """Where a checked data set goes, and its header as parsed so far."""

    path: Path
    header: Dataset | None  # None: malformed after its identity (the encoding check says why)
    parsed_to: int  # where the header's parse stopped, at an element boundary (0 if None)


class InstanceFiler:
    """Files received data sets under ``<store>/<Study>/<Series>/<SOPInstance>.dcm``.

    Written through :func:`viewer.store.layout.write_atomically` (temporary file, then rename:
    a reader never sees a partial file). fsync is optional: at ~1 ms per file it would halve
    the throughput, and DCMTK's storescp does not fsync either. The Storage SCP passes a
    temporary file made ahead, after its previous answer (SpareFile). Measured and dropped:
    making them, or writing, on a helper thread - the GIL hand-overs (~9 futex calls per
    instance) cost more than the file creation they hide.
    """

    def __init__(self, store: Path, min_free_bytes: int = 0, fsync: bool = False) -> None:
        self.store = Path(store)
        self.min_free_bytes = min_free_bytes
        self.fsync = fsync
        self._free_estimate, self._free_checked_at = 0, float("-inf")

    def open(self) -> None:
        self.store.mkdir(parents=True, exist_ok=True)

    def file(self, data_set: BytesIO, received: ReceivedInstance,
             spare: SpareFile | None = None) -> Filed:
        """Check and store one data set as the C-STORE request describes it; *spare*: the
        association's temporary file made ahead (see :class:`~viewer.store.layout.SpareFile`)."""
        placed = self.place(data_set, received, data_set.seek(0, os.SEEK_END))
        if isinstance(placed, Filed):
            return placed
        problem = encoding_problem(data_set, received.transfer_syntax_uid, placed.parsed_to,
                                   placed.header)
        if problem:
            return Filed(BAD_ENCODING, problem)
        if placed.path.exists():
            return Filed(SUCCESS, "duplicate: already stored", placed.path, duplicate=True)
        try:
            with data_set.getbuffer() as body:
                write_atomically(placed.path, (file_head(received), body), fsync=self.fsync,
                                 spare=spare)
        except OSError as exc:
            return Filed(CANNOT_WRITE, f"cannot write: {exc.strerror or exc}")
        return Filed(SUCCESS, "", placed.path, header=placed.header)

    def place(self, data_set: BytesIO, received: ReceivedInstance,
              size: int) -> "Filed | Placement":
        """Where a data set of *size* bytes goes, from its first elements in *data_set* (all
        of it, or its start: a WADO-RS part still arriving), or the refusal: the checks
        before the encoding check and the write."""
        sop_class, sop_instance = received.sop_class_uid, received.sop_instance_uid
        if not (is_valid_uid(sop_class) and is_valid_uid(sop_instance)):
            return Filed(BAD_UID, "Affected SOP Class/Instance UID is not a valid UID")
        if not self._space_for(size):
            return Filed(OUT_OF_RESOURCES, "free disk space below the store's threshold")
        try:
            header, identity = _parse(data_set, received.transfer_syntax_uid)
            parsed_to = data_set.tell() if header is not None else 0  # an element boundary
        except Exception as exc:  # pydicom raises many types on garbage
            return Filed(CANNOT_PARSE, f"data set cannot be parsed as "
                                       f"{UID(received.transfer_syntax_uid).name}: {exc}"[:64])
        verdict = _check(identity, sop_class, sop_instance)
        if isinstance(verdict, Filed):
            return verdict
        return Placement(self.store / verdict, header, parsed_to)

    def _space_for(self, size: int) -> bool:
        """Whether *size* more bytes leave the threshold free. The file system is asked at
        most once a second while far from the threshold (a statfs per instance cost 2 %),
        and every time once within _RECHECK_MARGIN of it."""
        now = time.monotonic()
        if (now - self._free_checked_at > _RECHECK_S
                or self._free_estimate - size < self.min_free_bytes + _RECHECK_MARGIN):
            self._free_estimate, self._free_checked_at = self._free_bytes(), now
        if self._free_estimate - size < self.min_free_bytes:
            return False
        self._free_estimate -= size
        return True

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


def _check(identity: dict, sop_class: str, sop_instance: str) -> Filed | Path:
    """The relative path for a data set matching the request, else the refusal."""
    found_class = identity.get("SOPClassUID", "")
    found_instance = identity.get("SOPInstanceUID", "")
    if not found_class or not found_instance:
        return Filed(CANNOT_PARSE, "data set has no SOP Class/Instance UID")
    if (found_class, found_instance) != (sop_class, sop_instance):
        return Filed(DOES_NOT_MATCH, "SOP Class/Instance UID differs from the request")
    try:
        return instance_relpath(identity.get("StudyInstanceUID", ""),
                                identity.get("SeriesInstanceUID", ""), sop_instance)
    except UnsafeUIDError as exc:
        return Filed(BAD_UID, str(exc).split(" '")[0] + " is missing or not a valid UID")
