"""What every association of ours shares: remote node addresses, TCP_NODELAY, status wording.

Remote nodes are written ``AET@host:port`` (the dcm4che convention).
"""

from __future__ import annotations

import re
import socket
from dataclasses import dataclass

from pynetdicom import evt
from pynetdicom import status as dimse_status

_NODE_RE = re.compile(r"(?P<aet>[^@]{1,16})@(?P<host>\[[^\]]+\]|[^:@]+):(?P<port>\d{1,5})")


class NetworkError(Exception):
    """A network operation failed; the message says why in words a user understands."""


@dataclass(frozen=True)
class Node:
    """A remote DICOM application entity."""

    aet: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> "Node":
        """Parse ``AET@host:port``; raise ValueError with a clear message otherwise."""
        match = _NODE_RE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a node address; expected AET@host:port")
        aet, host, port = match["aet"].strip(), match["host"].strip("[]"), int(match["port"])
        if not aet or not 0 < port < 65536:
            raise ValueError(f"{text!r} is not a node address; expected AET@host:port")
        return cls(aet, host, port)

    def __str__(self) -> str:
        return f"{self.aet}@{self.host}:{self.port}"


def set_tcp_nodelay(event) -> None:
    """EVT_CONN_OPEN handler: disable Nagle on the association's socket.

    pynetdicom never sets TCP_NODELAY; against DCMTK-based peers every message that carries a
    data set otherwise stalls ~40 ms (delayed ACK meets Nagle).
    """
    sock = getattr(getattr(event.assoc.dul, "socket", None), "socket", None)
    if sock is not None:
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass  # the peer may already have closed; nothing to tune


NODELAY_HANDLERS = [(evt.EVT_CONN_OPEN, set_tcp_nodelay)]


def describe_status(code: int | None, service: str = "") -> str:
    """A DIMSE status as ``0xA801 (Failure: Move destination unknown)``."""
    if code is None:
        return "no response (association aborted or timed out)"
    tables = {
        "find": dimse_status.QR_FIND_SERVICE_CLASS_STATUS,
        "move": dimse_status.QR_MOVE_SERVICE_CLASS_STATUS,
        "get": dimse_status.QR_GET_SERVICE_CLASS_STATUS,
        "store": dimse_status.STORAGE_SERVICE_CLASS_STATUS,
    }
    entry = tables.get(service, {}).get(code) or dimse_status.GENERAL_STATUS.get(code)
    if entry:
        category, text = entry
        return f"0x{code:04X} ({category}: {text})" if text else f"0x{code:04X} ({category})"
    return f"0x{code:04X} ({dimse_status.code_to_category(code)})"
