"""A DICOMweb archive as a node: its service root URL, authentication, TLS files, timeout.

Saved in the settings file beside the DIMSE nodes as ``{"kind": "dicomweb", "url": ...,
"auth": "none" | "basic" | "bearer", "user": ..., "cert": ..., "key": ..., "ca": ...,
"timeout": 30}``. The password or token goes into the platform's keyring (the ``keyring``
package, service ``dicom-viewer``, user ``<node name>``) when one is available; without one it is
written to the settings file as ``"secret"`` in plain text, and a warning says so.

On the command line a URL is a node: ``http(s)://[user:password@]host[:port]/path``; the user
and password of the URL become basic authentication and leave the URL.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from urllib.parse import unquote, urlsplit, urlunsplit

LOG = logging.getLogger(__name__)
AUTH_KINDS = ("none", "basic", "bearer")
KEYRING_SERVICE = "dicom-viewer"
DEFAULT_TIMEOUT = 30.0
_FIELDS = ("url", "auth", "user", "cert", "key", "ca", "timeout")


@dataclass(frozen=True)
class WebNode:
    """A DICOMweb service (QIDO-RS, WADO-RS, STOW-RS under one service root)."""

    url: str
    name: str = ""
    auth: str = "none"
    user: str = ""
    secret: str = ""  # password (basic) or token (bearer); never shown
    cert: str | None = None  # client certificate (PEM), with key unless the cert holds it
    key: str | None = None
    ca: str | None = None  # CA file that verifies the server (default: the system's CAs)
    timeout: float = DEFAULT_TIMEOUT
    kind = "dicomweb"

    def __str__(self) -> str:
        return self.url

    def __repr__(self) -> str:
        return f"WebNode(url={self.url!r}, name={self.name!r}, auth={self.auth!r})"

    @classmethod
    def parse(cls, text: str) -> "WebNode":
        """A node from a URL (see the module text); ValueError with a clear message."""
        parts = urlsplit(text.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"{text!r} is not a DICOMweb service root; expected "
                             "http(s)://host[:port]/path")
        try:
            parts.port
        except ValueError:
            raise ValueError(f"{text!r}: the port is not a number from 1 to 65535") from None
        host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
        url = urlunsplit((parts.scheme, netloc, parts.path.rstrip("/"), "", ""))
        if parts.username is not None:
            return cls(url, auth="basic", user=unquote(parts.username),
                       secret=unquote(parts.password or ""))
        return cls(url)


def validate_web_node(node: WebNode) -> WebNode:
    """*node* with its URL normalised and its fields checked; ValueError names the bad one."""
    try:
        return check_web_node(node)
    except ValueError as exc:
        label = f"node {node.name!r}" if node.name else "node"
        raise ValueError(f"{label}: {exc}") from None


def check_web_node(node: WebNode) -> WebNode:
    """:func:`validate_web_node` whose messages do not name the node (for a form's row)."""
    parsed = WebNode.parse(node.url)
    if node.auth not in AUTH_KINDS:
        raise ValueError(f"auth must be one of {', '.join(AUTH_KINDS)}, not {node.auth!r}")
    if node.auth == "basic" and not node.user:
        raise ValueError("basic authentication needs a user name")
    if node.key and not node.cert:
        raise ValueError("a client key needs its certificate (cert)")
    try:
        timeout = float(node.timeout)
    except (TypeError, ValueError):
        timeout = -1.0
    if not timeout > 0:
        raise ValueError(f"timeout must be a number of seconds above 0, not {node.timeout!r}")
    return replace(node, url=parsed.url, timeout=timeout)


def web_node_from(name: str, data: dict) -> WebNode:
    """The node saved as *data* under *name* (its secret from the keyring when there)."""
    if not data.get("url"):
        raise ValueError(f"node {name!r} has no 'url'")
    fields = {k: data[k] for k in _FIELDS if data.get(k) not in (None, "")}
    secret = str(data.get("secret") or "") or _keyring_get(name)
    return validate_web_node(WebNode(name=name, secret=secret, **fields))


def web_node_to_dict(node: WebNode) -> dict:
    """What the settings file holds for *node*; the secret only when no keyring took it."""
    out = {"kind": WebNode.kind, "url": node.url, "auth": node.auth, "timeout": node.timeout}
    out |= {k: getattr(node, k) for k in ("user", "cert", "key", "ca") if getattr(node, k)}
    if node.secret and node.auth != "none" and not _keyring_set(node.name, node.secret):
        LOG.warning("no keyring available: the %s of node %r is written to the settings file "
                    "in plain text (install the 'keyring' package to keep it out)",
                    "password" if node.auth == "basic" else "token", node.name)
        out["secret"] = node.secret
    return out


def keyring_available() -> bool:
    """Whether secrets can go to a system keyring (else into the settings file)."""
    return _keyring() is not None


def _keyring():
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    backend = keyring.get_keyring()
    return None if isinstance(backend, fail.Keyring) else keyring


def _keyring_get(name: str) -> str:
    store = _keyring()
    if store is None or not name:
        return ""
    try:
        return store.get_password(KEYRING_SERVICE, name) or ""
    except Exception as exc:  # a locked or broken keyring: the node works without its secret
        LOG.warning("cannot read the secret of node %r from the keyring: %s", name, exc)
        return ""


def _keyring_set(name: str, secret: str) -> bool:
    store = _keyring()
    if store is None or not name:
        return False
    try:
        store.set_password(KEYRING_SERVICE, name, secret)
        return True
    except Exception as exc:
        LOG.warning("cannot write the secret of node %r to the keyring: %s", name, exc)
        return False
