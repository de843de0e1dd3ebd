"""The log dock: the Storage SCP's association and instance events, our own network lines, and
the warnings and errors the ``viewer`` loggers record (from any thread)."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QHBoxLayout, QPlainTextEdit, QToolButton, QVBoxLayout, QWidget

MAX_LINES = 5000


class LogPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setMaximumBlockCount(MAX_LINES)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setPlaceholderText(self.tr("Associations and instances received by the Storage "
                                             "SCP, and network errors, appear here."))
        clear = QToolButton()
        clear.setText(self.tr("Clear"))
        clear.clicked.connect(self.text.clear)
        bar = QHBoxLayout()
        bar.addStretch(1)
        bar.addWidget(clear)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.text, 1)
        self._kinds = {
            "association-opened": self.tr("association opened"),
            "association-closed": self.tr("association released"),
            "association-aborted": self.tr("association aborted"),
            "association-rejected": self.tr("association rejected"),
            "instance-stored": self.tr("instance received"),
            "instance-refused": self.tr("instance refused"),
        }

    def follow_logging(self, logger: logging.Logger) -> None:
        """Show *logger*'s warnings and errors (and its children's) here until the panel goes."""
        handler = LogDockHandler(self)
        logger.addHandler(handler)
        self.destroyed.connect(lambda: logger.removeHandler(handler))

    def add_line(self, text: str, when: float | None = None) -> None:
        self._append([_stamped(text, when)])

    def add_scp_events(self, events) -> None:
        """SCPEvents (viewer.net.scp_events), one line each, appended at once."""
        self._append([_stamped(f"{self._kinds.get(e.kind, e.kind):<22} {e.calling_aet}@{e.peer}"
                               f"  {e.message}", e.time) for e in events])

    def _append(self, lines: list[str]) -> None:
        self.text.appendPlainText("\n".join(lines))
        self.text.moveCursor(QTextCursor.MoveOperation.End)

    def lines(self) -> list[str]:
        return self.text.toPlainText().splitlines()


def _stamped(text: str, when: float | None) -> str:
    return f"{time.strftime('%H:%M:%S', time.localtime(when or time.time()))}  {text}"


class _Relay(QObject):
    line = Signal(str, float)


class LogDockHandler(logging.Handler):
    """A logging handler that hands WARNING and above to a LogPanel: the record becomes one line
    (level, logger, message, and the exception's type and text, not its traceback), carried by
    a signal, so a record made in a worker thread reaches the panel on the GUI thread."""

    def __init__(self, panel: LogPanel) -> None:
        super().__init__(logging.WARNING)
        self._relay = _Relay()  # made on the GUI thread, like the panel
        self._relay.line.connect(panel.add_line)

    def emit(self, record: logging.LogRecord) -> None:
        level = (QCoreApplication.translate("LogPanel", "warning")
                 if record.levelno < logging.ERROR
                 else QCoreApplication.translate("LogPanel", "error"))
        text = f"{level}: {record.name}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            text += f" ({type(exc).__name__}: {exc})"
        self._relay.line.emit(text, record.created)
