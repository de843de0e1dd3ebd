"""Query/retrieve keys: levels, information models, default return keys, ``Keyword=Value`` parsing.

A query is a flat mapping ``{key: value}``; a key is a DICOM keyword (``PatientName``), a tag
(``00100010`` or ``(0010,0010)``) or a sequence path ``Sequence.Keyword`` (one item). An empty
value asks the archive to return the key; any other value is a matching key (PS3.4 C.2.2.2:
wildcards ``*``/``?``, ranges ``20240101-20241231``, UID lists ``1.2\\1.3``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from pydicom import datadict
from pydicom.dataset import Dataset
from pydicom.tag import Tag
from pynetdicom import sop_class

LEVELS = ("PATIENT", "STUDY", "SERIES", "IMAGE")
ROOTS = ("study", "patient")

# Levels of each information model, highest first.
HIERARCHY = {"patient": LEVELS, "study": LEVELS[1:]}

UNIQUE_KEY = {"PATIENT": "PatientID", "STUDY": "StudyInstanceUID",
              "SERIES": "SeriesInstanceUID", "IMAGE": "SOPInstanceUID"}

MODELS = {
    ("study", "find"): sop_class.StudyRootQueryRetrieveInformationModelFind,
    ("study", "move"): sop_class.StudyRootQueryRetrieveInformationModelMove,
    ("study", "get"): sop_class.StudyRootQueryRetrieveInformationModelGet,
    ("patient", "find"): sop_class.PatientRootQueryRetrieveInformationModelFind,
    ("patient", "move"): sop_class.PatientRootQueryRetrieveInformationModelMove,
    ("patient", "get"): sop_class.PatientRootQueryRetrieveInformationModelGet,
}

# Default return keys per level (the IHE Scheduled Workflow / Radiology query sets).
DEFAULT_KEYS = {
    "PATIENT": ("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
                "NumberOfPatientRelatedStudies"),
    "STUDY": ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate",
              "StudyTime", "AccessionNumber", "StudyDescription", "ModalitiesInStudy",
              "ReferringPhysicianName", "StudyID", "NumberOfStudyRelatedSeries",
              "NumberOfStudyRelatedInstances", "StudyInstanceUID"),
    "SERIES": ("Modality", "SeriesNumber", "SeriesDescription", "NumberOfSeriesRelatedInstances",
               "SeriesInstanceUID"),
    "IMAGE": ("SOPInstanceUID", "SOPClassUID", "InstanceNumber"),
}

# Where a key lives in the Q/R hierarchy (PS3.4 C.6.1.1 and C.6.2.1); others are IMAGE level.
_PATIENT = {"PatientName", "PatientID", "IssuerOfPatientID", "OtherPatientIDsSequence",
            "PatientBirthDate", "PatientBirthTime", "PatientSex", "OtherPatientNames",
            "EthnicGroup", "PatientComments", "NumberOfPatientRelatedStudies",
            "NumberOfPatientRelatedSeries", "NumberOfPatientRelatedInstances",
            "IssuerOfPatientIDQualifiersSequence", "PatientMotherBirthName"}
_STUDY = {"StudyDate", "StudyTime", "AccessionNumber", "StudyID", "StudyInstanceUID",
          "ReferringPhysicianName", "StudyDescription", "ModalitiesInStudy", "SOPClassesInStudy",
          "AnatomicRegionsInStudyCodeSequence", "NameOfPhysiciansReadingStudy",
          "AdmittingDiagnosesDescription", "PatientAge", "PatientSize", "PatientWeight",
          "Occupation", "AdditionalPatientHistory", "OtherStudyNumbers",
          "NumberOfStudyRelatedSeries", "NumberOfStudyRelatedInstances",
          "IssuerOfAccessionNumberSequence", "ProcedureCodeSequence", "InstitutionName"}
_SERIES = {"Modality", "SeriesNumber", "SeriesInstanceUID", "SeriesDescription", "SeriesDate",
           "SeriesTime", "BodyPartExamined", "Laterality", "ProtocolName",
           "PerformedProcedureStepStartDate", "PerformedProcedureStepStartTime",
           "RequestAttributesSequence", "NumberOfSeriesRelatedInstances", "OperatorsName",
           "PerformingPhysicianName", "StationName"}


def check_level(level: str, root: str) -> str:
    """The upper-case level, or ValueError when the information model has no such level."""
    if root not in ROOTS:
        raise ValueError(f"unknown query root {root!r}; use 'study' or 'patient'")
    up = str(level).upper()
    if up not in HIERARCHY[root]:
        raise ValueError(f"level {level!r} does not exist in the {root} root information model; "
                         f"use one of {', '.join(HIERARCHY[root])}")
    return up


def level_of(key: str, root: str = "study") -> str:
    """The Q/R level a key belongs to (patient keys belong to STUDY in the Study Root)."""
    top = key.split(".", 1)[0]
    if top in _PATIENT:
        return "PATIENT" if root == "patient" else "STUDY"
    if top in _STUDY:
        return "STUDY"
    if top in _SERIES:
        return "SERIES"
    return "IMAGE"


def parent_levels(level: str, root: str) -> tuple[str, ...]:
    """The levels above *level* in *root*, highest first."""
    levels = HIERARCHY[root]
    return levels[:levels.index(level)]


def keyword_of(name: str) -> str:
    """A keyword for a keyword or tag; ValueError (with suggestions) for unknown names."""
    name = name.strip()
    if datadict.tag_for_keyword(name) is not None:
        return name
    try:
        tag = Tag(name.strip("()").replace(",", "")) if not name.isidentifier() else None
    except (ValueError, TypeError, OverflowError):
        tag = None
    if tag is not None and datadict.dictionary_has_tag(tag):
        return datadict.keyword_for_tag(tag)
    close = difflib.get_close_matches(name, datadict.keyword_dict.keys(), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise ValueError(f"unknown DICOM attribute {name!r}{hint}")


def parse_key(text: str) -> tuple[str, str]:
    """``'PatientName=SMITH*'`` -> ``('PatientName', 'SMITH*')``; ``'Modality'`` -> return key."""
    name, _, value = text.partition("=")
    path = ".".join(keyword_of(part) for part in name.split("."))
    return path, value.strip()


def normalize_keys(keys: Iterable[str] | Mapping[str, object] | None) -> dict[str, str]:
    """User keys (``Keyword=Value`` strings or a mapping) as ``{path: value}``."""
    if not keys:
        return {}
    if isinstance(keys, Mapping):
        items = [(".".join(keyword_of(p) for p in str(k).split(".")), v) for k, v in keys.items()]
        return {k: _text(v) for k, v in items}
    return dict(parse_key(k) for k in keys)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "\\".join(str(v) for v in value)
    return str(value)


def with_defaults(keys: Mapping[str, str], level: str, root: str) -> dict[str, str]:
    """The user's keys plus the default return keys of *level* and the higher unique keys."""
    merged = {k: "" for k in DEFAULT_KEYS[level]}
    for upper in parent_levels(level, root):
        merged.setdefault(UNIQUE_KEY[upper], "")
    merged[UNIQUE_KEY[level]] = ""
    merged.update(keys)
    return merged


