"""Reading a ``multipart/related`` HTTP answer part by part as it streams in.

The boundary parsing is python-multipart's (the streaming parser behind Starlette); this module
feeds it the response in chunks and hands out each part - its headers and body - once the part
is complete. Only the part being received is held in memory, never the whole answer. A body that
ends before the closing boundary raises :class:`CutShort`; the part in progress is dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import Message
from io import BytesIO

from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import MultipartParser

from viewer.net.common import NetworkError
from viewer.net.qr_assoc import cancelled

CHUNK = 256 * 1024


class CutShort(NetworkError):
    """The multipart body ended before its closing boundary."""


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


class _Collector:
    """The parser's callbacks: builds Parts, lists the finished ones."""

    def __init__(self) -> None:
        self.done: list[Part] = []
        self.part: Part | None = None
        self.name, self.value = bytearray(), bytearray()
        self.ended = False

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self._begin, "on_part_data": self._data, "on_part_end": self._end,
            "on_header_field": lambda d, s, e: self.name.extend(d[s:e]),
            "on_header_value": lambda d, s, e: self.value.extend(d[s:e]),
            "on_header_end": self._header_end, "on_end": self._all_end,
        }

    def _begin(self) -> None:
        self.part = Part()

    def _data(self, data: bytes, start: int, end: int) -> None:
        self.part.body.write(data[start:end])

    def _end(self) -> None:
        self.part.body.seek(0)
        self.done.append(self.part)
        self.part = None

    def _header_end(self) -> None:
        name = self.name.decode("latin-1").strip().lower()
        self.part.headers[name] = self.value.decode("latin-1").strip()
        self.name.clear()
        self.value.clear()

    def _all_end(self) -> None:
        self.ended = True


def parts(chunks, boundary: str, cancel=None) -> Iterator[Part]:
    """Each complete part of the multipart body arriving as *chunks* (an iterable of bytes).

    Stops quietly once *cancel* is set; raises CutShort for a body without its closing
    boundary and NetworkError for one that is not multipart as announced.
    """
    collector = _Collector()
    parser = MultipartParser(boundary, collector.callbacks())
    received = 0
    for chunk in chunks:
        received += len(chunk)
        try:
            parser.write(chunk)
        except MultipartParseError as exc:
            raise NetworkError(f"the multipart answer is malformed: {exc}") from None
        while collector.done:
            if cancelled(cancel):
                return
            yield collector.done.pop(0)
        if cancelled(cancel):
            return
    if not collector.ended:
        raise CutShort(f"the multipart answer was cut short after {received} bytes "
                       "(no closing boundary)")
