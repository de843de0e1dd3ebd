"""Storage service as SCU (C-STORE): send files to a node, as stored when the peer accepts it.

Files are sent byte for byte in their own transfer syntax (pynetdicom reads the data set after
the file meta without decoding it). Only when the peer accepted none of the syntaxes we have for
a file's SOP class is the file decoded by pydicom and sent decompressed (Explicit, else Implicit
VR Little Endian). Progress comes as a generator: one :class:`SendProgress` per file.
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from pydicom import dcmread
from pydicom.errors import InvalidDicomError
from pydicom.filereader import read_file_meta_info
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, UID
from pynetdicom import _config
from pynetdicom.presentation import build_context

from viewer.dicom.uid import is_valid_uid
from viewer.net.ae import DEFAULT_TIMEOUT, associate, make_ae
from viewer.net.common import NetworkError, Node, describe_status
from viewer.net.scu_find import no_response_kind
from viewer.net.scu_reactor import ReactorAE

DEFAULT_AET = "DICOMVIEWER"

# send_c_store(path) then streams the data set bytes after the file meta without decoding
# them (pynetdicom's documented switch; only affects send_c_store called with a path).
_config.STORE_SEND_CHUNKED_DATASET = True

UNCOMPRESSED = (ExplicitVRLittleEndian, ImplicitVRLittleEndian)
MAX_CONTEXTS = 128  # PS3.8: odd presentation context IDs 1..255
MAX_RECONNECTS = 5  # new associations per batch after the peer dropped one


@dataclass(frozen=True)
class SendProgress:
    """State after one more file: counts so far and what happened to *path*."""

    sent: int
    failed: int
    total: int
    path: Path
    status: int | None  # DIMSE status, None when the file never reached the peer
    message: str  # "" on success, else why it failed (status meaning or local reason)

    @property
    def ok(self) -> bool:
        return not self.message


@dataclass(frozen=True)
class _Item:
    path: Path
    sop_class: str
    syntax: str


def collect_files(paths) -> list[Path]:
    """Files under *paths* (files or folders, recursively), sorted, hidden files and DICOMDIR
    skipped; a path that does not exist raises FileNotFoundError."""
    found: list[Path] = []
    for entry in map(Path, paths):
        if entry.is_dir():
            found += sorted(p for p in entry.rglob("*") if p.is_file() and _wanted(p))
        elif entry.is_file():
            found.append(entry)
        else:
            raise FileNotFoundError(f"{entry}: no such file or folder")
    return found


def _wanted(path: Path) -> bool:
    return not path.name.startswith(".") and path.name.upper() != "DICOMDIR"


def _inspect(path: Path) -> _Item | str:
    """SOP class and transfer syntax from the file meta, or why the file cannot be sent: not
    DICOM, or an identity UID missing or invalid (a storage SCP files an instance under its
    Study/Series/SOP Instance UIDs and rightly refuses it: PS3.4 B.2.3 0xC001 on ours)."""
    try:
        meta = read_file_meta_info(path)
        if not meta.get("TransferSyntaxUID"):
            raise ValueError("no Transfer Syntax UID")
        ds = dcmread(path, stop_before_pixels=True, specific_tags=_IDENTITY)
    except (InvalidDicomError, OSError, ValueError, EOFError, KeyError, TypeError) as exc:
        return f"not a DICOM file ({type(exc).__name__})"
    values = [meta.get(k) for k in ("MediaStorageSOPClassUID", "MediaStorageSOPInstanceUID",
                                    "TransferSyntaxUID")]
    if not all(values):
        return "not a DICOM file (its file meta lacks SOP Class/Instance or Transfer Syntax UID)"
    bad = [k for k in _IDENTITY if not is_valid_uid(str(ds.get(k, "") or ""))]
    if bad:
        return f"not sent: {', '.join(bad)} missing or not a valid UID"
    return _Item(path, str(values[0]), str(values[2]))


_IDENTITY = ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID"]


def plan_contexts(items: list[_Item]) -> list[list]:
    """Presentation contexts in batches of <= 128: per SOP class one context per stored
    compressed syntax, and one with the uncompressed syntaxes (also the conversion fallback)."""
    syntaxes: dict[str, set[str]] = defaultdict(set)
    for item in items:
        syntaxes[item.sop_class].add(item.syntax)
    batches, current = [], []
    for sop_class, found in syntaxes.items():
        contexts = [build_context(sop_class, [s]) for s in sorted(found) if s not in UNCOMPRESSED]
        contexts.append(build_context(sop_class, list(UNCOMPRESSED)))
        if current and len(current) + len(contexts) > MAX_CONTEXTS:
            batches.append(current)
            current = []
        current += contexts[:MAX_CONTEXTS]
    return batches + ([current] if current else [])


def send(node: Node, paths, calling_aet: str = DEFAULT_AET, *, timeout: float = DEFAULT_TIMEOUT,
         cancel=None):
    """Send the files under *paths* to *node*; yield a :class:`SendProgress` after each file.

    Raises NetworkError when an association cannot be established (files already reported
    stay reported). A file the peer refuses, or that is not DICOM, is reported and skipped.
    *cancel* (``threading.Event``) stops after the file in flight.
    """
    files = collect_files(paths)
    counts = {"sent": 0, "failed": 0, "total": len(files)}
    items = []
    for path in files:
        found = _inspect(path)
        if isinstance(found, str):
            yield _progress(counts, path, None, found)
        else:
            items.append(found)
    for contexts in plan_contexts(items):
        classes = {cx.abstract_syntax for cx in contexts}
        batch = [item for item in items if item.sop_class in classes]
        if _cancelled(cancel):
            return
        yield from _send_batch(node, calling_aet, timeout, contexts, batch, counts, cancel)


def _progress(counts: dict, path: Path, status, message: str) -> SendProgress:
    counts["failed" if message else "sent"] += 1
    return SendProgress(counts["sent"], counts["failed"], counts["total"], path, status, message)


def _cancelled(cancel) -> bool:
    return cancel is not None and cancel.is_set()


def _send_batch(node, calling_aet, timeout, contexts, batch, counts, cancel):
    """Send *batch* on as many associations as it takes: a peer that closes the connection
    (or aborts, or stops answering) costs the file in flight, reported, and the rest go on a
    new association - at most MAX_RECONNECTS times, then the rest are reported unsent."""
    pending = deque(batch)
    reconnects = 0
    while pending:
        try:
            assoc = _open(node, calling_aet, timeout, contexts)
        except NetworkError as exc:
            if not reconnects:
                raise  # nothing reached the peer: the caller says why
            yield from _fail_all(pending, counts, f"not sent: cannot reconnect: {exc}")
            return
        lost = yield from _store_until_lost(assoc, pending, counts, cancel)
        if not lost:
            return
        reconnects += 1
        if reconnects > MAX_RECONNECTS and pending:
            yield from _fail_all(pending, counts, f"not sent: the peer dropped the association "
                                                  f"{reconnects} times; giving up")
            return


def _open(node, calling_aet, timeout, contexts):
    """An association on our requestor reactor: stock pynetdicom's pause handshake can hand a
    C-STORE-RSP that comes back very fast (our own SCP's) to its reactor thread, and the file
    then waits the whole DIMSE timeout ("Received unexpected C-STORE service message")."""
    ae = make_ae(calling_aet, timeout, ae_class=ReactorAE)
    ae.requested_contexts = contexts
    return associate(ae, node, timeout)


def _store_until_lost(assoc, pending: deque, counts, cancel):
    """Store files from *pending* until it is empty (False) or the association is lost
    (True, the file in flight reported as failed)."""
    try:
        while pending:
            if _cancelled(cancel):
                return False
            item = pending.popleft()
            status, message = _store_one(assoc, item)
            if status is None and not message.startswith(_LOCAL_FAILURES):
                reason = _lost_reason(assoc)  # before our abort below hides why
                if assoc.is_established:
                    assoc.abort()  # a peer that does not answer cannot be trusted with the next
                yield _progress(counts, item.path, None, reason)
                return True
            yield _progress(counts, item.path, status, message)
        return False
    finally:
        if assoc.is_established:
            assoc.release()


def _lost_reason(assoc) -> str:
    """No response came: the association is gone (closed, aborted) or unusable (timed out)."""
    return {"aborted": "no response: the peer aborted the association while receiving this file",
            "lost": "no response: the peer closed the connection while receiving this file "
                    "(it may not accept it)",
            }.get(no_response_kind(assoc), f"no response within {assoc.dimse_timeout:g} s")


def _fail_all(pending: deque, counts, message: str):
    while pending:
        yield _progress(counts, pending.popleft().path, None, message)


_NO_CONTEXT = "the peer accepted no transfer syntax for this SOP class"
_LOCAL_FAILURES = (_NO_CONTEXT, "cannot send:")


def _store_one(assoc, item: _Item) -> tuple[int | None, str]:
    """C-STORE one file: as stored if that syntax was accepted, else decompressed."""
    accepted = {(cx.abstract_syntax, cx.transfer_syntax[0]) for cx in assoc.accepted_contexts}
    try:
        if (item.sop_class, item.syntax) in accepted:
            rsp = assoc.send_c_store(item.path)
        elif any((item.sop_class, ts) in accepted for ts in UNCOMPRESSED):
            rsp = assoc.send_c_store(_decompressed(item.path))
        else:
            return None, _NO_CONTEXT
    except (OSError, ValueError, AttributeError, RuntimeError, NotImplementedError) as exc:
        return None, f"cannot send: {exc}"
    code = getattr(rsp, "Status", None)
    if code is None:
        return None, describe_status(None)
    if code == 0x0000 or 0xB000 <= code <= 0xBFFF:  # warnings mean stored
        return code, ""
    comment = getattr(rsp, "ErrorComment", "")
    return code, describe_status(code, "store") + (f" - {comment}" if comment else "")


def _decompressed(path: Path):
    """The data set of *path* decoded by pydicom, ready to be sent uncompressed."""
    ds = dcmread(path)
    syntax = UID(ds.file_meta.TransferSyntaxUID)
    if syntax.is_compressed:
        # same instance in another transfer syntax: keep its UID (pydicom would make a new one)
        ds.decompress(generate_instance_uid=False)
    elif syntax.is_deflated or not syntax.is_little_endian:
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return ds


def send_all(node: Node, paths, calling_aet: str = DEFAULT_AET, **kwargs) -> list[SendProgress]:
    """Run :func:`send` to the end; every file's progress, in order."""
    return list(send(node, paths, calling_aet, **kwargs))


__all__ = ["send", "send_all", "SendProgress", "collect_files", "plan_contexts", "NetworkError"]
