"""The other studies of a patient: in the local archive and on an archive (C-FIND/QIDO-RS).

Both are found by Patient ID (0010,0020) alone, compared exactly: two patients with the same
name are different patients, one patient with the same ID on two dates is the same. A query
with an empty Patient ID would match every patient, so a study without one has no priors.

- Local: the index (``Archive.list_studies(patient_id=...)``).
- An archive: a STUDY-level C-FIND (Study Root) or QIDO-RS study search with PatientID as the
  one matching key and the default return keys (:mod:`viewer.net.query_keys`); answers whose
  Patient ID is not exactly the one asked (an archive matching wildcards in it, say) are left out.
  When the archive does not return ModalitiesInStudy (dcmqrscp), the modalities come from one
  SERIES-level query on the Patient ID (level by level where the archive wants the Study
  Instance UID), so a prior sharing a modality can still be preferred.

:func:`merge` lists each study once, newest first, saying where it is; :func:`default_prior`
picks the one "Compare with prior" uses when the reader chose none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace


@dataclass(frozen=True)
class OtherStudy:
    """One study of the patient, local or on the archive (or both)."""

    study_uid: str
    patient_id: str
    patient_name: str = ""
    study_date: str = ""  # YYYYMMDD
    study_time: str = ""
    description: str = ""
    modalities: tuple[str, ...] = ()
    series: int | None = None
    instances: int | None = None
    local: bool = False
    remote: bool = False  # on the archive searched

    @property
    def when(self) -> str:
        return (self.study_date or "") + (self.study_time or "")


def local_studies(archive, patient_id: str) -> list[OtherStudy]:
    """The studies of *patient_id* in the local archive."""
    if not patient_id.strip():
        return []
    from viewer.store.query import StudyFilter

    return [OtherStudy(s.study_uid, s.patient_id, s.patient_name or "", s.study_date or "",
                       s.study_time or "", s.study_description or "", tuple(s.modalities),
                       s.number_of_series, s.number_of_instances, local=True)
            for s in archive.list_studies(StudyFilter(patient_id=patient_id))
            if s.patient_id == patient_id]


def remote_studies(node, patient_id: str, calling_aet: str, *, cancel=None,
                   timeout: float = 30.0) -> list[OtherStudy]:
    """The studies of *patient_id* on *node* (raises NetworkError as the query does)."""
    if not patient_id.strip():
        return []
    from viewer.net.charset import decode_all
    from viewer.net.nodes import find

    found = []
    for ds in find(node, {"PatientID": patient_id}, "STUDY", calling_aet=calling_aet,
                   cancel=cancel, timeout=timeout):
        decode_all(ds)
        if str(ds.get("PatientID", "") or "") != patient_id or not ds.get("StudyInstanceUID"):
            continue
        found.append(OtherStudy(
            str(ds.StudyInstanceUID), patient_id, str(ds.get("PatientName", "") or ""),
            str(ds.get("StudyDate", "") or ""), str(ds.get("StudyTime", "") or ""),
            str(ds.get("StudyDescription", "") or ""), _modalities(ds.get("ModalitiesInStudy")),
            _count(ds.get("NumberOfStudyRelatedSeries")),
            _count(ds.get("NumberOfStudyRelatedInstances")), remote=True))
    if any(not s.modalities for s in found):
        found = _with_modalities(found, node, patient_id, calling_aet, cancel, timeout)
    return found


def _with_modalities(found: list[OtherStudy], node, patient_id: str, calling_aet: str, cancel,
                     timeout: float) -> list[OtherStudy]:
    """The studies' modalities from a SERIES query on the Patient ID (for an archive that does
    not return ModalitiesInStudy); left unknown when that query fails."""
    from viewer.net.common import NetworkError
    from viewer.net.nodes import find

    by_study: dict[str, set[str]] = {}
    try:
        for ds in find(node, {"PatientID": patient_id, "Modality": ""}, "SERIES",
                       calling_aet=calling_aet, cancel=cancel, timeout=timeout,
                       on_warning=lambda _text: None):
            if ds.get("Modality"):
                by_study.setdefault(str(ds.get("StudyInstanceUID", "")), set()).add(
                    str(ds.Modality))
    except NetworkError:
        return found
    return [s if s.modalities else replace(s, modalities=tuple(sorted(
        by_study.get(s.study_uid, ())))) for s in found]


def _modalities(value) -> tuple[str, ...]:
    if value is None or value == "":
        return ()
    values = [value] if isinstance(value, str) else list(value)
    return tuple(str(v) for v in values if str(v))


def _count(value) -> int | None:
    try:
        return None if value in (None, "") else int(value)
    except (TypeError, ValueError):
        return None


def merge(local: list[OtherStudy], remote: list[OtherStudy]) -> list[OtherStudy]:
    """Each study once (local and remote flags joined; the local counts kept), newest first."""
    by_uid = {s.study_uid: s for s in local}
    for study in remote:
        known = by_uid.get(study.study_uid)
        by_uid[study.study_uid] = replace(known, remote=True) if known else study
    return sorted(by_uid.values(), key=lambda s: (s.when, s.study_uid), reverse=True)


def others(studies: list[OtherStudy], current_uid: str) -> list[OtherStudy]:
    return [s for s in studies if s.study_uid != current_uid]


def default_prior(studies: list[OtherStudy], current_uid: str, current_when: str = "",
                  modalities=()) -> OtherStudy | None:
    """The study to compare with: the newest one older than the current study (the newest
    other one when none is older), one sharing a modality with it first."""
    candidates = others(studies, current_uid)
    older = [s for s in candidates if current_when and s.when and s.when < current_when]
    pool = older or candidates
    wanted = {m.upper() for m in modalities}
    sharing = [s for s in pool if wanted & {m.upper() for m in s.modalities}]
    chosen = sharing or pool
    return max(chosen, key=lambda s: (s.when, s.study_uid)) if chosen else None


def lookup(archive, node, patient_id: str, calling_aet: str, *, cancel):
    """Worker: yields the local studies of the patient at once, then (with a *node*) the
    merged list once the archive answered; a failed archive query is yielded as a str (the
    local list stays)."""
    local = local_studies(archive, patient_id) if archive is not None else []
    yield merge(local, [])
    if node is None or cancel.is_set():
        return
    from viewer.net.common import NetworkError

    try:
        remote = remote_studies(node, patient_id, calling_aet, cancel=cancel)
    except (NetworkError, ValueError) as exc:
        yield str(exc)
        return
    if not cancel.is_set():
        yield merge(local, remote)
