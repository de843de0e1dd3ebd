"""QIDO-RS: search for studies, series and instances with the keys of our C-FIND.

The same keys as :func:`viewer.net.find.find` (``Keyword=Value`` strings or a mapping, the same
default return keys): a key with a value is a matching parameter, an empty one an
``includefield``. Series and instances of one study (and series) are asked under their parent's
path (``/studies/{uid}/series``), others from the top (``/series``, ``/instances``). QIDO has no
patient level: a PATIENT query asks for studies and keeps one result per patient.

Values are percent-encoded as RFC 3986 wants (``^`` -> ``%5E``, UTF-8 for anything beyond
ASCII); ``*``, ``?`` and ``,`` stay literal (allowed in a query). A UID list (C-FIND's
``1.2\\1.3``) becomes QIDO's ``1.2,1.3``. Results come page by page (``limit``/``offset``),
each yielded as soon as its page arrives, as pydicom Datasets from the DICOM JSON model
(Unicode text, SpecificCharacterSet ``ISO_IR 192``): the CLI table/JSON and the GUI's rows take
them as they take C-FIND results. Results are checked again on the client against the matching
keys (as for C-FIND), unless fuzzy matching was asked for.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

from pydicom import datadict
from pydicom.dataset import Dataset

from viewer.net.dicomweb.http import get_json, session
from viewer.net.dicomweb.node import WebNode
from viewer.net.qr_assoc import cancelled
from viewer.net.qr_match import matches
from viewer.net.query_keys import (UNIQUE_KEY, check_level, is_single_value, normalize_keys,
                                   with_defaults)
from viewer.net.common import NetworkError

PAGE_SIZE = 100
_SAFE = "*?,"  # literal in a query component (RFC 3986 sub-delims / query characters)


def search(node: WebNode, keys=None, level: str = "STUDY", *, limit: int | None = None,
           cancel=None, defaults: bool = True, fuzzy: bool = False,
           page_size: int = PAGE_SIZE) -> Iterator[Dataset]:
    """Yield the matches of *keys* at *level* (see the module text); ValueError for bad keys,
    NetworkError for what the server did."""
    level = check_level(level, "study" if level != "PATIENT" else "patient")
    user = normalize_keys(keys)
    query = with_defaults(user, level, "study" if level != "PATIENT" else "patient") \
        if defaults else dict(user)
    query.setdefault(UNIQUE_KEY[level], "")
    s = session(node)
    seen: set[tuple] = set()
    count = 0
    with s:
        for ds in _pages(s, node, level, query, fuzzy, page_size, limit, cancel):
            if not fuzzy and not matches(ds, query):
                continue
            if level == "PATIENT":
                patient = (str(ds.get("PatientID", "")), str(ds.get("PatientName", "")))
                if patient in seen:
                    continue
                seen.add(patient)
            yield ds
            count += 1
            if (limit is not None and count >= limit) or cancelled(cancel):
                return


def resource_url(node: WebNode, level: str, query: dict) -> tuple[str, dict]:
    """The resource to search at *level*, and the keys left for the query string."""
    rest = dict(query)
    study = rest.get("StudyInstanceUID", "")
    series = rest.get("SeriesInstanceUID", "")
    path = "/studies"
    if level == "SERIES":
        path = "/series"
        if is_single_value(study):
            path = f"/studies/{quote(rest.pop('StudyInstanceUID'), safe='')}/series"
    elif level == "IMAGE":
        path = "/instances"
        if is_single_value(study):
            path = f"/studies/{quote(rest.pop('StudyInstanceUID'), safe='')}"
            if is_single_value(series):
                path += f"/series/{quote(rest.pop('SeriesInstanceUID'), safe='')}"
            path += "/instances"
    return node.url + path, rest


def query_string(keys: dict, *, fuzzy: bool = False, limit: int | None = None,
                 offset: int = 0) -> str:
    """The percent-encoded query string for *keys* (see the module text)."""
    params: list[tuple[str, str]] = []
    for path, value in keys.items():
        if value == "":
            params.append(("includefield", path))
        else:
            if _is_uid(path):
                value = value.replace("\\", ",")
            params.append((path, value))
    if fuzzy:
        params.append(("fuzzymatching", "true"))
    if limit is not None:
        params.append(("limit", str(limit)))
    if offset:
        params.append(("offset", str(offset)))
    return "&".join(f"{quote(k, safe='.')}={quote(v, safe=_SAFE)}" for k, v in params)


def _is_uid(path: str) -> bool:
    try:
        return datadict.dictionary_VR(path.split(".")[-1]) == "UI"
    except KeyError:
        return False


def _pages(s, node: WebNode, level: str, query: dict, fuzzy: bool, page_size: int,
           limit: int | None, cancel) -> Iterator[Dataset]:
    """Every result, one page (``limit``/``offset``) at a time."""
    base, rest = resource_url(node, level, query)
    offset = 0
    while not cancelled(cancel):
        size = page_size if limit is None or level == "PATIENT" else min(page_size, limit - offset)
        url = f"{base}?{query_string(rest, fuzzy=fuzzy, limit=size, offset=offset)}"
        page = get_json(s, node, url, f"QIDO-RS {level.lower()} search") or []
        if not isinstance(page, list):
            raise NetworkError(f"{node}: QIDO-RS answer is not a list of results")
        for item in page:
            yield to_dataset(item, level)
        if len(page) < size or len(page) > size or (limit is not None and level != "PATIENT"
                                                    and offset + len(page) >= limit):
            return  # the last page (or a server that ignores paging and sent everything)
        offset += len(page)


def to_dataset(item: dict, level: str) -> Dataset:
    """One result of the DICOM JSON model as a Dataset (UTF-8 text, the query's level)."""
    if not isinstance(item, dict):
        raise NetworkError("QIDO-RS answer holds a result that is not a JSON object")
    try:
        ds = Dataset.from_json(item)
    except Exception as exc:  # pydicom raises several types for a malformed model
        raise NetworkError(f"QIDO-RS answer holds a malformed result: {exc}") from None
    ds.SpecificCharacterSet = "ISO_IR 192"
    ds.QueryRetrieveLevel = level
    return ds
