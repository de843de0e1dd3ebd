"""Read-side queries for the study browser, the query panel and the CLI.

All functions take a connection opened by :func:`viewer.store.schema.connect_reader` and return
plain frozen dataclasses (``dataclasses.asdict`` gives JSON-ready dicts). Text filters use DICOM
wildcards (``*`` any run, ``?`` one character), match case-insensitively and match the whole
value; a patient name also matches when one of its component groups (alphabetic, ideographic,
phonetic, separated by ``=``) matches, and ``^`` and spaces are interchangeable.
"""

from __future__ import annotations

import datetime
import functools
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class StudySummary:
    study_uid: str
    patient_name: str
    patient_id: str
    birth_date: str
    sex: str
    study_date: str
    study_time: str
    accession_number: str
    study_description: str
    referring_physician: str
    study_id: str
    modalities: tuple[str, ...]
    number_of_series: int
    number_of_instances: int


@dataclass(frozen=True)
class SeriesSummary:
    series_uid: str
    study_uid: str
    series_number: int | None
    modality: str
    series_description: str
    body_part: str
    frame_of_reference_uid: str
    number_of_instances: int


@dataclass(frozen=True)
class InstanceSummary:
    sop_instance_uid: str
    series_uid: str
    sop_class_uid: str
    kind: str
    instance_number: int | None
    number_of_frames: int | None
    transfer_syntax_uid: str
    file_size: int
    path: Path  # absolute
    in_store: bool  # False: indexed in place, outside the store folder


@dataclass(frozen=True)
class StudyFilter:
    """Empty fields do not filter. Dates are YYYYMMDD (or datetime.date), both ends included."""

    patient_name: str = ""
    patient_id: str = ""
    date_from: str | datetime.date = ""
    date_to: str | datetime.date = ""
    modality: str = ""
    description: str = ""
    accession_number: str = ""
    limit: int | None = field(default=None)


_STUDY_COLUMNS = """study_uid, patient_name, patient_id, birth_date, sex, study_date, study_time,
    accession_number, study_description, referring_physician, study_id, modalities,
    number_of_series, number_of_instances"""


def list_studies(conn: sqlite3.Connection, study_filter: StudyFilter | None = None
                 ) -> list[StudySummary]:
    """Studies matching *study_filter*, newest first. ValueError on a malformed date."""
    f = study_filter or StudyFilter()
    where, params = [], []
    for column, pattern in (("patient_id", f.patient_id), ("study_description", f.description),
                            ("accession_number", f.accession_number)):
        if pattern:
            where.append(f"dicom_match(?, {column}, 0)")
            params.append(pattern)
    if f.patient_name:
        where.append("dicom_match(?, patient_name, 1)")
        params.append(f.patient_name)
    for op, value in ((">=", f.date_from), ("<=", f.date_to)):
        if value:
            where.append(f"study_date {op} ?")
            params.append(_dicom_date(value))
    if f.modality:
        where.append("EXISTS (SELECT 1 FROM series WHERE series.study_key = study.study_key "
                     "AND upper(series.modality) = upper(?))")
        params.append(f.modality.strip())
    sql = (f"SELECT {_STUDY_COLUMNS} FROM study JOIN patient USING (patient_key)"
           + (" WHERE " + " AND ".join(where) if where else "")
           + " ORDER BY study_date DESC, study_time DESC, patient_name, study_uid")
    if f.limit is not None:
        sql += " LIMIT ?"
        params.append(int(f.limit))
    _register_functions(conn)
    return [_study(row) for row in conn.execute(sql, params)]


def get_study(conn: sqlite3.Connection, study_uid: str) -> StudySummary | None:
    row = conn.execute(f"SELECT {_STUDY_COLUMNS} FROM study JOIN patient USING (patient_key) "
                       "WHERE study_uid = ?", (study_uid,)).fetchone()
    return _study(row) if row is not None else None


def list_series(conn: sqlite3.Connection, study_uid: str) -> list[SeriesSummary]:
    """The series of a study, by series number."""
    rows = conn.execute(
        "SELECT series_uid, study_uid, series_number, modality, series_description, body_part, "
        "frame_of_reference_uid, series.number_of_instances FROM series JOIN study "
        "USING (study_key) WHERE study_uid = ? "
        "ORDER BY series_number IS NULL, series_number, series_uid", (study_uid,))
    return [SeriesSummary(*row) for row in rows]


def list_instances(conn: sqlite3.Connection, store_dir: Path, series_uid: str
                   ) -> list[InstanceSummary]:
    """The instances of a series, by instance number; paths made absolute."""
    rows = conn.execute(
        "SELECT sop_instance_uid, series_uid, sop_class_uid, kind, instance_number, "
        "number_of_frames, transfer_syntax_uid, file_size, path FROM instance JOIN series "
        "USING (series_key) WHERE series_uid = ? "
        "ORDER BY instance_number IS NULL, instance_number, sop_instance_uid", (series_uid,))
    return [_instance(row, Path(store_dir)) for row in rows]


def find_instance(conn: sqlite3.Connection, store_dir: Path, sop_instance_uid: str
                  ) -> InstanceSummary | None:
    """The instance with *sop_instance_uid* (e.g. one an SR references), or None."""
    row = conn.execute(
        "SELECT sop_instance_uid, series_uid, sop_class_uid, kind, instance_number, "
        "number_of_frames, transfer_syntax_uid, file_size, path FROM instance JOIN series "
        "USING (series_key) WHERE sop_instance_uid = ?", (sop_instance_uid,)).fetchone()
    return None if row is None else _instance(row, Path(store_dir))


def count_instances(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM instance").fetchone()[0]


def _study(row) -> StudySummary:
    values = list(row)
    values[11] = tuple(m for m in values[11].split("\\") if m)
    return StudySummary(*values)


def _instance(row, store_dir: Path) -> InstanceSummary:
    *values, stored = list(row)
    path = Path(stored)
    in_store = not path.is_absolute()
    return InstanceSummary(*values, path=store_dir / path if in_store else path, in_store=in_store)


def _dicom_date(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%Y%m%d")
    text = str(value).strip()
    try:
        datetime.datetime.strptime(text, "%Y%m%d")
    except ValueError:
        raise ValueError(f"{text!r} is not a date (expected YYYYMMDD)") from None
    return text


def _register_functions(conn: sqlite3.Connection) -> None:
    conn.create_function("dicom_match", 3, _dicom_match, deterministic=True)


def _dicom_match(pattern: str, value: str | None, is_person_name: int) -> bool:
    value = value or ""
    regex = _wildcard_regex(pattern, bool(is_person_name))
    if not is_person_name:
        return regex.fullmatch(value) is not None
    candidates = [value, *value.split("=")]
    return any(regex.fullmatch(_person_name_words(c)) for c in candidates)


@functools.lru_cache(maxsize=64)
def _wildcard_regex(pattern: str, is_person_name: bool) -> re.Pattern:
    if is_person_name:
        pattern = _person_name_words(pattern)
    parts = [".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern.strip()]
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def _person_name_words(text: str) -> str:
    """'Doe^John^^^' -> 'Doe John': components as words, empty trailing ones dropped."""
    return " ".join(text.replace("^", " ").split())
