"""A structured report or key object selection as a document (PS3.3 A.35). Qt-free.

:func:`read_document` gives an :class:`SRDocument`: title (the root Concept Name), the kind
(SOP class name), patient/study header, completion and verification flags with the verifying
observers, the observation context of the root (its HAS OBS CONTEXT children) and the content
tree (:mod:`.sr_content`). :func:`format_report` is the text of ``dicom-viewer report``: header
lines, a blank line, then one line per content item, two spaces of indent per nesting level.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.uid import UID

from viewer.dicom.errors import DicomReadError
from viewer.dicom.kinds import ObjectKind, classify_sop_class
from viewer.dicom.names import format_person_name
from viewer.dicom.sr_content import ContentItem, content_tree

__all__ = ["SRDocument", "VerifyingObserver", "document_from_dataset", "format_item",
           "format_report", "read_document"]


@dataclass(frozen=True)
class VerifyingObserver:
    name: str
    organization: str
    datetime: str


@dataclass
class SRDocument:
    title: str
    sop_class: str  # e.g. "Comprehensive SR Storage"
    sop_instance_uid: str
    patient_name: str = ""
    patient_id: str = ""
    study_description: str = ""
    study_date: str = ""
    accession_number: str = ""
    series_description: str = ""
    content_datetime: str = ""
    completion_flag: str = ""  # COMPLETE/PARTIAL; empty for a KO (it has none)
    completion_description: str = ""
    verification_flag: str = ""  # VERIFIED/UNVERIFIED
    verifying_observers: list[VerifyingObserver] = field(default_factory=list)
    root: ContentItem | None = None

    @property
    def observation_context(self) -> list[ContentItem]:
        """The root's HAS OBS CONTEXT items (observer, subject, procedure)."""
        return [c for c in self.root.children if c.relationship == "HAS OBS CONTEXT"]

    def problems(self) -> list[tuple[str, str]]:
        """(position, problem) of every malformed item; positions as in Referenced Content Item
        Identifier ("1.2.3", the root is "1")."""
        found = []

        def visit(item: ContentItem, position: str) -> None:
            if item.problem:
                found.append((position, item.problem))
            for index, child in enumerate(item.children, 1):
                visit(child, f"{position}.{index}")

        visit(self.root, "1")
        return found

    def referenced_instances(self) -> list[str]:
        """SOP Instance UIDs of every referenced object, each once, in document order."""
        seen: dict[str, None] = {}
        for _depth, item in self.root.walk():
            for reference in item.references:
                seen.setdefault(reference.sop_instance_uid)
        return list(seen)

    def header_lines(self) -> list[tuple[str, str]]:
        """(label, value) pairs of the document header, empty values left out."""
        observers = "; ".join(", ".join(p for p in (o.datetime, o.name, o.organization) if p)
                              for o in self.verifying_observers)
        completion = " ".join(p for p in (self.completion_flag, self.completion_description) if p)
        rows = [("Document", self.sop_class), ("Title", self.title),
                ("Patient", " ".join(p for p in (self.patient_name,
                                                 f"({self.patient_id})" if self.patient_id
                                                 else "") if p)),
                ("Study", " ".join(p for p in (self.study_date, self.study_description) if p)),
                ("Accession", self.accession_number), ("Series", self.series_description),
                ("Completion", completion), ("Verification", self.verification_flag),
                ("Verified by", observers), ("Content date/time", self.content_datetime)]
        return [(label, value) for label, value in rows if value]

    def to_json(self) -> dict:
        header = {"title": self.title, "sop_class": self.sop_class,
                  "sop_instance_uid": self.sop_instance_uid, "patient_name": self.patient_name,
                  "patient_id": self.patient_id, "study_description": self.study_description,
                  "study_date": self.study_date, "accession_number": self.accession_number,
                  "series_description": self.series_description,
                  "content_datetime": self.content_datetime,
                  "completion_flag": self.completion_flag,
                  "completion_description": self.completion_description,
                  "verification_flag": self.verification_flag,
                  "verifying_observers": [vars(o) for o in self.verifying_observers]}
        return {**header, "content": self.root.to_json()}


def read_document(path: str | os.PathLike[str]) -> SRDocument:
    """Read the SR or KO at *path*; :class:`DicomReadError` when it is none or unreadable."""
    from viewer.dicom.instance import read_instance

    instance = read_instance(path)
    return document_from_dataset(instance.ds, os.fspath(path))


def document_from_dataset(ds: Dataset, path: str = "") -> SRDocument:
    kind = classify_sop_class(ds.get("SOPClassUID"), "PixelData" in ds)
    if kind not in (ObjectKind.STRUCTURED_REPORT, ObjectKind.KEY_OBJECT_SELECTION) \
            or ds.get("ValueType") != "CONTAINER":
        raise DicomReadError(path or "<data set>",
                             "is not a structured report or key object selection "
                             "(no SR document content)")
    root = content_tree(ds)
    return SRDocument(
        title=root.concept, sop_class=_class_name(ds), sop_instance_uid=_text(ds, "SOPInstanceUID"),
        patient_name=format_person_name(ds.get("PatientName")),
        patient_id=_text(ds, "PatientID"), study_description=_text(ds, "StudyDescription"),
        study_date=_text(ds, "StudyDate"), accession_number=_text(ds, "AccessionNumber"),
        series_description=_text(ds, "SeriesDescription"),
        content_datetime=" ".join(p for p in (_text(ds, "ContentDate"),
                                              _text(ds, "ContentTime")) if p),
        completion_flag=_text(ds, "CompletionFlag"),
        completion_description=_text(ds, "CompletionFlagDescription"),
        verification_flag=_text(ds, "VerificationFlag"),
        verifying_observers=[VerifyingObserver(format_person_name(o.get("VerifyingObserverName")),
                                               _text(o, "VerifyingOrganization"),
                                               _text(o, "VerificationDateTime"))
                             for o in ds.get("VerifyingObserverSequence") or ()],
        root=root)


def format_item(item: ContentItem) -> str:
    """``concept: value`` (the relationship in front where it is not CONTAINS)."""
    value = item.value
    if item.value_type == "NUM" and item.unit:
        value = f"{value} {item.unit}"
    if item.value_type == "CONTAINER":
        value = ""
    value = value.replace("\r", "\\r").replace("\n", "\\n")  # one line per item
    if item.problem:
        value = " ".join(p for p in (value, f"[{item.problem}]") if p)
    text = f"{item.concept}: {value}" if item.concept and value else item.concept or value
    prefix = item.relationship if item.relationship not in ("", "CONTAINS") else ""
    if item.by_reference:
        prefix = " ".join(p for p in (prefix, f"(by reference {item.by_reference})") if p)
    return " ".join(p for p in (f"[{prefix}]" if prefix else "", item.value_type, text) if p)


def format_report(document: SRDocument) -> str:
    lines = [f"{label}: {value}" for label, value in document.header_lines()]
    lines.append("")
    lines += ["  " * depth + format_item(item) for depth, item in document.root.walk()]
    return "\n".join(lines)


def _class_name(ds: Dataset) -> str:
    uid = str(ds.get("SOPClassUID", "") or "")
    return UID(uid).name if uid else ""


def _text(ds: Dataset, keyword: str) -> str:
    value = ds.get(keyword)
    return "" if value is None else str(value).strip()
