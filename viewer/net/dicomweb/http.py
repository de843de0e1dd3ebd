"""HTTP for DICOMweb: one ``requests`` session per operation, and failures in words.

Authentication: basic or bearer from the node; TLS: the node's CA file verifies the server, its
client certificate (and key) authenticates us. Redirects are followed by requests, which drops
the Authorization header when a redirect leads to another host (credentials never leak there).
Every failure becomes a NetworkError whose message says what happened (unreachable, timed out,
401 without or with refused credentials, 403, 404, a TLS problem...).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator

import requests

from viewer.net.common import NetworkError
from viewer.net.dicomweb.node import WebNode

DICOM_JSON = "application/dicom+json"
MAX_JSON_BYTES = 64 * 1024 * 1024  # a QIDO page larger than this is refused, not read


class HTTPFailure(NetworkError):
    """The server answered with an error status; ``status`` is the HTTP status code."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.status = status


def session(node: WebNode) -> requests.Session:
    """A session carrying *node*'s authentication and TLS settings; NetworkError when one of
    its TLS files is missing (requests would raise a bare OSError at the first request)."""
    for path, what in ((node.cert, "client certificate"), (node.key, "client key"),
                       (node.ca, "CA file")):
        if path and not os.path.isfile(path):
            raise NetworkError(f"{node}: the {what} {path} does not exist or is not a file")
    s = requests.Session()
    s.headers["User-Agent"] = "dicom-viewer"
    if node.auth == "basic":
        # UTF-8 (RFC 7617's charset); requests would send str as Latin-1
        s.auth = (node.user.encode("utf-8"), node.secret.encode("utf-8"))
    elif node.auth == "bearer":
        s.headers["Authorization"] = f"Bearer {node.secret}"
    if node.ca:
        s.verify = node.ca
    if node.cert:
        s.cert = (node.cert, node.key) if node.key else node.cert
    s.trust_env = False  # a proxy or netrc of the environment must not capture the archive
    return s


def _has_credentials(node: WebNode) -> bool:
    return node.auth != "none" and bool(node.secret or node.user)


def check(response: requests.Response, node: WebNode, what: str) -> requests.Response:
    """*response* when its status is a success; else HTTPFailure saying which failure."""
    code = response.status_code
    if code < 400:
        return response
    reason = f"HTTP {code} {response.reason or ''}".strip()
    if code == 401:
        text = ("the server refused the credentials" if _has_credentials(node)
                else "the server requires authentication and no credentials were given")
    elif code == 403:
        text = "access is forbidden to these credentials" if _has_credentials(node) \
            else "access is forbidden (the server may need credentials)"
    elif code == 404:
        text = "not found on the server"
    elif code == 406:
        text = "the server cannot answer in the media type asked for"
    else:
        text = _server_words(response) or "the server failed the request"
    response.close()
    raise HTTPFailure(f"{node}: {what}: {text} ({reason})", code)


def _server_words(response: requests.Response) -> str:
    """The start of a short error text the server sent, if any."""
    try:
        body = response.raw.read(400, decode_content=True) if response.raw else b""
    except Exception:  # the body is only a courtesy
        return ""
    text = body.decode("utf-8", "replace").strip() if body else ""
    return " ".join(text.split())[:200]


@contextlib.contextmanager
def failures(node: WebNode, what: str) -> Iterator[None]:
    """Turn what requests raises into a NetworkError in words."""
    try:
        yield
    except NetworkError:
        raise
    except requests.exceptions.SSLError as exc:
        raise NetworkError(f"{node}: {what}: TLS failed ({_root(exc)})") from exc
    except requests.exceptions.ConnectTimeout as exc:
        raise NetworkError(f"{node}: {what}: no connection within {node.timeout:g} s") from exc
    except requests.exceptions.ReadTimeout as exc:
        raise NetworkError(f"{node}: {what}: the server did not answer within "
                           f"{node.timeout:g} s") from exc
    except requests.exceptions.ChunkedEncodingError as exc:
        raise NetworkError(f"{node}: {what}: the answer was cut short ({_root(exc)})") from exc
    except requests.exceptions.ConnectionError as exc:
        raise NetworkError(f"{node}: {what}: cannot reach the server ({_root(exc)})") from exc
    except requests.exceptions.RequestException as exc:
        raise NetworkError(f"{node}: {what}: {_root(exc)}") from exc


def _root(exc: BaseException) -> str:
    """The innermost cause's words (urllib3 wraps socket errors several times)."""
    for _ in range(10):
        reason = getattr(exc, "reason", None)
        inner = (reason if isinstance(reason, BaseException) else None) or \
            next((a for a in exc.args if isinstance(a, BaseException)), None) or \
            exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def get_json(s: requests.Session, node: WebNode, url: str, what: str):
    """GET *url* as DICOM JSON: the decoded answer (None for 204 No Content), read in pieces
    and refused beyond MAX_JSON_BYTES."""
    with failures(node, what):
        response = check(s.get(url, headers={"Accept": DICOM_JSON}, timeout=node.timeout,
                               stream=True), node, what)
        with response:
            if response.status_code == 204:
                return None
            body = bytearray()
            for chunk in response.iter_content(1 << 16):
                body += chunk
                if len(body) > MAX_JSON_BYTES:
                    raise NetworkError(f"{node}: {what}: the answer is larger than "
                                       f"{MAX_JSON_BYTES // (1024 * 1024)} MB; ask for fewer "
                                       "results (a smaller page or narrower keys)")
    if not body.strip():
        return None
    try:
        return json.loads(bytes(body).decode("utf-8"))
    except ValueError as exc:
        raise NetworkError(f"{node}: {what}: the answer is not JSON ({exc})") from None
