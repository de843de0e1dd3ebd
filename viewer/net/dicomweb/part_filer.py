"""Filing WADO-RS parts into the store while they arrive: one pass, no copy of the pixels.

Each part (a Part 10 file) is held in memory only until its first bytes say where it goes:
the File Meta Information and the data set's elements up to the store's index header
(``viewer.store.header.INDEX_STOP_TAG``), read by the Storage SCP's own checks
(:meth:`InstanceFiler.place`: valid UIDs, the identity, the path). From then on every chunk
goes straight to a temporary file in the instance's series folder, the way it came. When the
part is complete, the Storage SCP's encoding check reads the elements after the index header
and the pixel data's element and item headers (seeks, not a second pass over the pixels);
then the file is renamed to ``<Study>/<Series>/<SOP>.dcm`` (no fsync, as the Storage SCP).

The guarantees of the Storage SCP's filer: a reader never sees a partial file (a part cut
short, cancelled or refused leaves no file: its temporary file is removed); a part that is not
DICOM, or not encoded as its file meta says, is refused with the reason; the index gets the
same header as for a C-MOVE result. The file is stored as the archive sent it (its own File
Meta Information).
"""

from __future__ import annotations

import logging
import os
import struct
from io import BytesIO

from viewer.net.dicomweb.multipart import media_type
from viewer.net.file_meta import ReceivedInstance
from viewer.net.dicomweb.spares import Spares
from viewer.net.qr_assoc import cancelled
from viewer.net.scp_encoding import encoding_problem
from viewer.net.scp_ingest import (DOES_NOT_MATCH, Filed, InstanceFiler, Placement,
                                    with_file_meta)
from viewer.store.layout import make_temporary

LOG = logging.getLogger(__name__)
HEAD = 64 * 1024  # bytes of a part read before its header is parsed (more if it needs more)
Outcome = tuple[bool, str, str]  # (stored, SOP Instance UID, why not)


class _Window:
    """A file seen from *base* on (the data set after the File Meta Information)."""

    def __init__(self, file, base: int) -> None:
        self.file, self.base = file, base
        file.seek(base)

    def read(self, size: int = -1) -> bytes:
        return self.file.read(size)

    def tell(self) -> int:
        return self.file.tell() - self.base

    def seek(self, offset: int, whence: int = 0) -> int:
        return self.file.seek(offset + (self.base if whence == 0 else 0), whence) - self.base


class PartFiler:
    """A :class:`~viewer.net.dicomweb.multipart.PartSink` filing each part into the store;
    each part's outcome is ``(stored, SOP Instance UID, why not)``; *on_stored(path,
    header)* for each newly stored file (a failing callback is logged, not raised). Parts
    beginning once *cancel* is set are dropped (no outcome)."""

    def __init__(self, filer: InstanceFiler, on_stored=None, cancel=None) -> None:
        self.filer, self.on_stored, self.cancel = filer, on_stored, cancel
        self.spares: Spares | None = None  # started with the first part
        self._reset()

    def _reset(self) -> None:
        self.head: bytearray | None = None  # the part's start, until it is placed
        self.need = HEAD
        self.outcome: Outcome | None = None  # decided before the end (refused, duplicate)
        self.dropped = False  # begun after a cancel
        self.fd: int | None = None
        self.tmp = ""
        self.received: ReceivedInstance | None = None
        self.placed: Placement | None = None
        self.meta_end = 0

    # --- the sink ---------------------------------------------------------------------------

    def begin(self, headers: dict[str, str]) -> None:
        self._reset()
        if cancelled(self.cancel):
            self.dropped = True
            return
        content_type = headers.get("content-type", "")
        kind, _ = media_type(content_type)
        if content_type and kind != "application/dicom":
            self.outcome = (False, "", f"a part is {kind}, not application/dicom")
        else:
            self.head = bytearray()

    def data(self, view: memoryview) -> None:
        if self.fd is not None:
            self._write(view)
        elif self.head is not None:
            wanted = self.need - len(self.head)  # only the head is copied
            self.head += view[:wanted]
            if len(self.head) >= self.need:
                self._place(final=False)
            if len(view) > wanted:
                self.data(view[wanted:])  # written, kept (more head wanted) or dropped

    def end(self) -> Outcome | None:
        if self.dropped:
            return None
        if self.head is not None:
            self._place(final=True)
        outcome = self.outcome if self.outcome is not None else self._complete()
        self._reset()
        return outcome

    def abort(self) -> None:
        self._discard()
        self._reset()

    def close(self) -> None:
        """Drop the part in progress; remove the temporary files made ahead and not used."""
        self.abort()
        if self.spares is not None:
            self.spares.close()
            self.spares = None

    def __enter__(self) -> "PartFiler":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- placing the part -------------------------------------------------------------------

    def _place(self, final: bool) -> None:
        """Decide from the head where the part goes (or that it is refused), unless it is too
        short yet and more is coming (then read twice as much before trying again)."""
        head = self.head
        try:
            meta = _file_meta(head, final)
        except ValueError as exc:
            return self._refuse("", f"a part is not a DICOM file: {exc}")
        if meta is None:
            self.need = max(2 * len(head), HEAD)
            return None
        self.received, self.meta_end = meta
        data_set = BytesIO(head[self.meta_end:])
        placed = self.filer.place(data_set, self.received, 0)
        if not final and not _complete_head(placed, len(data_set.getbuffer())):
            self.need = 2 * len(head)  # cut by the head's end, maybe: wait for more
            return None
        uid = self.received.sop_instance_uid
        if isinstance(placed, Filed):
            why = placed.comment if placed.status != DOES_NOT_MATCH else \
                "the data set's SOP Class/Instance UID differs from its File Meta Information"
            return self._refuse(uid, f"{uid}: {why}")
        self.head, self.placed = None, placed
        if placed.path.exists():
            self.outcome = (True, uid, "")  # a duplicate: already stored, the rest is dropped
            return None
        try:
            self.spares = self.spares or Spares()
            self.fd, self.tmp = self.spares.take(placed.path.parent) or \
                _temporary(placed.path.parent)
        except OSError as exc:
            return self._refuse(uid, f"{uid}: cannot write: {exc.strerror or exc}")
        self._write(head)
        return None

    def _refuse(self, uid: str, why: str) -> None:
        self.head = None
        self.outcome = (False, uid, why)

    def _write(self, view) -> None:
        try:
            with memoryview(view) as left:
                while left:
                    left = left[os.write(self.fd, left):]
        except OSError as exc:
            self._discard()
            uid = self.received.sop_instance_uid
            self.outcome = (False, uid, f"{uid}: cannot write: {exc.strerror or exc}")

    def _complete(self) -> Outcome:
        """The part has fully arrived in its temporary file: check its encoding, rename it."""
        uid, placed = self.received.sop_instance_uid, self.placed
        with open(self.fd, "rb", closefd=False) as file:
            problem = encoding_problem(_Window(file, self.meta_end),
                                       self.received.transfer_syntax_uid, placed.parsed_to,
                                       placed.header)
        if problem:
            self._discard()
            return False, uid, f"{uid}: {problem}"
        fd, self.fd = self.fd, None
        try:
            os.close(fd)
            os.replace(self.tmp, placed.path)
        except OSError as exc:
            self.fd = None
            _unlink(self.tmp)
            return False, uid, f"{uid}: cannot write: {exc.strerror or exc}"
        if self.on_stored is not None:
            try:
                self.on_stored(placed.path, with_file_meta(placed.header, self.received))
            except Exception:  # the file is stored; a failing callback must not fail the rest
                LOG.exception("on_stored callback failed for %s", placed.path)
        return True, uid, ""

    def _discard(self) -> None:
        """Remove the temporary file of the part in progress, if any."""
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None
            _unlink(self.tmp)


