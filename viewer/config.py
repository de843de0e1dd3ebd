"""Who we are on the network, where we listen and store, and which remote nodes we know.

Sources, later ones winning: built-in defaults, the settings file (JSON, in the user config
folder or at ``$DICOM_VIEWER_CONFIG``), the environment (``DICOM_VIEWER_AET``,
``DICOM_VIEWER_PORT``, ``DICOM_VIEWER_STORE``) and command-line flags (:func:`with_overrides`).
Qt-free: the GUI and the CLI both read it. Saving is atomic (temporary file, then rename).
"""

from __future__ import annotations

import ipaddress
import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from viewer.net.common import Node
from viewer.net.print_film import FilmError, FilmOptions
from viewer.net.dicomweb.node import WebNode, validate_web_node, web_node_from, web_node_to_dict
from viewer.store.layout import write_atomically

APP_FOLDER = "dicom-viewer"
DEFAULT_AET = "DICOMVIEWER"
DEFAULT_PORT = 11112
DEFAULT_MIN_FREE_MB = 1024
RETRIEVE_METHODS = ("move", "get")
NODE_KINDS = ("archive", "printer")
LANGUAGES = ("", "en", "ja")  # "": the system's; the GUI applies a change at its next start


class ConfigError(ValueError):
    """A setting is invalid; the message names the setting and what is expected."""


@dataclass(frozen=True)
class TLSSettings:
    """DICOM TLS files. Listener: cert+key required, ca = require client certificates signed by
    it. Remote node: ca verifies the peer (default: system CAs), cert+key = client certificate."""

    cert: str | None = None
    key: str | None = None
    ca: str | None = None


@dataclass(frozen=True)
class RemoteNode(Node):
    """A remote AE with the extras saved in the settings; usable wherever a Node is expected."""

    name: str = ""
    retrieve: str = "move"
    tls: TLSSettings | None = None
    kind: str = "archive"  # "printer": a Print SCP, with its default film options
    film: FilmOptions | None = None


@dataclass(frozen=True)
class Settings:
    """Local identity, listener and known nodes."""

    aet: str = DEFAULT_AET
    port: int = DEFAULT_PORT
    store: Path = field(default_factory=lambda: default_store_folder())
    bind: str = "0.0.0.0"
    min_free_mb: int = DEFAULT_MIN_FREE_MB
    allowed_calling_aets: tuple[str, ...] = ()
    check_called_aet: bool = False  # refuse associations addressed to another AE title
    tls: TLSSettings | None = None
    nodes: tuple[RemoteNode | WebNode, ...] = ()  # WebNode: a DICOMweb archive
    language: str = ""

    def node(self, name: str) -> RemoteNode | WebNode | None:
        """The saved node called *name* (case-insensitive), or None."""
        wanted = name.strip().lower()
        return next((n for n in self.nodes if n.name.lower() == wanted), None)


# --- where things live --------------------------------------------------------------------

def _user_folder(env, xdg_var: str, xdg_default: str, windows_var: str) -> Path:
    if sys.platform == "win32" and env.get(windows_var):
        return Path(env[windows_var]) / APP_FOLDER
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_FOLDER
    base = env.get(xdg_var) or str(Path.home() / xdg_default)
    return Path(base) / APP_FOLDER


def config_path(env=None) -> Path:
    """``$DICOM_VIEWER_CONFIG``, else ``<user config folder>/dicom-viewer/settings.json``."""
    env = os.environ if env is None else env
    if env.get("DICOM_VIEWER_CONFIG"):
        return Path(env["DICOM_VIEWER_CONFIG"]).expanduser()
    return _user_folder(env, "XDG_CONFIG_HOME", ".config", "APPDATA") / "settings.json"


def default_store_folder(env=None) -> Path:
    """``<user data folder>/dicom-viewer/store`` (``$XDG_DATA_HOME``, ``%LOCALAPPDATA%``...)."""
    env = os.environ if env is None else env
    return _user_folder(env, "XDG_DATA_HOME", ".local/share", "LOCALAPPDATA") / "store"


# --- validation ---------------------------------------------------------------------------

def validate_aet(value, what: str = "AE title") -> str:
    """A valid AE title (PS3.5 AE: 1-16 ASCII characters, no backslash or control character)."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{what} must not be empty")
    text = value.strip()
    if len(text) > 16:
        raise ConfigError(f"{what} {text!r} is longer than 16 characters")
    if any(ch == "\\" or not " " <= ch <= "~" for ch in text):
        raise ConfigError(f"{what} {text!r} may only contain printable ASCII without backslash")
    return text


def validate_port(value, what: str = "port") -> int:
    """A TCP port number 1..65535 (accepts digit strings, e.g. from the environment)."""
    try:
        port = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise ConfigError(f"{what} must be a number from 1 to 65535, not {value!r}")
    return port


def validate_bind(value) -> str:
    """The listener's bind address: an IPv4 or IPv6 address (0.0.0.0 / :: = every interface)."""
    text = str(value).strip()
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ConfigError(f"bind address {value!r} is not an IP address "
                          "(0.0.0.0 listens on every interface)") from None


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT])i?B?\s*$", re.IGNORECASE)
_UNIT_MB = {"K": 1 / 1024, "M": 1, "G": 1024, "T": 1024 * 1024}


