"""Prior studies for the hanging protocols, Qt-free: the same patient's earlier studies.

The current study is the open study with the latest Study Date; the patient's other studies
(same Patient ID, an earlier Study Date, sharing a modality with the current one) are its
priors, newest first: those open in the viewer, then those in the local archive, whose series
are read from their files (headers only). Kept small on purpose: only as many priors as a
protocol needs are read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from viewer.dicom import DicomReadError, Series, assemble_series, read_instance
from viewer.dicom.values import get_str
from viewer.store.query import StudyFilter
from viewer.viewing.hanging_match import image_series

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class StudyKey:
    """Who and when: what priors are looked up by."""

    study_uid: str
    patient_id: str
    date: str  # YYYYMMDD or ""
    modalities: frozenset[str]


def study_key(series: list[Series]) -> StudyKey:
    ds = series[0].instances[0].ds
    return StudyKey(series[0].study_instance_uid, get_str(ds, "PatientID") or "",
                    get_str(ds, "StudyDate") or "",
                    frozenset((s.modality or "").upper() for s in series))


def is_prior(key: StudyKey, other: StudyKey) -> bool:
    return (bool(key.patient_id) and other.patient_id == key.patient_id
            and other.study_uid != key.study_uid and bool(key.modalities & other.modalities)
            and (not key.date or (bool(other.date) and other.date < key.date)))


def split_studies(series: list[Series]) -> tuple[list[Series], list[list[Series]]]:
    """The current study's image series and the open priors' (newest first)."""
    studies: dict[str, list[Series]] = {}
    for s in image_series(series):
        studies.setdefault(s.study_instance_uid, []).append(s)
    if not studies:
        return [], []
    ordered = sorted(studies.values(), key=lambda s: study_key(s).date, reverse=True)
    current, key = ordered[0], study_key(ordered[0])
    return current, [s for s in ordered[1:] if is_prior(key, study_key(s))]


def archive_priors(archive, key: StudyKey, limit: int, skip: frozenset[str] = frozenset()
                   ) -> list[list[Series]]:
    """Up to *limit* priors of *key* from the archive (not those in *skip*), newest first;
    each as its image series. Files that cannot be read are left out (and logged)."""
    if not key.patient_id or limit <= 0:
        return []
    found = []
    for summary in archive.list_studies(StudyFilter(patient_id=key.patient_id)):
        other = StudyKey(summary.study_uid, summary.patient_id, summary.study_date or "",
                         frozenset(m.upper() for m in summary.modalities))
        if summary.study_uid not in skip and is_prior(key, other):
            found.append(summary.study_uid)
    return [series for series in (_read_study(archive, uid) for uid in found[:limit]) if series]


def _read_study(archive, study_uid: str) -> list[Series]:
    instances = []
    for series in archive.list_series(study_uid):
        for member in archive.list_instances(series.series_uid):
            try:
                instances.append(read_instance(member.path))
            except DicomReadError as exc:
                LOG.warning("prior study %s: %s", study_uid, exc)
    return image_series(assemble_series(instances))


def merge_priors(open_priors: list[list[Series]], stored: list[list[Series]]
                 ) -> list[list[Series]]:
    """The open priors and the archive's, newest first, each study once (the open one)."""
    seen = {p[0].study_instance_uid for p in open_priors}
    merged = open_priors + [p for p in stored if p[0].study_instance_uid not in seen]
    return sorted(merged, key=lambda s: study_key(s).date, reverse=True)
