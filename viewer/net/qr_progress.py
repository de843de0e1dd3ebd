"""Progress of a retrieve (C-MOVE or C-GET), built from the archive's responses."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from viewer.net.common import NetworkError, describe_status
from viewer.net.qr_assoc import cancelled, failure_text, no_response, status_code

LOG = logging.getLogger(__name__)
PENDING = (0xFF00, 0xFF01)
CANCEL = 0xFE00


@dataclass(frozen=True)
class RetrieveProgress:
    """One step of a retrieve.

    ``kind`` is ``"pending"`` (a pending response), ``"final"`` (the last response: success,
    warning or cancel; failures raise RetrieveError) or ``"fallback"`` (C-MOVE was refused and
    C-GET takes over; ``message`` says why). Counts are the archive's sub-operation counts.
    """

    method: str
    kind: str = "pending"
    remaining: int | None = None
    completed: int = 0
    failed: int = 0
    warning: int = 0
    status: int | None = None
    message: str = ""
    failed_uids: tuple[str, ...] = ()

    @property
    def total(self) -> int | None:
        if self.remaining is None:
            return None
        return self.remaining + self.completed + self.failed + self.warning

    @property
    def cancelled(self) -> bool:
        return self.status == CANCEL

    def __str__(self) -> str:
        if self.kind == "fallback":
            return f"falling back to C-GET: {self.message}"
        label = "WADO-RS" if self.method == "wado" else f"C-{self.method.upper()}"
        counts = f"{self.completed} completed, {self.failed} failed, {self.warning} warning"
        if self.remaining is not None:
            counts += f", {self.remaining} remaining"
        text = f"{label} {self.kind}: {counts}"
        return f"{text} - {self.message}" if self.message else text


class RetrieveError(NetworkError):
    """A retrieve failed; ``status`` is the DIMSE status, ``progress`` the last counts."""

    def __init__(self, message: str, status: int | None = None,
                 progress: RetrieveProgress | None = None):
        super().__init__(message)
        self.status = status
        self.progress = progress


def _count(status, keyword: str, default):
    value = status.get(keyword)
    try:
        return int(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def progress_from(method: str, status, code: int, identifier, last: RetrieveProgress):
    """The progress a response says; counts missing in a final response are kept from *last*."""
    final = code not in PENDING
    step = RetrieveProgress(
        method=method, kind="final" if final else "pending", status=code,
        remaining=_count(status, "NumberOfRemainingSuboperations", None if final else last.remaining),
        completed=_count(status, "NumberOfCompletedSuboperations", last.completed),
        failed=_count(status, "NumberOfFailedSuboperations", last.failed),
        warning=_count(status, "NumberOfWarningSuboperations", last.warning))
    if not final:
        return step
    failed = _failed_uids(identifier)
    return replace(step, failed_uids=failed, message=_final_words(method, code, step, failed))


def _failed_uids(identifier) -> tuple[str, ...]:
    if identifier is None:
        return ()
    try:
        value = identifier.get("FailedSOPInstanceUIDList")
    except Exception as exc:  # a malformed list is not worth failing the retrieve for
        LOG.warning("unreadable Failed SOP Instance UID List: %s", exc)
        return ()
    if not value:
        return ()
    return tuple(str(v) for v in (value if isinstance(value, (list, tuple)) or
                                  type(value).__name__ == "MultiValue" else [value]))


def _final_words(method: str, code: int, step: RetrieveProgress, failed) -> str:
    if code == CANCEL:
        return "cancelled"
    words = describe_status(code, method)
    if step.failed or failed:
        words += f"; {max(step.failed, len(failed))} sub-operations failed"
    return words


def check_final(method: str, code: int, status, step: RetrieveProgress) -> RetrieveProgress:
    """*step* when the final status is success, warning or cancel; RetrieveError otherwise."""
    if code == 0x0000 or code == CANCEL or (code & 0xF000) == 0xB000:
        return step
    text = failure_text(method, code, status)
    text += f" ({step.completed} completed, {step.failed} failed)"
    raise RetrieveError(text, code, step)


def follow(assoc, method: str, responses, model, cancel, timeout: float):
    """Yield the progress of a C-MOVE/C-GET's *responses*; C-CANCEL once *cancel* is set.

    The final step is yielded for success, warning and cancel; a failure raises RetrieveError.
    """
    last = RetrieveProgress(method)
    sent_cancel = False
    for status, identifier in responses:
        code = status_code(status)
        if code is None:
            raise RetrieveError(str(no_response(assoc, method, timeout)), None, last)
        step = progress_from(method, status, code, identifier, last)
        if step.kind == "final":
            yield check_final(method, code, status, step)
            return
        last = step
        yield step
        if not sent_cancel and cancelled(cancel):
            assoc.send_c_cancel(1, query_model=model)
            sent_cancel = True
    raise RetrieveError(f"C-{method.upper()}: the archive sent no final response", None, last)
