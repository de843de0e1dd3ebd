"""The content tree of a structured report (PS3.3 C.17.3), as plain values. Qt-free.

:func:`content_tree` turns the root of an SR document (its Concept Name, Value Type CONTAINER
and Content Sequence) into a :class:`ContentItem` tree in document order. Text comes decoded in
the document's Specific Character Set (pydicom hands every nested item the data set's
encoding). A by-reference item (Referenced Content Item Identifier) is resolved to the item it
points at, without that item's children, so a reference cycle cannot loop. A malformed item
(unknown value type, missing value, dangling reference) keeps its place with ``problem`` set.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataset import Dataset
from pydicom.uid import UID

from viewer.dicom.names import format_person_name

__all__ = ["ContentItem", "Reference", "content_tree", "code_meaning"]

VALUE_TYPES = frozenset({"CONTAINER", "TEXT", "CODE", "NUM", "DATE", "TIME", "DATETIME",
                         "PNAME", "UIDREF", "IMAGE", "COMPOSITE", "WAVEFORM", "SCOORD",
                         "SCOORD3D", "TCOORD", "TABLE"})
_REFERENCE_TYPES = ("IMAGE", "COMPOSITE", "WAVEFORM")


@dataclass(frozen=True)
class Reference:
    """A referenced SOP instance (IMAGE/COMPOSITE/WAVEFORM items, PS3.3 C.18.3-C.18.5)."""

    sop_class_uid: str
    sop_instance_uid: str
    frames: tuple[int, ...] = ()  # 1-based Referenced Frame Number; empty: all frames

    @property
    def sop_class_name(self) -> str:
        return UID(self.sop_class_uid).name if self.sop_class_uid else ""


@dataclass
class ContentItem:
    """One content item. ``value`` is its display value (see :func:`item_value`)."""

    value_type: str
    relationship: str  # "" for the root
    concept: str  # Concept Name code meaning ("" when the item has none)
    value: str = ""
    unit: str = ""  # NUM: the unit's code value (UCUM, e.g. "mm")
    unit_meaning: str = ""
    references: tuple[Reference, ...] = ()
    graphic_type: str = ""  # SCOORD/SCOORD3D graphic type, TCOORD temporal range type
    graphic_data: tuple[float, ...] = ()
    frame_of_reference_uid: str = ""  # SCOORD3D
    by_reference: str = ""  # "1.2.1": this item stands for the item at that position
    observation_datetime: str = ""
    problem: str = ""
    children: list[ContentItem] = field(default_factory=list)

    def walk(self, depth: int = 0):
        """(depth, item) for this item and its descendants, in document order."""
        yield depth, self
        for child in self.children:
            yield from child.walk(depth + 1)

    def to_json(self) -> dict:
        out = {"value_type": self.value_type, "relationship": self.relationship,
               "concept": self.concept, "value": self.value}
        if self.unit:
            out["unit"] = self.unit
        if self.references:
            out["references"] = [{"sop_class_uid": r.sop_class_uid,
                                  "sop_instance_uid": r.sop_instance_uid,
                                  "frames": list(r.frames)} for r in self.references]
        if self.graphic_type:
            out["graphic_type"] = self.graphic_type
            out["graphic_data"] = list(self.graphic_data)
        for key in ("frame_of_reference_uid", "by_reference", "problem"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        if self.children:
            out["children"] = [child.to_json() for child in self.children]
        return out


def code_meaning(sequence) -> str:
    """The Code Meaning of the first item of a code sequence ("" when absent)."""
    if not sequence:
        return ""
    return str(getattr(sequence[0], "CodeMeaning", "") or "")


def content_tree(ds: Dataset) -> ContentItem:
    """The document's content tree; its root is the document's own CONTAINER."""
    root = _item(ds, "")
    _resolve_references(root)
    return root


def _item(ds: Dataset, relationship: str) -> ContentItem:
    reference = getattr(ds, "ReferencedContentItemIdentifier", None)
    if reference is not None and not ds.get("ValueType"):
        ids = reference if hasattr(reference, "__iter__") else [reference]
        return ContentItem("", relationship, "", by_reference=".".join(str(int(i)) for i in ids))
    value_type = str(getattr(ds, "ValueType", "") or "")
    item = ContentItem(value_type, relationship, code_meaning(ds.get("ConceptNameCodeSequence")),
                       observation_datetime=str(ds.get("ObservationDateTime", "") or ""))
    if value_type not in VALUE_TYPES:
        item.problem = f"unknown value type {value_type!r}" if value_type else "no value type"
    else:
        try:
            _fill(item, ds)
        except (AttributeError, IndexError, KeyError, ValueError, TypeError):
            item.problem = f"{value_type} item without a valid value"
    for child in ds.get("ContentSequence") or ():
        item.children.append(_item(child, str(getattr(child, "RelationshipType", "") or "")))
    return item


def _fill(item: ContentItem, ds: Dataset) -> None:
    """Set the item's value from the attributes of its value type (PS3.3 C.18, Content Item
    Macros; e.g. Table C.18.1-1 for NUM)."""
    vt = item.value_type
    if vt == "CONTAINER":
        item.value = str(ds.get("ContinuityOfContent", "") or "")
    elif vt == "TEXT":
        item.value = str(ds.TextValue)
    elif vt == "CODE":
        item.value = code_meaning(ds.ConceptCodeSequence) or ds.ConceptCodeSequence[0].CodeValue
    elif vt == "NUM":
        _fill_num(item, ds)
    elif vt in ("DATE", "TIME", "DATETIME"):
        item.value = str(ds[{"DATE": "Date", "TIME": "Time", "DATETIME": "DateTime"}[vt]].value)
    elif vt == "PNAME":
        item.value = format_person_name(ds.PersonName)
    elif vt == "UIDREF":
        item.value = str(ds.UID)
    elif vt in _REFERENCE_TYPES:
        item.references = tuple(_reference(r) for r in ds.ReferencedSOPSequence)
        item.value = item.references[0].sop_instance_uid
    elif vt in ("SCOORD", "SCOORD3D"):
        item.graphic_type = str(ds.GraphicType)
        item.graphic_data = tuple(float(v) for v in ds.GraphicData)
        item.value = item.graphic_type
        if vt == "SCOORD3D":
            item.frame_of_reference_uid = str(ds.ReferencedFrameOfReferenceUID)
    elif vt == "TCOORD":
        item.graphic_type = item.value = str(ds.TemporalRangeType)


def _fill_num(item: ContentItem, ds: Dataset) -> None:
    measured = ds.get("MeasuredValueSequence")
    if not measured:  # an empty value (PS3.3 C.18.1): the qualifier says why
        item.value = code_meaning(ds.get("NumericValueQualifierCodeSequence"))
        return
    value = measured[0]
    item.value = str(value.NumericValue).strip()
    units = value.get("MeasurementUnitsCodeSequence")
    if units:
        item.unit = str(units[0].CodeValue)
        item.unit_meaning = code_meaning(units)


def _reference(ds: Dataset) -> Reference:
    frames = ds.get("ReferencedFrameNumber")  # IS, VM 1-n: one value or a MultiValue
    if frames is None:
        frames = ()
    elif not hasattr(frames, "__len__"):
        frames = (frames,)
    return Reference(str(ds.get("ReferencedSOPClassUID", "") or ""),
                     str(ds.ReferencedSOPInstanceUID), tuple(int(f) for f in frames))


def _resolve_references(root: ContentItem) -> None:
    """Fill every by-reference item from the item its identifier names (root is "1")."""
    for _depth, item in list(root.walk()):
        if not item.by_reference:
            continue
        target = _at(root, item.by_reference)
        if target is None:
            item.problem = f"reference to a missing content item {item.by_reference}"
            continue
        if target.by_reference:  # a reference to a reference (possibly itself): a cycle
            item.problem = f"reference to {item.by_reference}, itself a reference"
            continue
        item.value_type, item.concept, item.value = target.value_type, target.concept, target.value
        item.unit, item.references = target.unit, target.references
        item.graphic_type, item.graphic_data = target.graphic_type, target.graphic_data


def _at(root: ContentItem, position: str) -> ContentItem | None:
    parts = [int(p) for p in position.split(".") if p.isdigit()]
    if not parts or parts[0] != 1:
        return None
    item = root
    for index in parts[1:]:
        if not 1 <= index <= len(item.children):
            return None
        item = item.children[index - 1]
    return item
