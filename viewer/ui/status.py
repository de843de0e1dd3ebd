"""The status bar's permanent part: is the Storage SCP listening (``AE@port``, or why not), and
what is arriving right now."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

OPENED, CLOSED, ABORTED = "association-opened", "association-closed", "association-aborted"
STORED = "instance-stored"


class ListenerStatus:
    """Adds two labels to a status bar and keeps them current."""

    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.listener = QLabel()
        self.incoming = QLabel()
        bar.addPermanentWidget(self.incoming)
        bar.addPermanentWidget(self.listener)
        self.incoming.hide()
        self._open: dict[str, int] = {}  # "AET@peer" -> instances received on it
        self._received_total = 0
        self._idle = QTimer(bar, singleShot=True, interval=4000)
        self._idle.timeout.connect(self._refresh_incoming)
        self.show_state(None)

    @staticmethod
    def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context lupdate gives this class's ``self.tr`` calls."""
        return QCoreApplication.translate("ListenerStatus", text, disambiguation, n)

    def show_state(self, state) -> None:
        if state is None:
            self.listener.setText(self.tr("Storage SCP: starting…"))
            self.listener.setStyleSheet("")
        elif state.listening and getattr(state, "restarted", ""):
            self.listener.setText(self.tr("● Listening {address} again: {reason}").format(
                address=state.address, reason=state.restarted))
            self.listener.setStyleSheet("color: #d29922")
        elif state.listening:
            self.listener.setText(self.tr("● Listening {address}").format(address=state.address))
            self.listener.setStyleSheet("color: #3fb950")
            self.listener.setToolTip(self.tr("The Storage SCP accepts C-STORE (and C-MOVE results) "
                                             "as {aet} on port {port}").format(aet=state.aet,
                                                                               port=state.port))
        else:
            self.listener.setText(self.tr("● Not listening on {port}: {reason}").format(
                port=state.port, reason=state.reason))
            self.listener.setStyleSheet("color: #f85149")
            self.listener.setToolTip(self.tr("Change the port in Settings; retrieves fall back to "
                                             "C-GET meanwhile."))

    def on_events(self, events) -> None:
        """SCPEvents of one event-loop turn; the label is updated once."""
        for event in events:
            key = f"{event.calling_aet}@{event.peer}"
            if event.kind == OPENED:
                self._open[key] = 0
            elif event.kind in (CLOSED, ABORTED):
                self._open.pop(key, None)
                self._idle.start()
            elif event.kind == STORED and key in self._open:
                self._open[key] += 1
                self._received_total += 1
        self._refresh_incoming()

    def _refresh_incoming(self) -> None:
        if self._open:
            parts = [f"{key.split('@')[0]} ({count})" for key, count in self._open.items()]
            self.incoming.setText(self.tr("⇣ Receiving from {who}").format(who=", ".join(parts)))
            self.incoming.show()
        elif self._idle.isActive():
            self.incoming.setText(self.tr("⇣ Received %n instance(s)", "", self._received_total))
        else:
            self.incoming.hide()
            self._received_total = 0
