"""WADO-RS: retrieve a study, series or instance into the store, streamed part by part.

Asked as ``multipart/related; type="application/dicom"; transfer-syntax=*`` (each instance in
the syntax the archive stores it in, never transcoded); a server that refuses that (400, 406)
is asked again for Explicit VR Little Endian. The answer is read in chunks, each part written
to its file in the store as it arrives (:class:`~viewer.net.dicomweb.part_filer.PartFiler`,
with the Storage SCP's checks: atomically at ``<store>/<Study>/<Series>/<SOP>.dcm``) and handed
to *on_stored*, then a RetrieveProgress step (method ``"wado"``) says so. Never more than the
first bytes of a part in memory. A part that is not DICOM is counted as failed, with its
reason; a body cut short leaves nothing of its last part behind and raises RetrieveError.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from viewer.net.common import NetworkError
from viewer.net.dicomweb.http import HTTPFailure, check, failures, session
from viewer.net.dicomweb.multipart import CHUNK, media_type, stream_parts
from viewer.net.dicomweb.node import WebNode
from viewer.net.dicomweb.part_filer import PartFiler
from viewer.net.qr_assoc import cancelled
from viewer.net.qr_progress import CANCEL, RetrieveError, RetrieveProgress
from viewer.net.query_keys import UNIQUE_KEY, check_level, normalize_keys
from viewer.net.scp_ingest import InstanceFiler

LOG = logging.getLogger(__name__)
ANY_SYNTAX = 'multipart/related; type="application/dicom"; transfer-syntax=*'
EXPLICIT_LE = 'multipart/related; type="application/dicom"; transfer-syntax=1.2.840.10008.1.2.1'
_WARNING = 0xB000
_DEPTH = {"STUDY": 0, "SERIES": 1, "IMAGE": 2}
_SEGMENT = {"STUDY": "studies", "SERIES": "series", "IMAGE": "instances"}


def retrieve(node: WebNode, keys, level: str = "STUDY", *, store_dir, on_stored=None,
             cancel=None) -> Iterator[RetrieveProgress]:
    """Retrieve what *keys* (StudyInstanceUID, SeriesInstanceUID, SOPInstanceUID) name at
    *level* into *store_dir*; yields a step per instance and a final step."""
    level = check_level(level, "study")
    tally = _Tally()
    store = InstanceFiler(Path(store_dir))
    store.open()
    targets = _targets(node, normalize_keys(keys), level)
    tally.expected = sum(expected_instances(node, t, level) or 0 for t in targets) or None
    with PartFiler(store, on_stored, cancel) as filer:
        for keys in targets:
            if cancelled(cancel):
                break
            try:
                yield from _retrieve_one(node, instance_url(node, keys, level), level, filer,
                                         tally, cancel)
            except Interrupted as exc:
                if cancelled(cancel):
                    raise
                yield from _retry_missing(node, keys, level, filer, tally, cancel, exc)
    yield tally.final(cancelled(cancel))


class Interrupted(RetrieveError):
    """The answer broke off (connection lost, body cut short, malformed multipart)."""


def _retry_missing(node, keys, level, filer, tally, cancel, broken: Interrupted):
    """Once, instance by instance, what *keys* name and did not arrive before *broken* (the
    instances listed by QIDO-RS); *broken* is raised again when they cannot be listed."""
    if level == "IMAGE":
        listed = [keys]
    else:
        from viewer.net.dicomweb.qido import search

        query = {k: keys[k] for k in ("StudyInstanceUID", "SeriesInstanceUID")[:_DEPTH[level] + 1]}
        query.update({"SeriesInstanceUID": query.get("SeriesInstanceUID", ""),
                      "SOPInstanceUID": ""})
        try:
            listed = [{k: str(ds.get(k, "")) for k in query}
                      for ds in search(node, query, "IMAGE", defaults=False)]
        except NetworkError:
            raise broken from None
    missing = [i for i in listed if i["SOPInstanceUID"] not in tally.stored]
    LOG.warning("%s; asking again for the %d instances not received", broken, len(missing))
    yield tally.progress(f"{broken}; asking again for the {len(missing)} instances not received")
    for instance in missing:
        if cancelled(cancel):
            return
        yield from _retrieve_one(node, instance_url(node, instance, "IMAGE"), "IMAGE", filer,
                                 tally, cancel)


def _targets(node: WebNode, keys: dict, level: str) -> list[dict]:
    """One key set per entity to retrieve (a UID list names several), with the parents' UIDs,
    asked by QIDO-RS when not given (a series named by its SeriesInstanceUID alone)."""
    own = UNIQUE_KEY[level]
    if not keys.get(own):
        raise ValueError(f"a {level} retrieve needs {own}=<value>")
    uppers = [UNIQUE_KEY[up] for up in ("STUDY", "SERIES", "IMAGE")[:_DEPTH[level]]]
    if all(keys.get(k) and "\\" not in keys[k] for k in uppers):
        return [{**keys, own: uid} for uid in dict.fromkeys(keys[own].split("\\")) if uid]
    from viewer.net.dicomweb.qido import search

    query = {k: keys.get(k, "") for k in uppers} | {own: keys[own]}
    found = [{k: str(ds.get(k, "")) for k in query}
             for ds in search(node, query, level, defaults=False)]
    if not found:
        raise RetrieveError(f"{node} has nothing matching {own}={keys[own]}")
    return found


_COUNT = {"STUDY": "NumberOfStudyRelatedInstances", "SERIES": "NumberOfSeriesRelatedInstances"}


def expected_instances(node: WebNode, keys: dict, level: str) -> int | None:
    """How many instances *keys* name, by QIDO-RS (None when the server does not say): the
    Transfers' remaining count and percentage."""
    if level == "IMAGE":
        return 1
    from viewer.net.dicomweb.qido import search

    query = {k: keys[k] for k in ("StudyInstanceUID", "SeriesInstanceUID")[:_DEPTH[level] + 1]}
    try:
        found = list(search(node, {**query, _COUNT[level]: ""}, level, defaults=False, limit=1))
        return int(found[0].get(_COUNT[level])) if found else None
    except (NetworkError, TypeError, ValueError):
        return None  # only a hint for the progress


