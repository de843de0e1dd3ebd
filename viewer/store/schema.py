"""The SQLite index: schema, version, and how connections are opened.

Tables follow the DICOM information model: patient 1-n study 1-n series 1-n instance. Counts
(number of series / instances, modalities in study) are kept by triggers, so they stay right
whichever statement inserts or deletes instance and series rows. ``meta`` holds the session flag
used by crash recovery, ``pending_unlink`` the files a study deletion still has to remove.

The schema is versioned with ``PRAGMA user_version``; an index written by a newer version is
refused, an older one is migrated by the functions in ``_MIGRATIONS``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA_VERSION = 1


class StoreError(Exception):
    """A store operation failed; the message says why in words a user understands."""


class StoreBusyError(StoreError):
    """Another process (or another Archive in this one) holds the store's write lock."""


class IndexVersionError(StoreError):
    """The index was written by a newer version of the viewer."""


_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE pending_unlink (path TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE patient (
    patient_key INTEGER PRIMARY KEY,
    patient_id TEXT NOT NULL,
    patient_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    sex TEXT NOT NULL,
    UNIQUE (patient_id, patient_name, birth_date)
);
CREATE TABLE study (
    study_key INTEGER PRIMARY KEY,
    study_uid TEXT NOT NULL UNIQUE,
    patient_key INTEGER NOT NULL,
    study_date TEXT NOT NULL,
    study_time TEXT NOT NULL,
    accession_number TEXT NOT NULL,
    study_description TEXT NOT NULL,
    referring_physician TEXT NOT NULL,
    study_id TEXT NOT NULL,
    modalities TEXT NOT NULL DEFAULT '',
    number_of_series INTEGER NOT NULL DEFAULT 0,
    number_of_instances INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX study_patient ON study (patient_key);
CREATE INDEX study_date ON study (study_date);
CREATE TABLE series (
    series_key INTEGER PRIMARY KEY,
    series_uid TEXT NOT NULL UNIQUE,
    study_key INTEGER NOT NULL,
    series_number INTEGER,
    modality TEXT NOT NULL,
    series_description TEXT NOT NULL,
    body_part TEXT NOT NULL,
    frame_of_reference_uid TEXT NOT NULL,
    number_of_instances INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX series_study ON series (study_key);
CREATE TABLE instance (
    instance_key INTEGER PRIMARY KEY,
    sop_instance_uid TEXT NOT NULL UNIQUE,
    series_key INTEGER NOT NULL,
    sop_class_uid TEXT NOT NULL,
    kind TEXT NOT NULL,
    instance_number INTEGER,
    number_of_frames INTEGER,
    transfer_syntax_uid TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    path TEXT NOT NULL UNIQUE
);
CREATE INDEX instance_series ON instance (series_key);
"""

# Study-level modalities: the distinct series modalities, sorted, joined with a backslash.
_MODALITIES = """(SELECT group_concat(modality, '\\') FROM (SELECT DISTINCT modality FROM series
    WHERE study_key = {key} AND modality <> '' ORDER BY modality))"""

_TRIGGERS = f"""
CREATE TRIGGER instance_added AFTER INSERT ON instance BEGIN
    UPDATE series SET number_of_instances = number_of_instances + 1
        WHERE series_key = NEW.series_key;
    UPDATE study SET number_of_instances = number_of_instances + 1
        WHERE study_key = (SELECT study_key FROM series WHERE series_key = NEW.series_key);
END;
CREATE TRIGGER instance_removed AFTER DELETE ON instance BEGIN
    UPDATE series SET number_of_instances = number_of_instances - 1
        WHERE series_key = OLD.series_key;
    UPDATE study SET number_of_instances = number_of_instances - 1
        WHERE study_key = (SELECT study_key FROM series WHERE series_key = OLD.series_key);
END;
CREATE TRIGGER series_added AFTER INSERT ON series BEGIN
    UPDATE study SET number_of_series = number_of_series + 1,
        modalities = coalesce({_MODALITIES.format(key="NEW.study_key")}, '')
        WHERE study_key = NEW.study_key;
END;
CREATE TRIGGER series_removed AFTER DELETE ON series BEGIN
    UPDATE study SET number_of_series = number_of_series - 1,
        number_of_instances = number_of_instances - OLD.number_of_instances,
        modalities = coalesce({_MODALITIES.format(key="OLD.study_key")}, '')
        WHERE study_key = OLD.study_key;
END;
"""

# Migrations from version N to N + 1, applied in order inside one transaction.
_MIGRATIONS: dict[int, str] = {}


def connect_writer(index_path: Path) -> sqlite3.Connection:
    """The single write connection: WAL, autocommit mode (transactions are explicit)."""
    try:
        conn = sqlite3.connect(index_path, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the index {index_path}: {exc}") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"cannot open the index {index_path}: {exc}") from exc
    if mode.lower() != "wal":
        conn.close()
        raise StoreError(f"the index {index_path} cannot use write-ahead logging (got {mode})")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def connect_reader(index_path: Path) -> sqlite3.Connection:
    """A read-only connection; WAL lets it read while the writer commits."""
    if not Path(index_path).is_file():
        raise StoreError(f"there is no index at {index_path}")
    uri = Path(index_path).resolve().as_uri() + "?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot read the index {index_path}: {exc}") from exc
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        _check_version(version, index_path)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.DatabaseError):
            raise StoreError(f"cannot read the index {index_path}: {exc}") from exc
        raise
    conn.row_factory = sqlite3.Row
    return conn


def ensure_schema(conn: sqlite3.Connection, index_path: Path) -> None:
    """Create the tables in a new index, migrate an old one, refuse a newer one."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot read the index {index_path}: {exc}") from exc
    _check_version(version, index_path)
    if version == SCHEMA_VERSION:
        return
    if version == 0 and tables:
        raise StoreError(f"{index_path} is an SQLite file but not a store index")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if version == 0:
            # executescript() would commit on its own: run the statements one by one.
            for statement in _statements(_TABLES + _TRIGGERS):
                conn.execute(statement)
        else:
            for step in range(version, SCHEMA_VERSION):
                for statement in _statements(_MIGRATIONS[step]):
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _check_version(version: int, index_path: Path) -> None:
    if version > SCHEMA_VERSION:
        raise IndexVersionError(
            f"the index {index_path} has schema version {version}; this viewer knows up to "
            f"{SCHEMA_VERSION} (was it written by a newer version?)")


def _statements(script: str) -> list[str]:
    """Split a DDL script into complete statements (triggers contain ';' inside BEGIN..END)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    return [s for s in statements if s]
