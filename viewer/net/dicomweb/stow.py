"""STOW-RS: send DICOM files to a DICOMweb archive, in batches, with per-instance outcomes.

Each batch is one ``multipart/related; type="application/dicom"`` request whose body is
streamed from the files (its length computed up front: some servers refuse chunked requests),
never assembled in memory. The server's answer (DICOM JSON) lists the stored instances in
Referenced SOP Sequence and the refused ones in Failed SOP Sequence with a Failure Reason; each
file gets a :class:`~viewer.net.send.SendProgress` like a C-STORE, so the CLI and the GUI report
both kinds of send alike. A file that is not DICOM is reported and never sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pydicom
from pydicom.dataset import Dataset

from viewer.net.common import describe_status
from viewer.net.dicomweb.http import DICOM_JSON, HTTPFailure, check, failures, session
from viewer.net.dicomweb.node import WebNode
from viewer.net.qr_assoc import cancelled
from viewer.net.send import SendProgress, collect_files

BATCH_FILES = 50
BATCH_BYTES = 256 * 1024 * 1024
_READ = 1 << 20


class _Body:
    """A multipart/related body streamed from files: ``read`` for the sender, ``len`` known."""

    def __init__(self, files: list[Path], boundary: str):
        head = (f"--{boundary}\r\nContent-Type: application/dicom\r\n\r\n").encode()
        self._pieces: list[bytes | Path] = []
        for path in files:
            self._pieces += [head, path, b"\r\n"]
        self._pieces.append(f"--{boundary}--\r\n".encode())
        self._length = sum(len(p) if isinstance(p, bytes) else p.stat().st_size
                           for p in self._pieces)
        self._index, self._file = 0, None

    def __len__(self) -> int:
        return self._length

    def __iter__(self):  # requests streams an object that has __iter__ and a length
        while chunk := self.read(_READ):
            yield chunk

    def read(self, size: int = -1) -> bytes:
        size = _READ if size is None or size < 0 else size
        while self._index < len(self._pieces):
            piece = self._pieces[self._index]
            if isinstance(piece, bytes):
                self._index += 1
                return piece
            if self._file is None:
                self._file = open(piece, "rb")
            chunk = self._file.read(size)
            if chunk:
                return chunk
            self._file.close()
            self._file, self._index = None, self._index + 1
        return b""


def send(node: WebNode, paths, *, cancel=None) -> Iterator[SendProgress]:
    """Send the files under *paths*; a SendProgress per file (NetworkError when the server
    cannot be reached or refuses the whole request)."""
    files = collect_files(paths)
    counts = {"sent": 0, "failed": 0, "total": len(files)}
    batch: list[tuple[Path, str]] = []
    size = 0
    with session(node) as s:
        for path in files:
            if cancelled(cancel):
                return
            uid, problem = _instance_uid(path)
            if problem:
                yield _progress(counts, path, None, problem)
                continue
            batch.append((path, uid))
            size += path.stat().st_size
            if len(batch) >= BATCH_FILES or size >= BATCH_BYTES:
                yield from _send_batch(s, node, batch, counts)
                batch, size = [], 0
        if batch and not cancelled(cancel):
            yield from _send_batch(s, node, batch, counts)


def _instance_uid(path: Path) -> tuple[str, str]:
    """``(SOP Instance UID, "")`` of a DICOM file, else ``("", why it is not sent)``."""
    try:
        ds = pydicom.dcmread(path, stop_before_pixels=True, specific_tags=["SOPInstanceUID"])
        return str(ds.SOPInstanceUID), ""
    except Exception as exc:  # pydicom raises many types on garbage
        return "", f"not a DICOM file ({type(exc).__name__}: {str(exc)[:80]})"


def _progress(counts: dict, path: Path, status, message: str) -> SendProgress:
    counts["failed" if message else "sent"] += 1
    return SendProgress(counts["sent"], counts["failed"], counts["total"], path, status, message)


def _send_batch(s, node: WebNode, batch, counts) -> Iterator[SendProgress]:
    boundary = uuid.uuid4().hex
    body = _Body([p for p, _ in batch], boundary)
    headers = {"Content-Type": f'multipart/related; type="application/dicom"; boundary={boundary}',
               "Accept": DICOM_JSON}
    answer = None
    with failures(node, "STOW-RS"):
        response = s.post(f"{node.url}/studies", data=body, headers=headers, timeout=node.timeout)
        try:
            check(response, node, "STOW-RS")
        except HTTPFailure as exc:
            if exc.status != 409:  # 409: every instance failed; the body says why
                raise
        answer = _answer(response)
    yield from _outcomes(batch, answer, counts, response.status_code)


def _answer(response) -> Dataset | None:
    try:
        data = response.json() if response.content.strip() else None
        return Dataset.from_json(data) if isinstance(data, dict) else None
    except Exception:  # no readable answer: judged by the HTTP status alone
        return None


def _outcomes(batch, answer: Dataset | None, counts, http_status: int) -> Iterator[SendProgress]:
    failed = {}
    stored = set()
    if answer is not None:
        for item in answer.get("FailedSOPSequence", []):
            reason = item.get("FailureReason")
            failed[str(item.get("ReferencedSOPInstanceUID", ""))] = (
                f"refused: {describe_status(int(reason), 'store')}" if reason is not None
                else "refused (no reason given)")
        stored = {str(i.get("ReferencedSOPInstanceUID", ""))
                  for i in answer.get("ReferencedSOPSequence", [])}
    for path, uid in batch:
        if uid in failed:
            yield _progress(counts, path, None, failed[uid])
        elif uid in stored or (answer is None and http_status < 300):
            yield _progress(counts, path, 0x0000, "")
        else:
            yield _progress(counts, path, None,
                            f"not in the server's answer (HTTP {http_status})")

