"""Event-driven reactors for the associations our Storage SCP accepts.

Stock pynetdicom polls: its DUL thread sleeps 1 ms whenever its queues are empty and the
association thread sleeps 1 ms per loop, so every C-STORE pays several milliseconds of sleeping
(request pickup, response pickup) - about 0.2x DCMTK's storescp on loopback. Here the very same
state machine runs, but both threads *wait* for work instead of sleeping:

- the DUL thread blocks in ``poll`` on the association socket and a wake-up pipe written
  whenever the service user queues a primitive for it (a response, a release, an abort);
- C-STORE and C-ECHO requests are served by the DUL thread right where they are decoded (no
  hand-over to the association thread and back);
- the association thread blocks on an event set whenever the DUL hands it another DIMSE message
  or an ACSE primitive (release, abort).

Both waits time out after ``_WAIT_S`` so timers (ARTIM, network idle) and kills are still seen.
Nothing in pynetdicom is edited: the classes are subclasses plugged in through the server's
``request_handler`` (:mod:`viewer.net.scp_server`).
"""

from __future__ import annotations

import collections
import logging
import queue
import threading
import time

from pynetdicom import evt
from pynetdicom._handlers import (standard_dimse_recv_handler, standard_dimse_sent_handler,
                                  standard_pdu_recv_handler, standard_pdu_sent_handler)
from pynetdicom.association import Association
from pynetdicom.dimse_primitives import C_ECHO, C_STORE
from pynetdicom.dul import DULServiceProvider
from pynetdicom.pdu import A_ABORT_RQ, P_DATA_TF

from viewer.net.scp_dimse import AcceptorDIMSE
from viewer.net.scp_fragments import append_data_fragments
from viewer.net.scp_wakeup import SignallingQueue, WakeUpPipe, wait_readable

LOGGER = logging.getLogger(__name__)

_PDU_TYPES = frozenset(range(0x01, 0x08))  # PS3.8 9.3.1: A-ASSOCIATE-RQ .. A-ABORT
_P_DATA_TF_TYPE = 0x04

# Upper bound of a wait: timers and kill requests are checked at least this often.
_WAIT_S = 0.05


class _InlineRequests(queue.Queue):
    """The DIMSE message queue of an acceptor: C-STORE and C-ECHO requests are served right away
    by the thread that decoded them (the DUL's), other messages go to the association thread.

    Handing each request to the association thread and its response back costs two thread
    wake-ups and GIL hand-overs per instance; serving in place removes them. Safe because these
    services never wait on the DUL (an abort from here is non-blocking, see
    :meth:`WakingAssociation._abort_blocking`).

    Only once the association thread has marked the association established: a peer may send
    its first request as soon as our A-ASSOCIATE-AC is out, while that thread is still between
    ``send_accept()`` and ``is_established = True``, and pynetdicom's Storage and Verification
    SCPs silently send no response on an association not (yet) established - the peer then
    waits for its DIMSE timeout. Such an early request goes to the association thread, which
    serves it once established, as stock pynetdicom does.
    """

    def __init__(self, assoc: "WakingAssociation") -> None:
        super().__init__()
        self._assoc = assoc

    def put(self, item, block=True, timeout=None) -> None:
        context_id, msg = item
        if (isinstance(msg, (C_STORE, C_ECHO)) and msg.is_valid_request
                and self._assoc.is_established):
            self._assoc.serve_inline(msg, context_id)
            return
        super().put(item, block, timeout)
        self._assoc.wake()