def parse_size_mb(text: str, what: str = "free-disk threshold") -> int:
    """A size with its unit ("500 MB", "2 GB", "1.5G"; binary units) in whole megabytes.
    0 turns the check off."""
    match = _SIZE.match(str(text))
    if match is None:
        raise ConfigError(f"{what} {text!r} is not a size with a unit, such as 500 MB or 2 GB")
    return round(float(match.group(1)) * _UNIT_MB[match.group(2).upper()])


def size_text(mb: int) -> str:
    """*mb* megabytes as :func:`parse_size_mb` reads it back: "2 GB", "1536 MB"."""
    for unit, size in (("TB", 1024 * 1024), ("GB", 1024)):
        if mb and mb % size == 0:
            return f"{mb // size} {unit}"
    return f"{mb} MB"


def readable_file(path, what: str) -> str:
    """*path* (user folder expanded) if it names a file this process can read. The Settings
    dialog checks the TLS files with it; loading the settings file does not: a listener whose
    files went missing does not start and says why, rather than the settings falling back to
    defaults (a listener without TLS)."""
    text = str(path or "").strip()
    if not text:
        raise ConfigError(f"{what}: no file given")
    full = Path(text).expanduser()
    if not full.is_file():
        raise ConfigError(f"{what}: {full} does not exist or is not a file")
    if not os.access(full, os.R_OK):
        raise ConfigError(f"{what}: {full} cannot be read (permissions)")
    return str(full)


def validate_node(node: RemoteNode | WebNode) -> RemoteNode | WebNode:
    """*node* with its AE title, host, port and retrieve method checked."""
    if isinstance(node, WebNode):
        try:
            return validate_web_node(node)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    label = f"node {node.name!r}" if node.name else "node"
    host = str(node.host).strip()
    if not host or any(ch.isspace() or ch in "@/\\" for ch in host):
        raise ConfigError(f"{label}: host {node.host!r} is not a host name or address")
    if node.kind not in NODE_KINDS:
        raise ConfigError(f"{label}: kind must be 'archive' or 'printer', not {node.kind!r}")
    if node.retrieve not in RETRIEVE_METHODS:
        raise ConfigError(f"{label}: retrieve method must be 'move' or 'get', not {node.retrieve!r}")
    return replace(node, aet=validate_aet(node.aet, f"{label}: AE title"), host=host,
                   port=validate_port(node.port, f"{label}: port"))


def validate(settings: Settings) -> Settings:
    """*settings* with every field checked; raises ConfigError naming the bad one."""
    if not isinstance(settings.min_free_mb, int) or settings.min_free_mb < 0:
        raise ConfigError(f"min_free_mb must be a whole number >= 0, not {settings.min_free_mb!r}")
    names = [n.name.lower() for n in settings.nodes]
    if len(set(names)) != len(names) or "" in names:
        raise ConfigError("saved nodes need distinct, non-empty names")
    if settings.language not in LANGUAGES:
        raise ConfigError(f"language must be one of {', '.join(map(repr, LANGUAGES))}, "
                          f"not {settings.language!r}")
    return replace(
        settings,
        aet=validate_aet(settings.aet),
        port=validate_port(settings.port),
        store=Path(settings.store).expanduser(),
        bind=validate_bind(settings.bind),
        allowed_calling_aets=tuple(validate_aet(a, "allowed calling AE title")
                                   for a in settings.allowed_calling_aets),
        nodes=tuple(validate_node(n) for n in settings.nodes),
    )


# --- reading and writing ------------------------------------------------------------------

def _tls_from(data, where: str) -> TLSSettings | None:
    if data is None:
        return None
    if not isinstance(data, dict) or set(data) - {"cert", "key", "ca"}:
        raise ConfigError(f"{where}: tls must be an object with cert, key and/or ca")
    return TLSSettings(**{k: str(v) for k, v in data.items() if v})


def _node_from(name: str, data) -> RemoteNode | WebNode:
    if not isinstance(data, dict):
        raise ConfigError(f"node {name!r} must be an object with aet, host and port")
    if data.get("kind") == WebNode.kind:
        try:
            return web_node_from(name, data)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    try:
        kind = data.get("kind", "archive")
        film = FilmOptions.from_dict(data.get("film") or {}) if kind == "printer" else None
        return RemoteNode(aet=data["aet"], host=data["host"], port=data["port"], name=name,
                          retrieve=data.get("retrieve", "move"),
                          tls=_tls_from(data.get("tls"), f"node {name!r}"), kind=kind, film=film)
    except KeyError as exc:
        raise ConfigError(f"node {name!r} has no {exc.args[0]!r}") from None
    except (FilmError, TypeError) as exc:
        raise ConfigError(f"node {name!r}: {exc}") from None


