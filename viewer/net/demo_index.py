"""What the demo archive holds: the headers of its files, matched like a Q/R SCP would. Qt-free.

Matching follows PS3.4 C.2.2.2 through :func:`viewer.net.qr_match.matches` (wildcards, date
ranges, UID lists, any PN component group); the attributes an archive computes (ModalitiesInStudy,
NumberOfStudyRelatedSeries, SOPClassesInStudy, ...) are computed here. Every response is encoded
in UTF-8 (``ISO_IR 192``) whatever the files' own character sets.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydicom import dcmread
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue
from pydicom.valuerep import PersonName

from viewer.net.qr_match import matches

LEVEL_KEY = {"PATIENT": "PatientID", "STUDY": "StudyInstanceUID",
             "SERIES": "SeriesInstanceUID", "IMAGE": "SOPInstanceUID"}
_SKIP = {"QueryRetrieveLevel", "SpecificCharacterSet"}


@dataclass(frozen=True)
class Record:
    """One file: where it is and its header (no pixel data), values decoded."""

    path: Path
    header: Dataset

    def get(self, keyword: str) -> str:
        value = self.header.get(keyword)
        if value is None:
            return ""
        if isinstance(value, (list, tuple, MultiValue)):
            return "\\".join(str(v) for v in value)
        return str(value)


class DemoIndex:
    """The records of a folder of DICOM files (read once)."""

    def __init__(self, files) -> None:
        self.records: list[Record] = []
        seen = set()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for path in files:
                header = dcmread(path, stop_before_pixels=True)
                uid = str(header.get("SOPInstanceUID", ""))
                if uid and uid not in seen:
                    seen.add(uid)
                    self.records.append(Record(Path(path), header))

    # --- C-FIND --------------------------------------------------------------------------------

    def find(self, identifier: Dataset, cancelled=lambda: False) -> Iterator[Dataset]:
        """Responses to a C-FIND *identifier* (its QueryRetrieveLevel decides the entities)."""
        level = str(identifier.get("QueryRetrieveLevel", "STUDY")).upper()
        if level not in LEVEL_KEY:
            raise ValueError(f"unknown QueryRetrieveLevel {level!r}")
        keywords = [e.keyword for e in identifier if e.keyword and e.keyword not in _SKIP]
        query = _query(identifier)
        for group in self._groups(level):
            if cancelled():
                return
            response = self._response(level, group, keywords)
            if _has_values(response, query) and matches(response, query):
                yield response

    def _groups(self, level: str) -> list[list[Record]]:
        groups: dict[str, list[Record]] = {}
        for record in self.records:
            groups.setdefault(record.get(LEVEL_KEY[level]), []).append(record)
        return list(groups.values())

    def _response(self, level: str, group: list[Record], keywords: list[str]) -> Dataset:
        first = group[0]
        ds = Dataset()
        ds.SpecificCharacterSet = "ISO_IR 192"
        ds.QueryRetrieveLevel = level
        for keyword in keywords:
            computed = _computed(keyword, group)
            value = computed if computed is not None else first.header.get(keyword)
            if keyword in first.header and computed is None:
                elem = first.header[keyword]
                if elem.VR == "SQ":
                    continue
            try:
                setattr(ds, keyword, _plain(value))
            except (TypeError, ValueError):
                setattr(ds, keyword, "")
        return ds

    # --- C-MOVE / C-GET ------------------------------------------------------------------------

    def select(self, identifier: Dataset) -> list[Record]:
        """The files a C-MOVE/C-GET *identifier* designates (its unique keys)."""
        query = _query(identifier)
        if not query:
            return []
        return [r for r in self.records if matches(r.header, query)]


def _has_values(ds: Dataset, query: dict) -> bool:
    """A record with no value for a matching key does not match it (an archive's reading of
    PS3.4 C.2.2.2; the client-side check in qr_match is lenient on purpose)."""
    return all(str(ds.get(keyword, "") or "").strip() for keyword in query)


def _plain(value):
    """*value* with person names as plain text, so they are re-encoded in UTF-8."""
    if value is None:
        return ""
    if isinstance(value, PersonName):
        return str(value)
    if isinstance(value, (list, tuple, MultiValue)):
        return [str(v) if isinstance(v, PersonName) else v for v in value]
    return value


def _query(identifier: Dataset) -> dict[str, str]:
    """The matching keys of an identifier as ``{keyword: text}`` (empty values are not keys)."""
    query = {}
    for elem in identifier:
        if not elem.keyword or elem.keyword in _SKIP or elem.VR == "SQ":
            continue
        value = elem.value
        if isinstance(value, (list, tuple, MultiValue)):
            text = "\\".join(str(v) for v in value)
        else:
            text = "" if value is None else str(value)
        if text.strip():
            query[elem.keyword] = text
    return query


def _computed(keyword: str, group: list[Record]):
    """The value of an attribute the archive computes over the entity's instances, or None."""
    def distinct(key: str) -> list[str]:
        return list(dict.fromkeys(r.get(key) for r in group if r.get(key)))

    if keyword == "ModalitiesInStudy":
        return distinct("Modality")
    if keyword == "SOPClassesInStudy":
        return distinct("SOPClassUID")
    if keyword in ("NumberOfStudyRelatedInstances", "NumberOfSeriesRelatedInstances",
                   "NumberOfPatientRelatedInstances"):
        return str(len(group))
    if keyword in ("NumberOfStudyRelatedSeries", "NumberOfPatientRelatedSeries"):
        return str(len(distinct("SeriesInstanceUID")))
    if keyword == "NumberOfPatientRelatedStudies":
        return str(len(distinct("StudyInstanceUID")))
    return None