class WakingDUL(DULServiceProvider):
    """DUL service provider whose reactor waits on the socket and a wake-up pipe."""

    def __init__(self, assoc: "WakingAssociation") -> None:
        super().__init__(assoc)
        self._pipe = WakeUpPipe()
        self.max_dataset_bytes = 2 * 1024**3
        self.abandoned = False
        self.read_pace = 0.0  # seconds between reads of the socket when idle (0: at once)
        self.to_provider_queue = SignallingQueue(self._poke)
        self.to_user_queue = SignallingQueue(assoc.wake)

    def _poke(self) -> None:
        """Wake the reactor for a queued primitive - unless it is the reactor queueing it (a
        response served inline): it takes the queue on its next loop anyway."""
        if threading.current_thread() is not self:
            self._pipe.poke()

    def receive_pdu(self, wait: bool = False, timeout: float | None = None):
        """pynetdicom's, but a long wait is cut into slices so :attr:`abandoned` ends it."""
        if not wait:
            return super().receive_pdu(False)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self.abandoned:
            left = _WAIT_S if deadline is None else min(_WAIT_S, deadline - time.monotonic())
            if left <= 0:
                return None
            primitive = super().receive_pdu(True, left)
            if primitive is not None:
                return primitive
        return None

    def _read_pdu_data(self) -> None:
        """pynetdicom's, with the PDU read into one buffer when the socket can (see
        :meth:`~viewer.net.scp_server.BulkReadSocket.read_pdu`): pynetdicom appends the body to
        the header, copies it to bytes and slices every PDV out of it - four copies of each
        received data set before DIMSE sees it. The same events follow the same faults."""
        read_pdu = getattr(self.socket, "read_pdu", None)
        if read_pdu is None:
            super()._read_pdu_data()
            return
        try:
            data = read_pdu()
        except (OSError, TimeoutError) as exc:
            LOGGER.error("Connection closed before the entire PDU was received: %s", exc)
            self.event_queue.put("Evt17")  # transport connection closed
            return
        if len(data) < 6 or len(data) != 6 + int.from_bytes(data[2:6], "big"):
            self.event_queue.put("Evt17")  # short read: the peer closed the connection
            return
        if data[0] not in _PDU_TYPES:
            LOGGER.error("Unknown PDU type received '0x%02X'", data[0])
            self.event_queue.put("Evt19")  # unrecognised PDU
            return
        if data[0] == _P_DATA_TF_TYPE and append_data_fragments(self, data):
            self._message_too_large()  # aborts once the data set outgrows the limit
            return
        try:
            pdu, event = self._decode_pdu(data)
        except Exception as exc:
            LOGGER.error("Unable to decode the received PDU data: %s", exc)
            self.event_queue.put("Evt19")
            return
        self.event_queue.put(event)
        self._recv_pdu.put(pdu)

    def _decode_pdu(self, data):
        """A P-DATA-TF PDU is decoded by pynetdicom from a view of the buffer, so each PDV is a
        view too (copied once, into the DIMSE message); other PDUs as pynetdicom does."""
        if data[0] != _P_DATA_TF_TYPE or self.assoc.get_handlers(evt.EVT_DATA_RECV):
            return super()._decode_pdu(data)
        pdu = P_DATA_TF()
        pdu.decode(memoryview(data))
        evt.trigger(self.assoc, evt.EVT_PDU_RECV, {"pdu": pdu})
        return pdu, "Evt10"

    def kill_dul(self) -> None:
        super().kill_dul()
        self._pipe.poke()

    def stop_dul(self) -> bool:
        if self.state_machine.current_state != "Sta1":
            return False
        self.kill_dul()
        if threading.current_thread() is not self and self.is_alive():
            self.join()
        return True

    def run_reactor(self) -> None:
        """pynetdicom's reactor loop, with the idle sleep replaced by a wait for activity."""
        self._idle_timer.start()
        self.assoc._dul_ready.set()
        try:
            while not self._kill_thread:
                if self.artim_timer.expired:
                    self.event_queue.put("Evt18")
                if not self._step_transport():
                    return
                try:
                    event = self.event_queue.get(block=False)
                except queue.Empty:
                    if not self.assoc.run_deferred():
                        self._wait_for_activity()
                    continue
                if not self._act(event):
                    return
                if event == "Evt10" and self._message_too_large():
                    return
        finally:
            self.assoc.run_deferred()
            self.assoc.run_end_tasks()
            self._pipe.close()

    def _act(self, event: str) -> bool:
        """Run the state machine for *event*; False (association aborted) when that raises.

        pynetdicom lets such an exception end the DUL thread silently (a PDV whose command set
        pydicom cannot decode does it): the peer would wait for the network timeout."""
        try:
            self.state_machine.do_action(event)
            return True
        except Exception as exc:
            LOGGER.error("Invalid data from the peer (%s), aborting association: %s",
                         event, exc)
            self._abort_hard()
            return False

    def _message_too_large(self) -> bool:
        """Abort when the data set being received exceeds ``max_dataset_bytes``."""
        message = self.assoc.dimse.message
        data_set = getattr(message, "data_set", None)
        if data_set is None or data_set.tell() <= self.max_dataset_bytes:
            return False
        LOGGER.error("Data set larger than %d bytes, aborting association", self.max_dataset_bytes)
        self._abort_hard()
        return True

    def _step_transport(self) -> bool:
        """Queue one local primitive or read one PDU; False when the reactor must stop."""
        try:
            if self._process_recv_primitive():
                pass
            elif self._is_transport_event():
                self._idle_timer.restart()
            return True
        except Exception as exc:
            LOGGER.error("Exception in the DUL reactor, aborting association: %s", exc)
            self._abort_hard()
            return False

    def _abort_hard(self) -> None:
        """pynetdicom's recovery: send an A-ABORT bypassing the state machine, stop both reactors."""
        abort_pdu = A_ABORT_RQ()
        abort_pdu.source = 0x02
        abort_pdu.reason_diagnostic = 0x00
        try:
            self.socket.send(abort_pdu.encode())
        except Exception as exc:  # the peer's socket is often gone already
            LOGGER.debug("A-ABORT not sent: %s", exc)
        self.assoc.is_aborted = True
        self.assoc.is_established = False
        self.assoc._kill = True
        self._kill_thread = True
        evt.trigger(self.assoc, evt.EVT_ABORTED, {})

    def _wait_for_activity(self) -> None:
        """Block until the socket is readable, a primitive is queued, or _WAIT_S passes.

        With :attr:`read_pace` set, first wait that long for a primitive only: what the peer
        sends meanwhile is then read in one go (see viewer.net.move)."""
        if self.read_pace and self._wait_for_primitive(self.read_pace):
            return
        transport = self.socket
        sock = getattr(transport, "socket", None)
        watched = [self._pipe.read_fd]
        if sock is not None and transport._is_connected:
            if getattr(sock, "pending", None) and sock.pending():
                return  # TLS holds decrypted bytes that select cannot see
            watched.append(sock)
        try:
            readable = wait_readable(watched, _WAIT_S)
        except (OSError, ValueError):
            return  # the socket was closed under us: the next loop notices
        if self._pipe.read_fd in readable:
            self._pipe.drain()


    def _wait_for_primitive(self, timeout: float) -> bool:
        """Wait up to *timeout* for the wake-up pipe alone; True if it was poked."""
        try:
            poked = bool(wait_readable([self._pipe.read_fd], timeout))
        except (OSError, ValueError):
            return True
        if poked:
            self._pipe.drain()
        return poked


