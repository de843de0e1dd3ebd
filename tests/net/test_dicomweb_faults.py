"""DICOMweb bad input from a tiny local HTTP server: a multipart body cut short, parts that are
not DICOM, a server that ignores Accept, a redirect to another host with credentials, and the
percent-encoding of QIDO values as a standard server decodes them."""

from __future__ import annotations

import socket
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from test_echo import pki  # noqa: E402,F401
from test_scp_support import dataset_bytes, make_ct, stored_path  # noqa: E402

from viewer.net.common import NetworkError  # noqa: E402
from viewer.net.dicomweb.node import WebNode  # noqa: E402
from viewer.net.nodes import find, retrieve  # noqa: E402
from viewer.net.qr_progress import RetrieveError  # noqa: E402

BOUNDARY = "b0undary42"
STUDY = "1.2.826.0.1.3680043.8.498.1"


class _Quiet(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hangs up early (the tests' point) is no error here


class Server:
    """A loopback HTTP server answering every GET with ``self.answer(handler)``."""

    def __init__(self, tls=None):
        self.requests: list[tuple[str, dict]] = []
        self.answer = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                outer.requests.append((self.path, dict(self.headers)))
                outer.answer(self)

            def do_POST(self):
                self.body = self.rfile.read(int(self.headers["Content-Length"]))
                outer.requests.append((self.path, dict(self.headers)))
                outer.answer(self)

            def log_message(self, *args):
                pass

        self.httpd = _Quiet(("127.0.0.1", 0), Handler)
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.scheme = "https" if tls is not None else "http"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def root(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.httpd.server_address[1]}/dicom-web"

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


def multipart(parts: list[tuple[str, bytes]], close: bool = True) -> bytes:
    body = b"".join(f"--{BOUNDARY}\r\nContent-Type: {kind}\r\n\r\n".encode() + data + b"\r\n"
                    for kind, data in parts)
    return body + (f"--{BOUNDARY}--\r\n".encode() if close else b"")


def send_body(handler, body: bytes, *, length: int | None = None,
              content_type: str | None = None) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", content_type or
                        f'multipart/related; type="application/dicom"; boundary={BOUNDARY}')
    if length is not None:
        handler.send_header("Content-Length", str(length))
    handler.send_header("Connection", "close")
    handler.end_headers()
    handler.wfile.write(body)
    handler.wfile.flush()
    handler.close_connection = True


def empty_json(handler) -> None:
    """A QIDO-RS answer with no match: an empty DICOM JSON array."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/dicom+json")
    handler.send_header("Content-Length", "2")
    handler.end_headers()
    handler.wfile.write(b"[]")


def wado_requests(server) -> list[tuple[str, dict]]:
    """The WADO-RS requests (the QIDO-RS one asking how many instances to expect left out)."""
    return [r for r in server.requests if "?" not in r[0]]


def files(store: Path) -> list[Path]:
    return [p for p in store.rglob("*") if p.is_file()]


@pytest.mark.parametrize("declared", [False, True], ids=["no-length", "length-too-long"])
def test_a_body_cut_short_leaves_no_partial_file(server, tmp_path, declared):
    whole = make_ct(tmp_path / "src", "a.dcm", study=STUDY)
    cut = make_ct(tmp_path / "src", "b.dcm", study=STUDY)
    body = multipart([("application/dicom", whole.read_bytes()),
                      ("application/dicom", cut.read_bytes())])
    short = body[:len(body) - 300]  # inside the second instance
    server.answer = lambda h: send_body(h, short, length=len(body) if declared else None)
    store = tmp_path / "store"
    with pytest.raises(NetworkError, match="cut short"):
        list(retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY}, "STUDY",
                      store_dir=store))
    kept = files(store)
    if declared:  # urllib3 raises on the short read itself: its chunk never reached us
        assert kept in ([], [stored_path(store, whole)])
    else:  # the first instance was complete before the end came
        assert kept == [stored_path(store, whole)]
    assert all(dataset_bytes(p) == dataset_bytes(whole) for p in kept)  # never the cut one


def test_parts_that_are_not_dicom_are_failed_with_reasons(server, tmp_path):
    good = make_ct(tmp_path / "src", "a.dcm", study=STUDY)
    server.answer = lambda h: send_body(h, multipart([
        ("application/dicom", b"\0" * 128 + b"NOPE" + b"x" * 100),
        ("text/html", b"<html>oops</html>"),
        ("application/dicom", good.read_bytes())]))
    store = tmp_path / "store"
    steps = list(retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY}, "STUDY",
                          store_dir=store))
    assert "not a DICOM file: no DICM prefix" in steps[0].message
    assert "text/html, not application/dicom" in steps[1].message
    final = steps[-1]
    assert (final.completed, final.failed) == (1, 2)
    assert files(store) == [stored_path(store, good)]


def test_a_server_ignoring_accept_is_reported(server, tmp_path):
    server.answer = lambda h: send_body(h, b"{}", length=2, content_type="application/json")
    with pytest.raises(RetrieveError, match="answered application/json, not multipart/related"):
        list(retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY}, "STUDY",
                      store_dir=tmp_path))
    accept = wado_requests(server)[0][1]["Accept"]
    assert 'type="application/dicom"' in accept and "transfer-syntax=*" in accept


def test_transfer_syntax_falls_back_to_explicit_little_endian(server, tmp_path):
    good = make_ct(tmp_path / "src", "a.dcm", study=STUDY)

    def answer(h):
        if "transfer-syntax=*" in h.headers["Accept"]:
            h.send_response(406)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        send_body(h, multipart([("application/dicom", good.read_bytes())]))
    server.answer = answer
    steps = list(retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY}, "STUDY",
                          store_dir=tmp_path / "store"))
    assert steps[-1].completed == 1
    assert "transfer-syntax=1.2.840.10008.1.2.1" in wado_requests(server)[1][1]["Accept"]


def test_qido_values_are_percent_encoded_as_a_server_decodes_them(server):
    server.answer = empty_json
    keys = {"PatientName": "Yamada^Tarou=山田^太郎", "StudyDate": "20240101-20241231",
            "StudyDescription": "CT & MR #1 *", "AccessionNumber": ""}
    assert list(find(WebNode.parse(server.root), keys, "STUDY")) == []
    path, _ = server.requests[0]
    raw = urlsplit(path).query
    assert "%5E" in raw and "^" not in raw and "*" in raw  # the wildcard stays literal
    query = parse_qs(raw, keep_blank_values=True)
    assert query["PatientName"] == ["Yamada^Tarou=山田^太郎"]
    assert query["StudyDescription"] == ["CT & MR #1 *"]
    assert query["StudyDate"] == ["20240101-20241231"]
    assert "AccessionNumber" in query["includefield"]
    assert urlsplit(path).path == "/dicom-web/studies"
    list(find(WebNode.parse(server.root), {"PatientName": "yamada"}, "STUDY", fuzzy=True))
    assert parse_qs(urlsplit(server.requests[1][0]).query)["fuzzymatching"] == ["true"]


def test_a_redirect_to_another_host_does_not_carry_the_credentials(tmp_path):
    first, second = Server(), Server()
    try:
        def moved(h):
            h.send_response(302)
            h.send_header("Location", second.root + h.path[len("/dicom-web"):])
            h.send_header("Content-Length", "0")
            h.end_headers()

        first.answer, second.answer = moved, empty_json
        node = WebNode(first.root, auth="bearer", secret="s3cret")
        assert list(find(node, {"PatientID": "X"}, "STUDY")) == []
        assert first.requests[0][1]["Authorization"] == "Bearer s3cret"
        assert "Authorization" not in second.requests[0][1]
    finally:
        first.close()
        second.close()


def test_unreachable_server_is_said_so(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    node = WebNode.parse(f"http://127.0.0.1:{port}/dicom-web")
    with pytest.raises(NetworkError, match=r"cannot reach the server \(Connection refused\)"):
        list(retrieve(node, {"StudyInstanceUID": STUDY}, "STUDY", store_dir=tmp_path))
    with pytest.raises(NetworkError, match="cannot reach the server"):
        list(find(node, {}, "STUDY"))


def test_an_archive_killed_mid_retrieve_leaves_only_whole_files(tmp_path):
    """Orthanc (its own, this module's only one) is killed after the first instance arrives:
    the retrieve fails saying so; every file in the store is complete."""
    from dicomweb_orthanc import start_orthanc

    server = start_orthanc(tmp_path / "orthanc")
    try:
        sources = [make_ct(tmp_path / "src", f"{i}.dcm", study=STUDY, rows=512)
                   for i in range(40)]  # 20 MB: more than the socket buffers hold
        server.upload(sources)
        store = tmp_path / "store"
        steps = []
        with pytest.raises(NetworkError) as raised:
            for step in retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY},
                                 "STUDY", store_dir=store):
                steps.append(step)
                if len(steps) == 1:
                    server.process.kill()
                    server.process.wait()
    finally:
        server.stop()
    assert "cut short" in str(raised.value) or "cannot reach" in str(raised.value)
    kept = files(store)
    assert 1 <= len(kept) < 40
    by_name = {stored_path(store, s).name: s for s in sources}
    assert all(dataset_bytes(p) == dataset_bytes(by_name[p.name]) for p in kept)


def test_403_and_a_huge_json_answer_are_said_so(server, monkeypatch):
    from viewer.net.dicomweb import http

    def forbidden(h):
        h.send_response(403)
        h.send_header("Content-Length", "0")
        h.end_headers()
    server.answer = forbidden
    with pytest.raises(NetworkError, match=r"access is forbidden to these credentials "
                                           r"\(HTTP 403"):
        list(find(WebNode(server.root, auth="bearer", secret="t"), {}, "STUDY"))

    def huge(h):
        body = b"[" + b",".join([b'{"00100020": {"vr": "LO", "Value": ["X"]}}'] * 2000) + b"]"
        h.send_response(200)
        h.send_header("Content-Type", "application/dicom+json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    server.answer = huge
    monkeypatch.setattr(http, "MAX_JSON_BYTES", 10_000)
    with pytest.raises(NetworkError, match="answer is larger than .* ask for fewer results"):
        list(find(WebNode.parse(server.root), {}, "STUDY"))


def test_what_a_broken_answer_did_not_bring_is_asked_again(server, tmp_path):
    import json

    first = make_ct(tmp_path / "src", "a.dcm", study=STUDY)
    second = make_ct(tmp_path / "src", "b.dcm", study=STUDY)
    whole = multipart([("application/dicom", first.read_bytes()),
                       ("application/dicom", second.read_bytes())])
    by_uid = {}
    listing = []
    for path in (first, second):
        ds = dcmread_header(path)
        by_uid[str(ds.SOPInstanceUID)] = path
        listing.append({"0020000D": {"vr": "UI", "Value": [STUDY]},
                        "0020000E": {"vr": "UI", "Value": [str(ds.SeriesInstanceUID)]},
                        "00080018": {"vr": "UI", "Value": [str(ds.SOPInstanceUID)]}})

    def answer(h):
        path = urlsplit(h.path).path
        if path.endswith("/instances"):
            body = json.dumps(listing).encode()
            h.send_response(200)
            h.send_header("Content-Type", "application/dicom+json")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
        elif "/instances/" in path:
            send_body(h, multipart([("application/dicom",
                                     by_uid[path.rsplit("/", 1)[1]].read_bytes())]))
        elif "?" in h.path:
            send_body(h, b"[]", length=2, content_type="application/dicom+json")
        else:
            send_body(h, whole[:len(whole) - 300])  # the second instance cut
    server.answer = answer
    store = tmp_path / "store"
    steps = list(retrieve(WebNode.parse(server.root), {"StudyInstanceUID": STUDY}, "STUDY",
                          store_dir=store))
    assert any("cut short" in s.message and "asking again for the 1 instances" in s.message
               for s in steps)
    assert (steps[-1].completed, steps[-1].failed) == (2, 0)
    for source in (first, second):
        assert dataset_bytes(stored_path(store, source)) == dataset_bytes(source)
    assert len(files(store)) == 2


def dcmread_header(path):
    import pydicom
    return pydicom.dcmread(path, stop_before_pixels=True)


def test_a_preview_is_a_thumbnail_or_the_first_rendered_part_or_none(server):
    from viewer.net.nodes import series_preview

    asked = []

    def answer(h):
        resource = urlsplit(h.path).path.rsplit("/", 1)[1]
        asked.append((resource, parse_qs(urlsplit(h.path).query)["viewport"]))
        if resource == "thumbnail" or server.rendered is None:
            h.send_response(404)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        send_body(h, multipart([("image/png", server.rendered), ("image/png", b"second")]),
                  content_type=f"multipart/related; type=\"image/png\"; boundary={BOUNDARY}")
    server.answer = answer
    node = WebNode.parse(server.root)
    server.rendered = b"\x89PNG first"
    assert series_preview(node, "1.2.3", "1.2.3.4", 48) == b"\x89PNG first"
    assert asked == [("thumbnail", ["48,48"]), ("rendered", ["48,48"])]
    server.rendered = None
    assert series_preview(node, "1.2.3", "1.2.3.4") is None


def test_stow_reports_each_refused_instance_with_its_reason(server, tmp_path):
    import json

    import pydicom

    from viewer.net.nodes import send

    sources = [make_ct(tmp_path / "out", f"{i}.dcm", study=STUDY) for i in range(2)]
    uids = [str(pydicom.dcmread(p).SOPInstanceUID) for p in sources]
    received = []

    def answer(h):
        received.append(h.body)
        body = json.dumps({
            "00081198": {"vr": "SQ", "Value": [{
                "00081155": {"vr": "UI", "Value": [uids[1]]},
                "00081197": {"vr": "US", "Value": [0xA700]}}]},
            "00081199": {"vr": "SQ", "Value": [{
                "00081155": {"vr": "UI", "Value": [uids[0]]}}]}}).encode()
        h.send_response(202)
        h.send_header("Content-Type", "application/dicom+json")
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)
    server.answer = answer
    outcome = list(send(WebNode.parse(server.root), sources, "VIEWER"))
    assert [o.ok for o in outcome] == [True, False]
    assert "0xA700" in outcome[1].message and "Out of Resources" in outcome[1].message
    path, headers = server.requests[0]
    assert path == "/dicom-web/studies"
    assert headers["Content-Type"].startswith('multipart/related; type="application/dicom"')
    assert "Transfer-Encoding" not in headers  # a length, not chunked
    assert all(p.read_bytes() in received[0] for p in sources)  # the files as they are


def test_tls_with_a_ca_file_and_a_client_certificate(pki):  # noqa: F811
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pki / "server.pem", pki / "server.key")
    context.load_verify_locations(pki / "ca.pem")
    context.verify_mode = ssl.CERT_REQUIRED  # a client certificate signed by the CA
    server = Server(tls=context)

    server.answer = empty_json
    try:
        node = WebNode(server.root, ca=str(pki / "ca.pem"), cert=str(pki / "client.pem"),
                       key=str(pki / "client.key"))
        assert list(find(node, {"PatientID": "X"}, "STUDY")) == []
        with pytest.raises(NetworkError, match="TLS failed.*certificate verify failed"):
            list(find(WebNode(server.root), {}, "STUDY"))  # the system CAs do not know ours
        with pytest.raises(NetworkError, match="TLS failed|cannot reach"):
            list(find(WebNode(server.root, ca=str(pki / "ca.pem")), {}, "STUDY"))  # no client cert
        assert len(server.requests) == 1
    finally:
        server.close()
