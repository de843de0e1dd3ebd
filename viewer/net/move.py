"""C-MOVE SCU: our own AE or a third AE the archive knows as the destination.

``move(...)`` yields a RetrieveProgress per pending response (remaining/completed/failed/warning)
and a final one. The instances themselves reach the destination's Storage SCP on a separate
association opened by the archive; when that destination is ours, the caller passes
``ensure_destination``, a callable that makes sure our Storage SCP is listening (the
application starts it in-process if it is not already running). *timeout* bounds connecting;
the next response is awaited up to ``RETRIEVE_RESPONSE_TIMEOUT`` (10 min), since an archive need
not send pending responses. *cancel* is checked between responses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from viewer.net.charset import query_charset
from viewer.net.common import NetworkError, Node
from viewer.net.qr_assoc import (DEFAULT_TIMEOUT, RETRIEVE_RESPONSE_TIMEOUT, association,
                                 cancelled)
from viewer.net.qr_progress import RetrieveProgress, follow
from viewer.net.query_keys import (MODELS, check_level, identifier, normalize_keys,
                                   retrieve_keys)


class DestinationUnavailable(NetworkError):
    """Our Storage SCP could not be made to listen (``ensure_destination`` failed)."""


def retrieve_identifier(keys, level: str, root: str):
    """The C-MOVE/C-GET identifier: the unique keys of *level* and above (ValueError if any is
    missing: ``viewer.net.retrieve`` looks missing higher-level keys up first)."""
    chosen, missing = retrieve_keys(level, normalize_keys(keys), root)
    if missing:
        raise ValueError(f"a {level} retrieve in the {root} root needs {', '.join(missing)} too")
    return identifier(level, chosen, query_charset(chosen.values()))


MOVE_PROGRESS_PACE_S = 0.01


def move(node: Node, keys, level: str = "STUDY", *, destination: str | None = None,
         calling_aet: str = "VIEWER", root: str = "study",
         ensure_destination: Callable[[], object] | None = None, cancel=None,
         timeout: float = DEFAULT_TIMEOUT) -> Iterator[RetrieveProgress]:
    """Move what *keys* identify at *level* to *destination* (default: *calling_aet*, us).

    Raises ValueError for incomplete keys, NetworkError when the association fails or our SCP
    cannot listen, RetrieveError (a NetworkError) for a failure status.
    """
    level = check_level(level, root)
    request = retrieve_identifier(keys, level, root)
    destination = destination or calling_aet
    if cancelled(cancel):
        return
    if ensure_destination is not None:
        _ensure(ensure_destination, destination)
    model = MODELS[(root, "move")]
    wait = max(timeout, RETRIEVE_RESPONSE_TIMEOUT)
    with association(node, calling_aet, [(model, [])], timeout=timeout,
                     response_timeout=wait) as assoc:
        _pace_progress(assoc)
        responses = assoc.send_c_move(request, destination, model, msg_id=1)
        yield from follow(assoc, "move", responses, model, cancel, wait)


def _pace_progress(assoc) -> None:
    """Read the archive's responses at most every MOVE_PROGRESS_PACE_S: a C-MOVE brings one
    pending response per instance (700/s from Orthanc), each taking the GIL from our own Storage
    SCP when it receives in this process, and a person reads far fewer. Pending responses read
    together are folded into the latest (scu_dimse.ProgressQueue); the final one waits at most
    that long. Not for C-GET, whose instances come on the same association."""
    if hasattr(assoc.dul, "read_pace"):
        assoc.dul.read_pace = MOVE_PROGRESS_PACE_S


def _ensure(ensure_destination: Callable[[], object], destination: str) -> None:
    try:
        ensure_destination()
    except Exception as exc:
        raise DestinationUnavailable(
            f"our Storage SCP ({destination}) is not listening: {exc}") from exc
