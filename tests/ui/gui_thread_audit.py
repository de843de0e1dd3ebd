"""What the GUI thread does while the event loop runs, recorded with ``sys.setprofile`` on that
thread only (other threads are not traced): the blocking calls made there and the number of
Python calls of each event handled. A property that load cannot break, unlike a wall-clock gap:
on a busy machine the loop may be late, but it never waits on the network, the disk, SQLite or
a DICOM decoder.

A *dispatch* is one Python call made by Qt's event loop (a slot, a timer, an event handler)
with everything it calls; it starts when the loop (``QEventLoop.exec``, ``processEvents``,
``qWait``) calls into Python and ends when that call returns.
"""

from __future__ import annotations

import io
import select
import socket
import sqlite3
import sys
from dataclasses import dataclass, field

LOOP_CALLS = {"exec", "exec_", "processEvents", "qWait", "sendPostedEvents"}
SOCKET_CALLS = {"send", "sendall", "sendto", "recv", "recv_into", "recvfrom", "recvfrom_into",
                "connect", "connect_ex", "accept"}
OS_CALLS = {"write", "pwrite", "writev", "fsync", "fdatasync", "sendfile"}
SQLITE_CALLS = {"execute", "executemany", "executescript", "commit"}
BLOCKING_FUNCTIONS = {("time", "sleep"), ("select", "select"), ("select", "poll"),
                      ("select", "epoll")}
# Python functions whose call on the GUI thread is a blocking read or a decode
DICOM_MODULES = ("pydicom.filereader", "pydicom.pixels", "pydicom.pixel_data_handlers",
                 "pylibjpeg", "libjpeg", "openjpeg", "pynetdicom")


@dataclass
class Audit:
    blocking: list[str] = field(default_factory=list)
    dispatches: int = 0
    max_calls: int = 0
    biggest: str = ""
    _depth: int = 0
    _loops: list[int] = field(default_factory=list)
    _root: int | None = None
    _calls: int = 0
    _root_name: str = ""

    def __enter__(self) -> "Audit":
        sys.setprofile(self._profile)
        return self

    def __exit__(self, *exc) -> None:
        sys.setprofile(None)

    def _profile(self, frame, event, arg) -> None:
        if event == "call":
            if self._root is None and self._loops and self._depth == self._loops[-1]:
                self._root, self._calls = self._depth, 0
                self._root_name = f"{frame.f_globals.get('__name__')}.{frame.f_code.co_qualname}"
            self._depth += 1
            if self._root is not None:
                self._calls += 1
                self._check_python(frame)
        elif event == "return":
            self._depth -= 1
            if self._root is not None and self._depth == self._root:
                self._end_dispatch()
        elif event == "c_call":
            if getattr(arg, "__name__", "") in LOOP_CALLS and self._root is None:
                self._loops.append(self._depth)
            elif self._root is not None:
                self._check_c(arg)
        elif event in ("c_return", "c_exception"):
            if getattr(arg, "__name__", "") in LOOP_CALLS and self._loops \
                    and self._loops[-1] == self._depth and self._root is None:
                self._loops.pop()

    def _end_dispatch(self) -> None:
        self.dispatches += 1
        if self._calls > self.max_calls:
            self.max_calls, self.biggest = self._calls, self._root_name
        self._root = None

    def _check_python(self, frame) -> None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith(DICOM_MODULES):
            self._record(f"{module}.{frame.f_code.co_qualname}")

    def _check_c(self, function) -> None:
        name = getattr(function, "__name__", "")
        owner = getattr(function, "__self__", None)
        if isinstance(owner, socket.socket) and name in SOCKET_CALLS:
            self._record(f"socket.{name}")
        elif isinstance(owner, (sqlite3.Connection, sqlite3.Cursor)) and name in SQLITE_CALLS:
            self._record(f"sqlite3.{type(owner).__name__}.{name}")
        elif isinstance(owner, io.IOBase) and not isinstance(owner, (io.StringIO, io.BytesIO)) \
                and name in ("write", "writelines", "flush") \
                and owner not in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            self._record(f"{type(owner).__name__}.{name}")
        elif getattr(owner, "__name__", None) in ("os", "posix") and name in OS_CALLS:
            self._record(f"os.{name}")
        elif (getattr(owner, "__name__", None), name) in BLOCKING_FUNCTIONS:
            self._record(f"{owner.__name__}.{name}")
        elif isinstance(owner, select.epoll if hasattr(select, "epoll") else ()) \
                and name == "poll":
            self._record("select.epoll.poll")

    def _record(self, what: str) -> None:
        entry = f"{what} (in {self._root_name})"
        if entry not in self.blocking:
            self.blocking.append(entry)
