"""Stack navigation, cine and synchronised scrolling, Qt-free.

A viewport shows one entry of ``Series.frames`` at a time. Scrolling clamps at the ends; cine
wraps around. Synchronised scrolling (viewports showing series with the same Frame of Reference
UID): the slice shown in the source viewport is located by its Image Position (Patient), and each
other stack shows its slice nearest to that point along its own normal, when the stacks are
parallel (see :func:`viewer.viewing.geometry.nearest_slice`).
"""

from __future__ import annotations

from viewer.viewing.geometry import Plane, nearest_slice

CINE_FPS = (1, 60)
DEFAULT_FPS = 15
PAGE_FRACTION = 10  # Page Up/Down move by a tenth of the stack (at least one frame)


def clamp(index: int, count: int) -> int:
    return 0 if count <= 0 else min(max(int(index), 0), count - 1)


def step(index: int, delta: int, count: int, wrap: bool = False) -> int:
    """The frame *delta* entries away, clamped at the ends (or wrapped, for cine)."""
    if count <= 0:
        return 0
    if wrap:
        return (index + delta) % count
    return clamp(index + delta, count)


def page_size(count: int) -> int:
    return max(1, count // PAGE_FRACTION)


def clamp_fps(fps: float) -> int:
    return int(min(max(round(fps), CINE_FPS[0]), CINE_FPS[1]))


def synced_index(source_planes: list[Plane | None], source_index: int,
                 target_planes: list[Plane | None]) -> int | None:
    """Index of the target slice nearest the source's current slice, or None."""
    if not 0 <= source_index < len(source_planes):
        return None
    plane = source_planes[source_index]
    if plane is None:
        return None
    return nearest_slice(target_planes, plane.position, plane.normal)


def same_frame_of_reference(a: str | None, b: str | None) -> bool:
    return bool(a) and a == b


def outward_order(center: int, count: int) -> list[int]:
    """center, center+1, center-1, center+2, ... within 0..count-1 (prefetch order)."""
    order = [center] if 0 <= center < count else []
    for distance in range(1, count):
        for index in (center + distance, center - distance):
            if 0 <= index < count:
                order.append(index)
    return order