def _retrieve_one(node, url, level, filer, tally, cancel):
    what = f"WADO-RS {level.lower()} retrieve"
    with session(node) as s:
        with failures(node, what):
            response = _ask(s, node, url, level)
        with response:
            kind, params = media_type(response.headers.get("Content-Type", ""))
            if kind != "multipart/related" or not params.get("boundary"):
                raise RetrieveError(f"{node}: WADO-RS answered {kind or 'no content type'}, "
                                    "not multipart/related")
            try:
                with failures(node, what):
                    for outcome in stream_parts(response.iter_content(CHUNK),
                                                params["boundary"], filer, cancel):
                        yield tally.step(outcome)
            except NetworkError as exc:
                text = str(exc) if str(exc).startswith(str(node)) else f"{node}: {exc}"
                raise Interrupted(f"{text} ({tally.words()})", None, tally.progress()) from None


def instance_url(node: WebNode, keys: dict, level: str) -> str:
    """The WADO-RS resource of *level* named by *keys*; ValueError for a missing UID."""
    path = ""
    for up in ("STUDY", "SERIES", "IMAGE"):
        uid = keys.get(UNIQUE_KEY[up], "")
        if not uid or any(c in uid for c in "*?\\,"):
            raise ValueError(f"a {level} retrieve from a DICOMweb node needs one "
                             f"{UNIQUE_KEY[up]}=<value>")
        path += f"/{_SEGMENT[up]}/{quote(uid, safe='')}"
        if up == level:
            return node.url + path
    raise ValueError(f"unknown level {level}")


def _ask(s, node: WebNode, url: str, level: str):
    """The streamed answer, in the stored syntax or else Explicit VR Little Endian."""
    what = f"WADO-RS {level.lower()} retrieve"
    response = s.get(url, headers={"Accept": ANY_SYNTAX}, stream=True, timeout=node.timeout)
    if response.status_code in (400, 406):
        response.close()
        LOG.info("%s refused transfer-syntax=*; asking for Explicit VR Little Endian", node)
        response = s.get(url, headers={"Accept": EXPLICIT_LE}, stream=True,
                         timeout=node.timeout)
    try:
        return check(response, node, what)
    except HTTPFailure as exc:
        raise RetrieveError(str(exc), None, None) from None


class _Tally:
    """Counts of a WADO-RS retrieve, as RetrieveProgress steps."""

    def __init__(self) -> None:
        self.completed = self.failed = 0
        self.expected: int | None = None
        self.failed_uids: list[str] = []
        self.stored: set[str] = set()  # SOP Instance UIDs in the store (also duplicates)
        self.last_problem = ""

    def step(self, outcome: tuple[bool, str, str]) -> RetrieveProgress:
        ok, uid, problem = outcome
        if ok:
            self.completed += 1
            self.stored.add(uid)
        else:
            self.failed += 1
            self.last_problem = problem
            if uid:
                self.failed_uids.append(uid)
        return self.progress(problem)

    def progress(self, message: str = "") -> RetrieveProgress:
        return RetrieveProgress("wado", completed=self.completed, failed=self.failed,
                                remaining=self._remaining(), message=message)

    def _remaining(self) -> int | None:
        if self.expected is None:
            return None
        return max(0, self.expected - self.completed - self.failed)

    def words(self) -> str:
        return f"{self.completed} instances stored, {self.failed} failed"

    def final(self, was_cancelled: bool) -> RetrieveProgress:
        status = CANCEL if was_cancelled else (_WARNING if self.failed else 0x0000)
        message = "cancelled" if was_cancelled else (
            f"{self.failed} instances not stored; last: {self.last_problem}" if self.failed
            else "success")
        return RetrieveProgress("wado", kind="final", completed=self.completed,
                                failed=self.failed, status=status, message=message,
                                remaining=0 if not was_cancelled else self._remaining(),
                                failed_uids=tuple(self.failed_uids))
