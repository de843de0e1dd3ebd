"""Settings: defaults, file, environment and command-line layers, nodes, validation, saving."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from viewer import config
from viewer.config import ConfigError, RemoteNode, Settings, TLSSettings
from viewer.net.common import Node


@pytest.fixture
def env(tmp_path):
    """A clean environment with the XDG folders inside tmp_path."""
    return {"XDG_CONFIG_HOME": str(tmp_path / "cfg"), "XDG_DATA_HOME": str(tmp_path / "data"),
            "HOME": str(tmp_path / "home")}


def test_defaults_and_platform_folders(env, tmp_path):
    settings = config.load_settings(env=env)
    assert (settings.aet, settings.port) == ("DICOMVIEWER", 11112)
    assert config.config_path(env) == tmp_path / "cfg" / "dicom-viewer" / "settings.json"
    assert config.default_store_folder(env) == tmp_path / "data" / "dicom-viewer" / "store"
    assert settings.nodes == () and settings.allowed_calling_aets == () and settings.tls is None
    assert config.config_path({**env, "DICOM_VIEWER_CONFIG": "/x/y.json"}) == Path("/x/y.json")


def test_file_then_environment_then_flags(env, tmp_path):
    path = config.config_path(env)
    config.save_settings(Settings(aet="FROMFILE", port=2000, store=tmp_path / "s1"), path)
    assert config.load_settings(env=env).aet == "FROMFILE"
    env.update(DICOM_VIEWER_AET="FROMENV", DICOM_VIEWER_PORT="3000",
               DICOM_VIEWER_STORE=str(tmp_path / "s2"))
    settings = config.load_settings(env=env)
    assert (settings.aet, settings.port, settings.store) == ("FROMENV", 3000, tmp_path / "s2")
    flagged = config.with_overrides(settings, aet="FROMFLAG", port="4000", store=tmp_path / "s3")
    assert (flagged.aet, flagged.port, flagged.store) == ("FROMFLAG", 4000, tmp_path / "s3")
    assert config.read_settings_file(path).aet == "FROMFILE"  # what an editor should change


def test_save_and_load_round_trip_atomically(tmp_path):
    path = tmp_path / "deep" / "settings.json"
    tls = TLSSettings(cert="/c.pem", key="/c.key", ca="/ca.pem")
    original = Settings(aet="WS1", port=104, store=tmp_path / "store", bind="127.0.0.1",
                        min_free_mb=50, allowed_calling_aets=("PACS", "CT1"), tls=tls,
                        nodes=(RemoteNode("ORTHANC", "127.0.0.1", 4242, name="pacs"),
                               RemoteNode("QR", "pacs.example", 11113, name="Other",
                                          retrieve="get", tls=TLSSettings(ca="/ca.pem"))))
    assert config.save_settings(original, path) == path
    assert config.read_settings_file(path) == original
    assert [p.name for p in path.parent.iterdir()] == ["settings.json"]  # no temporary left
    saved = json.loads(path.read_text())
    assert saved["nodes"]["pacs"] == {"aet": "ORTHANC", "host": "127.0.0.1", "port": 4242,
                                      "retrieve": "move"}


@pytest.mark.parametrize("aet,reason", [
    ("", "must not be empty"), ("   ", "must not be empty"),
    ("A" * 17, "longer than 16 characters"),
    ("BACK\\SLASH", "without backslash"), ("TAB\tAE", "printable ASCII"),
    ("NUL\0", "printable ASCII"), ("ÉCHO", "printable ASCII"),
])
def test_ae_title_validation(aet, reason):
    with pytest.raises(ConfigError, match=reason):
        config.validate_aet(aet)
    with pytest.raises(ConfigError, match=reason):
        config.with_overrides(Settings(), aet=aet)


def test_ae_title_is_trimmed_and_sixteen_characters_pass():
    assert config.validate_aet("  " + "A" * 16 + " ") == "A" * 16


@pytest.mark.parametrize("port", [0, 65536, -1, "abc", "", None, 1.5, True])
def test_port_validation(port):
    with pytest.raises(ConfigError, match="from 1 to 65535"):
        config.validate_port(port)


def test_port_accepts_digits_from_the_environment(env):
    assert config.load_settings(env={**env, "DICOM_VIEWER_PORT": "104"}).port == 104
    with pytest.raises(ConfigError, match="from 1 to 65535"):
        config.load_settings(env={**env, "DICOM_VIEWER_PORT": "99999"})


@pytest.mark.parametrize("content,reason", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "must hold a JSON object"),
    ('{"aet": "A\\\\B"}', "backslash"),
    ('{"port": 70000}', "from 1 to 65535"),
    ('{"nodes": {"pacs": {"aet": "X", "host": "h"}}}', "node 'pacs' has no 'port'"),
    ('{"nodes": {"pacs": {"aet": "X", "host": "h", "port": 1, "retrieve": "fax"}}}',
     "'move' or 'get'"),
    ('{"nodes": {"pacs": {"aet": "X", "host": "h o", "port": 1}}}', "not a host name"),
    ('{"allowed_calling_aets": "PACS"}', "list of AE titles"),
    ('{"min_free_mb": -5}', "min_free_mb"),
    ('{"tls": {"cert": "a", "password": "b"}}', "tls must be an object"),
])
def test_bad_settings_file_says_which_setting(tmp_path, content, reason):
    path = tmp_path / "settings.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=reason) as info:
        config.read_settings_file(path)
    assert str(path) in str(info.value)


def test_saving_validates_first(tmp_path):
    path = tmp_path / "settings.json"
    with pytest.raises(ConfigError, match="longer than 16"):
        config.save_settings(Settings(aet="X" * 20), path)
    with pytest.raises(ConfigError, match="distinct"):
        config.save_settings(Settings(nodes=(RemoteNode("A", "h", 1, name="p"),
                                             RemoteNode("B", "h", 2, name="P"))), path)
    assert not path.exists()


def test_resolve_node_by_name_or_address():
    pacs = RemoteNode("ORTHANC", "127.0.0.1", 4242, name="pacs", retrieve="get")
    settings = Settings(nodes=(pacs,))
    assert config.resolve_node("PACS", settings) == pacs  # names are case-insensitive
    direct = config.resolve_node("STORESCP@127.0.0.1:11112", settings)
    assert (direct.aet, direct.host, direct.port, direct.retrieve) == ("STORESCP", "127.0.0.1",
                                                                       11112, "move")
    assert isinstance(direct, Node) and str(pacs) == "ORTHANC@127.0.0.1:4242"
    with pytest.raises(ConfigError, match=r"neither a saved node \(pacs\) nor AET@host:port"):
        config.resolve_node("nowhere", settings)
    with pytest.raises(ConfigError, match="longer than 16"):
        config.resolve_node("SEVENTEENCHARSXXX@127.0.0.1:104", settings)


@pytest.mark.parametrize("text,mb", [("500 MB", 500), ("2 GB", 2048), ("1.5G", 1536),
                                     ("0 MB", 0), ("2048 KiB", 2), ("1 TB", 1024 * 1024),
                                     (" 3 gb ", 3072)])
def test_free_disk_threshold_is_a_size_with_its_unit(text, mb):
    assert config.parse_size_mb(text) == mb


@pytest.mark.parametrize("text", ["", "500", "lots", "-1 GB", "2 PB", "1 G B"])
def test_free_disk_threshold_without_a_unit_is_refused(text):
    with pytest.raises(ConfigError, match="such as 500 MB or 2 GB"):
        config.parse_size_mb(text)


@pytest.mark.parametrize("mb,text", [(0, "0 MB"), (1, "1 MB"), (1024, "1 GB"), (1536, "1536 MB"),
                                     (2048, "2 GB"), (3 * 1024 * 1024, "3 TB")])
def test_threshold_text_reads_back(mb, text):
    assert config.size_text(mb) == text and config.parse_size_mb(text) == mb


def test_bind_address_is_an_ip_address(tmp_path):
    assert config.validate_bind(" 127.0.0.1 ") == "127.0.0.1"
    assert config.validate_bind("::") == "::"
    for bad in ("localhost", "999.1.1.1", "", "10.0.0.1/8"):
        with pytest.raises(ConfigError, match="not an IP address"):
            config.validate_bind(bad)
    path = tmp_path / "settings.json"
    path.write_text('{"bind": "everywhere"}')
    with pytest.raises(ConfigError, match="bind address 'everywhere'"):
        config.read_settings_file(path)


def test_listener_tls_files_must_be_readable(tmp_path):
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    assert config.readable_file(str(cert), "cert") == str(cert)
    with pytest.raises(ConfigError, match="does not exist"):
        config.readable_file(str(tmp_path / "nothing.pem"), "cert")
    with pytest.raises(ConfigError, match="does not exist"):
        config.readable_file(str(tmp_path), "cert")  # a folder
    with pytest.raises(ConfigError, match="no file given"):
        config.readable_file("", "cert")


def test_unreadable_tls_file_is_refused(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads every file: permissions cannot make a file unreadable")
    cert = tmp_path / "cert.pem"
    cert.write_text("x")
    cert.chmod(0)
    with pytest.raises(ConfigError, match="cannot be read"):
        config.readable_file(str(cert), "cert")
