"""The selected DICOMweb archive's details in the Settings dialog: its password or token, the TLS
files (client certificate and key, the CA file that verifies the server) and the timeout.

The table of ``viewer.ui.dicomweb_nodes`` holds name, URL, authentication and user; this form
edits the rest of the selected row's node. The files are checked when the dialog is accepted
(:meth:`WebNodeDetails.file_problems`): each must be a file this process can read.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLabel, QLineEdit, QWidget

from viewer import config
from viewer.net.dicomweb.node import DEFAULT_TIMEOUT, WebNode
from viewer.ui.listener_settings import FileField

MIN_TIMEOUT, MAX_TIMEOUT = 0.5, 3600.0


class WebNodeDetails(QWidget):
    """The form; ``edited`` is emitted on every change the user makes."""

    edited = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.secret = QLineEdit()
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.cert = FileField("", self.tr("Client certificate"))
        self.cert.edit.setPlaceholderText(self.tr("PEM file; none: no client certificate"))
        self.key = FileField("", self.tr("Client private key"))
        self.key.edit.setPlaceholderText(self.tr("PEM file; none: the key is in the certificate "
                                                 "file"))
        self.ca = FileField("", self.tr("CA certificates"))
        self.ca.edit.setPlaceholderText(self.tr("PEM file; none: the system's CA certificates"))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(MIN_TIMEOUT, MAX_TIMEOUT)
        self.timeout.setDecimals(1)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setMaximumWidth(140)
        self.timeout.setValue(DEFAULT_TIMEOUT)
        self.timeout.setToolTip(self.tr("How long to wait for a connection and for each answer "
                                        "of the server"))
        for field in (self.secret, self.cert.edit, self.key.edit, self.ca.edit):
            field.textChanged.connect(self._changed)
        self.timeout.valueChanged.connect(self._changed)
        self._showing = False
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Password or token:"), self.secret)
        form.addRow(self.tr("Client certificate (TLS):"), self.cert)
        form.addRow(self.tr("Client key:"), self.key)
        form.addRow(self.tr("CA file (verifies the server):"), self.ca)
        form.addRow(self.tr("Timeout:"), self.timeout)
        note = QLabel(self.tr("A client certificate authenticates over TLS, alone or with a "
                              "password or token."))
        note.setWordWrap(True)
        form.addRow("", note)
        self.show_node(None)

    def show_node(self, node: WebNode | None) -> None:
        """Show *node*'s details (None: nothing selected, the form disabled)."""
        self._showing = True
        try:
            self.secret.setText(node.secret if node else "")
            for field, value in ((self.cert, node and node.cert), (self.key, node and node.key),
                                 (self.ca, node and node.ca)):
                field.edit.setText(value or "")
            self.timeout.setValue(node.timeout if node else DEFAULT_TIMEOUT)
        finally:
            self._showing = False
        self.setEnabled(node is not None)

    def applied(self, node: WebNode) -> WebNode:
        """*node* with the form's values."""
        return replace(node, secret=self.secret.text(), cert=self.cert.text() or None,
                       key=self.key.text() or None, ca=self.ca.text() or None,
                       timeout=round(self.timeout.value(), 1))

    def _changed(self, *_) -> None:
        if not self._showing:
            self.edited.emit()

    def file_problems(self, node: WebNode) -> list[str]:
        """What is wrong with *node*'s TLS files, in words (empty: nothing)."""
        problems = []
        for path, what in ((node.cert, self.tr("client certificate")),
                           (node.key, self.tr("client key")), (node.ca, self.tr("CA file"))):
            if not path:
                continue
            try:
                config.readable_file(path, "file")
            except config.ConfigError:
                problems.append(self.tr("the {what} {path} does not exist or cannot be read")
                                .format(what=what, path=path))
        return problems
