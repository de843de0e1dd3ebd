"""Linked viewports, Qt-free: which viewports follow which, and to what.

Three links, each a toggle of :class:`Links`; the viewport the reader acts on leads and every
other visible viewport that the link applies to follows (followers do not lead in turn):

- ``window`` (W/L): the others showing greyscale images of the same modality get the same
  window (a CT window means nothing on an MR image); colour images keep theirs.
- ``view`` (zoom/pan): the others show the same magnification, in screen pixels per mm when both
  images have Pixel Spacing (:func:`linked_zoom`), else relative to their fitted size, centred on
  the same relative point of the image (:func:`linked_center`). Fitting is linked too.
- ``scroll``: when the lead moves to a slice, each other stack moves to its own
  (:meth:`Links.scroll_target`):

  * same Frame of Reference, both stacks with geometry: the slice nearest the lead slice's
    Image Position (Patient) along the normal, parallel stacks only (PS3.3 C.7.6.2.1.1);
  * a pair given an offset (:meth:`Links.record_offset`, :meth:`Links.set_offset`), typically a
    prior study, another Frame of Reference whose patient coordinates do not match: the lead
    slice's position moved by the offset along its normal, then the nearest parallel slice;
  * neither stack with geometry (same study), or either without it in a pair given an offset:
    by index, plus the offset in images;
  * anything else (another Frame of Reference or study with no offset set, non-parallel
    stacks, a stack beside a cine without geometry): stays.

Offsets belong to a pair of *spaces* (:func:`space`): the Frame of Reference UID, or the series
for a stack without one. An offset set between a current series and a prior one applies to every
series of those two frames of reference, and the reverse pair gets the reverse offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from viewer.viewing.geometry import Plane, nearest_slice


class Stack(NamedTuple):
    """What linking needs of a viewport's series: the plane of every frame (None without
    geometry), its Frame of Reference UID, Series and Study Instance UIDs and modality."""

    planes: list[Plane | None]
    frame_of_reference_uid: str | None
    series_uid: str
    study_uid: str
    modality: str | None = None

    @property
    def has_geometry(self) -> bool:
        return bool(self.planes) and all(plane is not None for plane in self.planes)

    def normal(self) -> np.ndarray | None:
        return next((p.normal for p in self.planes if p is not None), None)


def space(stack: Stack) -> str:
    """The coordinate space of a stack: its Frame of Reference, else the series itself."""
    return stack.frame_of_reference_uid or f"series:{stack.series_uid}"


def follows_window(lead: Stack, other: Stack) -> bool:
    """A window applies across stacks of the same modality only."""
    return bool(lead.modality) and (lead.modality or "").upper() == (other.modality or "").upper()


def linked_zoom(zoom: float | None, fitted: float, spacing: float | None,
                other_fitted: float, other_spacing: float | None) -> float | None:
    """The other viewport's zoom (screen pixels per view unit; None: fit) for the lead's
    *zoom*. A view unit is one row spacing in mm (viewer.viewing.state), so equal screen pixels
    per mm need ``zoom * other_spacing / spacing``; without spacings, the same ratio to the
    fitted zoom."""
    if zoom is None:
        return None
    if spacing and other_spacing:
        return zoom * other_spacing / spacing
    return zoom / fitted * other_fitted if fitted > 0 else None


def linked_center(center: tuple[float, float] | None, shape: tuple[int, int],
                  other_shape: tuple[int, int]) -> tuple[float, float] | None:
    """The image point the other viewport centres on: the same fraction of its image (None:
    the image center)."""
    if center is None or min(shape) <= 0:
        return None
    (rows, columns), (other_rows, other_columns) = shape, other_shape
    return center[0] / columns * other_columns, center[1] / rows * other_rows


@dataclass
class Links:
    """The three toggles and the offsets the reader set between spaces."""

    window: bool = False
    view: bool = False
    scroll: bool = True
    shifts: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)  # mm, patient
    steps: dict[tuple[str, str], int] = field(default_factory=dict)  # images

    # --- offsets --------------------------------------------------------------------------
    def record_offset(self, lead: Stack, lead_index: int, other: Stack, other_index: int) -> bool:
        """Link *other* to *lead* as they stand now: the slices shown stay paired. False when
        the two share a space (they are linked by position already)."""
        pair = space(lead), space(other)
        if pair[0] == pair[1]:
            return False
        here, there = _plane(lead, lead_index), _plane(other, other_index)
        if here is not None and there is not None:
            along = float(np.dot(here.normal, there.position - here.position))
            self._set_shift(pair, along * here.normal)
        self._set_step(pair, other_index - lead_index)
        return True

    def set_offset(self, lead: Stack, other: Stack, mm: float) -> bool:
        """Link *other* to *lead* with slices *mm* apart along the lead's normal (the other's
        slice at lead position + mm). False without geometry or in the same space."""
        pair, normal = (space(lead), space(other)), lead.normal()
        if pair[0] == pair[1] or normal is None:
            return False
        self._set_shift(pair, float(mm) * normal)
        self._set_step(pair, 0)
        return True

    def offset_mm(self, lead: Stack, other: Stack) -> float | None:
        """The offset set from *lead* to *other* along the lead's normal, or None."""
        shift, normal = self.shifts.get((space(lead), space(other))), lead.normal()
        return None if shift is None or normal is None else float(np.dot(shift, normal))

    def is_offset(self, lead: Stack, other: Stack) -> bool:
        return (space(lead), space(other)) in self.steps

    def reset_offsets(self) -> None:
        self.shifts.clear()
        self.steps.clear()

    def _set_shift(self, pair: tuple[str, str], shift: np.ndarray) -> None:
        self.shifts[pair] = shift
        self.shifts[pair[::-1]] = -shift

    def _set_step(self, pair: tuple[str, str], step: int) -> None:
        self.steps[pair] = step
        self.steps[pair[::-1]] = -step

    # --- scrolling ------------------------------------------------------------------------
    def scroll_target(self, lead: Stack, index: int, other: Stack | None) -> int | None:
        """The frame *other* shows when *lead* is at *index*, or None (it stays)."""
        if other is None or not other.planes or not 0 <= index < len(lead.planes):
            return None
        pair = space(lead), space(other)
        offset = pair in self.steps
        if not offset and pair[0] != pair[1] and lead.study_uid != other.study_uid:
            return None  # a prior study: linked once the reader sets the offset
        geometry = lead.has_geometry, other.has_geometry
        if all(geometry):
            if not offset and pair[0] != pair[1]:
                return None  # another frame of reference: positions do not compare
            plane = lead.planes[index]
            point = plane.position + self.shifts.get(pair, np.zeros(3))
            return nearest_slice(other.planes, point, plane.normal)
        if any(geometry) and not offset:
            return None  # a stack beside an image sequence (a cine, a video): unrelated
        target = index + self.steps.get(pair, 0)
        return min(max(target, 0), len(other.planes) - 1)


def _plane(stack: Stack, index: int) -> Plane | None:
    return stack.planes[index] if 0 <= index < len(stack.planes) else None