_STANDARD_LOG_HANDLERS = (
    (evt.EVT_DIMSE_RECV, standard_dimse_recv_handler), (evt.EVT_DIMSE_SENT, standard_dimse_sent_handler),
    (evt.EVT_PDU_RECV, standard_pdu_recv_handler), (evt.EVT_PDU_SENT, standard_pdu_sent_handler),
)


def unbind_log_handlers(target) -> None:
    """Drop pynetdicom's per-PDU/per-message log handlers unless its logger would print them:
    they format every C-STORE request (~5 % of the SCP's CPU) even when the text is discarded."""
    if logging.getLogger("pynetdicom").isEnabledFor(logging.INFO):
        return
    for event, handler in _STANDARD_LOG_HANDLERS:
        target.unbind(event, handler)


class WakingAssociation(Association):
    """Acceptor association whose reactor waits for work instead of sleeping 1 ms per loop."""

    def _bind_defaults(self) -> None:
        super()._bind_defaults()
        unbind_log_handlers(self)

    def __init__(self, ae, mode) -> None:
        self._work = threading.Event()
        self.serving = False  # a request is being served in the DUL thread
        self._deferred: collections.deque = collections.deque()
        self._end_tasks: list = []
        super().__init__(ae, mode)
        self.dul = WakingDUL(self)
        self.dimse = AcceptorDIMSE(self)
        self.dimse.msg_queue = _InlineRequests(self)
        # the timeouts were applied to the DUL pynetdicom made: apply them to ours
        self.network_timeout, self.acse_timeout = self.network_timeout, self.acse_timeout

    def wake(self) -> None:
        self._work.set()

    def defer(self, task) -> None:
        """Run *task* in the DUL thread once it has nothing else to do (after the response to
        the request being served has been sent); tasks still pending run when it stops."""
        self._deferred.append(task)

    def at_end(self, task) -> None:
        """Run *task* in the DUL thread when it stops, after the deferred tasks."""
        self._end_tasks.append(task)

    def run_end_tasks(self) -> None:
        tasks, self._end_tasks = self._end_tasks, []
        for task in tasks:
            try:
                task()
            except Exception:
                LOGGER.exception("end-of-association task failed")

    def run_deferred(self) -> bool:
        """Run the pending deferred tasks; True if there were any."""
        if not self._deferred:
            return False
        self.serving = True  # our own work: the peer is not idle meanwhile
        try:
            while self._deferred:
                try:
                    self._deferred.popleft()()
                except Exception:
                    LOGGER.exception("deferred task failed")
        finally:
            self.dul._idle_timer.restart()
            self.serving = False
        return True

    def close_unestablished(self) -> None:
        """Drop a connection that never became an association (garbage, a port scan, a peer
        gone quiet): close the socket and wake the thread waiting for an A-ASSOCIATE-RQ,
        which otherwise waits the whole ACSE timeout."""
        if self.is_established:
            return
        sock = self.dul.socket
        if sock is not None:
            sock.close()
        self.dul.abandoned = True  # receive_pdu() gives up: the thread ends as on a timeout

    def serve_inline(self, msg, context_id: int) -> None:
        """Serve *msg* in the calling (DUL) thread; any failure aborts the association.

        The peer is waiting for *us* meanwhile: a slow disk (seen: file creation blocked for
        tens of seconds under heavy write-back) must not count as the peer being idle."""
        self.serving = True
        try:
            self._serve_request(msg, context_id)
        except Exception:
            LOGGER.exception("Serving %s failed, aborting association", type(msg).__name__)
            self.abort()
        finally:
            self.dul._idle_timer.restart()
            self.serving = False

    def _abort_blocking(self, block: bool = True) -> None:
        """pynetdicom's blocking abort waits for the DUL thread to stop: from that very thread
        (inline serving) it would wait forever, so abort without waiting there."""
        super()._abort_blocking(block and threading.current_thread() is not self.dul)

    def _run_reactor(self) -> None:
        self._is_paused = False
        while not self._kill:
            self._is_paused = True
            self._reactor_checkpoint.wait()
            self._is_paused = False
            if self._serve_one():
                continue
            if self._stop_requested():
                return
            self._work.wait(_WAIT_S)
            self._work.clear()

    def _serve_one(self) -> bool:
        """Serve one queued DIMSE request, if there is one."""
        context_id, msg = self.dimse.get_msg(block=False)
        if msg is None:
            return False
        self._serve_request(msg, context_id)
        return True

    def _stop_requested(self) -> bool:
        """pynetdicom's end-of-loop checks: peer release, abort, DUL gone, network timeout."""
        if self.is_established and self.acse.is_release_requested():
            self.acse.send_release(is_response=True)
            self.is_released, self.is_established = True, False
            evt.trigger(self, evt.EVT_RELEASED, {})
        elif self.acse.is_aborted():
            self.dul.receive_pdu(wait=False)
            self.is_aborted, self.is_established = True, False
            evt.trigger(self, evt.EVT_ABORTED, {})
        elif self.dul.is_alive() and not self.serving and self.dul.idle_timer_expired():
            LOGGER.error("Network timeout reached")
            self.abort()
        elif self.dul.is_alive():
            return False
        self.kill()
        return True