def _file_meta(head: bytearray, final: bool) -> tuple[ReceivedInstance, int] | None:
    """The File Meta Information at the start of *head* and where the data set starts; None
    when more bytes are needed (unless *final*); ValueError when it is not DICOM."""
    if len(head) >= 132 and head[128:132] != b"DICM":
        raise ValueError("no DICM prefix after the preamble")
    if len(head) < 144:
        if final:
            raise ValueError(f"only {len(head)} bytes")
        return None
    if head[132:138] != b"\x02\x00\x00\x00UL":
        raise ValueError("no File Meta Information Group Length")
    end = 144 + struct.unpack("<I", head[140:144])[0]
    if len(head) < end:
        if final:
            raise ValueError("the File Meta Information is cut short")
        return None
    uids = _meta_uids(memoryview(head)[144:end])
    missing = [name for name, tag in _META_UIDS.items() if not uids.get(tag)]
    if missing:
        raise ValueError(f"the File Meta Information has no {' or '.join(missing)}")
    return ReceivedInstance(*(uids[tag] for tag in _META_UIDS.values())), end


_META_UIDS = {"Media Storage SOP Class UID": 0x00020002,
              "Media Storage SOP Instance UID": 0x00020003, "Transfer Syntax UID": 0x00020010}
_LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT",
             b"UV"}  # explicit VR with a 4-byte length (PS3.5 7.1.2)


def _meta_uids(meta: memoryview) -> dict[int, str]:
    """The UIDs of the File Meta Information's elements (Explicit VR Little Endian, PS3.10
    7.1) after its group length: read here with struct, as pydicom costs 0.1 ms a file."""
    found, at = {}, 0
    while at + 8 <= len(meta):
        group, element = struct.unpack_from("<HH", meta, at)
        vr = bytes(meta[at + 4:at + 6])
        if vr in _LONG_VRS:
            if at + 12 > len(meta):
                break
            length, at = struct.unpack_from("<I", meta, at + 8)[0], at + 12
        else:
            length, at = struct.unpack_from("<H", meta, at + 6)[0], at + 8
        if group != 2 or at + length > len(meta):
            raise ValueError("malformed File Meta Information")
        if vr == b"UI":
            found[group << 16 | element] = bytes(meta[at:at + length]).decode(
                "ascii", "replace").rstrip("\0 ")
        at += length
    return found


def _complete_head(placed: Filed | Placement, size: int) -> bool:
    """Whether the head parsed fully: its parse stopped at an element inside it (a parse
    reaching its end may have been cut by it, and a refusal may be the cut's doing)."""
    return isinstance(placed, Placement) and placed.header is not None \
        and 0 < placed.parsed_to < size


def _temporary(folder) -> tuple[int, str]:
    try:
        return make_temporary(folder)
    except FileNotFoundError:  # a new study or series folder
        folder.mkdir(parents=True, exist_ok=True)
        return make_temporary(folder)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
