"""The listener's settings in the Settings dialog: bind address, free-disk threshold, the
calling AE titles it accepts and its DICOM TLS files, each with its message next to it.

Every check is a Qt-free function of :mod:`viewer.config` (the ones loading the settings file
uses); this module only shows, in the user's language, which field failed and what it needs.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from viewer import config

ERROR_STYLE = "color: #f85149"


def message_label() -> QLabel:
    """The red line under a field (hidden while the field is fine)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet(ERROR_STYLE)
    label.hide()
    return label


def with_message(field: QWidget, message: QLabel) -> QWidget:
    """*field* with its message line under it, for a form row."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(2)
    layout.addWidget(field)
    layout.addWidget(message)
    return box


def show_message(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class FileField(QWidget):
    """A path with a Browse button."""

    def __init__(self, path: str | None, title: str, parent=None) -> None:
        super().__init__(parent)
        self.title = title
        self.edit = QLineEdit(path or "")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def text(self) -> str:
        return self.edit.text().strip()

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.title, self.text())
        if path:
            self.edit.setText(path)


class ListenerFields(QObject):
    """The fields, built from *settings*; ``edited(settings)`` returns them applied."""

    def __init__(self, settings: config.Settings, parent=None) -> None:
        super().__init__(parent)
        tls = settings.tls
        self.bind = QLineEdit(settings.bind)
        self.min_free = QLineEdit(config.size_text(settings.min_free_mb))
        self.min_free.setToolTip(self.tr("Below this much free disk space the listener refuses "
                                         "what it is sent (0 MB: no limit)."))
        self.allowed = QLineEdit(", ".join(settings.allowed_calling_aets))
        self.allowed.setPlaceholderText(self.tr("Empty: any. Or a list such as PACS1, CT_SCANNER"))
        self.use_tls = QCheckBox(self.tr("Use DICOM TLS (TLS connections only)"))
        self.use_tls.setChecked(tls is not None)
        self.cert = FileField(tls.cert if tls else "", self.tr("Certificate"))
        self.key = FileField(tls.key if tls else "", self.tr("Private key"))
        self.require_client = QCheckBox(self.tr("Require client certificates signed by the CA"))
        self.require_client.setChecked(bool(tls and tls.ca))
        self.ca = FileField(tls.ca if tls else "", self.tr("CA certificates"))
        self.messages = {name: message_label() for name in
                         ("bind", "min_free", "allowed", "cert", "key", "ca")}
        self.use_tls.toggled.connect(self._enable)
        self.require_client.toggled.connect(self._enable)
        self._enable()

    def add_rows(self, form: QFormLayout) -> None:
        """Bind address and free-disk threshold, in the workstation's form."""
        form.addRow(self.tr("Bind address:"), with_message(self.bind, self.messages["bind"]))
        form.addRow(self.tr("Keep free on disk:"),
                    with_message(self.min_free, self.messages["min_free"]))

    def security_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Security (Storage SCP)"))
        form = QFormLayout(box)
        form.addRow(self.tr("Accept calling AE titles:"),
                    with_message(self.allowed, self.messages["allowed"]))
        form.addRow(self.use_tls)
        form.addRow(self.tr("Certificate:"), with_message(self.cert, self.messages["cert"]))
        form.addRow(self.tr("Private key:"), with_message(self.key, self.messages["key"]))
        form.addRow(self.require_client)
        form.addRow(self.tr("CA file:"), with_message(self.ca, self.messages["ca"]))
        return box

    def _enable(self) -> None:
        tls = self.use_tls.isChecked()
        for widget in (self.cert, self.key, self.require_client):
            widget.setEnabled(tls)
        self.ca.setEnabled(tls and self.require_client.isChecked())

    # --- checking -----------------------------------------------------------------------------

    def edited(self, settings: config.Settings) -> tuple[config.Settings, list[str]]:
        """*settings* with these fields applied, and the problems (each also shown next to its
        field); the settings are only meaningful when there are none."""
        found = {}
        bind = self._check(found, "bind", lambda: config.validate_bind(self.bind.text()),
                           self.tr("Not an IP address (0.0.0.0: every network interface)."))
        min_free = self._check(found, "min_free", lambda: config.parse_size_mb(self.min_free.text()),
                               self.tr("Enter a size with its unit, such as 500 MB or 2 GB."))
        allowed = self._check(found, "allowed", self._allowed_aets,
                              self.tr("Separate AE titles with commas; each is 1 to 16 ASCII "
                                      "characters, no backslash or control characters."))
        tls = self._tls(found)
        for name, label in self.messages.items():
            show_message(label, found.get(name, ""))
        edited = replace(settings, bind=bind or settings.bind,
                         min_free_mb=settings.min_free_mb if min_free is None else min_free,
                         allowed_calling_aets=allowed or (), tls=tls)
        return edited, list(found.values())

    def _check(self, found: dict, name: str, check, message: str):
        try:
            return check()
        except config.ConfigError:
            found[name] = message
            return None

    def _allowed_aets(self) -> tuple[str, ...]:
        parts = [p for p in self.allowed.text().split(",") if p.strip()]
        return tuple(config.validate_aet(p, "allowed calling AE title") for p in parts)

    def _tls(self, found: dict) -> config.TLSSettings | None:
        if not self.use_tls.isChecked():
            return None
        unreadable = self.tr("This file does not exist or cannot be read.")
        cert = self._check(found, "cert", lambda: config.readable_file(self.cert.text(), "cert"),
                           self.tr("TLS needs the listener's certificate file.")
                           if not self.cert.text() else unreadable)
        key = None
        if self.key.text():
            key = self._check(found, "key", lambda: config.readable_file(self.key.text(), "key"),
                              unreadable)
        ca = None
        if self.require_client.isChecked():
            ca = self._check(found, "ca", lambda: config.readable_file(self.ca.text(), "ca"),
                             self.tr("Requiring client certificates needs the CA file.")
                             if not self.ca.text() else unreadable)
        return config.TLSSettings(cert=cert, key=key, ca=ca)
