"""Key images: what the Key Object Selection documents (KO, PS3.3 A.35.4, TID 2010) of a study
select, matched to the frames the viewer has opened. Qt-free.

:func:`read_key_object` takes a KO's title (the root's Concept Name, e.g. "Of Interest",
"For Teaching" - CID 7010), its Key Object Description (TEXT item, concept (113012, DCM)) and its
references in the document's order: the content tree's IMAGE (and COMPOSITE/WAVEFORM) items with
their Referenced Frame Numbers, else the Current Requested Procedure Evidence Sequence.
:func:`select_key_frames` matches the KOs of a study to the frames of its image series: a
reference without frame numbers selects every frame of a multi-frame image.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from viewer.dicom import FrameRef, ObjectKind, Series
from viewer.dicom.values import get_str

__all__ = ["KeyObject", "KeyReference", "KeySelection", "read_key_object", "select_key_frames",
           "key_objects_of"]

DESCRIPTION_CODE = ("113012", "DCM")  # Key Object Description
REFERENCE_TYPES = ("IMAGE", "COMPOSITE", "WAVEFORM")


@dataclass(frozen=True)
class KeyReference:
    """One selected object; *frames* are 1-based (None: every frame)."""

    sop_class_uid: str
    sop_instance_uid: str
    frames: tuple[int, ...] | None = None


@dataclass(frozen=True)
class KeyObject:
    """A KO document as the viewer shows it."""

    sop_instance_uid: str
    title: str
    description: str
    references: tuple[KeyReference, ...]
    date: str = ""
    time: str = ""


def _meaning(item: Dataset) -> str:
    codes = item.get("ConceptNameCodeSequence") or []
    return str(codes[0].get("CodeMeaning", "")).strip() if codes else ""


def _code(item: Dataset) -> tuple[str, str]:
    codes = item.get("ConceptNameCodeSequence") or []
    if not codes:
        return "", ""
    return str(codes[0].get("CodeValue", "")).strip(), \
        str(codes[0].get("CodingSchemeDesignator", "")).strip()


def _reference(item: Dataset) -> KeyReference | None:
    refs = item.get("ReferencedSOPSequence") or []
    if not refs or not refs[0].get("ReferencedSOPInstanceUID"):
        return None
    ref = refs[0]
    value = ref.get("ReferencedFrameNumber")
    if value is None or value == "":
        frames = None
    else:
        frames = tuple(int(f) for f in (value if isinstance(value, MultiValue) else [value]))
    return KeyReference(str(ref.get("ReferencedSOPClassUID", "")),
                        str(ref.ReferencedSOPInstanceUID), frames or None)


def _evidence(ds: Dataset) -> list[KeyReference]:
    found = []
    for study in ds.get("CurrentRequestedProcedureEvidenceSequence") or []:
        for series in study.get("ReferencedSeriesSequence") or []:
            for ref in series.get("ReferencedSOPSequence") or []:
                if ref.get("ReferencedSOPInstanceUID"):
                    found.append(KeyReference(str(ref.get("ReferencedSOPClassUID", "")),
                                              str(ref.ReferencedSOPInstanceUID)))
    return found


def read_key_object(ds: Dataset) -> KeyObject:
    """The title, description and references of the KO *ds*; ValueError says what is wrong."""
    if str(ds.get("ValueType", "")).strip() != "CONTAINER":
        raise ValueError("not a key object selection: the root content item is not a CONTAINER")
    title = _meaning(ds)
    description, references = [], []
    for item in ds.get("ContentSequence") or []:
        kind = str(item.get("ValueType", "")).strip()
        if kind == "TEXT" and _code(item) == DESCRIPTION_CODE:
            description.append(str(item.get("TextValue", "")).strip())
        elif kind in REFERENCE_TYPES:
            reference = _reference(item)
            if reference is not None:
                references.append(reference)
    if not references:
        references = _evidence(ds)
    return KeyObject(
        sop_instance_uid=get_str(ds, "SOPInstanceUID") or "",
        title=title, description="\n".join(d for d in description if d),
        references=tuple(references),
        date=get_str(ds, "ContentDate") or "", time=get_str(ds, "ContentTime") or "")


def key_objects_of(instances) -> list[KeyObject]:
    """The readable KOs among *instances* (oldest first, one per SOP Instance UID: the last
    one given wins, so a rewritten document replaces its earlier version)."""
    found: dict[str, KeyObject] = {}
    for instance in instances:
        if instance.kind is not ObjectKind.KEY_OBJECT_SELECTION:
            continue
        try:
            ko = read_key_object(instance.ds)
        except (ValueError, TypeError, AttributeError):
            continue
        found[ko.sop_instance_uid or str(id(instance))] = ko
    return sorted(found.values(), key=_moment)


def _moment(ko: KeyObject) -> tuple[str, float]:
    """(Content Date, Content Time as seconds-like number: HHMMSS.ffffff, shorter times
    padded) for ordering."""
    whole, _, fraction = ko.time.partition(".")
    try:
        return ko.date, float(whole.ljust(6, "0") + "." + (fraction or "0"))
    except ValueError:
        return ko.date, 0.0


@dataclass
class KeySelection:
    """The key frames of one study, in the KOs' order, each with the KOs that select it."""

    study_instance_uid: str
    frames: list[FrameRef] = field(default_factory=list)
    objects: dict[FrameRef, list[KeyObject]] = field(default_factory=dict)
    missing: int = 0  # references to instances the viewer has not opened

    def objects_for(self, ref: FrameRef | None) -> list[KeyObject]:
        return [] if ref is None else self.objects.get(ref, [])

    def count_in(self, series: Series) -> int:
        uid = series.series_instance_uid
        return sum(1 for ref in self.frames if ref.instance.series_instance_uid == uid)

    def titles_in(self, series: Series) -> list[str]:
        """The titles of the KOs selecting frames of *series*, once each, in order."""
        uid = series.series_instance_uid
        return list(dict.fromkeys(k.title for ref in self.frames
                                  if ref.instance.series_instance_uid == uid
                                  for k in self.objects[ref] if k.title))

    def documents(self) -> list[KeyObject]:
        """The KOs that select something here, in order."""
        return list(dict.fromkeys(k for ref in self.frames for k in self.objects[ref]))


def _frames_of(instance, reference: KeyReference) -> list[FrameRef]:
    count = instance.number_of_frames
    numbers = reference.frames or range(1, count + 1)
    return [FrameRef(instance, n - 1) for n in numbers if 1 <= n <= count]


def select_key_frames(study_uid: str, key_objects: list[KeyObject],
                      series: list[Series]) -> KeySelection:
    """Match *key_objects* to the frames of the image *series* of study *study_uid*."""
    instances = {ref.instance.sop_instance_uid: ref.instance
                 for s in series if s.study_instance_uid == study_uid for ref in s.frames}
    selection = KeySelection(study_uid)
    for ko in key_objects:
        for reference in ko.references:
            instance = instances.get(reference.sop_instance_uid)
            if instance is None:
                selection.missing += 1
                continue
            for ref in _frames_of(instance, reference):
                if ref not in selection.objects:
                    selection.frames.append(ref)
                    selection.objects[ref] = []
                if ko not in selection.objects[ref]:
                    selection.objects[ref].append(ko)
    return selection