def is_single_value(value: str) -> bool:
    """A value that names exactly one entity: not empty, no wildcard, no UID list."""
    return bool(value) and not any(c in value for c in "*?\\")


def identifier(level: str, keys: Mapping[str, str], charset=None) -> Dataset:
    """The query/retrieve identifier data set for *keys* at *level*."""
    ds = Dataset()
    if charset:
        ds.SpecificCharacterSet = charset
    ds.QueryRetrieveLevel = level
    for path, value in keys.items():
        _set_path(ds, path.split("."), value)
    return ds


def _set_path(ds: Dataset, parts: list[str], value: str) -> None:
    keyword = parts[0]
    vr = datadict.dictionary_VR(keyword)
    if len(parts) > 1 or vr == "SQ":
        if vr != "SQ":
            raise ValueError(f"{keyword} is not a sequence; cannot address {'.'.join(parts)}")
        if keyword not in ds:
            ds.add_new(keyword, "SQ", [Dataset()] if len(parts) > 1 else [])
        if len(parts) > 1:
            _set_path(ds[keyword].value[0], parts[1:], value)
        return
    ds.add_new(keyword, vr.split(" or ")[0], _typed(vr, keyword, value))


def _typed(vr: str, keyword: str, value: str):
    if value == "":
        return None
    if vr in ("US", "UL", "SS", "SL", "SV", "UV"):
        try:
            return [int(v) for v in value.split("\\")] if "\\" in value else int(value)
        except ValueError:
            raise ValueError(f"{keyword} needs an integer, not {value!r}") from None
    if vr in ("FL", "FD"):
        try:
            return float(value)
        except ValueError:
            raise ValueError(f"{keyword} needs a number, not {value!r}") from None
    return value


def retrieve_keys(level: str, keys: Mapping[str, str], root: str) -> tuple[dict[str, str], list[str]]:
    """The unique keys of a C-MOVE/C-GET identifier, and the higher ones that are missing.

    ValueError when the level's own unique key is missing (a retrieve never means "all").
    """
    own = UNIQUE_KEY[level]
    if not keys.get(own):
        raise ValueError(f"a {level} retrieve needs {own}=<value>")
    chosen = {own: keys[own]}
    missing = []
    for upper in parent_levels(level, root):
        key = UNIQUE_KEY[upper]
        if is_single_value(keys.get(key, "")):
            chosen[key] = keys[key]
        else:
            missing.append(key)
    return chosen, missing
