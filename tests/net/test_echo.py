"""C-ECHO SCU against our listener, DCMTK and deliberately unfriendly peers; DICOM TLS."""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from pynetdicom import AE
from pynetdicom.sop_class import Verification

sys.path.insert(0, str(Path(__file__).parent))
from test_scp_support import DCMTK_ENV, free_port, run, start_scp, wait_for  # noqa: E402

from viewer.cli import CommandError  # noqa: E402
from viewer.cli import net_local  # noqa: E402
from viewer.config import RemoteNode, TLSSettings  # noqa: E402
from viewer.net.common import NetworkError, Node  # noqa: E402
from viewer.net.echo import EchoResult, echo  # noqa: E402
from viewer.net.scp import SCPOptions, StorageSCP  # noqa: E402

_ = start_scp


def test_echo_our_listener(start_scp):
    scp, rec = start_scp(aet="VIEWER")
    result = echo(Node("VIEWER", "127.0.0.1", scp.address[1]), "ECHOSCU", timeout=10)
    assert isinstance(result, EchoResult) and result.status == 0x0000
    assert 0 < result.round_trip_s <= result.total_s
    assert "success" in str(result)
    assert wait_for(lambda: rec.kinds() == ["association-opened", "association-closed"])
    assert rec.events[0].calling_aet == "ECHOSCU" and "called VIEWER" in rec.events[0].message


def test_echo_dcmtk_storescp(tmp_path):
    port = free_port()
    process = subprocess.Popen(["storescp", "-aet", "DCMTK", "-od", str(tmp_path), str(port)],
                               env=DCMTK_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        assert wait_for(lambda: run("echoscu", "127.0.0.1", port, check=False).returncode == 0)
        assert echo(Node("DCMTK", "127.0.0.1", port), "ECHOSCU", timeout=10).status == 0
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture
def strict_peer():
    """A pynetdicom Verification SCP that rejects any called AE title but its own."""
    ae = AE("RIGHTAE")
    ae.require_called_aet = True
    ae.add_supported_context(Verification)
    server = ae.start_server(("127.0.0.1", 0), block=False)
    yield server.server_address[1]
    server.shutdown()


def test_echo_rejected_says_why(strict_peer):
    with pytest.raises(NetworkError) as info:
        echo(Node("WRONGAE", "127.0.0.1", strict_peer), "ECHOSCU", timeout=10)
    message = str(info.value)
    assert "rejected permanently" in message and "called AE title not recognized" in message
    assert echo(Node("RIGHTAE", "127.0.0.1", strict_peer), "ECHOSCU", timeout=10).status == 0


def test_echo_from_a_calling_aet_our_listener_does_not_allow(start_scp):
    scp, _ = start_scp(allowed_calling_aets=("PACS",))
    with pytest.raises(NetworkError, match="calling AE title not recognized"):
        echo(Node("VIEWER", "127.0.0.1", scp.address[1]), "STRANGER", timeout=10)
    assert echo(Node("VIEWER", "127.0.0.1", scp.address[1]), "PACS", timeout=10).status == 0


def test_echo_connection_refused():
    port = free_port()
    with pytest.raises(NetworkError, match=f"connection refused by 127.0.0.1:{port}"):
        echo(Node("NOBODY", "127.0.0.1", port), "ECHOSCU", timeout=5)


def test_echo_peer_that_never_answers_times_out():
    with socket.socket() as silent:  # accepts TCP (backlog) but never speaks DICOM
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        with pytest.raises(NetworkError, match="no answer to the association request within 1 s"):
            echo(Node("SILENT", "127.0.0.1", silent.getsockname()[1]), "ECHOSCU", timeout=1)


# --- DICOM TLS --------------------------------------------------------------------------------

def _openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def _signed(cwd: Path, name: str, extensions: str) -> None:
    _openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}", cwd=cwd)
    (cwd / f"{name}.ext").write_text(extensions)
    _openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "2", "-out", f"{name}.pem", "-extfile", f"{name}.ext",
             cwd=cwd)


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A throw-away CA with a server certificate for 127.0.0.1 and a client certificate."""
    d = tmp_path_factory.mktemp("pki")
    _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=Test CA",
             "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign", cwd=d)
    _signed(d, "server", "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n")
    _signed(d, "client", "extendedKeyUsage=clientAuth\n")
    return d


@pytest.fixture
def tls_scp(pki, tmp_path):
    server_tls = TLSSettings(cert=str(pki / "server.pem"), key=str(pki / "server.key"),
                             ca=str(pki / "ca.pem"))
    scp = StorageSCP(tmp_path / "store", aet="TLSVIEWER", port=0, bind="127.0.0.1",
                     options=SCPOptions(min_free_bytes=0, tls=server_tls))
    scp.start()
    yield scp
    scp.stop()


def _tls_node(port, pki, client_cert=True, ca=True) -> RemoteNode:
    tls = TLSSettings(cert=str(pki / "client.pem") if client_cert else None,
                      key=str(pki / "client.key") if client_cert else None,
                      ca=str(pki / "ca.pem") if ca else None)
    return RemoteNode("TLSVIEWER", "127.0.0.1", port, name="secure", tls=tls)


def test_echo_over_tls_with_mutual_authentication(tls_scp, pki):
    assert echo(_tls_node(tls_scp.address[1], pki), "ECHOSCU", timeout=10).status == 0


def test_tls_listener_refuses_plain_tcp_and_clients_without_certificate(tls_scp, pki):
    port = tls_scp.address[1]
    with pytest.raises(NetworkError):
        echo(Node("TLSVIEWER", "127.0.0.1", port), "ECHOSCU", timeout=5)
    with pytest.raises(NetworkError):
        echo(_tls_node(port, pki, client_cert=False), "ECHOSCU", timeout=5)
    assert echo(_tls_node(port, pki), "ECHOSCU", timeout=10).status == 0  # still serving


def test_tls_client_refuses_a_server_it_cannot_verify(tls_scp, pki):
    with pytest.raises(NetworkError, match="TLS handshake with 127.0.0.1:.* failed"):
        echo(_tls_node(tls_scp.address[1], pki, ca=False), "ECHOSCU", timeout=5)


# --- CLI --------------------------------------------------------------------------------------

def _cli(*argv):
    parser = argparse.ArgumentParser()
    net_local.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args([str(a) for a in argv])
    return args.func(args)


def test_cli_echo(start_scp, capsys, monkeypatch, tmp_path):
    monkeypatch.setenv("DICOM_VIEWER_CONFIG", str(tmp_path / "settings.json"))
    scp, _ = start_scp(aet="VIEWER")
    assert _cli("echo", f"VIEWER@127.0.0.1:{scp.address[1]}", "--aet", "CLIECHO") == 0
    assert "success" in capsys.readouterr().out
    with pytest.raises(CommandError, match="connection refused"):
        _cli("echo", f"VIEWER@127.0.0.1:{free_port()}", "--timeout", "5")
    with pytest.raises(CommandError, match="neither a saved node"):
        _cli("echo", "nosuchnode")
    with pytest.raises(CommandError, match="longer than 16"):
        _cli("echo", "VIEWER@127.0.0.1:104", "--aet", "A" * 17)
