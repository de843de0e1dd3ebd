"""Assembling instances into series a viewer can scroll through (PS3.3 C.7.3, C.7.6.2).

Instances are grouped by Series Instance UID (and kind), then ordered by position along the
slice normal: the cross product of the row and column direction cosines of Image Orientation
(Patient) dotted with Image Position (Patient) (PS3.3 C.7.6.2.1.1), so a stack is always in
geometric order (MPR and linked scrolling rely on it). Of the two directions, the stack runs the
way readers expect (:func:`_direction`): the way Instance Number grows when it grows (or falls)
steadily along the normal, so image 1 is Instance Number 1; otherwise by anatomy, axial head
first (superior to inferior), coronal anterior to posterior, sagittal right to left (patient
coordinates are LPS, PS3.3 C.7.6.2.1.1); :func:`reversed_stack` gives the other direction (what a
hanging protocol may ask for). When any instance lacks that geometry, or the
orientations differ, the order falls back to Instance Number; SOP Instance UID breaks ties so the
order is stable. Each frame of a multi-frame object is one entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from .instance import Instance
from .kinds import ObjectKind
from .values import get_floats, get_int, get_str

__all__ = ["FrameRef", "Series", "assemble_series", "reversed_stack"]

# Direction cosines of instances in one stack agree to this tolerance.
_ORIENTATION_TOLERANCE = 1e-3
# Where a stack without a steady Instance Number starts, per main axis of its normal (LPS:
# +x left, +y posterior, +z head): +1 runs towards the axis, -1 against it. Sagittal right to
# left, coronal anterior to posterior, axial head to feet.
_ANATOMICAL_START = (1.0, 1.0, -1.0)
_STUDY_OBJECTS = (
    ObjectKind.PRESENTATION_STATE,
    ObjectKind.STRUCTURED_REPORT,
    ObjectKind.KEY_OBJECT_SELECTION,
)


class FrameRef(NamedTuple):
    """One displayable frame: ``instance.frame(frame_index)``."""

    instance: Instance
    frame_index: int


@dataclass
class Series:
    """Instances of one series (and one kind) in display order.

    ``frames`` lists every frame as (instance, frame_index) for uniform scrolling (empty for
    non-image kinds); ``study_objects`` are the presentation states, structured reports and key
    object selections of the same study, for an image series to offer; ``ordered_by`` is
    ``"position"`` or ``"instance number"``.
    """

    series_instance_uid: str
    study_instance_uid: str
    kind: ObjectKind
    modality: str | None
    description: str | None
    number: int | None
    frame_of_reference_uid: str | None
    instances: list[Instance]
    frames: list[FrameRef] = field(default_factory=list)
    study_objects: list[Instance] = field(default_factory=list)
    ordered_by: str = "instance number"


def assemble_series(instances: Iterable[Instance]) -> list[Series]:
    """Group *instances* into series, ordered by study, kind (images first) and series number.

    An object repeated (same SOP Instance UID) is kept once, the first seen.
    """
    groups: dict[tuple[str, str, ObjectKind], list[Instance]] = {}
    seen: set[str] = set()
    for instance in instances:
        if instance.sop_instance_uid:
            if instance.sop_instance_uid in seen:
                continue
            seen.add(instance.sop_instance_uid)
        series_uid = instance.series_instance_uid or ""
        study_uid = "" if series_uid else instance.study_instance_uid or ""
        key = (series_uid, study_uid, instance.kind)
        groups.setdefault(key, []).append(instance)
    series = [_build(members) for members in groups.values()]
    _attach_study_objects(series)
    series.sort(key=_series_order)
    return series


def reversed_stack(series: Series) -> Series:
    """*series* running the other way (a hanging protocol that wants feet first, say): the same
    geometric stack, its instances and frames in reverse order, each multi-frame instance's
    frames reversed too."""
    instances = series.instances[::-1]
    return replace(series, instances=instances, frames=series.frames[::-1])


def _build(members: list[Instance]) -> Series:
    ordered, ordered_by = _order(members)
    first = ordered[0]
    ds = first.ds
    kind = first.kind
    frames = []
    if kind is ObjectKind.IMAGE:
        frames = [FrameRef(i, n) for i in ordered for n in range(i.number_of_frames)]
    return Series(
        series_instance_uid=first.series_instance_uid or "",
        study_instance_uid=first.study_instance_uid or "",
        kind=kind,
        modality=first.modality,
        description=get_str(ds, "SeriesDescription"),
        number=get_int(ds, "SeriesNumber"),
        frame_of_reference_uid=get_str(ds, "FrameOfReferenceUID"),
        instances=ordered,
        frames=frames,
        ordered_by=ordered_by,
    )


def _order(members: list[Instance]) -> tuple[list[Instance], str]:
    found = _slice_positions(members)
    if found is None:
        return sorted(members, key=_number_key), "instance number"
    positions, normal = found
    sign = _direction(members, positions, normal)
    order = sorted(range(len(members)),
                   key=lambda i: (sign * positions[i], *_number_key(members[i])))
    return [members[i] for i in order], "position"


def _direction(members: list[Instance], positions: list[float], normal: np.ndarray) -> int:
    """+1 to run along the normal, -1 against it: the way Instance Number grows if it grows or
    falls steadily with the position, else the anatomical way (axial head first, coronal
    anterior first, sagittal right first)."""
    numbers = [m.instance_number for m in members]
    if None not in numbers and len(set(positions)) > 1:
        by_position = [n for _, n in sorted(zip(positions, numbers))]
        steps = np.diff(by_position)
        if np.all(steps >= 0) and np.any(steps > 0):
            return 1
        if np.all(steps <= 0) and np.any(steps < 0):
            return -1
    axis = int(np.argmax(np.abs(normal)))
    first_towards = _ANATOMICAL_START[axis]
    return 1 if normal[axis] * first_towards > 0 else -1


def _number_key(instance: Instance) -> tuple[bool, int, str]:
    number = instance.instance_number
    return (number is None, number or 0, instance.sop_instance_uid or "")


def _slice_positions(members: list[Instance]) -> tuple[list[float], np.ndarray] | None:
    """Distance of each instance along the common slice normal and that normal, or ``None`` if
    the geometry is missing or inconsistent (PS3.3 C.7.6.2.1.1)."""
    reference = None
    positions = []
    for instance in members:
        orientation = get_floats(instance.ds, "ImageOrientationPatient")
        position = get_floats(instance.ds, "ImagePositionPatient")
        if not orientation or len(orientation) != 6 or not position or len(position) != 3:
            return None
        cosines = np.asarray(orientation)
        if reference is None:
            reference = cosines
        elif not np.allclose(cosines, reference, atol=_ORIENTATION_TOLERANCE):
            return None
        normal = np.cross(cosines[:3], cosines[3:])
        if not np.all(np.isfinite(normal)) or np.linalg.norm(normal) < 0.5:
            return None
        positions.append(float(np.dot(normal, position)))
    if not np.all(np.isfinite(positions)):
        return None
    return positions, normal


def _attach_study_objects(series: list[Series]) -> None:
    by_study: dict[str, list[Instance]] = {}
    for s in series:
        if s.kind in _STUDY_OBJECTS:
            by_study.setdefault(s.study_instance_uid, []).extend(s.instances)
    for s in series:
        if s.kind is ObjectKind.IMAGE:
            s.study_objects = list(by_study.get(s.study_instance_uid, []))


def _series_order(s: Series) -> tuple:
    kinds = list(ObjectKind)
    return (
        s.study_instance_uid,
        kinds.index(s.kind),
        s.number is None,
        s.number or 0,
        s.series_instance_uid,
    )
