"""How a three-device move ended (an archive asked to send to another AE), in categories.

A C-MOVE to a third AE fails for reasons the status alone does not always say: dcmqrscp
answers 0xA801 for an AE title it does not know and 0xA702 when it cannot reach the
destination, Orthanc 1.10 answers 0xC000 (no comment) for both. :func:`outcome_of` sorts the
last step or the RetrieveError into a :class:`MoveOutcome`; :func:`probe_destination` tells
Orthanc's two cases apart when the destination is one of our own saved nodes (a C-ECHO to it:
answered means the archive does not know that AE title, or knows it at another address).
The GUI words each kind with its translations; :meth:`MoveOutcome.sentence` is the English of
the command line.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from viewer.net.common import NetworkError, describe_status
from viewer.net.qr_progress import CANCEL, RetrieveError, RetrieveProgress

DONE, PARTIAL, CANCELLED = "done", "partial", "cancelled"
UNKNOWN, DOWN, REFUSED = "unknown-destination", "destination-down", "refused"
UNKNOWN_DESTINATION = 0xA801
OUT_OF_RESOURCES = 0xA702  # "unable to perform sub-operations": dcmqrscp, destination down
# (with every sub-operation counted failed)


@dataclass(frozen=True)
class MoveOutcome:
    kind: str  # DONE, PARTIAL, CANCELLED, UNKNOWN, DOWN or REFUSED (unknown or down)
    destination: str
    completed: int = 0
    failed: int = 0
    warning: int = 0
    total: int = 0  # the sub-operations the archive announced (0: it never said)
    status: int | None = None
    status_text: str = ""  # the status meaning and the archive's comment
    reason: str = ""  # what the C-ECHO to the destination said (DOWN found by the probe)
    failed_uids: tuple[str, ...] = ()  # the final response's Failed SOP Instance UID List

    @property
    def ok(self) -> bool:
        return self.kind == DONE

    @property
    def sent(self) -> int:
        return self.completed + self.warning

    @property
    def not_sent(self) -> int:
        """Failed, or never tried because the archive stopped."""
        return max(self.total - self.sent, self.failed)

    def sentence(self) -> str:
        """The outcome in English (the command line's words)."""
        dest, sent = self.destination, self.sent
        status = f" ({self.status_text})" if self.status_text else ""
        if self.kind == DONE:
            return f"{sent} instance(s) sent to {dest}"
        if self.kind == CANCELLED:
            return f"cancelled: {sent} instance(s) sent to {dest} before the cancel"
        if self.kind == PARTIAL:
            return f"{sent} of {sent + self.not_sent} instance(s) reached {dest}{status}"
        if self.kind == UNKNOWN:
            return (f"the archive does not know the destination {dest}: add {dest} (its host "
                    f"and port) to the archive's DICOM nodes{status}")
        if self.kind == DOWN:
            why = f": {self.reason}" if self.reason else ""
            return f"the archive cannot reach the destination {dest} (is it running?){why}{status}"
        return (f"the archive refused to send to {dest}: it does not know that AE title or "
                f"cannot reach it{status}")


def outcome_of(result: RetrieveProgress | RetrieveError | None, destination: str,
               seen: RetrieveProgress | None = None) -> MoveOutcome:
    """The outcome of a move whose last step (or failure) is *result*; *seen*, the last
    pending step, keeps its counts when a failure's own are lower (Orthanc 1.10 stops at the
    first sub-operation the destination refuses and reports zero counts)."""
    error = result if isinstance(result, RetrieveError) else None
    step = error.progress if error is not None else result
    step = step or RetrieveProgress("move")
    seen = seen or RetrieveProgress("move")
    status = error.status if error is not None else step.status
    counts = {k: max(getattr(step, k), getattr(seen, k))
              for k in ("completed", "failed", "warning")}
    counts["total"] = max(step.total or 0, seen.total or 0, sum(counts.values()))
    text = _status_text(error, status)
    if status == CANCEL:
        kind = CANCELLED
    elif error is None and not counts["failed"]:
        kind, text = DONE, ""
    elif status == OUT_OF_RESOURCES and not (counts["completed"] or counts["warning"]):
        kind = DOWN  # dcmqrscp: every sub-operation failed, the association never came up
    elif counts["completed"] or counts["warning"] or counts["failed"]:
        kind = PARTIAL
    elif status == UNKNOWN_DESTINATION or "unknown modality" in text.lower():
        kind = UNKNOWN
    else:
        kind = REFUSED
    return MoveOutcome(kind, destination, status=status, status_text=text,
                       failed_uids=step.failed_uids, **counts)


def _status_text(error: RetrieveError | None, status: int | None) -> str:
    if error is None:
        return describe_status(status, "move") if status not in (None, 0) else ""
    return str(error).removeprefix("C-MOVE failed: ")


def probe_destination(outcome: MoveOutcome, nodes, calling_aet: str,
                      timeout: float = 10.0) -> MoveOutcome:
    """A REFUSED outcome made UNKNOWN or DOWN by a C-ECHO to the saved node (of *nodes*)
    whose AE title is the destination; any other outcome as it is."""
    if outcome.kind != REFUSED:
        return outcome
    node = next((n for n in nodes if getattr(n, "aet", None) == outcome.destination), None)
    if node is None:
        return outcome
    from viewer.net.echo import echo

    try:
        echo(node, calling_aet, timeout)
    except NetworkError as exc:
        return replace(outcome, kind=DOWN, reason=str(exc))
    return replace(outcome, kind=UNKNOWN)
