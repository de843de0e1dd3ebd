"""The one cache of decoded frames of the process: thread-safe, LRU, bounded in bytes.

Every consumer of frames goes through :meth:`Instance.frame` and so through this cache: the
viewports (whose background loader fills it), the thumbnails, the export, the presentation
states. Scrolling back and forth through a series asks for the same frames again; decoding
JPEG 2000 or JPEG-LS costs far more than a look-up. A frame is kept as decoded, never copied:
it is made read-only instead, and a hit returns that same array (a consumer that must change
pixels copies them itself). Entries are keyed by an instance's unique token (never ``id()``,
which Python reuses) and the frame index.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

__all__ = ["FrameCache", "frame_cache"]

DEFAULT_BUDGET = 1024**3  # a 2000-slice 512x512 CT; what a viewer shows at once fits


class FrameCache:
    """Least-recently-used frames up to ``budget`` bytes (0 disables caching)."""

    def __init__(self, budget: int = DEFAULT_BUDGET) -> None:
        self._lock = threading.Lock()
        self._frames: OrderedDict[tuple[int, int], np.ndarray] = OrderedDict()
        self._bytes = 0
        self._budget = max(int(budget), 0)

    @property
    def budget(self) -> int:
        return self._budget

    @budget.setter
    def budget(self, value: int) -> None:
        with self._lock:
            self._budget = max(int(value), 0)
            self._evict()

    @property
    def nbytes(self) -> int:
        """Bytes held now."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._frames)

    def get(self, key: tuple[int, int]) -> np.ndarray | None:
        """The cached (read-only) frame for *key*, or ``None``."""
        with self._lock:
            arr = self._frames.get(key)
            if arr is not None:
                self._frames.move_to_end(key)
            return arr

    def put(self, key: tuple[int, int], arr: np.ndarray) -> None:
        """Make *arr* read-only and keep it (itself, not a copy) unless it alone exceeds the
        budget; the least recently used frames go until the budget holds."""
        arr.flags.writeable = False
        if arr.nbytes > self._budget:
            return
        kept = arr
        with self._lock:
            old = self._frames.pop(key, None)
            if old is not None:
                self._bytes -= old.nbytes
            self._frames[key] = kept
            self._bytes += kept.nbytes
            self._evict()

    def discard(self, token: int) -> None:
        """Forget every frame of the instance with *token*."""
        with self._lock:
            for key in [k for k in self._frames if k[0] == token]:
                self._bytes -= self._frames.pop(key).nbytes

    def clear(self) -> None:
        with self._lock:
            self._frames.clear()
            self._bytes = 0

    def _evict(self) -> None:
        while self._bytes > self._budget and self._frames:
            _, arr = self._frames.popitem(last=False)
            self._bytes -= arr.nbytes


_SHARED = FrameCache()


def frame_cache() -> FrameCache:
    """The process-wide cache used by :meth:`Instance.frame`."""
    return _SHARED
