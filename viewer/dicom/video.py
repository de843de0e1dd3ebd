"""Video objects (MPEG-2, MPEG-4 AVC/H.264, HEVC/H.265 transfer syntaxes, PS3.5 8.2.5-8.2.7):
frames decoded with PyAV (FFmpeg's decoders) as RGB, one at a time, in order.

The encapsulated Pixel Data of a video holds one elementary (or program) stream split over
fragments (PS3.5 A.4, "fragments concatenated"). :class:`VideoFrames` reads those fragments from
the file as the decoder asks for bytes - the video is never held whole in memory - and decodes
ahead in order: frame *i + 1* after frame *i* costs one decode; asking for an earlier frame
restarts the decode from the start of the stream (the fragments carry no index of keyframes).
Frame rate from Frame Time (0018,1063) or else Cine Rate (0018,0040), PS3.3 C.7.6.5.
"""

from __future__ import annotations

import io
import struct
import threading
from collections.abc import Callable, Iterator
from typing import BinaryIO

import numpy as np
from pydicom.dataset import Dataset
from pydicom.uid import (
    UID,
    HEVCMP51,
    HEVCM10P51,
    MPEG2MPHL,
    MPEG2MPML,
    MPEG4HP41,
    MPEG4HP41BD,
    MPEG4HP422D,
    MPEG4HP423D,
    MPEG4HP42STEREO,
)

from .values import get_float

__all__ = ["VIDEO_SYNTAXES", "VideoFrames", "frame_rate", "is_video_syntax", "video_problem"]

VIDEO_SYNTAXES = frozenset({
    MPEG2MPML, MPEG2MPHL, MPEG4HP41, MPEG4HP41BD, MPEG4HP422D, MPEG4HP423D, MPEG4HP42STEREO,
    HEVCMP51, HEVCM10P51,
    UID("1.2.840.10008.1.2.4.100.1"), UID("1.2.840.10008.1.2.4.101.1"),  # fragmentable MPEG-2
    UID("1.2.840.10008.1.2.4.102.1"), UID("1.2.840.10008.1.2.4.103.1"),  # fragmentable AVC
    UID("1.2.840.10008.1.2.4.104.1"), UID("1.2.840.10008.1.2.4.105.1"),
    UID("1.2.840.10008.1.2.4.106.1"),
})


def expected_codec(uid: str) -> str:
    """The FFmpeg codec name of the video a transfer syntax holds (PS3.5 8.2.5-8.2.7)."""
    family = str(uid).split(".")[7] if str(uid).count(".") >= 7 else ""
    return {"100": "mpeg2video", "101": "mpeg2video", "107": "hevc", "108": "hevc"}.get(
        family, "h264")


def is_video_syntax(uid: str | None) -> bool:
    """True for the MPEG-2, H.264 and HEVC transfer syntaxes (decoded here with PyAV)."""
    return uid is not None and str(uid) in VIDEO_SYNTAXES


def video_problem() -> str | None:
    """Why video cannot be decoded here (PyAV missing), or ``None``."""
    try:
        import av  # noqa: F401
    except ImportError:
        return "cannot decode video: PyAV (the Python package 'av') is not installed"
    return None


def frame_rate(ds: Dataset) -> float | None:
    """Frames per second from Frame Time (ms) or Cine Rate; ``None`` when neither is valid."""
    frame_time = get_float(ds, "FrameTime")
    if frame_time is not None and frame_time > 0:
        return 1000.0 / frame_time
    cine_rate = get_float(ds, "CineRate")
    if cine_rate is not None and cine_rate > 0:
        return float(cine_rate)
    return None


