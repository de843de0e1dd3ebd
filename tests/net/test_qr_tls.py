"""C-FIND to a saved node with DICOM TLS settings goes over TLS (and plain TCP is not tried)."""

from __future__ import annotations

import ssl
import sys
from pathlib import Path

import pytest
from pydicom.dataset import Dataset
from pynetdicom import AE, evt
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from test_echo import pki  # noqa: E402,F401

from viewer.config import RemoteNode, TLSSettings  # noqa: E402
from viewer.net.common import NetworkError  # noqa: E402
from viewer.net.find import find  # noqa: E402


@pytest.fixture
def tls_find_scp(pki):  # noqa: F811
    """A pynetdicom Study Root C-FIND SCP that only speaks TLS, with one study."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH, cafile=str(pki / "ca.pem"))
    context.verify_mode = ssl.CERT_REQUIRED
    context.load_cert_chain(str(pki / "server.pem"), str(pki / "server.key"))

    def on_find(event):
        match = Dataset()
        match.QueryRetrieveLevel = "STUDY"
        match.PatientName = "SECURE^PATIENT"
        match.StudyInstanceUID = "1.2.3.4"
        yield 0xFF00, match

    ae = AE("TLSQR")
    ae.add_supported_context(StudyRootQueryRetrieveInformationModelFind)
    server = ae.start_server(("127.0.0.1", 0), block=False, ssl_context=context,
                             evt_handlers=[(evt.EVT_C_FIND, on_find)])
    yield server.server_address[1]
    server.shutdown()


def _node(port, pki, tls=True) -> RemoteNode:  # noqa: F811
    settings = TLSSettings(cert=str(pki / "client.pem"), key=str(pki / "client.key"),
                           ca=str(pki / "ca.pem")) if tls else None
    return RemoteNode("TLSQR", "127.0.0.1", port, name="secure", tls=settings)


def test_find_over_tls(tls_find_scp, pki):  # noqa: F811
    (study,) = list(find(_node(tls_find_scp, pki), ["PatientName="], calling_aet="VIEWER"))
    assert str(study.PatientName) == "SECURE^PATIENT"


def test_find_without_tls_settings_cannot_reach_a_tls_archive(tls_find_scp, pki):  # noqa: F811
    with pytest.raises(NetworkError):
        list(find(_node(tls_find_scp, pki, tls=False), ["PatientName="], calling_aet="VIEWER",
                  timeout=3))
