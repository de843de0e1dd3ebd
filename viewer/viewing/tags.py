"""The data set as a tree of rows for the tag browser, Qt-free.

Every element becomes a :class:`TagRow`; a sequence's items become child rows ("Item 1", ...)
holding their elements. Private elements (odd group, PS3.5 7.8.1) carry the Private Creator of
their block, so the browser can show whose they are, and pydicom's private dictionary name when
it knows the tag. Long values are cut for display; binary values show their length. Person
names, dates and times read as in every other view (:mod:`viewer.dicom.names`,
:mod:`viewer.dicom.dates`, dates in the caller's pattern), the value as sent kept in ``raw``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydicom.dataelem import DataElement
from pydicom.dataset import Dataset
from pydicom.datadict import private_dictionary_description

from viewer.dicom.dates import DATE_PATTERN, format_date, format_datetime, format_time
from viewer.dicom.names import format_person_name

MAX_VALUE_CHARS = 256
BINARY_VRS = {"OB", "OW", "OF", "OD", "OL", "OV", "UN"}


@dataclass
class TagRow:
    tag: str  # "(0010,0010)" or "" for a sequence item
    keyword: str  # keyword, private name or "Item n"
    vr: str
    value: str
    private_creator: str | None = None
    children: list[TagRow] = field(default_factory=list)
    item_number: int | None = None  # for a sequence item row
    byte_length: int | None = None  # for a binary value (value reads "<N bytes>")
    raw: str | None = None  # the value as sent, when ``value`` is its display form

    def matches(self, needle: str) -> bool:
        """Whether this row itself matches a filter text (case-insensitive)."""
        if not needle:
            return True
        needle = needle.strip().lower()
        compact = self.tag.replace("(", "").replace(")", "").replace(",", "").lower()
        haystack = (self.tag.lower(), compact, self.keyword.lower(), self.value.lower(),
                    (self.raw or "").lower(), (self.private_creator or "").lower())
        bare = needle.replace("(", "").replace(")", "").replace(",", "")
        return any(needle in h for h in haystack) or (bool(bare) and bare in compact)

    def matches_deep(self, needle: str) -> bool:
        return self.matches(needle) or any(c.matches_deep(needle) for c in self.children)


def tag_text(tag) -> str:
    return f"({tag.group:04X},{tag.element:04X})"


def private_creator(ds: Dataset, elem: DataElement) -> str | None:
    tag = elem.tag
    if not tag.is_private or tag.element < 0x1000:
        return None
    creator = ds.get((tag.group, tag.element >> 8))
    return None if creator is None else str(creator.value)


def _private_name(creator: str | None, elem: DataElement) -> str:
    if creator:
        try:
            return private_dictionary_description(elem.tag, creator)
        except (KeyError, ValueError):
            pass
    if elem.tag.is_private_creator:
        return "Private Creator"
    return "Private tag"


def value_text(elem: DataElement) -> str:
    if elem.VR == "SQ":
        return f"{len(elem.value)} item(s)"
    if elem.VR in BINARY_VRS or isinstance(elem.value, (bytes, bytearray)):
        length = len(elem.value) if elem.value is not None else 0
        return f"<{length} bytes>"
    try:
        text = str(elem.value)
    except Exception as exc:  # noqa: BLE001 - show what is wrong instead of failing
        text = f"<cannot decode: {exc}>"
    return text if len(text) <= MAX_VALUE_CHARS else text[:MAX_VALUE_CHARS] + "…"


def display_text(elem: DataElement, date_pattern: str = DATE_PATTERN) -> str | None:
    """The display form of a PN, DA, TM or DT value (several values joined by "; "), or None
    for the other VRs."""
    if elem.VR == "PN":
        return format_person_name(elem.value)
    show = {"DA": lambda v: format_date(v, date_pattern), "TM": format_time,
            "DT": lambda v: format_datetime(v, date_pattern)}.get(elem.VR)
    if show is None or elem.value is None:
        return None
    values = elem.value if elem.VM > 1 else [elem.value]
    return "; ".join(show(v) for v in values)


def element_row(ds: Dataset, elem: DataElement, date_pattern: str = DATE_PATTERN) -> TagRow:
    creator = private_creator(ds, elem)
    keyword = elem.keyword or (_private_name(creator, elem) if elem.tag.is_private else elem.name)
    row = TagRow(tag_text(elem.tag), keyword, elem.VR, value_text(elem), creator)
    shown = display_text(elem, date_pattern)
    if shown is not None and shown != row.value:
        row.value, row.raw = shown, row.value
    if elem.VR != "SQ" and row.value.endswith(" bytes>"):
        row.byte_length = len(elem.value) if elem.value is not None else 0
    if elem.VR == "SQ":
        for number, item in enumerate(elem.value, start=1):
            item_row = TagRow("", f"Item {number}", "", "", item_number=number)
            item_row.children = dataset_rows(item, date_pattern=date_pattern)
            row.children.append(item_row)
    return row


def dataset_rows(ds: Dataset, include_meta: bool = True,
                 date_pattern: str = DATE_PATTERN) -> list[TagRow]:
    """Rows of *ds* in tag order; the file meta group first when present."""
    rows = []
    meta = getattr(ds, "file_meta", None)
    if include_meta and meta:
        rows += [element_row(meta, elem, date_pattern) for elem in meta]
    for elem in ds:
        try:
            rows.append(element_row(ds, elem, date_pattern))
        except Exception as exc:  # noqa: BLE001 - one bad element must not hide the rest
            rows.append(TagRow(tag_text(elem.tag), "", "", f"<cannot read: {exc}>"))
    return rows
