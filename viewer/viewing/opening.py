"""Opening files, folders and DICOMDIRs progressively, Qt-free: what is read comes in batches.

The first batch comes after ``first`` readable objects, so the first image can be shown while
the rest of a 500-slice series is still being read; later batches every ``interval`` seconds
and at the end. Unreadable files are reported as :class:`viewer.dicom.Skipped`, never raised;
objects met twice are kept once (as :func:`viewer.dicom.open_paths` does).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator

from viewer.dicom import Instance, Skipped
from viewer.dicom.loader import iter_paths

Batch = tuple[list[Instance], list[Skipped]]


def iter_instance_batches(paths: Iterable[str | os.PathLike[str]], *, first: int = 1,
                          interval: float = 0.15,
                          cancelled: Callable[[], bool] = lambda: False) -> Iterator[Batch]:
    """Yield (new instances, new skipped files) until every one of *paths* is read; stop
    quietly as soon as *cancelled()* is true."""
    instances: list[Instance] = []
    skipped: list[Skipped] = []
    sent, last = 0, time.monotonic()
    for item in iter_paths(paths):
        if cancelled():
            return
        time.sleep(0)  # hand the GIL to a waiting GUI thread between files
        if isinstance(item, Skipped):
            skipped.append(item)
            continue
        instances.append(item)
        if sent + len(instances) <= first or time.monotonic() - last >= interval:
            sent += len(instances)
            yield instances, skipped
            instances, skipped, last = [], [], time.monotonic()
    if instances or skipped:
        yield instances, skipped
