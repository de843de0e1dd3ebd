"""Row operations on the write connection (used only on the index writer thread).

Patient, study and series rows are created by the first instance that names them ("first
wins": later instances never rewrite them). An instance row is replaced when the same SOP
Instance UID is indexed again ("last wins"). A series that already belongs to another study is
refused. Empty series, studies and patients are removed as soon as their last child goes.
"""

from __future__ import annotations

import contextlib
import sqlite3

from viewer.store.header import HeaderError, InstanceHeader

# Cached UID -> key maps are dropped beyond this size (and after any delete or rollback).
_CACHE_LIMIT = 20000


class IndexRows:
    """Writes rows through one connection and remembers which studies changed."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._study_keys: dict[str, int] = {}
        self._series_keys: dict[str, tuple[int, str]] = {}
        self.changed_studies: set[str] = set()
        self.removed_studies: set[str] = set()

    @contextlib.contextmanager
    def transaction(self, durable: bool = False):
        """BEGIN IMMEDIATE .. COMMIT; ROLLBACK (and forget cached keys) on any exception.

        *durable* commits with ``synchronous = FULL`` (survives power loss, not only a crash).
        """
        if durable:
            self.conn.execute("PRAGMA synchronous = FULL")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            self.forget()
            raise
        finally:
            if durable:
                self.conn.execute("PRAGMA synchronous = NORMAL")

    def forget(self) -> None:
        """Drop cached keys (after a rollback or a delete they may be stale)."""
        self._study_keys.clear()
        self._series_keys.clear()

    def take_changes(self) -> tuple[frozenset[str], frozenset[str]]:
        """(changed, removed) study UIDs since the last call."""
        back = {uid for uid in self.removed_studies if self.conn.execute(
            "SELECT 1 FROM study WHERE study_uid = ?", (uid,)).fetchone()}
        removed = frozenset(self.removed_studies - back)
        changed = frozenset((self.changed_studies | back) - removed)
        self.changed_studies.clear()
        self.removed_studies.clear()
        return changed, removed

    # -- instances --------------------------------------------------------------------------

    def upsert_instance(self, header: InstanceHeader, path: str, file_size: int) -> None:
        """Insert or replace the row of *header*'s SOP instance, stored at *path*."""
        self._drop_other_owner_of(path, header.sop_instance_uid)
        series_key = self._series_key(header)
        values = (series_key, header.sop_class_uid, header.kind, header.instance_number,
                  header.number_of_frames, header.transfer_syntax_uid, file_size, path)
        row = self.conn.execute(
            "SELECT instance_key, series_key FROM instance WHERE sop_instance_uid = ?",
            (header.sop_instance_uid,)).fetchone()
        if row is not None and row[1] == series_key:
            self.conn.execute(
                "UPDATE instance SET series_key = ?, sop_class_uid = ?, kind = ?, "
                "instance_number = ?, number_of_frames = ?, transfer_syntax_uid = ?, "
                "file_size = ?, path = ? WHERE instance_key = ?", (*values, row[0]))
        else:
            if row is not None:  # the same SOP instance moved to another series
                self._delete_instances([row[0]])
                series_key = self._series_key(header)
            self.conn.execute(
                "INSERT INTO instance (series_key, sop_class_uid, kind, instance_number, "
                "number_of_frames, transfer_syntax_uid, file_size, path, sop_instance_uid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (*values, header.sop_instance_uid))
        self.changed_studies.add(header.study_uid)

    def try_upsert(self, header: InstanceHeader, path: str, file_size: int) -> str | None:
        """upsert_instance inside a savepoint: None when done, else the reason it was not."""
        self.conn.execute("SAVEPOINT instance")
        try:
            self.upsert_instance(header, path, file_size)
        except (HeaderError, sqlite3.Error, ValueError) as exc:
            self.conn.execute("ROLLBACK TO instance")
            self.conn.execute("RELEASE instance")
            self.forget()
            return str(exc) if isinstance(exc, HeaderError) else f"index refused the row: {exc}"
        self.conn.execute("RELEASE instance")
        return None

    def remove_paths(self, paths) -> int:
        """Delete the instance rows stored at *paths*; returns how many rows went."""
        keys = []
        for path in paths:
            row = self.conn.execute(
                "SELECT instance_key FROM instance WHERE path = ?", (path,)).fetchone()
            if row is not None:
                keys.append(row[0])
        self._delete_instances(keys)
        return len(keys)

    def has_instance(self, sop_instance_uid: str) -> bool:
        return self.conn.execute("SELECT 1 FROM instance WHERE sop_instance_uid = ?",
                                 (sop_instance_uid,)).fetchone() is not None

    # -- studies ------------------------------------------------------------------------------

    def remove_study(self, study_uid: str) -> list[str]:
        """Delete a study's rows; returns the stored paths of its instances."""
        rows = self.conn.execute(
            "SELECT instance_key, path FROM instance JOIN series USING (series_key) "
            "JOIN study USING (study_key) WHERE study_uid = ?", (study_uid,)).fetchall()
        self._delete_instances([key for key, _ in rows])
        return [path for _, path in rows]

    # -- internals ----------------------------------------------------------------------------

    def _drop_other_owner_of(self, path: str, sop_instance_uid: str) -> None:
        """A file now holding another instance than its row says: the old row goes."""
        row = self.conn.execute(
            "SELECT instance_key FROM instance WHERE path = ? AND sop_instance_uid <> ?",
            (path, sop_instance_uid)).fetchone()
        if row is not None:
            self._delete_instances([row[0]])

    def _delete_instances(self, instance_keys: list[int]) -> None:
        if not instance_keys:
            return
        series_keys = set()
        for key in instance_keys:
            row = self.conn.execute(
                "DELETE FROM instance WHERE instance_key = ? RETURNING series_key",
                (key,)).fetchone()
            if row is not None:
                series_keys.add(row[0])
        self.forget()
        self._prune(series_keys)

    def _prune(self, series_keys: set[int]) -> None:
        """Remove emptied series, then emptied studies, then patients without studies."""
        study_keys = set()
        for key in series_keys:
            row = self.conn.execute(
                "SELECT study_key, study_uid FROM series JOIN study USING (study_key) "
                "WHERE series_key = ?", (key,)).fetchone()
            if row is None:
                continue
            study_keys.add(row[0])
            self.changed_studies.add(row[1])
            self.conn.execute(
                "DELETE FROM series WHERE series_key = ? AND number_of_instances <= 0", (key,))
        for key in study_keys:
            row = self.conn.execute(
                "DELETE FROM study WHERE study_key = ? AND number_of_series <= 0 "
                "RETURNING study_uid, patient_key", (key,)).fetchone()
            if row is None:
                continue
            self.removed_studies.add(row[0])
            self.conn.execute(
                "DELETE FROM patient WHERE patient_key = ? AND NOT EXISTS "
                "(SELECT 1 FROM study WHERE patient_key = ?)", (row[1], row[1]))

    def _series_key(self, h: InstanceHeader) -> int:
        cached = self._series_keys.get(h.series_uid)
        if cached is None:
            row = self.conn.execute(
                "SELECT series_key, study_uid FROM series JOIN study USING (study_key) "
                "WHERE series_uid = ?", (h.series_uid,)).fetchone()
            if row is None:
                row = (self._insert_series(h), h.study_uid)
            cached = self._remember(self._series_keys, h.series_uid, (row[0], row[1]))
        if cached[1] != h.study_uid:
            raise HeaderError(f"series {h.series_uid} already belongs to study {cached[1]}, "
                              f"not {h.study_uid}")
        return cached[0]

    def _insert_series(self, h: InstanceHeader) -> int:
        return self.conn.execute(
            "INSERT INTO series (series_uid, study_key, series_number, modality, "
            "series_description, body_part, frame_of_reference_uid) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (h.series_uid, self._study_key(h), h.series_number, h.modality,
             h.series_description, h.body_part, h.frame_of_reference_uid)).lastrowid

    def _study_key(self, h: InstanceHeader) -> int:
        key = self._study_keys.get(h.study_uid)
        if key is None:
            row = self.conn.execute(
                "SELECT study_key FROM study WHERE study_uid = ?", (h.study_uid,)).fetchone()
            key = row[0] if row is not None else self.conn.execute(
                "INSERT INTO study (study_uid, patient_key, study_date, study_time, "
                "accession_number, study_description, referring_physician, study_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (h.study_uid, self._patient_key(h), h.study_date, h.study_time,
                 h.accession_number, h.study_description, h.referring_physician,
                 h.study_id)).lastrowid
            self._remember(self._study_keys, h.study_uid, key)
        return key

    def _patient_key(self, h: InstanceHeader) -> int:
        identity = (h.patient_id, h.patient_name, h.birth_date)
        row = self.conn.execute(
            "SELECT patient_key FROM patient WHERE patient_id = ? AND patient_name = ? "
            "AND birth_date = ?", identity).fetchone()
        if row is not None:
            return row[0]
        return self.conn.execute(
            "INSERT INTO patient (patient_id, patient_name, birth_date, sex) VALUES (?, ?, ?, ?)",
            (*identity, h.sex)).lastrowid

    @staticmethod
    def _remember(cache: dict, uid: str, value):
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[uid] = value
        return value
