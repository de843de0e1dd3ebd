"""A C-FIND request and its responses, leaner than ``Association.send_c_find``.

pynetdicom's response loop builds a status Dataset for every response (~9 us each, a pydicom
element with validation) and formats log lines nobody reads; for a 1000-match answer that is
a visible share of the client's time. Here a pending response yields just its status code and
its identifier (decoded by pynetdicom's ``decode``, i.e. pydicom); the status Dataset is built
only for the final response, where the caller needs its optional elements (Error Comment...).
Requests are made and sent with pynetdicom's primitives and DIMSE provider, as send_c_find does.
"""

from __future__ import annotations

import logging
import queue
import time
from collections.abc import Iterator
from io import BytesIO
from typing import NamedTuple

from pydicom.dataset import Dataset
from pydicom.uid import UID
from pynetdicom.dimse_primitives import C_FIND
from pynetdicom.dsutils import decode, encode

from viewer.net.scu_dimse import PENDING

LOG = logging.getLogger(__name__)
_SLICE_S = 0.5  # a dead DUL thread queues nothing: look at it this often while waiting
__all__ = ["PENDING", "FindResponse", "send_find", "no_response_reason", "no_response_kind",
           "final_response_waiting"]


class FindResponse(NamedTuple):
    """``code`` None: no valid response; ``problem`` then says why, in words for a user."""

    code: int | None
    status: Dataset | None = None  # final responses: (0000,0900) and the optional elements
    identifier: Dataset | None = None  # pending responses; None if it could not be decoded
    problem: str = ""


def send_find(assoc, dataset: Dataset, model, msg_id: int = 1,
              priority: int = 2) -> Iterator[FindResponse]:
    """Send the C-FIND request now; iterate the result for its responses, the last one final.

    *assoc* is a :class:`~viewer.net.scu_reactor.RequestorAssociation`; its reactor stays
    paused until the responses end, so iterate them to the end (a C-CANCEL shortens that) or
    abort the association. Raises ValueError when no context for *model* was accepted or
    *dataset* cannot be encoded, as pynetdicom does.
    """
    if not assoc.is_established:
        raise RuntimeError("C-FIND needs an established association")
    context = assoc._get_valid_context(model, "", "scu")
    syntax = context.transfer_syntax[0]
    data = encode(dataset, syntax.is_implicit_VR, syntax.is_little_endian, syntax.is_deflated)
    if data is None:
        raise ValueError("Failed to encode the supplied Dataset")
    request = C_FIND()
    request.MessageID, request.AffectedSOPClassUID = msg_id, UID(model)
    request.Priority, request.Identifier = priority, BytesIO(data)
    assoc.pause_reactor()
    try:
        assoc.dimse.send_msg(request, context.context_id)
    except BaseException:
        assoc._reactor_checkpoint.set()
        raise
    return _responses(assoc, syntax)


def _responses(assoc, syntax) -> Iterator[FindResponse]:
    """The responses to the request just sent; the reactor resumes when they end."""
    try:
        while True:
            _, rsp = _next_message(assoc)
            if rsp is None:  # DIMSE timeout, or the association aborted / connection closed
                problem = no_response_reason(assoc)
                assoc._handle_no_response()  # pynetdicom's: aborts after a DIMSE timeout
                yield FindResponse(None, problem=problem)
                return
            if not isinstance(rsp, C_FIND) or not rsp.is_valid_response:
                kind = type(rsp).__name__.replace("_", "-")
                LOG.error("Received an unexpected or invalid %s from the peer", kind)
                assoc.abort()
                yield FindResponse(None, problem=f"the archive sent an invalid or unexpected "
                                                 f"{kind} instead of a C-FIND response")
                return
            code = rsp.Status
            if code not in PENDING:
                yield FindResponse(code, status=_status(rsp))
                return
            yield FindResponse(code, identifier=_identifier(rsp, syntax))
    finally:
        assoc._reactor_checkpoint.set()


def _next_message(assoc):
    """pynetdicom's ``get_msg(block=True)``, which waits the whole DIMSE timeout even when the
    DUL thread has died (an exception in it queues nothing); here its death ends the wait."""
    timeout = assoc.dimse_timeout
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        left = _SLICE_S if deadline is None else min(_SLICE_S, deadline - time.monotonic())
        if left <= 0:
            return None, None
        try:
            return assoc.dimse.msg_queue.get(timeout=left)
        except queue.Empty:
            if not assoc.dul.is_alive() and assoc.dimse.msg_queue.empty():
                return None, None


def final_response_waiting(assoc) -> bool:
    """True when the final C-FIND response has already arrived (queued, not yet read): a
    C-CANCEL now would only cross it, and some archives (PixelMed) abort on a C-CANCEL for a
    request they consider done (PS3.7 9.3.2.3: a C-CANCEL is for an operation in progress)."""
    queue_ = assoc.dimse.msg_queue
    with queue_.mutex:
        waiting = list(queue_.queue)
    return any(isinstance(rsp, C_FIND) and getattr(rsp, "Status", None) not in PENDING
               for _, rsp in waiting)


def no_response_kind(assoc) -> str:
    """Why no message came: "aborted" (A-ABORT from the peer), "lost" (the connection closed
    or invalid data received) or "timeout". Read it before anyone aborts the association."""
    if assoc.acse.is_aborted("a-abort"):
        return "aborted"
    if assoc.acse.is_aborted("a-p-abort") or not assoc.dul.is_alive():
        return "lost"
    return "timeout"


def no_response_reason(assoc) -> str:
    """Why no message came, in words for a user, read before anyone takes the abort indication."""
    return {"aborted": "the archive aborted the association",
            "lost": "the connection to the archive was lost (closed, or invalid data received)",
            }.get(no_response_kind(assoc), f"no response within {assoc.dimse_timeout:g} s")


def _identifier(rsp: C_FIND, syntax) -> Dataset | None:
    try:
        return decode(rsp.Identifier, syntax.is_implicit_VR, syntax.is_little_endian,
                      syntax.is_deflated)
    except Exception:
        LOG.exception("Failed to decode the received Identifier dataset")
        return None


def _status(rsp: C_FIND) -> Dataset:
    status = Dataset()
    status.Status = rsp.Status
    for keyword in rsp.STATUS_OPTIONAL_KEYWORDS:
        if getattr(rsp, keyword, None) is not None:
            setattr(status, keyword, getattr(rsp, keyword))
    return status
