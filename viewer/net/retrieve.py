"""Retrieve a study, series or instance by C-MOVE (to us) or C-GET, falling back to C-GET.

``retrieve(...)`` yields RetrieveProgress steps. With ``method='move'`` and our own AE title as
the destination, a move the archive refuses before any instance was sent (dcmqrscp 0xA801
"destination unknown" or 0xA702, Orthanc 0xC000 for an unknown or unreachable destination), or
our Storage SCP failing to listen, is followed by one ``kind='fallback'`` step whose message says
why, and the same retrieve by C-GET. A three-device move (another destination) never falls back.

Missing higher-level unique keys (a SERIES retrieve given only SeriesInstanceUID) are looked up
with a C-FIND first; entities under different parents are then retrieved one group at a time,
each group ending with its own final step.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from viewer.net.common import NetworkError, Node, describe_status
from viewer.net.find import find
from viewer.net.get import get
from viewer.net.move import DestinationUnavailable, move
from viewer.net.qr_assoc import DEFAULT_TIMEOUT, cancelled
from viewer.net.qr_progress import RetrieveError, RetrieveProgress
from viewer.net.query_keys import (UNIQUE_KEY, check_level, normalize_keys, parent_levels,
                                   retrieve_keys)

LOG = logging.getLogger(__name__)
METHODS = ("move", "get")


def retrieve(node: Node, keys, level: str = "STUDY", method: str = "move", *,
             store_dir=None, calling_aet: str = "VIEWER", destination: str | None = None,
             root: str = "study", ensure_destination=None, on_stored=None, cancel=None,
             timeout: float = DEFAULT_TIMEOUT) -> Iterator[RetrieveProgress]:
    """Retrieve what *keys* identify at *level* (see the module text). *store_dir* is where a
    C-GET writes; without it a refused move cannot fall back."""
    if method not in METHODS:
        raise ValueError(f"unknown retrieve method {method!r}; use 'move' or 'get'")
    level = check_level(level, root)
    common = dict(calling_aet=calling_aet, root=root, cancel=cancel, timeout=timeout)
    for group in _groups(node, normalize_keys(keys), level, common):
        if cancelled(cancel):
            return
        if method == "get":
            yield from _get(node, group, level, store_dir, on_stored, common)
        else:
            yield from _move_or_get(node, group, level, store_dir, destination,
                                    ensure_destination, on_stored, common)


def _groups(node, user: dict, level: str, common: dict) -> list[dict]:
    """Identifiers with every higher-level unique key, found by C-FIND when not given."""
    chosen, missing = retrieve_keys(level, user, common["root"])
    if not missing:
        return [chosen]
    keys = {**chosen, **{k: "" for k in missing}}
    groups: dict[tuple, list[str]] = {}
    for ds in find(node, keys, level, defaults=False, **common):
        parents = tuple(str(ds.get(UNIQUE_KEY[up], "")) for up in parent_levels(level, common["root"]))
        groups.setdefault(parents, []).append(str(ds.get(UNIQUE_KEY[level], "")))
    if not groups:
        raise NetworkError(f"{node.aet} has nothing matching {_shown(chosen)}")
    uppers = [UNIQUE_KEY[up] for up in parent_levels(level, common["root"])]
    return [{**dict(zip(uppers, parents)), UNIQUE_KEY[level]: "\\".join(dict.fromkeys(uids))}
            for parents, uids in groups.items()]


def _shown(keys: dict) -> str:
    return ", ".join(f"{k}={v}" for k, v in keys.items())


def _get(node, keys, level, store_dir, on_stored, common) -> Iterator[RetrieveProgress]:
    if store_dir is None:
        raise ValueError("a C-GET needs a store folder to write into")
    classes = _sop_classes_in_study(node, keys, common) if level != "PATIENT" else []
    yield from get(node, keys, level, store_dir=store_dir, sop_classes=classes,
                   on_stored=on_stored, **common)


def _sop_classes_in_study(node, keys: dict, common: dict) -> list[str]:
    """SOPClassesInStudy when the archive returns it (Orthanc does, dcmqrscp does not).

    Asked without a limit: a study query by its unique key has one match anyway, and a limit
    would send a C-CANCEL that crosses the archive's final response (PixelMed then aborts the
    association instead of releasing it)."""
    study = keys.get("StudyInstanceUID", "")
    if not study or "\\" in study:
        return []
    query = {"StudyInstanceUID": study, "SOPClassesInStudy": ""}
    if common["root"] == "patient":
        query["PatientID"] = keys.get("PatientID", "")
    try:
        found = list(find(node, query, "STUDY", defaults=False, **common))
    except NetworkError as exc:
        LOG.info("no SOP Classes in Study from %s (%s): proposing the defaults", node, exc)
        return []  # only a hint for the presentation contexts
    value = found[0].get("SOPClassesInStudy") if found else None
    if not value:
        return []
    return [str(v) for v in (value if isinstance(value, (list, tuple)) or
                             type(value).__name__ == "MultiValue" else [value])]


def _move_or_get(node, keys, level, store_dir, destination, ensure_destination, on_stored,
                 common) -> Iterator[RetrieveProgress]:
    ours = destination in (None, common["calling_aet"])
    try:
        yield from move(node, keys, level, destination=destination,
                        ensure_destination=ensure_destination, **common)
        return
    except RetrieveError as exc:
        if not ours or store_dir is None or not _refused(exc):
            raise
        reason = f"C-MOVE to {common['calling_aet']} refused: {describe_status(exc.status, 'move')}"
    except DestinationUnavailable as exc:
        if store_dir is None:
            raise
        reason = str(exc)
    if cancelled(common["cancel"]):
        return
    yield RetrieveProgress("get", kind="fallback", message=f"{reason}; retrieving by C-GET instead")
    yield from _get(node, keys, level, store_dir, on_stored, common)


def _refused(exc: RetrieveError) -> bool:
    """The archive refused the move before sending anything (unknown or unreachable us)."""
    done = exc.progress
    return exc.status is not None and (done is None or (done.completed == 0 and done.warning == 0))
