"""Qt twin of :class:`viewer.viewing.loader.FrameLoader`: decoded frames arrive as a signal.

The loader's thread calls back from outside the GUI thread; emitting a signal of a QObject that
lives in the GUI thread queues the call there, so viewports paint only in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.viewing.loader import FrameLoader


class QtFrameLoader(QObject):
    """``frameLoaded(ref, error)`` is emitted in the GUI thread; ``error`` is "" on success."""

    frameLoaded = Signal(object, str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.loader = FrameLoader(self._loaded)
        self.store = self.loader.store
        self.destroyed.connect(self.loader.close)

    def _loaded(self, ref, arr, error) -> None:
        try:
            self.frameLoaded.emit(ref, error or "")
        except RuntimeError:  # the QObject is gone (window closed): nobody is waiting
            self.loader.close()

    def request(self, refs, background=()) -> None:
        self.loader.request(refs, background)

    def close(self) -> None:
        self.loader.close()
