"""C-FIND SCU: Study Root and Patient Root, PATIENT/STUDY/SERIES/IMAGE levels.

``find(...)`` is a generator: each matching result is yielded as its pending response arrives.
Archives that answer only strictly hierarchically (DCMTK dcmqrscp: a SERIES query needs the
StudyInstanceUID) refuse a query without the higher-level unique keys; the query is then run level
by level (studies first, then the series of each study, ...), each result carrying the attributes
of its parents - what a radiologist expects from "all CT series of patient X". Results are
checked again on the client against the matching keys (archives ignore some of them, dcmqrscp
ModalitiesInStudy; for that key the modalities of studies are then found from their series).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from pydicom.dataset import Dataset

from viewer.net.charset import decode_all, query_charset
from viewer.net.common import NetworkError, Node
from viewer.net.qr_assoc import DEFAULT_TIMEOUT, association, cancelled, failure_text
from viewer.net.qr_match import matches
from viewer.net.query_keys import (HIERARCHY, MODELS, UNIQUE_KEY, check_level, identifier,
                                   is_single_value, level_of, normalize_keys, parent_levels,
                                   with_defaults)
from viewer.net.scu_find import PENDING, final_response_waiting, send_find

LOG = logging.getLogger(__name__)
_NOT_MERGED = {"QueryRetrieveLevel", "SpecificCharacterSet"}
_PLURAL = {"PATIENT": "patients", "STUDY": "studies", "SERIES": "series", "IMAGE": "images"}


class QueryFailed(NetworkError):
    """The archive answered a C-FIND with a failure status."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


def find(node: Node, keys=None, level: str = "STUDY", *, root: str = "study",
         calling_aet: str = "VIEWER", charset="ISO_IR 192", limit: int | None = None,
         cancel=None, timeout: float = DEFAULT_TIMEOUT, defaults: bool = True,
         on_warning=None) -> Iterator[Dataset]:
    """Yield the matches of *keys* (``Keyword=Value`` strings or a mapping) at *level*.

    *defaults* adds the level's default return keys. *limit* stops (C-CANCEL) after that many
    results; so does *cancel* (``threading.Event``) once set. Raises ValueError for bad keys and
    NetworkError (``QueryFailed`` for a failure status) for what the network or archive did.
    Values are converted by pydicom on first access (leniently: a malformed value warns, it does
    not raise); a GUI worker can call ``charset.decode_all(ds)`` to do it before handing a
    result to the GUI thread.

    Walking level by level, a parent without a usable unique key is skipped and a failed
    sub-query costs only its own branch: both are told to *on_warning* (a callable taking one
    sentence; default: logged), and the results found elsewhere still come.
    """
    level = check_level(level, root)
    user = normalize_keys(keys)
    query = with_defaults(user, level, root) if defaults else dict(user)
    query.setdefault(UNIQUE_KEY[level], "")
    spec = query_charset(query.values(), charset)
    model = MODELS[(root, "find")]
    with association(node, calling_aet, [(model, [])], timeout=timeout) as assoc:
        search = _Search(assoc, model, root, spec, cancel, limit)
        search.warn = on_warning or LOG.warning
        yield from search.run(level, query)


def to_json(ds: Dataset) -> dict:
    """A result in the DICOM JSON model (PS3.18 F.2); an element whose value cannot be
    represented (an IS of ``many``) is left out, not fatal."""
    return ds.to_json_dict(suppress_invalid_tags=True)


