"""The listener's settings in the Settings dialog, typed in as a user would: the calling AE
allow-list, the bind address, the free-disk threshold and DICOM TLS are checked next to their
fields, saved in settings.json, and the restarted Storage SCP applies them."""

import json
import subprocess

import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from viewer.config import RemoteNode, TLSSettings
from viewer.net.common import NetworkError, Node
from viewer.net.echo import echo


@pytest.fixture(scope="module")
def server_cert(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 and its key (the client trusts it as its CA)."""
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "server.key", "-out",
                    "server.pem", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1",
                    "-addext", "basicConstraints=critical,CA:TRUE"],
                   cwd=folder, check=True, capture_output=True)
    return folder / "server.pem", folder / "server.key"


def open_dialog(qtbot, window):
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def retype(qtbot, field, text: str) -> None:
    """Select what the field holds and type *text* over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def tick(qtbot, checkbox) -> None:
    qtbot.mouseClick(checkbox, Qt.MouseButton.LeftButton, pos=QPoint(8, checkbox.height() // 2))


def click_ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def store_status(host: str, port: int, calling_aet: str) -> int:
    """C-STORE pydicom's CT_small.dcm; the listener's status."""
    from pynetdicom import AE

    ds = dcmread(get_testdata_file("CT_small.dcm"))
    ae = AE(calling_aet)
    ae.add_requested_context(ds.SOPClassUID, ds.file_meta.TransferSyntaxUID)
    assoc = ae.associate(host, port, ae_title="GUITEST")
    assert assoc.is_established
    try:
        return assoc.send_c_store(ds).Status
    finally:
        assoc.release()


def saved(main_env) -> dict:
    return json.loads(main_env.config_file.read_text())


def test_allow_list_bind_address_and_threshold_apply_to_the_restarted_listener(
        qtbot, main_env, make_window):
    window = make_window()
    port = window.session.listener.port
    assert echo(Node("GUITEST", "127.0.0.1", port), "STRANGER").status == 0  # anyone, for now
    dialog = open_dialog(qtbot, window)
    qtbot.keyClicks(dialog.listener.allowed, "PACSONLY, CT SCANNER")
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        click_ok(qtbot, dialog)
    assert not dialog.isVisible()
    data = saved(main_env)
    assert data["allowed_calling_aets"] == ["PACSONLY", "CT SCANNER"]
    assert window.session.listener.listening
    with pytest.raises(NetworkError, match="calling AE title not recognized"):
        echo(Node("GUITEST", "127.0.0.1", port), "STRANGER")
    assert echo(Node("GUITEST", "127.0.0.1", port), "CT SCANNER").status == 0

    dialog = open_dialog(qtbot, window)  # shows what is saved
    assert dialog.listener.allowed.text() == "PACSONLY, CT SCANNER"
    retype(qtbot, dialog.listener.bind, "127.0.0.2")
    retype(qtbot, dialog.listener.min_free, "100 TB")  # more than this disk has free
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        click_ok(qtbot, dialog)
    data = saved(main_env)
    assert (data["bind"], data["min_free_mb"]) == ("127.0.0.2", 100 * 1024 * 1024)
    assert window.session.listener.listening
    assert echo(Node("GUITEST", "127.0.0.2", port), "PACSONLY").status == 0
    with pytest.raises(NetworkError, match="refused"):  # no longer on 127.0.0.1
        echo(Node("GUITEST", "127.0.0.1", port), "PACSONLY", timeout=5)
    assert store_status("127.0.0.2", port, "PACSONLY") == 0xA700  # out of resources: disk
    assert open_dialog(qtbot, window).listener.min_free.text() == "100 TB"


def test_bad_listener_settings_are_explained_next_to_their_fields(qtbot, main_env, make_window,
                                                                  tmp_path):
    window = make_window()
    before = main_env.config_file.read_text()
    dialog = open_dialog(qtbot, window)
    fields = dialog.listener
    retype(qtbot, fields.bind, "999.1.1.1")
    retype(qtbot, fields.min_free, "lots")
    qtbot.keyClicks(fields.allowed, "GOOD, BAD\\AE")
    tick(qtbot, fields.use_tls)
    qtbot.keyClicks(fields.cert.edit, str(tmp_path / "missing.pem"))
    tick(qtbot, fields.require_client)
    click_ok(qtbot, dialog)
    assert dialog.isVisible()
    shown = {name: label.text() for name, label in fields.messages.items() if label.isVisible()}
    assert set(shown) == {"bind", "min_free", "allowed", "cert", "ca"}
    assert "IP address" in shown["bind"] and "500 MB" in shown["min_free"]
    assert "backslash" in shown["allowed"] and "cannot be read" in shown["cert"]
    assert "CA file" in shown["ca"]
    assert dialog.error.text() in shown.values()
    retype(qtbot, fields.bind, "127.0.0.1")  # fixed fields lose their message
    retype(qtbot, fields.allowed, "A" * 17)
    click_ok(qtbot, dialog)
    assert not fields.messages["bind"].isVisible() and fields.messages["allowed"].isVisible()
    dialog.reject()
    assert main_env.config_file.read_text() == before


def test_tls_from_the_dialog_makes_the_listener_speak_tls_only(qtbot, main_env, make_window,
                                                              server_cert):
    cert, key = server_cert
    window = make_window()
    port = window.session.listener.port
    dialog = open_dialog(qtbot, window)
    fields = dialog.listener
    assert not fields.cert.isEnabled()
    tick(qtbot, fields.use_tls)
    assert fields.cert.isEnabled() and not fields.ca.isEnabled()
    qtbot.keyClicks(fields.cert.edit, str(cert))
    qtbot.keyClicks(fields.key.edit, str(key))
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        click_ok(qtbot, dialog)
    assert saved(main_env)["tls"] == {"cert": str(cert), "key": str(key), "ca": None}
    assert window.session.listener.listening
    secure = RemoteNode("GUITEST", "127.0.0.1", port, tls=TLSSettings(ca=str(cert)))
    assert echo(secure, "TLSUSER", timeout=10).status == 0
    with pytest.raises(NetworkError):
        echo(Node("GUITEST", "127.0.0.1", port), "PLAIN", timeout=5)


def test_an_archives_tls_files_survive_saving_the_dialog(qtbot, main_env, make_window,
                                                         server_cert):
    cert, _ = server_cert
    main_env.nodes["secure pacs"] = {"aet": "SECURE", "host": "127.0.0.1", "port": 2762,
                                     "tls": {"ca": str(cert)}}
    main_env.write()
    window = make_window()
    dialog = open_dialog(qtbot, window)
    retype(qtbot, dialog.aet, "RENAMED")
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        click_ok(qtbot, dialog)
    node = saved(main_env)["nodes"]["secure pacs"]
    assert node["tls"] == {"cert": None, "key": None, "ca": str(cert)}
