"""Building a series' volume in a background thread, with progress (Qt twin of
:func:`viewer.viewing.volume.build_volume`).

Signals are emitted from the worker thread on a QObject of the GUI thread, so slots of GUI
objects run queued in the GUI thread. One build at a time per owner: starting another cancels
the first (its frames stop being read at the next slice).
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import QObject, Signal

from viewer.dicom import DicomReadError
from viewer.viewing.mpr_cursor import MprCursor
from viewer.viewing.reformat import plane_series
from viewer.viewing.volume import VolumeCancelled, VolumeError, build_volume

logger = logging.getLogger(__name__)


class VolumeBuild(QObject):
    """``progressed(done, total)``, then ``built(volume, cursor, reformats)`` or
    ``failed(reason)``.

    Once the volume is built the thread also makes the reformat series of the planes in
    ``planes`` (added from the GUI thread while it reads) at the volume's centre with ``slab``:
    ``reformats`` maps each plane to its series, ``cursor`` is the crosshair they were made for.
    Their per-frame headers cost ~0.1-0.2 s of Python - not the GUI thread's to spend."""

    progressed = Signal(int, int)
    built = Signal(object, object, object)
    failed = Signal(str)

    def __init__(self, series, parent=None, slab=None) -> None:
        super().__init__(parent)
        self.series = series
        self.planes: set[str] = set()
        self.slab = slab
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name="volume-build", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:
        try:
            volume = build_volume(self.series, progress=self._progress,
                                  cancelled=self._cancel.is_set)
        except VolumeCancelled:
            return
        except (VolumeError, DicomReadError, ValueError, MemoryError) as exc:
            self._emit(self.failed, str(exc) or type(exc).__name__)
            return
        except Exception as exc:  # noqa: BLE001 - a viewport must never wait for ever
            logger.exception("building the volume of %s failed", self.series.series_instance_uid)
            self._emit(self.failed, f"{type(exc).__name__}: {exc}")
            return
        cursor = MprCursor(volume.centre())
        reformats = {}
        for plane in sorted(set(self.planes)):  # (a copy: the GUI thread may add to it)
            if self._cancel.is_set():
                return
            reformats[plane] = plane_series(volume, cursor, plane, self.slab)
        self._emit(self.built, volume, cursor, reformats)

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 8 == 0:
            self._emit(self.progressed, done, total)

    def _emit(self, signal, *values) -> None:
        if self._cancel.is_set():
            return
        try:
            signal.emit(*values)
        except RuntimeError:  # the QObject is gone (window closed): nobody is waiting
            self._cancel.set()