def settings_from_dict(data: dict) -> Settings:
    """Settings from the JSON object of the settings file (unknown keys are ignored)."""
    if not isinstance(data, dict):
        raise ConfigError("the settings file must hold a JSON object")
    nodes = data.get("nodes") or {}
    if not isinstance(nodes, dict):
        raise ConfigError("nodes must be an object mapping names to nodes")
    allowed = data.get("allowed_calling_aets") or []
    if isinstance(allowed, str) or not isinstance(allowed, list):
        raise ConfigError("allowed_calling_aets must be a list of AE titles")
    defaults = Settings()
    return validate(Settings(
        aet=data.get("aet", defaults.aet),
        port=data.get("port", defaults.port),
        store=Path(data["store"]) if data.get("store") else defaults.store,
        bind=str(data.get("bind", defaults.bind)),
        min_free_mb=data.get("min_free_mb", defaults.min_free_mb),
        allowed_calling_aets=tuple(allowed),
        check_called_aet=data.get("check_called_aet", False) is True,
        tls=_tls_from(data.get("tls"), "listener"),
        nodes=tuple(_node_from(name, value) for name, value in nodes.items()),
        language=data.get("language", defaults.language),
    ))


def settings_to_dict(settings: Settings) -> dict:
    """The JSON object :func:`settings_from_dict` reads back."""
    def node_dict(node: RemoteNode | WebNode) -> dict:
        if isinstance(node, WebNode):
            return web_node_to_dict(node)
        out = {"aet": node.aet, "host": node.host, "port": node.port, "retrieve": node.retrieve}
        if node.kind == "printer":
            out |= {"kind": "printer", "film": (node.film or FilmOptions()).to_dict()}
        return out | ({"tls": asdict(node.tls)} if node.tls else {})

    return {
        "aet": settings.aet, "port": settings.port, "store": str(settings.store),
        "bind": settings.bind, "min_free_mb": settings.min_free_mb,
        "allowed_calling_aets": list(settings.allowed_calling_aets),
        "check_called_aet": settings.check_called_aet,
        "tls": asdict(settings.tls) if settings.tls else None,
        "nodes": {n.name: node_dict(n) for n in settings.nodes},
        "language": settings.language,
    }


def read_settings_file(path: Path | None = None) -> Settings:
    """The settings file alone (defaults when it does not exist): what an editor should change."""
    path = config_path() if path is None else Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"cannot read settings file {path}: {exc.strerror}") from None
    try:
        return settings_from_dict(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ConfigError(f"settings file {path} is not valid JSON (line {exc.lineno})") from None
    except ConfigError as exc:
        raise ConfigError(f"settings file {path}: {exc}") from None


def load_settings(path: Path | None = None, env=None) -> Settings:
    """The settings file with the environment's overrides applied."""
    env = os.environ if env is None else env
    path = config_path(env) if path is None else path
    return with_overrides(read_settings_file(path), aet=env.get("DICOM_VIEWER_AET") or None,
                          port=env.get("DICOM_VIEWER_PORT") or None,
                          store=env.get("DICOM_VIEWER_STORE") or None)


def with_overrides(settings: Settings, aet=None, port=None, store=None) -> Settings:
    """*settings* with the given (non-None) identity values replaced and validated."""
    changes = {}
    if aet is not None:
        changes["aet"] = validate_aet(aet)
    if port is not None:
        changes["port"] = validate_port(port)
    if store is not None:
        changes["store"] = Path(store).expanduser()
    return replace(settings, **changes)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Validate and write *settings* atomically; return the file written."""
    path = config_path() if path is None else Path(path)
    text = json.dumps(settings_to_dict(validate(settings)), indent=2) + "\n"
    write_atomically(path, text.encode("utf-8"))
    return path


def resolve_node(text: str, settings: Settings | None = None) -> RemoteNode | WebNode:
    """A saved node by name, an ``AET@host:port`` address or a DICOMweb service root URL."""
    settings = load_settings() if settings is None else settings
    saved = settings.node(text)
    if saved is not None:
        return saved
    if re.match(r"(?i)^https?://", text.strip()):
        try:
            return WebNode.parse(text)
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
    try:
        node = Node.parse(text)
    except ValueError:
        if "@" in text:
            _explain_address(text)
        known = ", ".join(n.name for n in settings.nodes) or "none saved"
        raise ConfigError(f"{text!r} is neither a saved node ({known}) nor AET@host:port "
                          "nor a DICOMweb URL http(s)://host[:port]/path") from None
    return validate_node(RemoteNode(node.aet, node.host, node.port))


def _explain_address(text: str) -> None:
    """Raise ConfigError saying which part of an ``AET@host:port`` attempt is wrong."""
    aet, _, address = text.strip().partition("@")
    host, _, port = address.rpartition(":")
    try:
        validate_aet(aet)
        validate_port(port)
    except ConfigError as exc:
        raise ConfigError(f"{text!r} is not AET@host:port: {exc}") from None
    if not host:
        raise ConfigError(f"{text!r} is not AET@host:port: the host is missing")
