"""Waking a thread that waits on a socket: a self-pipe, a queue that signals on put, and a
poll()-based readiness check (select() fails on descriptors above 1023)."""

from __future__ import annotations

import os
import queue
import select
import threading


def wait_readable(watched: list, timeout: float) -> list:
    """Those of *watched* (file descriptors or sockets) readable within *timeout* seconds.
    poll() where there is one: select() fails on descriptors above 1023."""
    if not hasattr(select, "poll"):
        return select.select(watched, [], [], timeout)[0]
    poller = select.poll()
    by_fd = {}
    for item in watched:
        fd = item if isinstance(item, int) else item.fileno()
        by_fd[fd] = item
        poller.register(fd, select.POLLIN | select.POLLPRI)
    return [by_fd[fd] for fd, _ in poller.poll(timeout * 1000)]


class SignallingQueue(queue.Queue):
    """A queue that calls *on_put* after each put, to wake the thread that consumes it."""

    def __init__(self, on_put) -> None:
        super().__init__()
        self._on_put = on_put

    def put(self, item, block=True, timeout=None) -> None:
        super().put(item, block, timeout)
        self._on_put()


class WakeUpPipe:
    """A self-pipe a thread can select on; safe to poke after it is closed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.read_fd, self._write_fd = os.pipe()
        os.set_blocking(self.read_fd, False)
        os.set_blocking(self._write_fd, False)

    def poke(self) -> None:
        with self._lock:
            if self._write_fd >= 0:
                try:
                    os.write(self._write_fd, b"\0")
                except OSError:
                    pass  # full: a wake-up is already pending

    def drain(self) -> None:
        try:
            while os.read(self.read_fd, 4096):
                pass
        except OSError:
            pass

    def close(self) -> None:
        with self._lock:
            for fd in (self.read_fd, self._write_fd):
                os.close(fd)
            self.read_fd = self._write_fd = -1
