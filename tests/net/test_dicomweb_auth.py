"""DICOMweb authentication against Orthanc's basic auth (RegisteredUsers), and DICOMweb nodes in
the settings file."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from dicomweb_orthanc import start_orthanc  # noqa: E402
from test_scp_support import make_ct  # noqa: E402

from viewer import config  # noqa: E402
from viewer.net.common import NetworkError  # noqa: E402
from viewer.net.dicomweb import node as web_node  # noqa: E402
from viewer.net.dicomweb.node import WebNode  # noqa: E402
from viewer.net.nodes import echo, find, send  # noqa: E402

USERS = {"reader": "pa ss:wörd"}


@pytest.fixture(scope="module")
def orthanc(tmp_path_factory):
    root = tmp_path_factory.mktemp("dicomweb-auth")
    server = start_orthanc(root / "orthanc", users=USERS)
    server.upload([make_ct(root / "src", "a.dcm", PatientID="AUTH1")])
    yield server
    server.stop()


def test_without_credentials_the_401_says_so(orthanc):
    with pytest.raises(NetworkError, match=r"requires authentication and no credentials were "
                                           r"given \(HTTP 401"):
        list(find(WebNode.parse(orthanc.root), {}, "STUDY"))


def test_wrong_password_is_told_apart(orthanc):
    node = WebNode(orthanc.root, auth="basic", user="reader", secret="wrong")
    with pytest.raises(NetworkError, match=r"refused the credentials \(HTTP 401"):
        echo(node, "VIEWER", 10)


def test_basic_auth_from_the_node_and_from_the_url(orthanc, tmp_path):
    node = WebNode(orthanc.root, auth="basic", user="reader", secret=USERS["reader"])
    (study,) = find(node, {"PatientID": "AUTH1"}, "STUDY")
    assert study.PatientID == "AUTH1"
    in_url = orthanc.root.replace("http://", "http://reader:pa%20ss%3Aw%C3%B6rd@")
    parsed = WebNode.parse(in_url)
    assert (parsed.url, parsed.auth, parsed.user, parsed.secret) == \
        (orthanc.root, "basic", "reader", USERS["reader"])
    sent = list(send(parsed, [make_ct(tmp_path, "b.dcm", PatientID="AUTH2")], "VIEWER"))
    assert sent[-1].ok, sent[-1].message


def test_saved_node_round_trips_and_the_secret_is_flagged_without_keyring(tmp_path, caplog,
                                                                          monkeypatch):
    monkeypatch.setattr(web_node, "_keyring", lambda: None)
    node = WebNode("https://pacs.example/dicom-web", name="cloud", auth="bearer",
                   secret="tok", ca="/etc/ssl/ca.pem", timeout=12)
    path = tmp_path / "settings.json"
    with caplog.at_level(logging.WARNING):
        config.save_settings(config.Settings(nodes=(node,)), path)
    assert "no keyring available" in caplog.text and "plain text" in caplog.text
    saved = json.loads(path.read_text())["nodes"]["cloud"]
    assert saved["kind"] == "dicomweb" and saved["secret"] == "tok"
    back = config.read_settings_file(path).node("cloud")
    assert back == node
    assert config.resolve_node("cloud", config.read_settings_file(path)) == node


def test_saved_node_secret_goes_to_a_keyring_when_there_is_one(tmp_path, monkeypatch):
    class Ring:
        saved = {}

        def set_password(self, service, user, secret):
            self.saved[(service, user)] = secret

        def get_password(self, service, user):
            return self.saved.get((service, user))
    ring = Ring()
    monkeypatch.setattr(web_node, "_keyring", lambda: ring)
    node = WebNode("http://127.0.0.1:8042/dicom-web", name="lab", auth="basic", user="u",
                   secret="p")
    path = tmp_path / "settings.json"
    config.save_settings(config.Settings(nodes=(node,)), path)
    assert "secret" not in json.loads(path.read_text())["nodes"]["lab"]
    assert ring.saved[("dicom-viewer", "lab")] == "p"
    assert config.read_settings_file(path).node("lab").secret == "p"


@pytest.mark.parametrize("data, words", [
    ({"kind": "dicomweb"}, "has no 'url'"),
    ({"kind": "dicomweb", "url": "ftp://x/y"}, "not a DICOMweb service root"),
    ({"kind": "dicomweb", "url": "http://x/y", "auth": "kerberos"}, "auth must be one of"),
    ({"kind": "dicomweb", "url": "http://x/y", "auth": "basic"}, "needs a user name"),
    ({"kind": "dicomweb", "url": "http://x/y", "timeout": 0}, "timeout must be"),
])
def test_bad_saved_nodes_are_named(data, words):
    with pytest.raises(config.ConfigError, match=words):
        config.settings_from_dict({"nodes": {"web": data}})


def test_a_missing_tls_file_is_said_before_connecting(orthanc, tmp_path):
    for field, words in (("ca", "CA file"), ("cert", "client certificate")):
        node = WebNode(orthanc.root.replace("http:", "https:"),
                       **{field: str(tmp_path / "gone.pem")})
        with pytest.raises(NetworkError, match=f"the {words} .*gone.pem does not exist"):
            list(find(node, {"PatientID": "X"}, "STUDY"))
