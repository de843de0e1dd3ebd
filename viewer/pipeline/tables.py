"""Composed tables shared across renderers: the slices of one series have equal parameters
(rescale, bits, windows) and so equal tables; building one per slice cost more than applying it.

Keyed by value (:class:`~viewer.pipeline.params.GrayscaleParams` and the VOI are frozen
dataclasses; a LookupTable compares by identity, so a table from a LUT is shared only by frames
of the same dataset). The tables are read-only; the most recently used ``KEPT`` are kept.
Thread-safe: renderers are built in workers too (thumbnails, export).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np

KEPT = 64

_tables: OrderedDict[Hashable, np.ndarray] = OrderedDict()
_lock = threading.Lock()


def shared(key: Hashable, build: Callable[[], np.ndarray]) -> np.ndarray:
    """The table for *key*, built by *build()* the first time (outside the lock)."""
    with _lock:
        found = _tables.get(key)
        if found is not None:
            _tables.move_to_end(key)
            return found
    table = build()
    table.setflags(write=False)
    with _lock:
        _tables[key] = table
        while len(_tables) > KEPT:
            _tables.popitem(last=False)
    return table


def clear() -> None:
    with _lock:
        _tables.clear()