class _ItemReader(io.RawIOBase):
    """The concatenated fragments of an encapsulated value (PS3.5 A.4) as one byte stream,
    read from *source* (positioned at the Basic Offset Table item) as the decoder asks: only
    the item headers are parsed, a fragment's bytes are never held whole."""

    def __init__(self, source: BinaryIO) -> None:
        self._source = source
        self._left = 0  # bytes of the current fragment still to read
        self._items = 0  # items seen (the first is the Basic Offset Table)
        self._ended = False

    def readable(self) -> bool:
        return True

    def _next_fragment(self) -> bool:
        while not self._ended:
            header = self._source.read(8)
            if not header:  # an in-memory value ends without the delimiter
                self._ended = True
                break
            if len(header) < 8:
                raise ValueError("the encapsulated Pixel Data ends inside an item header")
            group, element, length = struct.unpack("<HHL", header)
            if (group, element) == (0xFFFE, 0xE0DD):  # Sequence Delimitation Item
                self._ended = True
            elif (group, element) != (0xFFFE, 0xE000):
                raise ValueError(f"unexpected tag ({group:04X},{element:04X}) in the fragments")
            else:
                self._items += 1
                if self._items == 1:  # the Basic Offset Table: skipped
                    self._source.seek(length, io.SEEK_CUR)
                elif length:
                    self._left = length
                    return True
        return False

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if not self._left and not self._next_fragment():
            return 0
        view = memoryview(buffer)[: self._left]
        size = self._source.readinto(view)
        if not size:
            raise ValueError("the file ends inside a fragment of the Pixel Data")
        self._left -= size
        return size

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


def fragments_of_file(path: str, value_offset: int) -> io.RawIOBase:
    """The fragments of the encapsulated value at *value_offset* in *path*, as a byte stream."""
    fh = open(path, "rb")  # noqa: SIM115 - closed with the reader
    fh.seek(value_offset)
    return _ItemReader(fh)


def fragments_of_value(value: bytes) -> io.RawIOBase:
    """The fragments of an encapsulated value held in memory, as a byte stream."""
    return _ItemReader(io.BytesIO(value))


class VideoFrames:
    """Frames of one video stream decoded in order, as RGB ``(rows, columns, 3)`` uint8 arrays.

    *open_stream* gives a fresh byte stream of the whole video each time the decode starts
    over; *codec* is the FFmpeg codec the transfer syntax names (another stream - FFmpeg
    probes the format and would decode e.g. a JPEG - is refused). Thread-safe: one decode at
    a time; after a failure the next call starts over.
    """

    def __init__(self, open_stream: Callable[[], BinaryIO], codec: str) -> None:
        self._open_stream = open_stream
        self._codec = codec
        self._lock = threading.Lock()
        self._container = None
        self._stream: BinaryIO | None = None
        self._frames: Iterator | None = None
        self._next = 0  # index of the frame the decoder gives next

    def decode(self, index: int) -> np.ndarray:
        """Frame *index* (0-based); raises ``ValueError`` when the stream ends before it."""
        with self._lock:
            try:
                return self._decode(index)
            except BaseException:
                self._close()  # a failed decode starts over next time
                raise

    def _decode(self, index: int) -> np.ndarray:
        if self._frames is None or index < self._next:
            self._restart()
        assert self._frames is not None
        while True:
            frame = next(self._frames, None)
            if frame is None:
                raise ValueError(
                    f"the video stream ends after {self._next} frame(s) "
                    "(truncated or fewer frames than Number of Frames)"
                )
            self._next += 1
            if self._next > index:
                array = frame.to_ndarray(format="rgb24")
                array.flags.writeable = False
                return array

    def _restart(self) -> None:
        import av

        self._close()
        self._stream = self._open_stream()
        self._container = av.open(self._stream, mode="r")
        if not self._container.streams.video:
            raise ValueError("no video stream found in the Pixel Data")
        video = self._container.streams.video[0]
        if video.codec_context.name != self._codec:
            raise ValueError(f"the Pixel Data holds {video.codec_context.name} video, "
                             f"not the {self._codec} the transfer syntax names")
        video.thread_type = "AUTO"
        self._frames = self._container.decode(video)
        self._next = 0

    def close(self) -> None:
        """Close the decoder and the file if no decode is running (never waits: a running
        decode keeps them, and they close when this object goes); the next decode reopens."""
        if self._lock.acquire(blocking=False):
            try:
                self._close()
            finally:
                self._lock.release()

    def _close(self) -> None:
        if self._container is not None:
            self._container.close()
        if self._stream is not None:
            self._stream.close()
        self._container = self._stream = self._frames = None
        self._next = 0
