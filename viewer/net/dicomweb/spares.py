"""Temporary files made ahead on a helper thread, in the folder the next parts go to.

Creating a file on ext4 costs 0.3-0.8 ms here (the journal), about what receiving and writing
its 512 KB costs. The kernel does it with the GIL released, so a helper thread making the next
few while the receiving thread parses and writes hides most of it.
"""

from __future__ import annotations

import threading
from collections import deque
from pathlib import Path

from viewer.store.layout import make_temporary
from viewer.store.layout import remove_temporary as _remove

AHEAD = 8  # made ahead at most; the helper is woken when half are taken (fewer hand-overs)


class Spares:
    """Up to AHEAD empty ``.tmp-*`` files in the folder last asked for; :meth:`close` removes
    the ones not taken (a crash leaves empty ones, swept with any other)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._folder: Path | None = None
        self._made: deque[tuple[int, str]] = deque()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="wado-spares", daemon=True)
        self._thread.start()

    def take(self, folder: Path) -> tuple[int, str] | None:
        """A temporary file made in *folder*, or None (none ready: the caller makes one);
        later ones are made there."""
        with self._lock:
            stale = []
            if folder != self._folder:
                stale, self._made, self._folder = list(self._made), deque(), folder
            made = self._made.popleft() if self._made else None
            if len(self._made) <= AHEAD // 2:
                self._lock.notify()
        for fd, tmp in stale:
            _remove(fd, tmp)
        return made

    def close(self) -> None:
        with self._lock:
            self._closed = True
            stale, self._made = list(self._made), deque()
            self._lock.notify()
        self._thread.join()
        for fd, tmp in stale:
            _remove(fd, tmp)

    def _run(self) -> None:
        while True:
            with self._lock:
                while not self._closed and (self._folder is None or len(self._made) >= AHEAD):
                    self._lock.wait()
                if self._closed:
                    return
                folder = self._folder
            try:
                made = make_temporary(folder)
            except OSError:
                with self._lock:
                    if self._folder == folder:
                        self._folder = None  # the taker meets the same error and says so
                continue
            with self._lock:
                if self._folder == folder and not self._closed:
                    self._made.append(made)
                    continue
            _remove(*made)

