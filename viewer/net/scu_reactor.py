"""Event-driven reactors for the associations we request (our C-FIND, C-MOVE and C-GET SCUs).

Stock pynetdicom polls: its DUL thread sleeps 1 ms whenever it has nothing queued, and the
association thread sleeps 1 ms per loop. The Storage SCP replaced that for the associations it
accepts (:mod:`viewer.net.scp_reactor`); this module does the same for the ones we request:

- :class:`RequestorAssociation` is the SCP's
  :class:`~viewer.net.scp_reactor.WakingAssociation` used as a requestor: its DUL thread
  blocks in ``poll`` on the socket and a wake-up pipe poked whenever a primitive is queued for
  it, with lock-free internal queues here;
- the association thread waits on an event instead of sleeping, and counts as paused while it
  waits, so ``send_c_*`` start at once;
- pending C-FIND responses are converted cheaply (:mod:`viewer.net.scu_dimse`);
- the socket reads the peer's bytes 64 KiB at a time (:class:`BufferedSocket`): a C-FIND
  answer of 1000 matches is 2000 small PDUs, each costing three system calls otherwise
  (``select``, 6-byte header, body); large C-GET PDUs come in one call instead of 4 KiB ones;
- pynetdicom's per-PDU/per-message log handlers are unbound unless its logger prints them.

Waits time out after ``_WAIT_S`` so the ARTIM and network timers and kill requests are still
seen. Nothing in pynetdicom is edited: :class:`ReactorAE` plugs the classes in.
"""

from __future__ import annotations

import queue
import time
from collections import deque

from pynetdicom import AE
from pynetdicom.association import Association
from pynetdicom.transport import AssociationSocket

from viewer.net.scp_reactor import WakingAssociation
from viewer.net.scu_dimse import LeanDIMSE, ProgressQueue

# Upper bound of a wait: timers and kill requests are checked at least this often.
_WAIT_S = 0.05
_CHUNK = 65536
_MAX_READ = 1 << 20  # one read never asks for more: memory grows only as bytes arrive


class ReactorAE(AE):
    """An AE whose requested associations run on the reactor of this module."""

    def _create_socket(self, assoc, address, tls_args):
        """``AE.associate()`` builds a stock Association and passes it here first, before it is
        used: the one place to switch it to ours without copying ``associate()``."""
        RequestorAssociation.adopt(assoc)
        sock = BufferedSocket(assoc, address=address)
        sock.tls_args = tls_args
        return sock


class BufferedSocket(AssociationSocket):
    """An association socket that reads ahead: pynetdicom asks for each PDU's 6-byte header and
    then its body, after a ``select``; those are served from one large read."""

    def __init__(self, assoc, client_socket=None, address=None) -> None:
        super().__init__(assoc, client_socket, address)
        self._buf = b""
        self._pos = 0

    @property
    def buffered(self) -> int:
        """Bytes received from the peer and not yet handed to pynetdicom."""
        return len(self._buf) - self._pos

    @property
    def ready(self) -> bool:
        if self.socket is None:
            return False
        return self.buffered > 0 or super().ready

    def close(self) -> None:
        self._buf, self._pos = b"", 0
        super().close()

    def recv(self, nr_bytes: int) -> bytes:
        """*nr_bytes* bytes, fewer only when the connection closed (as pynetdicom's)."""
        if self.buffered >= nr_bytes:
            start, self._pos = self._pos, self._pos + nr_bytes
            return self._buf[start:self._pos]
        parts = [self._buf[self._pos:]]
        have = len(parts[0])
        self._buf, self._pos = b"", 0
        while have < nr_bytes:
            chunk = self.socket.recv(min(max(_CHUNK, nr_bytes - have), _MAX_READ))
            if not chunk:
                break
            parts.append(chunk)
            have += len(chunk)
        data = b"".join(parts)
        if have > nr_bytes:
            self._buf, data = data[nr_bytes:], data[:nr_bytes]
        return data


class _Pipe:
    """The DUL's internal queues (state machine events, received PDUs) without locks.

    pynetdicom only puts into them and takes out without waiting; ``deque`` appends and pops
    are atomic, so the ``queue.Queue`` locking and condition signalling (four operations per
    PDU) buys nothing there."""

    def __init__(self) -> None:
        self.queue = deque()

    def put(self, item, block=True, timeout=None) -> None:
        self.queue.append(item)

    def get(self, block=False, timeout=None):
        if block:
            raise ValueError("the DUL's internal queues are never waited on")
        try:
            return self.queue.popleft()
        except IndexError:
            raise queue.Empty from None

    def empty(self) -> bool:
        return not self.queue


class RequestorAssociation(WakingAssociation):
    """The Storage SCP's waking association, as a requestor: same DUL reactor, same end-of-loop
    checks; its own reactor loop (see :meth:`_run_reactor`), lock-free DUL queues, the lean
    C-FIND-RSP conversion, and every DIMSE message for the caller's service call (pynetdicom's
    ``send_c_get`` answers the C-STORE sub-operations itself, so none is served inline)."""

    @classmethod
    def adopt(cls, assoc: Association) -> None:
        """Turn a stock requestor Association, not yet started or connected, into one of ours
        by running our constructor chain (pynetdicom's and the SCP's included) on it."""
        name = assoc.name
        assoc.__class__ = cls
        cls.__init__(assoc, assoc.ae, assoc.mode)
        assoc.name = name

    def __init__(self, ae, mode) -> None:
        super().__init__(ae, mode)
        self.dul.event_queue = _Pipe()
        self.dul._recv_pdu = _Pipe()
        self.dimse = LeanDIMSE(self)
        self.dimse.msg_queue = ProgressQueue(self.wake_if_running)

    def wake_if_running(self) -> None:
        """A message arrived: wake the reactor unless a service call (paused reactor) takes it."""
        if self._reactor_checkpoint.is_set():
            self._work.set()

    def pause_reactor(self) -> None:
        """What ``send_c_*`` do before messaging: stop the reactor taking messages."""
        self._reactor_checkpoint.clear()
        while not self._is_paused:
            time.sleep(0.0001)

    def kill(self) -> None:
        """pynetdicom's kill, polling the DUL's end every 1 ms instead of 10 ms."""
        self._reactor_checkpoint.set()
        self._kill = True
        self.is_established = False
        self._is_paused = True
        self._work.set()
        while self.dul.is_alive() and not self.dul.stop_dul():
            time.sleep(0.001)

    def _run_reactor(self) -> None:
        """pynetdicom's loop with the sleep replaced by a wait.

        ``_is_paused`` is True while waiting: a service call may then go ahead at once, and
        the loop re-checks the checkpoint (after clearing ``_is_paused``) before it touches the
        message queue, so it never takes a response meant for that call.
        """
        while not self._kill:
            self._is_paused = False
            if not self._reactor_checkpoint.is_set():
                self._is_paused = True
                self._reactor_checkpoint.wait()
                continue
            if self._serve_one():
                continue
            if self._stop_requested():
                return
            self._is_paused = True
            self._work.wait(_WAIT_S)
            self._work.clear()
