"""Verification service (C-ECHO) as SCU: is a node reachable and does it accept us?"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pynetdicom.sop_class import Verification

from viewer.net.ae import DEFAULT_TIMEOUT, associate, make_ae
from viewer.net.common import NetworkError, Node, describe_status


@dataclass(frozen=True)
class EchoResult:
    """A successful C-ECHO: who answered and how long the request/response took."""

    node: Node
    round_trip_s: float  # C-ECHO-RQ sent to C-ECHO-RSP received (association excluded)
    total_s: float  # association + echo + release
    status: int = 0x0000

    def __str__(self) -> str:
        return (f"C-ECHO to {self.node}: success in {self.round_trip_s * 1000:.1f} ms "
                f"({self.total_s * 1000:.1f} ms with association)")


def echo(node: Node, local_aet: str, timeout: float = DEFAULT_TIMEOUT) -> EchoResult:
    """Send one C-ECHO to *node* as *local_aet*; raise NetworkError saying why it failed."""
    ae = make_ae(local_aet, timeout)
    ae.add_requested_context(Verification)
    started = time.perf_counter()
    assoc = associate(ae, node, timeout)
    try:
        sent = time.perf_counter()
        status = assoc.send_c_echo()
        round_trip = time.perf_counter() - sent
    finally:
        if assoc.is_established:
            assoc.release()
    code = getattr(status, "Status", None)
    if code is None:
        raise NetworkError(f"{node}: no C-ECHO response within {timeout:g} s (or association aborted)")
    if code != 0x0000:
        raise NetworkError(f"{node}: C-ECHO answered {describe_status(code)}")
    return EchoResult(node, round_trip, time.perf_counter() - started, code)
