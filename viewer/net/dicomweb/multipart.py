"""Reading a ``multipart/related`` HTTP answer part by part as it streams in.

The boundary parsing is python-multipart's (the streaming parser behind Starlette); this module
feeds it the response in chunks and hands each part's headers and bytes to a *sink* as they
arrive: :func:`parts` keeps each part in memory (small answers: a rendered preview), the WADO-RS
retrieve writes each straight to its file in the store (``viewer.net.dicomweb.part_filer``).
Never the whole answer in memory. A body that ends before the closing boundary raises
:class:`CutShort`, and the sink is told to drop the part in progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from io import BytesIO
from typing import Any, Protocol

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser

from viewer.net.common import NetworkError
from viewer.net.qr_assoc import cancelled

CHUNK = 256 * 1024


class CutShort(NetworkError):
    """The multipart body ended before its closing boundary."""


class PartSink(Protocol):
    """Where the parts go, as they arrive."""

    def begin(self, headers: dict[str, str]) -> None:
        """A part starts; *headers* with lower-case names."""

    def data(self, view: memoryview) -> None:
        """More of the part's content (valid only during the call)."""

    def end(self) -> Any:
        """The part is complete: what :func:`stream_parts` yields for it (None: nothing)."""

    def abort(self) -> None:
        """The part in progress will not be completed (cut short, cancelled): drop it."""


@dataclass
class Part:
    """One body part: its headers (lower-case names) and content."""

    headers: dict[str, str] = field(default_factory=dict)
    body: BytesIO = field(default_factory=BytesIO)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


def media_type(header: str) -> tuple[str, dict[str, str]]:
    """``("multipart/related", {"boundary": ..., "type": ...})`` from a Content-Type header."""
    message = Message()
    message["content-type"] = header or ""
    params = {k.lower(): v for k, v in message.get_params()[1:]} if message.get_params() else {}
    return message.get_content_type(), params


class _InMemory:
    """A sink keeping each part as a :class:`Part`."""

    def __init__(self) -> None:
        self.part = Part()

    def begin(self, headers: dict[str, str]) -> None:
        self.part = Part(headers)

    def data(self, view: memoryview) -> None:
        self.part.body.write(view)

    def end(self) -> Part:
        self.part.body.seek(0)
        return self.part

    def abort(self) -> None:
        self.part = Part()


class _Collector:
    """The parser's callbacks: headers collected, data and ends passed to the sink."""

    def __init__(self, sink: PartSink) -> None:
        self.sink = sink
        self.done: list = []
        self.headers: dict[str, str] = {}
        self.name, self.value = bytearray(), bytearray()
        self.open = self.ended = False

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._begin, "on_part_data": self._data, "on_part_end": self._end,
            "on_header_field": lambda d, s, e: self.name.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self.value.extend(d[s:e]),
            "on_header_end": self._header_end, "on_headers_finished": self._headers_done,
            "on_end": self._all_end,
        }

    def _begin(self) -> None:
        self.headers = {}

    def _headers_done(self) -> None:
        self.open = True
        self.sink.begin(self.headers)

    def _data(self, data: bytes, start: int, end: int) -> None:
        if end > start:
            with memoryview(data) as view:
                self.sink.data(view[start:end])

    def _end(self) -> None:
        if not self.open:  # a part without a header block
            self._headers_done()
        self.open = False
        outcome = self.sink.end()
        if outcome is not None:
            self.done.append(outcome)

    def _header_end(self) -> None:
        name = self.name.decode("latin-1").strip().lower()
        self.headers[name] = self.value.decode("latin-1").strip()
        self.name.clear()
        self.value.clear()

    def _all_end(self) -> None:
        self.ended = True

    def abort(self) -> None:
        if self.open:
            self.open = False
            self.sink.abort()


def stream_parts(chunks, boundary: str, sink: PartSink, cancel=None) -> Iterator:
    """What *sink* makes of each part of the multipart body arriving as *chunks* (an iterable
    of bytes), as each part completes.

    Stops quietly once *cancel* is set; raises CutShort for a body without its closing
    boundary and NetworkError for one that is not multipart as announced. However it stops,
    a part in progress is aborted (the sink drops it).
    """
    collector = _Collector(sink)
    parser = MultipartParser(boundary, collector.callbacks())
    received = 0
    try:
        for chunk in chunks:
            received += len(chunk)
            try:
                parser.write(chunk)
            except MultipartParseError as exc:
                raise NetworkError(f"the multipart answer is malformed: {exc}") from None
            while collector.done:  # complete already (a filed part is in the store)
                yield collector.done.pop(0)
            if cancelled(cancel):
                return
        if not collector.ended:
            raise CutShort(f"the multipart answer was cut short after {received} bytes "
                           "(no closing boundary)")
    finally:
        collector.abort()


def parts(chunks, boundary: str, cancel=None) -> Iterator[Part]:
    """Each complete part of the multipart body arriving as *chunks*, held in memory (see
    :func:`stream_parts`)."""
    return stream_parts(chunks, boundary, _InMemory(), cancel)
