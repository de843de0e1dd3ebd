"""Our application entity: building pynetdicom AEs, DICOM TLS contexts, opening associations.

Every association opened here sets TCP_NODELAY (``common.NODELAY_HANDLERS``) and fails with a
:class:`NetworkError` whose message says why: refused connection, timeout, TLS failure, or the
A-ASSOCIATE-RJ result/source/reason in words.
"""

from __future__ import annotations

import socket
import ssl
import time

from pynetdicom import AE, evt

from viewer.net.common import NODELAY_HANDLERS, NetworkError, Node

DEFAULT_TIMEOUT = 30.0
# Largest PDU we announce we can receive. Bigger PDUs mean fewer Python round trips per
# data set (128 KiB: 4 PDUs per 512x512 CT slice instead of 32 with pynetdicom's 16 KiB).
MAX_PDU = 131072

# PS3.8 table 9-21 (A-ASSOCIATE-RJ), in words.
_RJ_RESULT = {1: "rejected permanently", 2: "rejected transiently"}
_RJ_SOURCE = {1: "by the called application", 2: "by the peer's ACSE provider",
              3: "by the peer's presentation provider"}
_RJ_REASON = {
    1: {1: "no reason given", 2: "application context name not supported",
        3: "calling AE title not recognized", 7: "called AE title not recognized"},
    2: {1: "no reason given", 2: "protocol version not supported"},
    3: {1: "temporary congestion", 2: "local limit exceeded"},
}


def make_ae(local_aet: str, timeout: float = DEFAULT_TIMEOUT, ae_class=AE) -> AE:
    """A pynetdicom AE (or *ae_class*) titled *local_aet* with every timeout set to *timeout*."""
    ae = ae_class(ae_title=local_aet)
    ae.acse_timeout = ae.dimse_timeout = ae.network_timeout = timeout
    ae.connection_timeout = timeout
    ae.maximum_pdu_size = MAX_PDU
    return ae


def client_tls_context(tls) -> ssl.SSLContext:
    """TLS context to reach a peer: verify it against *tls.ca* (default: system CAs) and its
    host name; present *tls.cert*/*tls.key* when given (client authentication)."""
    try:
        context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=tls.ca or None)
        if tls.cert:
            context.load_cert_chain(tls.cert, tls.key or None)
    except (OSError, ssl.SSLError) as exc:
        raise NetworkError(f"cannot load TLS files: {exc}") from None
    return context


def server_tls_context(tls) -> ssl.SSLContext:
    """TLS context for our listener: *tls.cert*/*tls.key* required; with *tls.ca*, clients must
    present a certificate signed by it."""
    if not tls.cert:
        raise NetworkError("TLS for the listener needs a certificate (cert) and key")
    try:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(tls.cert, tls.key or None)
        if tls.ca:
            context.load_verify_locations(cafile=tls.ca)
            context.verify_mode = ssl.CERT_REQUIRED
    except (OSError, ssl.SSLError) as exc:
        raise NetworkError(f"cannot load TLS files: {exc}") from None
    return context


def describe_rejection(result, source, reason) -> str:
    """``rejected permanently by the called application: calling AE title not recognized``."""
    words = _RJ_REASON.get(source, {}).get(reason, f"reason {reason}")
    return (f"{_RJ_RESULT.get(result, f'rejected (result {result})')} "
            f"{_RJ_SOURCE.get(source, f'(source {source})')}: {words}")


def _connect_failure(node: Node, tls_context, timeout: float) -> str:
    """Why a TCP (and TLS) connection to *node* fails, found by trying again ourselves:
    pynetdicom only logs the reason."""
    try:
        with socket.create_connection((node.host, node.port), timeout=timeout) as sock:
            if tls_context is not None:
                with tls_context.wrap_socket(sock, server_hostname=node.host):
                    pass
    except ConnectionRefusedError:
        return f"connection refused by {node.host}:{node.port} (nothing listening?)"
    except (TimeoutError, socket.timeout):
        return f"no answer from {node.host}:{node.port} within {timeout:g} s"
    except ssl.SSLError as exc:
        return f"TLS handshake with {node.host}:{node.port} failed: {exc.reason or exc}"
    except OSError as exc:
        return f"cannot connect to {node.host}:{node.port}: {exc.strerror or exc}"
    return f"connection to {node.host}:{node.port} failed"


def associate(ae: AE, node: Node, timeout: float = DEFAULT_TIMEOUT, handlers=()):
    """An established association with *node* (TLS when the node has TLS settings).

    Raises NetworkError with the reason: refused or timed-out connection, TLS failure,
    A-ASSOCIATE-RJ (result, source and reason in words), abort or no answer.
    """
    tls = getattr(node, "tls", None)
    tls_context = client_tls_context(tls) if tls else None
    opened = []
    events = [*NODELAY_HANDLERS, (evt.EVT_CONN_OPEN, lambda event: opened.append(True)),
              *handlers]
    started = time.monotonic()
    assoc = ae.associate(node.host, node.port, ae_title=node.aet, evt_handlers=events,
                         tls_args=(tls_context, node.host) if tls_context else None)
    if assoc.is_established:
        return assoc
    raise NetworkError(f"{node}: {_failure_reason(assoc, node, opened, tls_context, timeout, started)}")


def _failure_reason(assoc, node, opened, tls_context, timeout, started) -> str:
    if assoc.is_rejected:
        rsp = assoc.acceptor.primitive
        return "association " + describe_rejection(rsp.result, rsp.result_source, rsp.diagnostic)
    if not opened:
        return _connect_failure(node, tls_context, timeout)
    if getattr(assoc.acceptor.primitive, "result", None) == 0:
        return "the peer accepted none of the proposed presentation contexts"
    if time.monotonic() - started >= timeout:
        return f"no answer to the association request within {timeout:g} s"
    return "the peer aborted the association request (or closed the connection)"
