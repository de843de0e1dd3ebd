"""A DICOMweb archive behind TLS with client certificates, set up in the Settings dialog by
typing the files' paths: Orthanc's DICOMweb plugin behind a TLS front on 127.0.0.1 (a CA, a
server and a client certificate made by openssl for the test) that refuses clients without a
certificate signed by the CA. Echo says why it fails until the form is complete; the saved node
then retrieves a study over TLS."""

from __future__ import annotations

import ssl
import sys
from pathlib import Path

import pytest
from pydicom.uid import generate_uid

sys.path.insert(0, str(Path(__file__).parents[1] / "net"))  # Orthanc launcher, PKI, TLS front
from dicomweb_orthanc import start_orthanc  # noqa: E402
from test_echo import pki  # noqa: E402,F401
from test_scp_support import make_ct  # noqa: E402
from tls_proxy import TLSProxy  # noqa: E402

from viewer import config  # noqa: E402
from viewer.net.dicomweb import node as web_node  # noqa: E402
from viewer.net.nodes import retrieve  # noqa: E402
from viewer.ui.dicomweb_nodes import NAME  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from test_settings_dicomweb import fill, open_dialog  # noqa: E402


@pytest.fixture(scope="module")
def secure_orthanc(tmp_path_factory, pki):  # noqa: F811
    root = tmp_path_factory.mktemp("tls-dicomweb")
    server = start_orthanc(root / "orthanc")
    study = generate_uid()
    server.upload([make_ct(root / "src", f"{i}.dcm", study=study, rows=32, PatientID="TLS1")
                   for i in range(2)])
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED  # a client certificate signed by the CA
    proxy = TLSProxy(context, server.http_port)
    yield f"https://127.0.0.1:{proxy.port}/dicom-web", study
    proxy.close()
    server.stop()


def echo(qtbot, box) -> str:
    box.echo_result.clear()
    box.echo_selected()
    qtbot.waitUntil(lambda: "…" not in box.echo_result.text() and bool(box.echo_result.text()),
                    timeout=30000)
    return box.echo_result.text()


def test_client_certificate_and_ca_typed_in_settings_reach_a_tls_archive(
        qtbot, main_env, make_window, monkeypatch, secure_orthanc, pki, tmp_path):  # noqa: F811
    monkeypatch.setattr(web_node, "_keyring", lambda: None)
    url, study = secure_orthanc
    window = make_window()
    dialog = open_dialog(qtbot, window)
    box = dialog.web
    box.add_new()
    fill(box, 0, "Secure", url)
    box.table.setCurrentCell(0, NAME)
    assert "certificate verify failed" in echo(qtbot, box)  # the system CAs do not know ours
    qtbot.keyClicks(box.details.ca.edit, str(pki / "ca.pem"))
    refused = echo(qtbot, box)  # the server is trusted, but we have no client certificate
    # (the server's "certificate required" alert, or an EOF when it hangs up before it is read)
    assert "TLS failed" in refused and "verify failed" not in refused, refused
    qtbot.keyClicks(box.details.cert.edit, str(pki / "client.pem"))
    qtbot.keyClicks(box.details.key.edit, str(pki / "client.key"))
    assert "Secure: OK" in echo(qtbot, box)
    with qtbot.waitSignal(window.session.settingsSaved, timeout=30000):
        dialog.accept()
    node = config.read_settings_file(main_env.config_file).node("Secure")
    assert (node.ca, node.cert, node.key) == (str(pki / "ca.pem"), str(pki / "client.pem"),
                                               str(pki / "client.key"))
    steps = list(retrieve(node, {"StudyInstanceUID": study}, "STUDY", store_dir=tmp_path))
    assert steps[-1].completed == 2 and len(list(tmp_path.rglob("*.dcm"))) == 2