class _Search:
    """One association's worth of C-FIND requests for one user query."""

    def __init__(self, assoc, model, root, charset, cancel, limit):
        self.assoc, self.model, self.root, self.charset = assoc, model, root, charset
        self.cancel, self.limit = cancel, limit
        self.msg_id, self.count, self.full = 0, 0, False
        self.warn = LOG.warning

    def stopped(self) -> bool:
        return self.full or cancelled(self.cancel)

    def run(self, level: str, query: dict) -> Iterator[Dataset]:
        fill = level == "STUDY" and bool(query.get("ModalitiesInStudy"))
        unfilled = []
        for ds in self.search(level, query):
            if fill and not ds.get("ModalitiesInStudy"):
                unfilled.append(ds)
            elif matches(ds, query):
                yield from self._emit(ds)
        for ds in unfilled:
            if self.stopped():
                return
            if self._fill_modalities(ds) and matches(ds, query):
                yield from self._emit(ds)

    def _emit(self, ds: Dataset) -> Iterator[Dataset]:
        if self.stopped():
            return
        self.count += 1
        self.full = self.limit is not None and self.count >= self.limit
        yield ds

    def search(self, level: str, keys: dict) -> Iterator[Dataset]:
        """Results of one query; level by level when the archive wants the parents' keys."""
        got = 0
        try:
            for ds in self.c_find(level, keys):
                got += 1
                yield ds
        except QueryFailed as exc:
            missing = self._missing_parents(level, keys)
            if got or not missing:
                raise
            LOG.info("%s; querying %s level first (the archive wants %s)", exc,
                     parent_levels(level, self.root)[-1], ", ".join(missing))
            yield from self._level_by_level(level, keys)

    def _missing_parents(self, level: str, keys: dict) -> list[str]:
        return [UNIQUE_KEY[up] for up in parent_levels(level, self.root)
                if not is_single_value(keys.get(UNIQUE_KEY[up], ""))]

    def _level_by_level(self, level: str, keys: dict) -> Iterator[Dataset]:
        levels = HIERARCHY[self.root]
        parent = parent_levels(level, self.root)[-1]
        upper = {k: v for k, v in keys.items()
                 if levels.index(level_of(k, self.root)) <= levels.index(parent)}
        own = {k: v for k, v in keys.items() if k not in upper}
        upper.update({UNIQUE_KEY[up]: upper.get(UNIQUE_KEY[up], "")
                      for up in parent_levels(level, self.root) if UNIQUE_KEY[up] not in upper})
        parents = [p for p in self.search(parent, upper) if matches(p, upper)]
        for found in parents:
            if self.stopped():
                return
            child = self._child_keys(level, own, found)
            if child is not None:
                yield from self._branch(level, child, found)

    def _child_keys(self, level: str, own: dict, found: Dataset) -> dict | None:
        """The sub-query for the children of *found*, or None (said why) when *found* has no
        unique key to ask with: an empty or multi-valued one would match every parent, or be
        refused (0xA900), sinking the whole query."""
        child = dict(own)
        for up in parent_levels(level, self.root):
            value = str(found.get(UNIQUE_KEY[up], "") or "")
            if not value or not is_single_value(value):
                self.warn(f"skipped a {up.lower()} without a {UNIQUE_KEY[up]} "
                          f"({_described(found)}): its {_PLURAL[level]} cannot be asked for")
                return None
            child[UNIQUE_KEY[up]] = value
        return child

    def _branch(self, level: str, child: dict, found: Dataset) -> Iterator[Dataset]:
        """The children of one parent; a failure costs this branch only, reported."""
        try:
            for ds in self.c_find(level, child):
                yield _merged(ds, found)
        except QueryFailed as exc:
            self.warn(f"{_PLURAL[level]} of {_described(found)} not listed: {exc}")

    def _fill_modalities(self, study: Dataset) -> bool:
        """ModalitiesInStudy (and NumberOfStudyRelatedSeries) from the study's series. False
        for a study without a Study Instance UID (left out: it cannot be checked, nor
        retrieved); a study whose series query fails stays unfilled, as the archive matched it.
        Both are reported."""
        keys = {"StudyInstanceUID": str(study.get("StudyInstanceUID", "") or ""), "Modality": ""}
        if not is_single_value(keys["StudyInstanceUID"]):
            self.warn(f"skipped a study without a StudyInstanceUID ({_described(study)}): its "
                      f"modalities cannot be asked for")
            return False
        if self.root == "patient":
            keys["PatientID"] = str(study.get("PatientID", ""))
        try:
            series = list(self.c_find("SERIES", keys))
        except QueryFailed as exc:
            self.warn(f"modalities of {_described(study)} not known: {exc}")
            return True
        study.ModalitiesInStudy = sorted({str(s.Modality) for s in series if s.get("Modality")})
        if not study.get("NumberOfStudyRelatedSeries"):
            study.NumberOfStudyRelatedSeries = str(len(series))
        return True

    def c_find(self, level: str, keys: dict) -> Iterator[Dataset]:
        """One C-FIND request; C-CANCEL as soon as the search is stopped."""
        if self.stopped():
            return
        self.msg_id += 1
        request = identifier(level, keys, self.charset)
        responses = send_find(self.assoc, request, self.model, msg_id=self.msg_id)
        sent_cancel = False
        for code, status, found, problem in responses:
            if code is None:
                raise NetworkError(f"C-FIND: {problem}")
            if code not in PENDING:
                if code in (0x0000, 0xFE00) or (code & 0xF000) == 0xB000:
                    return
                raise QueryFailed(failure_text("find", code, status), code)
            if sent_cancel:
                continue  # draining what was already on its way
            if found is None:
                LOG.warning("C-FIND: skipped a pending response whose identifier was unreadable")
                continue
            yield found
            if self.stopped():
                if not final_response_waiting(self.assoc):
                    self.assoc.send_c_cancel(self.msg_id, query_model=self.model)
                sent_cancel = True


def _described(ds: Dataset) -> str:
    """A parent result in words for a warning: its unique keys and patient."""
    parts = [f"{k}={ds.get(k)}" for k in ("PatientID", "StudyInstanceUID", "SeriesInstanceUID",
                                          "StudyDescription", "StudyDate") if ds.get(k)]
    return ", ".join(parts) or "no identifying attributes"


def _merged(child: Dataset, parent: Dataset) -> Dataset:
    """*child* plus the attributes of its *parent* result it does not have itself."""
    decode_all(child)  # each decoded with its own character set before they mix
    for elem in decode_all(parent):
        if elem.keyword not in _NOT_MERGED and elem.tag not in child:
            child.add(elem)
    if "SpecificCharacterSet" in parent or "SpecificCharacterSet" in child:
        child.SpecificCharacterSet = "ISO_IR 192"  # every value is decoded text by now
    return child
