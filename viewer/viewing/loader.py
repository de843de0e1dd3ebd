"""Background decoding of frames into a bounded store, Qt-free.

One worker thread decodes frames (``Instance.frame``) in the order last asked for: the frame a
viewport needs first, then its neighbours outwards, then the rest of the stack, so a series
"loads progressively" while the first image is already shown. Decoded stored-value frames are
kept (least recently used dropped past ``budget`` bytes) so scrolling never touches the disk.

pylibjpeg-openjpeg holds the GIL, so one thread is as fast as several for JPEG 2000; the thread
exists to keep the GUI thread free, not for speed. The ``on_loaded`` callback runs in the worker
thread: a Qt twin turns it into a queued signal.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

import numpy as np

from viewer.dicom import DicomReadError, FrameRef

DEFAULT_BUDGET = 2 * 1024**3

Loaded = Callable[[FrameRef, "np.ndarray | None", "str | None"], None]


class FrameStore:
    """Decoded frames by FrameRef, LRU-bounded in bytes; thread-safe."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self._lock = threading.Lock()
        self._frames: OrderedDict[FrameRef, np.ndarray] = OrderedDict()
        self._errors: dict[FrameRef, str] = {}
        self.nbytes = 0
        self.budget = budget

    def get(self, ref: FrameRef) -> np.ndarray | None:
        with self._lock:
            arr = self._frames.get(ref)
            if arr is not None:
                self._frames.move_to_end(ref)
            return arr

    def error(self, ref: FrameRef) -> str | None:
        return self._errors.get(ref)

    def __contains__(self, ref: FrameRef) -> bool:
        return ref in self._frames or ref in self._errors

    def put(self, ref: FrameRef, arr: np.ndarray) -> None:
        arr.flags.writeable = False
        with self._lock:
            old = self._frames.pop(ref, None)
            self.nbytes -= 0 if old is None else old.nbytes
            self._frames[ref] = arr
            self.nbytes += arr.nbytes
            while self.nbytes > self.budget and len(self._frames) > 1:
                _, dropped = self._frames.popitem(last=False)
                self.nbytes -= dropped.nbytes

    def put_error(self, ref: FrameRef, reason: str) -> None:
        self._errors[ref] = reason

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._errors.clear()
            self.nbytes = 0


def decode(ref: FrameRef) -> np.ndarray:
    """Decode one frame; a single-frame file's copy in the shared decode cache is dropped,
    since the store keeps it (no second copy of every slice)."""
    arr = ref.instance.frame(ref.frame_index)
    if ref.instance.number_of_frames == 1:
        ref.instance.forget_frames()
    return arr


class FrameLoader:
    """Decodes requested frames in one daemon thread into a :class:`FrameStore`."""

    def __init__(self, on_loaded: Loaded, budget: int = DEFAULT_BUDGET) -> None:
        self.store = FrameStore(budget)
        self._on_loaded = on_loaded
        self._queue: list[FrameRef] = []
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="frame-loader", daemon=True)
        self._thread.start()

    def request(self, refs: Iterable[FrameRef], background: Iterable[FrameRef] = ()) -> None:
        """Decode *refs* first (in order), then *background*; replaces the pending queue."""
        wanted = [r for r in refs if r not in self.store]
        later = [r for r in background if r not in self.store]
        with self._cond:
            seen = set(wanted)
            rest = [r for r in self._queue if r not in seen]
            seen.update(rest)
            self._queue = wanted + rest + [r for r in later if r not in seen]
            self._cond.notify()

    def pending(self) -> int:
        with self._cond:
            return len(self._queue)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._queue.clear()
            self._cond.notify()

    def _next(self) -> FrameRef | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            return None if self._closed else self._queue.pop(0)

    def _run(self) -> None:
        while (ref := self._next()) is not None:
            if ref in self.store:
                continue
            try:
                arr = decode(ref)
            except DicomReadError as exc:
                self.store.put_error(ref, str(exc))
                self._on_loaded(ref, None, str(exc))
                continue
            self.store.put(ref, arr)
            self._on_loaded(ref, arr, None)
            time.sleep(0)  # hand the GIL to a waiting GUI thread between frames
