"""DICOMweb archives in the Settings dialog: added, checked with clear messages, echoed, saved
(the secret in the keyring when there is one, else in the file) and shown again."""

from __future__ import annotations

import json
import socket

from PySide6.QtWidgets import QTableWidgetItem

from viewer import config
from viewer.net.dicomweb import node as web_node
from viewer.ui.dicomweb_nodes import AUTH, NAME, URL, USER


def open_dialog(qtbot, window):
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def fill(box, row, name, url, auth="none", user=""):
    for column, value in ((NAME, name), (URL, url), (USER, user)):
        box.table.setItem(row, column, QTableWidgetItem(value))
    combo = box.table.cellWidget(row, AUTH)
    combo.setCurrentIndex(combo.findData(auth))


def test_a_dicomweb_archive_is_added_checked_and_saved(qtbot, main_env, make_window,
                                                       monkeypatch):
    monkeypatch.setattr(web_node, "_keyring", lambda: None)
    window = make_window()
    dialog = open_dialog(qtbot, window)
    box = dialog.web
    box.add_new()
    fill(box, 0, "Cloud", "ftp://pacs.example/rs")
    dialog.accept()
    assert dialog.isVisible()
    assert "Cloud" in dialog.error.text() and "not a DICOMweb service root" in dialog.error.text()
    fill(box, 0, "Cloud", "https://pacs.example/rs/", "basic", "")
    dialog.accept()
    assert "needs a user name" in dialog.error.text()
    fill(box, 0, "Cloud", "https://pacs.example/rs/", "basic", "reader")
    box.table.setCurrentCell(0, NAME)
    box.secret.setText("")
    qtbot.keyClicks(box.secret, "s3cret")
    with qtbot.waitSignal(window.session.settingsSaved, timeout=30000):
        dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    saved = json.loads(main_env.config_file.read_text())["nodes"]["Cloud"]
    assert saved == {"kind": "dicomweb", "url": "https://pacs.example/rs", "auth": "basic",
                     "user": "reader", "timeout": 30.0, "secret": "s3cret"}
    node = config.read_settings_file(main_env.config_file).node("Cloud")
    assert window.session.node("Cloud") == node
    again = open_dialog(qtbot, window)
    assert again.web.table.item(0, URL).text() == "https://pacs.example/rs"
    again.web.table.setCurrentCell(0, NAME)
    assert again.web.secret.text() == "s3cret"
    assert again.table.rowCount() == 0  # not among the DIMSE archives
    again.reject()


def test_echo_of_a_dicomweb_archive_says_why_it_fails(qtbot, main_env, make_window):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.web.add_new()
    fill(dialog.web, 0, "Down", f"http://127.0.0.1:{port}/dicom-web")
    dialog.web.table.setCurrentCell(0, NAME)
    dialog.web.echo_selected()
    qtbot.waitUntil(lambda: "cannot reach" in dialog.web.echo_result.text(), timeout=30000)
    dialog.reject()


def test_tls_files_and_timeout_are_typed_checked_and_saved(qtbot, main_env, make_window,
                                                           monkeypatch, tmp_path):
    from PySide6.QtCore import Qt

    monkeypatch.setattr(web_node, "_keyring", lambda: None)
    cert, key, ca = (tmp_path / name for name in ("client.pem", "client.key", "ca.pem"))
    for path in (cert, key, ca):
        path.write_text("-----BEGIN PLACEHOLDER-----\n")  # read by TLS only when connecting
    window = make_window()
    dialog = open_dialog(qtbot, window)
    box = dialog.web
    box.add_new()
    fill(box, 0, "Secure", "https://pacs.example/dicom-web")
    box.table.setCurrentCell(0, URL)
    details = box.details
    assert details.isEnabled()
    qtbot.keyClicks(details.cert.edit, str(tmp_path / "missing.pem"))
    dialog.accept()
    assert dialog.isVisible()
    assert "Secure" in dialog.error.text() and "client certificate" in dialog.error.text()
    assert "missing.pem does not exist or cannot be read" in dialog.error.text()
    details.cert.edit.clear()
    qtbot.keyClicks(details.cert.edit, str(cert))
    qtbot.keyClicks(details.key.edit, str(tmp_path))  # a folder, not a file
    dialog.accept()
    assert "client key" in dialog.error.text() and dialog.isVisible()
    details.key.edit.clear()
    qtbot.keyClicks(details.key.edit, str(key))
    qtbot.keyClicks(details.ca.edit, str(ca))
    details.timeout.selectAll()
    qtbot.keyClicks(details.timeout, "0")  # below the least timeout: not taken
    qtbot.keyClick(details.timeout, Qt.Key.Key_Tab)
    assert details.timeout.value() == 30.0
    details.timeout.lineEdit().selectAll()
    qtbot.keyClicks(details.timeout, "12.5")
    qtbot.keyClick(details.timeout, Qt.Key.Key_Tab)
    with qtbot.waitSignal(window.session.settingsSaved, timeout=30000):
        dialog.accept()
    assert not dialog.isVisible(), dialog.error.text()
    saved = json.loads(main_env.config_file.read_text())["nodes"]["Secure"]
    assert saved == {"kind": "dicomweb", "url": "https://pacs.example/dicom-web", "auth": "none",
                     "timeout": 12.5, "cert": str(cert), "key": str(key), "ca": str(ca)}
    again = open_dialog(qtbot, window)
    assert not again.web.details.isEnabled()  # nothing selected yet
    again.web.table.setCurrentCell(0, NAME)
    shown = again.web.details
    assert (shown.cert.text(), shown.key.text(), shown.ca.text(), shown.timeout.value()) == \
        (str(cert), str(key), str(ca), 12.5)
    again.reject()
