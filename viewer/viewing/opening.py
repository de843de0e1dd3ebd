"""Opening a folder progressively, Qt-free: instances arrive in batches while headers are read.

The first batch comes after ``first`` readable files, so the first image can be shown while the
rest of a 500-slice series is still being read; later batches every ``interval`` seconds and at
the end. A single file or a DICOMDIR is opened in one go (:func:`viewer.dicom.open_path`).
Unreadable files are counted, never raised.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator

from viewer.dicom import DicomReadError, Instance, open_path, read_instance
from viewer.dicom.loader import iter_files


def iter_instance_batches(path: str | os.PathLike[str], *, first: int = 1,
                          interval: float = 0.15,
                          cancelled: Callable[[], bool] = lambda: False,
                          ) -> Iterator[tuple[list[Instance], int]]:
    """Yield (new instances, files skipped so far) batches until *path* is read."""
    path = os.fspath(path)
    if not os.path.isdir(path):
        result = open_path(path)
        yield result.instances, len(result.skipped)
        return
    batch: list[Instance] = []
    skipped, sent, last = 0, 0, time.monotonic()
    for file in iter_files(path):
        if cancelled():
            return
        time.sleep(0)  # hand the GIL to a waiting GUI thread between files
        try:
            batch.append(read_instance(file))
        except DicomReadError:
            skipped += 1
            continue
        due = sent + len(batch) <= first or time.monotonic() - last >= interval
        if due:
            sent += len(batch)
            yield batch, skipped
            batch, last = [], time.monotonic()
    yield batch, skipped
