"""Associations of the query/retrieve SCUs: open with clear errors, always TCP_NODELAY, run by
the event-driven requestor reactor (:mod:`viewer.net.scu_reactor`) instead of pynetdicom's
sleep-polling threads.

``association(...)`` is a context manager: it releases the association when the block ends
normally and aborts it when the block is left by an exception or by closing the generator that
runs it (a GUI worker dropping a query).
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Protocol

from pynetdicom import AE, _config, evt

from viewer.net.ae import client_tls_context
from viewer.net.common import NODELAY_HANDLERS, NetworkError, Node, describe_status
from viewer.net.scu_reactor import ReactorAE

LOG = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 30.0
# C-MOVE/C-GET: an archive need not send pending responses, so the next response may come only
# when the whole retrieve is done; wait that long for it (cancel still works between responses).
RETRIEVE_RESPONSE_TIMEOUT = 600.0
MAX_CONTEXTS = 128  # PS3.8: presentation context IDs are odd numbers 1..255


class CancelToken(Protocol):
    """Anything with ``is_set()``, e.g. a ``threading.Event``."""

    def is_set(self) -> bool: ...


def cancelled(cancel: CancelToken | None) -> bool:
    return cancel is not None and cancel.is_set()


def make_ae(calling_aet: str, timeout: float = DEFAULT_TIMEOUT) -> AE:
    """An AE for one SCU association; *timeout* bounds connect, ACSE and each DIMSE wait.
    Its associations run on the event-driven reactor of :mod:`viewer.net.scu_reactor`."""
    if not calling_aet or len(calling_aet) > 16 or not calling_aet.isascii():
        raise NetworkError(f"calling AE title {calling_aet!r} must be 1-16 ASCII characters")
    _identifier_logging()
    ae = ReactorAE(ae_title=calling_aet)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout
    ae.connection_timeout = timeout
    return ae


def _identifier_logging() -> None:
    """pynetdicom formats every request and response identifier for its INFO log even when
    nothing logs INFO: most of the client's time in a large C-FIND. Only when someone listens."""
    verbose = logging.getLogger("pynetdicom").isEnabledFor(logging.INFO)
    _config.LOG_REQUEST_IDENTIFIERS = _config.LOG_RESPONSE_IDENTIFIERS = verbose


def open_association(ae: AE, node: Node, *, ext_neg=None, handlers=()):
    """Associate with *node*; NetworkError saying why when it is not established."""
    rejection = []  # the A-ASSOCIATE-RJ PDU: pynetdicom may lose the primitive when the
    # peer closes the connection right after it (seen with dcmqrscp, ~1 in 10)

    def on_pdu(event):
        if type(event.pdu).__name__ == "A_ASSOCIATE_RJ":
            rejection.append(event.pdu)

    tls = getattr(node, "tls", None)  # a saved node with DICOM TLS settings
    try:
        tls_context = client_tls_context(tls) if tls else None
        assoc = ae.associate(node.host, node.port, ae_title=node.aet, ext_neg=ext_neg,
                             evt_handlers=[*NODELAY_HANDLERS, (evt.EVT_PDU_RECV, on_pdu),
                                           *handlers],
                             tls_args=(tls_context, node.host) if tls_context else None)
    except (OSError, ValueError) as exc:
        raise NetworkError(f"cannot associate with {node}: {exc}") from exc
    if assoc.is_established:
        assoc.unbind(evt.EVT_PDU_RECV, on_pdu)
        return assoc
    why = _rejected(rejection[0]) if rejection else why_not_established(assoc, ae)
    raise NetworkError(f"no association with {node}: {why}")


def _rejected(rj) -> str:
    try:
        return f"association rejected ({rj.result_str}) by the {rj.source_str}: {rj.reason_str}"
    except Exception:  # a malformed A-ASSOCIATE-RJ; say what we know
        return "association rejected (no readable reason)"


def why_not_established(assoc, ae: AE) -> str:
    """Words for a failed A-ASSOCIATE that was not an A-ASSOCIATE-RJ."""
    rsp = assoc.acceptor.primitive
    if getattr(rsp, "result", None) in (1, 2):
        return _rejected(rsp)
    if rsp is not None and not assoc.accepted_contexts:
        return "the peer accepted none of the proposed presentation contexts"
    if rsp is not None:
        return "the peer aborted the association"
    return (f"no answer: connection refused, or no A-ASSOCIATE response within "
            f"{ae.acse_timeout:g} s")


@contextmanager
def association(node: Node, calling_aet: str, contexts, *, timeout=DEFAULT_TIMEOUT,
                roles=None, handlers=(), response_timeout=None):
    """Open an association proposing *contexts* ``[(abstract_syntax, [transfer syntaxes])]``.

    *timeout* bounds connecting and negotiating; *response_timeout* (default: *timeout*) how
    long to wait for each DIMSE response with the connection idle."""
    if len(contexts) > MAX_CONTEXTS:
        raise NetworkError(f"{len(contexts)} presentation contexts; at most {MAX_CONTEXTS}")
    ae = make_ae(calling_aet, timeout)
    if response_timeout is not None:
        ae.dimse_timeout = ae.network_timeout = response_timeout
    for abstract, syntaxes in contexts:
        if syntaxes:
            ae.add_requested_context(abstract, syntaxes)
        else:
            ae.add_requested_context(abstract)
    assoc = open_association(ae, node, ext_neg=roles, handlers=handlers)
    try:
        yield assoc
    except BaseException:
        assoc.abort()
        raise
    else:
        if assoc.is_established:
            assoc.release()


def status_code(status) -> int | None:
    """The DIMSE status of a pynetdicom response, None when there was no valid response."""
    if status is None or "Status" not in status:
        return None
    return int(status.Status)


def no_response(assoc, service: str, timeout: float) -> NetworkError:
    """The error for a missing response (timeout, abort or an invalid message)."""
    if assoc.is_aborted and not assoc.is_established:
        why = (f"no response within {timeout:g} s, or the peer aborted the association"
               " or sent an invalid message")
    else:
        why = describe_status(None, service)
    return NetworkError(f"C-{service.upper()}: {why}")


def failure_text(service: str, code: int, status) -> str:
    """``C-FIND failed: 0xC000 (Failure: ...); archive says: <Error Comment>``."""
    text = f"C-{service.upper()} failed: {describe_status(code, service)}"
    comment = status.get("ErrorComment") if status is not None else None
    return f"{text}; archive says: {comment}" if comment else text
