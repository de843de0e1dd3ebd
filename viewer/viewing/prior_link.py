"""Scrolling a current series and its prior together by slice position, Qt-free.

Two studies have different Frames of Reference, so the slices cannot be matched by their
coordinates alone (the general synchronisation, :func:`viewer.viewing.stack.synced_index`,
needs one Frame of Reference). Here each slice's position is its Image Position (Patient)
projected on the current series' slice normal (PS3.3 C.7.6.2.1.1) - "z" for an axial stack -
and a prior slice corresponds to a current one at ``position + offset`` mm:

- the offset starts at 0 when the two stacks' position ranges overlap (same table coordinates:
  the usual case on one scanner), else it lines up the two ranges' centres;
- :meth:`PositionLink.anchor` sets it so that two given slices correspond (the reader lined up
  the anatomy by hand, then linked again).

A stack without usable geometry, or not parallel to the other, is linked by its relative place
in the stack instead (the first slice with the first, the middle with the middle).
"""

from __future__ import annotations

import numpy as np

from viewer.viewing.geometry import PARALLEL


def positions(planes: list, normal) -> list[float | None]:
    """Each plane's position along *normal* (None for a plane without geometry or one not
    parallel to *normal*)."""
    found = []
    for plane in planes:
        if plane is None or abs(float(np.dot(plane.normal, normal))) < PARALLEL:
            found.append(None)
        else:
            found.append(float(np.dot(normal, plane.position)))
    return found


def _normal(planes: list):
    return next((p.normal for p in planes if p is not None), None)


def _nearest(values: list[float | None], wanted: float) -> int | None:
    best, distance = None, np.inf
    for index, value in enumerate(values):
        if value is not None and abs(value - wanted) < distance:
            best, distance = index, abs(value - wanted)
    return best


class PositionLink:
    """The slice correspondence of one current series and one prior series."""

    def __init__(self, current_planes: list, prior_planes: list) -> None:
        self.current_count, self.prior_count = len(current_planes), len(prior_planes)
        normal = _normal(current_planes)
        self.current = positions(current_planes, normal) if normal is not None else []
        self.prior = positions(prior_planes, normal) if normal is not None else []
        self.by_position = (any(v is not None for v in self.current)
                            and any(v is not None for v in self.prior))
        self.offset = self._initial_offset() if self.by_position else 0.0

    def _initial_offset(self) -> float:
        a = [v for v in self.current if v is not None]
        b = [v for v in self.prior if v is not None]
        if min(b) <= max(a) and min(a) <= max(b):
            return 0.0
        return (min(b) + max(b)) / 2 - (min(a) + max(a)) / 2

    def prior_index(self, current_index: int) -> int | None:
        """The prior slice to show with current slice *current_index* (None: no answer)."""
        if not 0 <= current_index < self.current_count or not self.prior_count:
            return None
        if self.by_position:
            value = self.current[current_index]
            return None if value is None else _nearest(self.prior, value + self.offset)
        return _relative(current_index, self.current_count, self.prior_count)

    def current_index(self, prior_index: int) -> int | None:
        """The current slice to show with prior slice *prior_index*."""
        if not 0 <= prior_index < self.prior_count or not self.current_count:
            return None
        if self.by_position:
            value = self.prior[prior_index]
            return None if value is None else _nearest(self.current, value - self.offset)
        return _relative(prior_index, self.prior_count, self.current_count)

    def anchor(self, current_index: int, prior_index: int) -> None:
        """Make *current_index* and *prior_index* correspond from now on."""
        if not self.by_position:
            return
        if 0 <= current_index < self.current_count and 0 <= prior_index < self.prior_count:
            a, b = self.current[current_index], self.prior[prior_index]
            if a is not None and b is not None:
                self.offset = b - a


def _relative(index: int, count: int, other_count: int) -> int:
    if count <= 1:
        return 0
    return int(round(index * (other_count - 1) / (count - 1)))
