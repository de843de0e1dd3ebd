"""The one place that chooses DIMSE or DICOMweb for a node: echo, query, retrieve, send.

A :class:`~viewer.net.dicomweb.node.WebNode` (kind ``dicomweb``) is served by QIDO-RS,
WADO-RS and STOW-RS; any other node (``AET@host:port``, a saved DIMSE node) by C-ECHO, C-FIND,
C-MOVE/C-GET and C-STORE. Callers (CLI, GUI) call these and never look at the kind themselves.
Arguments that only mean something for DIMSE (AE titles, C-MOVE destination, query root,
character set) are ignored for a DICOMweb node.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from viewer.net.dicomweb.node import WebNode


def is_web(node) -> bool:
    return isinstance(node, WebNode)


@dataclass(frozen=True)
class WebEchoResult:
    """A DICOMweb service root that answered a one-result QIDO-RS study search."""

    node: WebNode
    total_s: float

    @property
    def round_trip_s(self) -> float:  # as EchoResult's: the request/answer time
        return self.total_s

    def __str__(self) -> str:
        return f"DICOMweb {self.node}: QIDO-RS answered in {self.total_s * 1000:.1f} ms"


def echo(node, calling_aet: str, timeout: float = 30.0):
    """C-ECHO, or for DICOMweb a cheap QIDO-RS (``/studies?limit=1``)."""
    if not is_web(node):
        from viewer.net.echo import echo as c_echo
        return c_echo(node, calling_aet, timeout)
    from viewer.net.dicomweb.http import get_json, session

    node = _with_timeout(node, timeout)
    started = time.perf_counter()
    with session(node) as s:
        get_json(s, node, f"{node.url}/studies?limit=1&includefield=StudyInstanceUID",
                 "QIDO-RS echo")
    return WebEchoResult(node, time.perf_counter() - started)


def find(node, keys=None, level: str = "STUDY", *, root: str = "study", calling_aet="VIEWER",
         charset="ISO_IR 192", limit=None, cancel=None, timeout: float = 30.0,
         defaults: bool = True, on_warning=None, fuzzy: bool = False):
    """Query results as Datasets (C-FIND or QIDO-RS), yielded as they arrive."""
    if not is_web(node):
        from viewer.net.find import find as c_find
        return c_find(node, keys, level, root=root, calling_aet=calling_aet, charset=charset,
                      limit=limit, cancel=cancel, timeout=timeout, defaults=defaults,
                      on_warning=on_warning)
    from viewer.net.dicomweb.qido import search
    return search(_with_timeout(node, timeout), keys, level, limit=limit, cancel=cancel,
                  defaults=defaults, fuzzy=fuzzy)  # QIDO-RS has no partial failures to warn of


def retrieve(node, keys, level: str = "STUDY", method: str = "move", *, store_dir=None,
             on_stored=None, cancel=None, timeout: float = 30.0, **dimse):
    """RetrieveProgress steps (C-MOVE/C-GET, or WADO-RS into *store_dir*)."""
    if not is_web(node):
        from viewer.net.retrieve import retrieve as qr_retrieve
        return qr_retrieve(node, keys, level, method, store_dir=store_dir, on_stored=on_stored,
                           cancel=cancel, timeout=timeout, **dimse)
    from viewer.net.dicomweb.wado import retrieve as wado_retrieve
    if store_dir is None:
        raise ValueError("a WADO-RS retrieve needs a store folder to write into")
    return wado_retrieve(_with_timeout(node, timeout), keys, level, store_dir=store_dir,
                         on_stored=on_stored, cancel=cancel)


def send(node, paths, calling_aet: str, *, timeout: float = 30.0, cancel=None):
    """SendProgress per file (C-STORE, or STOW-RS in batches)."""
    if not is_web(node):
        from viewer.net.send import send as c_store
        return c_store(node, paths, calling_aet, timeout=timeout, cancel=cancel)
    from viewer.net.dicomweb.stow import send as stow
    return stow(_with_timeout(node, timeout), paths, cancel=cancel)


def _with_timeout(node: WebNode, timeout: float | None) -> WebNode:
    """A saved node keeps its own timeout; a bare URL takes the command's."""
    from dataclasses import replace
    if timeout is None or node.name:
        return node
    return replace(node, timeout=float(timeout))


def offers_previews(node) -> bool:
    """Whether the node's kind has preview images of series (DICOMweb: thumbnail/rendered)."""
    return is_web(node)


def series_preview(node, study_uid: str, series_uid: str, size: int = 64) -> bytes | None:
    """JPEG/PNG bytes previewing a series, or None (a DIMSE node, or a server without them)."""
    if not is_web(node):
        return None
    from viewer.net.dicomweb.rendered import series_preview as web_preview
    return web_preview(node, study_uid, series_uid, size)
