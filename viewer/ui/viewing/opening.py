"""Open a file, folder or DICOMDIR into a ViewerArea progressively, reading in a thread.

``open_into(area, path)`` shows the first image as soon as the first file is read and adds the
rest as it is read (``ViewerArea.add_series`` replaces a growing series in place). The GUI thread
never reads a header nor sorts a series: the worker assembles the series read so far and hands
them over through a queued signal.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from viewer.dicom import assemble_series
from viewer.viewing.opening import iter_instance_batches

LOG = logging.getLogger(__name__)


class ProgressiveOpener(QObject):
    """``batch(list[Series], first)`` with every series read so far, ``finished(skipped)``."""

    batch = Signal(object, bool)
    finished = Signal(int)

    def __init__(self, path, parent=None) -> None:
        super().__init__(parent)
        self.path = path
        self.instances: list = []
        self._cancel = False
        self._thread = threading.Thread(target=self._run, name="series-opener", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel = True

    def _run(self) -> None:
        skipped = 0
        try:
            for instances, skipped in iter_instance_batches(
                    self.path, cancelled=lambda: self._cancel):
                if instances:
                    first = not self.instances
                    self.instances.extend(instances)
                    self.batch.emit(assemble_series(self.instances), first)
        except Exception:  # noqa: BLE001 - a vanished path: say how far it got
            LOG.warning("reading %s stopped", self.path, exc_info=True)
            skipped += 1
        try:
            self.finished.emit(skipped)
        except RuntimeError:  # the receiver is gone
            pass


def open_into(area, path) -> ProgressiveOpener:
    """Start reading *path*; the first batch replaces what *area* shows, later ones add."""
    opener = ProgressiveOpener(path, area)

    def arrived(series, first: bool) -> None:
        if first:
            area.show_series_list(series)
        else:
            area.add_series(series)

    opener.batch.connect(arrived)
    opener.start()
    return opener
