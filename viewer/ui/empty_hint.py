"""What an empty list says instead of nothing: a centred text and a button, laid over the
view's viewport (the header stays; drops go through to the window)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QLabel, QPushButton, QVBoxLayout, QWidget


class EmptyHint(QWidget):
    """Covers *view*'s viewport while shown; ``show_hint(text, button_text)`` / ``hide()``."""

    buttonClicked = Signal()

    def __init__(self, view: QAbstractScrollArea) -> None:
        super().__init__(view.viewport())
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setStyleSheet("color: palette(placeholder-text); font-size: 11pt")
        self.button = QPushButton()
        self.button.clicked.connect(self.buttonClicked)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        view.viewport().installEventFilter(self)
        self.hide()

    def show_hint(self, text: str, button_text: str) -> None:
        self.label.setText(text)
        self.button.setText(button_text)
        self.setGeometry(self.parentWidget().rect())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False
