"""Background decoding of frames into the frame cache, Qt-free.

One worker thread decodes frames (``Instance.frame``) in the order last asked for: the frame a
viewport needs first, then its neighbours outwards, then the rest of the stack, so a series
"loads progressively" while the first image is already shown. Decoded frames are kept by the
process's one frame cache (:mod:`viewer.dicom.cache`: LRU, bounded in bytes, read-only arrays),
the same one the thumbnails and the export read, so scrolling never touches the disk and no
frame is held twice. Frames an instance computes when asked (``instance.computed``: MPR
reformats) are never queued: the viewport takes them straight from the instance.

pylibjpeg-openjpeg holds the GIL, so one thread is as fast as several for JPEG 2000; the thread
exists to keep the GUI thread free, not for speed. The worker also converts each instance's
header elements (pydicom converts on first access), so showing a slice for the first time does
not. The ``on_loaded`` callback runs in the worker thread: a Qt twin turns it into a queued
signal.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable

import numpy as np

from viewer.dicom import DicomReadError, FrameRef

Loaded = Callable[[FrameRef, "np.ndarray | None", "str | None"], None]


def _computed(ref: FrameRef) -> bool:
    """A frame computed when asked (a reformat, :mod:`viewer.viewing.reformat`): never queued."""
    return getattr(ref.instance, "computed", False)


class FrameStore:
    """What the loader has done for each FrameRef: its frame (held by the frame cache, and
    ``None`` again once the cache dropped it) or why it could not be decoded."""

    def __init__(self) -> None:
        self._errors: dict[FrameRef, str] = {}

    def get(self, ref: FrameRef) -> np.ndarray | None:
        return ref.instance.cached_frame(ref.frame_index)

    def error(self, ref: FrameRef) -> str | None:
        return self._errors.get(ref)

    def __contains__(self, ref: FrameRef) -> bool:
        return ref in self._errors or self.get(ref) is not None

    def put_error(self, ref: FrameRef, reason: str) -> None:
        self._errors[ref] = reason

    def clear(self) -> None:
        self._errors.clear()


class FrameLoader:
    """Decodes requested frames in one daemon thread into the frame cache."""

    def __init__(self, on_loaded: Loaded) -> None:
        self.store = FrameStore()
        self._on_loaded = on_loaded
        self._queue: list[FrameRef] = []
        self._converted: weakref.WeakSet = weakref.WeakSet()  # instances whose header is ready
        self._cond = threading.Condition()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="frame-loader", daemon=True)
        self._thread.start()

    def request(self, refs: Iterable[FrameRef], background: Iterable[FrameRef] = ()) -> None:
        """Decode *refs* first (in order), then *background*; replaces the pending queue."""
        wanted = [r for r in refs if not _computed(r)]  # each answered, even when decoded
        later = [r for r in background if not _computed(r) and r not in self.store]
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
            arr, error = self.store.get(ref), self.store.error(ref)
            if arr is not None or error is not None:  # decoded by a thumbnail, or failed before
                self._convert_header(ref)
                self._on_loaded(ref, arr, error)
                continue
            try:
                arr = ref.instance.frame(ref.frame_index)  # kept by the frame cache
            except DicomReadError as exc:
                self.store.put_error(ref, str(exc))
                self._on_loaded(ref, None, str(exc))
                continue
            self._convert_header(ref)
            self._on_loaded(ref, arr, None)
            time.sleep(0)  # hand the GIL to a waiting GUI thread between frames

    def _convert_header(self, ref: FrameRef) -> None:
        """Convert the header's top-level elements here, once per instance: pydicom converts a
        raw element at its first access, and the first showing of a slice (its corner text,
        geometry, pipeline parameters) cost more in conversions than the rest of the step."""
        instance = ref.instance
        if instance in self._converted:
            return
        ds = instance.ds
        for tag in list(ds.keys()):
            try:
                ds[tag]  # converts it
            except Exception:  # noqa: BLE001 - stays as read: the GUI thread says what is wrong
                pass
        self._converted.add(instance)
