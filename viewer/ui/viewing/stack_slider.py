"""The stack slider of a viewport: a vertical scroll bar that follows the frame shown.

Scrolling through a stack moves it at every step; its value changes at once (without emitting,
so following the frame does not move the frame) but its repaints are coalesced: the first step
after a pause repaints it, the steps within the next ``COALESCE_MS`` only change the value, and
then it repaints once where it is. A fast scroll repaints it ~25 times a second, not at every
frame (a scroll bar's paint, through the style, costs about as much as a frame's pixels).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QScrollBar

COALESCE_MS = 40


class StackSlider(QScrollBar):
    def __init__(self, parent=None) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.setRange(0, 0)
        self._quiet = QTimer(self)
        self._quiet.setSingleShot(True)
        self._quiet.setInterval(COALESCE_MS)
        self._quiet.timeout.connect(self._catch_up)

    @property
    def coalescing(self) -> bool:
        """Steps now only change the value (a repaint follows within COALESCE_MS)."""
        return self._quiet.isActive()

    def follow(self, index: int) -> None:
        """Show *index* (the frame shown) without emitting valueChanged."""
        if index == self.value():
            return
        if self._quiet.isActive():
            self.setUpdatesEnabled(False)  # painted once the steps pause (or the timer ends)
        else:
            self._quiet.start()
        self.blockSignals(True)
        self.setValue(index)
        self.blockSignals(False)

    def _catch_up(self) -> None:
        if not self.updatesEnabled():
            self.setUpdatesEnabled(True)  # repaints it where it is now
            self._quiet.start()  # still scrolling: the next steps wait for the next period
