"""RT Structure Set (PS3.3 A.19, C.8.8.5 - C.8.8.8), Qt-free: the ROIs and their contours.

- Structure Set ROI Sequence (3006,0020): each ROI's number, name and Frame of Reference.
- ROI Contour Sequence (3006,0039): per ROI (Referenced ROI Number), its ROI Display Color
  and Contour Sequence; each contour has a Contour Geometric Type (POINT, OPEN_PLANAR,
  OPEN_NONPLANAR, CLOSED_PLANAR), Contour Data as x\\y\\z triplets in the patient (mm) and,
  optionally, the images it lies on (Contour Image Sequence).
- RT ROI Observations Sequence (3006,0080): the RT ROI Interpreted Type (PTV, ORGAN, ...).

A broken part never stops the rest: a contour with no (or unreadable) data, an ROI Contour
item naming an ROI the set does not define, or an ROI without a colour is read as far as it
goes and the problem listed in :attr:`StructureSet.problems`, one English sentence each.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

__all__ = ["RT_STRUCTURE_SET", "Contour", "Roi", "StructureSet", "is_structure_set",
           "read_structure_set"]

RT_STRUCTURE_SET = "1.2.840.10008.5.1.4.1.1.481.3"
GEOMETRIC_TYPES = ("POINT", "OPEN_PLANAR", "OPEN_NONPLANAR", "CLOSED_PLANAR")
# Colours for ROIs without ROI Display Color (3006,002A), in turn.
FALLBACK_COLOURS = ((255, 0, 0), (0, 255, 0), (0, 128, 255), (255, 255, 0), (255, 0, 255),
                    (0, 255, 255), (255, 128, 0), (128, 0, 255))


@dataclass(frozen=True)
class Contour:
    geometric_type: str
    points: np.ndarray  # (n, 3) patient coordinates, mm
    images: tuple[tuple[str, int], ...] = ()  # (SOP Instance UID, frame number or 0)

    @property
    def closed(self) -> bool:
        return self.geometric_type == "CLOSED_PLANAR"


@dataclass(frozen=True)
class Roi:
    number: int
    name: str
    colour: tuple[int, int, int]
    frame_of_reference_uid: str
    contours: tuple[Contour, ...]
    interpreted_type: str = ""


@dataclass(frozen=True)
class StructureSet:
    label: str
    name: str
    date: str
    sop_instance_uid: str
    frame_of_reference_uids: tuple[str, ...]
    referenced_series_uids: tuple[str, ...]
    rois: tuple[Roi, ...]
    problems: tuple[str, ...]

    @property
    def contour_count(self) -> int:
        return sum(len(roi.contours) for roi in self.rois)


def is_structure_set(sop_class_uid: str | None) -> bool:
    return str(sop_class_uid or "") == RT_STRUCTURE_SET


def _text(ds: Dataset, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an undecodable value reads as absent
        return ""
    return "" if value is None else str(value).strip()


def _items(ds: Dataset, keyword: str) -> list[Dataset]:
    try:
        return list(ds.get(keyword) or [])
    except Exception:  # noqa: BLE001
        return []


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_structure_set(ds: Dataset) -> StructureSet:
    """The structure set in *ds*; what cannot be read is listed in ``problems``."""
    problems: list[str] = []
    defined = _defined_rois(ds, problems)
    types = {_int(item.get("ReferencedROINumber")): _text(item, "RTROIInterpretedType")
             for item in _items(ds, "RTROIObservationsSequence")}
    rois, seen = [], set()
    for item in _items(ds, "ROIContourSequence"):
        number = _int(item.get("ReferencedROINumber"))
        if number is None:
            problems.append("ROI Contour Sequence: an item without a valid Referenced ROI "
                            "Number; its contours are not drawn")
            continue
        if number not in defined:
            problems.append(f"ROI Contour Sequence: the contours of ROI {number} are not drawn: "
                            "the structure set defines no such ROI (Structure Set ROI Sequence)")
            continue
        name, frame_of_reference = defined[number]
        contours = _contours(item, name, problems)
        colour = _colour(item, len(rois), name, problems)
        rois.append(Roi(number, name, colour, frame_of_reference, tuple(contours),
                        types.get(number, "")))
        seen.add(number)
    for number, (name, _frame) in defined.items():
        if number not in seen:
            rois.append(Roi(number, name, FALLBACK_COLOURS[len(rois) % len(FALLBACK_COLOURS)],
                            _frame, (), types.get(number, "")))
    frames = tuple(_text(item, "FrameOfReferenceUID")
                   for item in _items(ds, "ReferencedFrameOfReferenceSequence"))
    return StructureSet(
        label=_text(ds, "StructureSetLabel"), name=_text(ds, "StructureSetName"),
        date=_text(ds, "StructureSetDate"), sop_instance_uid=_text(ds, "SOPInstanceUID"),
        frame_of_reference_uids=tuple(f for f in frames if f),
        referenced_series_uids=_referenced_series(ds), rois=tuple(rois),
        problems=tuple(problems))


def _defined_rois(ds: Dataset, problems: list[str]) -> dict[int, tuple[str, str]]:
    defined: dict[int, tuple[str, str]] = {}
    items = _items(ds, "StructureSetROISequence")
    if not items:
        problems.append("the Structure Set ROI Sequence (3006,0020) is missing or empty: "
                        "no ROI can be named")
    for item in items:
        number = _int(item.get("ROINumber"))
        if number is None:
            problems.append("an item of the Structure Set ROI Sequence has no ROI Number")
            continue
        defined[number] = (_text(item, "ROIName") or f"ROI {number}",
                           _text(item, "ReferencedFrameOfReferenceUID"))
    return defined


def _contours(item: Dataset, name: str, problems: list[str]) -> list[Contour]:
    contours = []
    for index, contour in enumerate(_items(item, "ContourSequence"), start=1):
        kind = _text(contour, "ContourGeometricType").upper()
        points = _points(contour)
        where = f"ROI {name!r}, contour {index}"
        if points is None:
            problems.append(f"{where}: Contour Data (3006,0050) is missing, empty or not "
                            "x\\y\\z triplets of numbers; it is not drawn")
            continue
        if kind not in GEOMETRIC_TYPES:
            problems.append(f"{where}: unknown Contour Geometric Type {kind!r}; drawn as "
                            "an open line")
            kind = "OPEN_PLANAR"
        contours.append(Contour(kind, points, _contour_images(contour)))
    return contours


def _points(contour: Dataset) -> np.ndarray | None:
    """Contour Data as (n, 3) floats. Read from the element's raw bytes when it has not been
    converted yet: a clinical set holds ~10^5-10^6 numbers, and pydicom's DS objects cost tens
    of microseconds each where ``float`` parses the text in a fraction of one."""
    try:
        element = contour.get_item("ContourData")  # reads a deferred value, keeps it raw
        value = None if element is None else element.value
        if isinstance(value, bytes):
            text = value.decode("ascii").strip(" \0")
            parts = text.split("\\") if text else []
            numbers = np.fromiter(map(float, parts), dtype=float, count=len(parts))
        else:
            numbers = np.asarray([float(v) for v in (value or [])], dtype=float)
    except (TypeError, ValueError, UnicodeDecodeError):
        return None
    if not numbers.size or numbers.size % 3 or not np.all(np.isfinite(numbers)):
        return None
    return numbers.reshape(-1, 3)


def _contour_images(contour: Dataset) -> tuple[tuple[str, int], ...]:
    """(SOP Instance UID, frame number) of each image named; frame 0 when none is given."""
    images = []
    for ref in _items(contour, "ContourImageSequence"):
        uid = _text(ref, "ReferencedSOPInstanceUID")
        if not uid:
            continue
        frames = ref.get("ReferencedFrameNumber")
        if frames is None or frames == "":
            images.append((uid, 0))
            continue
        many = isinstance(frames, (list, tuple, MultiValue))
        images += [(uid, _int(f) or 0) for f in (frames if many else [frames])]
    return tuple(images)


def _colour(item: Dataset, index: int, name: str, problems: list[str]) -> tuple[int, int, int]:
    try:
        rgb = tuple(int(v) for v in (item.get("ROIDisplayColor") or []))
    except (TypeError, ValueError):
        rgb = ()
    if len(rgb) == 3 and all(0 <= v <= 255 for v in rgb):
        return rgb  # type: ignore[return-value]
    fallback = FALLBACK_COLOURS[index % len(FALLBACK_COLOURS)]
    if rgb or "ROIDisplayColor" in item:
        problems.append(f"ROI {name!r}: ROI Display Color is not three values 0-255; drawn "
                        "in another colour")
    return fallback


def _referenced_series(ds: Dataset) -> tuple[str, ...]:
    uids = []
    for frame in _items(ds, "ReferencedFrameOfReferenceSequence"):
        for study in _items(frame, "RTReferencedStudySequence"):
            for series in _items(study, "RTReferencedSeriesSequence"):
                uid = _text(series, "SeriesInstanceUID")
                if uid:
                    uids.append(uid)
    return tuple(dict.fromkeys(uids))
