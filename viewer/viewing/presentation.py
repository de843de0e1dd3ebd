"""Presentation states in a viewport, Qt-free: which are offered, which one is picked, and what
the current frame shows with it.

- :func:`offered_states`: the Softcopy Presentation States the viewer applies (Grayscale, Color,
  Pseudo-Color, Blending: :data:`viewer.dicom.presentation_state.STATE_KINDS`) among the
  candidates (the study's objects found with the series, those of the local archive, those
  saved in this session) that reference at least one image of the series (a Blending state:
  one of its underlying images), newest first, each once.
- :func:`default_state`: the newest one referencing the frame shown, else the newest offered.
- :class:`PresentationChoice`: the pick (or none), "annotations only", "modified", and one
  :class:`viewer.pipeline.gsps_presentation.AppliedPresentation` per frame (kept for the last
  :data:`KEPT_FRAMES` frames, so scrolling back does not rebuild the tables).

Per PS3.4 Annex N a state applies only to the images (and frames) it references: any other
frame shows as if no state were picked, and :meth:`PresentationChoice.status` says so
(``"not referenced"``), so the viewport can mark it in its corner text.

A Blending state that cannot be applied to a frame is tried again each time the frame is asked
for: the superimposed series it needs may still be loading.

In "annotations only" mode the frame goes through the plain pipeline with the user's window
(:class:`viewer.viewing.display.Display`); the state adds its activated overlays, graphics and
text, but no VOI, shutter, rotation/flip or displayed area.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom import DicomReadError
from viewer.dicom.gsps import PresentationState, read_presentation_state
from viewer.dicom.presentation_state import (STATE_KINDS, PresentationStateInfo,
                                             applied_references, presentation_state_info,
                                             references_image)
from viewer.pipeline.colour import is_colour
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.viewing.display import Display, Shown

__all__ = ["KEPT_FRAMES", "PresentationChoice", "Status", "burn_overlays", "default_state",
           "offered_states", "presentation_view"]

KEPT_FRAMES = 16


def _dataset(candidate) -> Dataset:
    return candidate if isinstance(candidate, Dataset) else candidate.ds


def offered_states(series, candidates) -> list[PresentationStateInfo]:
    """States among *candidates* applying to any image of *series*, newest first, once each."""
    images = {i.sop_instance_uid for i in series.instances if i.sop_instance_uid}
    found: dict[str, PresentationStateInfo] = {}
    for candidate in candidates:
        info = presentation_state_info(candidate)
        if info.sop_class_uid not in STATE_KINDS or info.sop_instance_uid in found:
            continue
        refs = applied_references(_dataset(candidate))
        if any(ref.sop_instance_uid in images for ref in refs):
            found[info.sop_instance_uid] = info
    return sorted(found.values(), key=PresentationStateInfo.newest_first_key, reverse=True)


def default_state(offered: list[PresentationStateInfo], ref) -> PresentationStateInfo | None:
    """The newest state referencing frame *ref* (a FrameRef), else the newest offered."""
    if ref is not None:
        for info in offered:
            if references_image(info.source, ref.instance, ref.frame_index + 1):
                return info
    return offered[0] if offered else None


def _key(ref) -> tuple:
    return ref.instance, ref.frame_index


class Status(NamedTuple):
    """What the corner text says: the picked state's label and how it shows on this frame.

    kind: "applied", "modified", "annotations only", "not referenced" or "error" (then
    ``detail`` says why).
    """

    label: str
    kind: str
    detail: str = ""


def burn_overlays(image: np.ndarray, applied: AppliedPresentation) -> np.ndarray:
    """*image* (uint8 gray) with the state's activated overlays painted in their layer's value
    (RGB output when the state uses colours)."""
    if applied.colour and image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    elif applied.overlays:
        image = image.copy()
    for _, gray, rgb, bits in applied.overlays:
        image[bits] = rgb if applied.colour else gray
    return image


def presentation_view(applied: AppliedPresentation, size: tuple[float, float],
                      display_pixel_spacing: float | None = None):
    """(quarter turns, flip, zoom, center) of a viewport (:mod:`viewer.viewing.state` terms)
    showing *applied*'s rotation/flip and displayed area on *size* = (width, height) pixels.

    zoom is screen pixels per image row (the layout's scale along the axis the rows run on
    after the rotation); center is the image point (x, y) at the middle of the displayed area.
    """
    width, height = max(1, int(size[0])), max(1, int(size[1]))
    layout = applied.layout((width, height), display_pixel_spacing)
    turns = applied.transform.rotation // 90
    zoom = layout.scale_y if turns % 2 == 0 else layout.scale_x
    left, top, right, bottom = layout.area
    (x, y), = applied.transform.inverse_points([((left + right) / 2, (top + bottom) / 2)])
    return turns, applied.transform.flip, float(zoom), (float(x), float(y))


class PresentationChoice:
    """The presentation state picked in one viewport (see the module docstring).

    *superimposed(series_uid)* gives the Instances of a series the viewer has open (a Blending
    state blends them over the frame), or None.
    """

    def __init__(self, superimposed=None) -> None:
        self.superimposed = superimposed
        self.offered: list[PresentationStateInfo] = []
        self.info: PresentationStateInfo | None = None
        self.state: PresentationState | None = None
        self.error = ""
        self.annotations_only = False
        self.modified = False  # the user changed the view after applying the state
        self.moved = False  # ... its geometry (zoom, pan, rotation, flip)
        self.picked = False  # the user picked (a newer state arriving does not replace it)
        self._applied: OrderedDict[tuple, AppliedPresentation | None] = OrderedDict()
        self._errors: dict[tuple, str] = {}

    @property
    def active(self) -> bool:
        return self.state is not None

    def offer(self, offered: list[PresentationStateInfo], ref) -> bool:
        """A new list of offered states; keeps the pick when it is still offered (or the user
        chose one), else picks the default. Returns whether the pick changed."""
        self.offered = list(offered)
        current = self.info.sop_instance_uid if self.info else None
        uids = [info.sop_instance_uid for info in self.offered]
        keep = self.picked or self.modified
        if keep and (current is None or current in uids):
            return False
        default = default_state(self.offered, ref)
        if (default.sop_instance_uid if default else None) == current:
            return False
        self.pick(default, user=False)
        return True

    def pick(self, info: PresentationStateInfo | None, user: bool = True) -> None:
        """Apply *info* (None: no state), fresh: not modified."""
        self.info, self.state, self.error = info, None, ""
        self.picked = user
        self.modified = self.moved = False
        self._forget()
        if info is None:
            return
        try:
            self.state = read_presentation_state(info.source)
        except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
            self.error = str(exc)

    def set_annotations_only(self, enabled: bool) -> None:
        self.annotations_only = bool(enabled)
        self.reapply()

    def reapply(self) -> None:
        """Back to the state as it was saved (after Reset view)."""
        self.modified = self.moved = False
        self._forget()

    def _forget(self) -> None:
        self._applied.clear()
        self._errors.clear()

    def mark_modified(self, geometry: bool) -> None:
        if self.active and not (self.annotations_only and not geometry):
            self.modified = True
            self.moved = self.moved or geometry

    # -- per frame ----------------------------------------------------------------------------

    def applied(self, ref) -> AppliedPresentation | None:
        """The state applied to frame *ref*, or None (no state, or it does not reference the
        frame, or it cannot be applied: see ``error``)."""
        if self.state is None or ref is None:
            return None
        key = _key(ref)
        if key not in self._applied:
            self._applied[key] = self._build(ref, key)
            while len(self._applied) > KEPT_FRAMES:
                self._applied.popitem(last=False)
        self._applied.move_to_end(key)
        applied = self._applied[key]
        if applied is None and key in self._errors and self.state.kind == "BLENDING":
            del self._applied[key]  # tried again next time: its superimposed series may arrive
        return applied

    def _build(self, ref, key) -> AppliedPresentation | None:
        if not self.state.applies_to(ref.instance.sop_instance_uid, ref.frame_index + 1):
            return None
        try:
            return AppliedPresentation(self.state, ref.instance, ref.frame_index,
                                       annotations_only=self.annotations_only,
                                       superimposed=self.superimposed)
        except (ValueError, TypeError, KeyError, IndexError, DicomReadError) as exc:
            self._errors[key] = str(exc)
            return None

    def render(self, ref, stored, window, display: Display) -> Shown | None:
        """The frame as the state shows it with the user's *window* (None: the state's VOI, or
        the image's own in annotations-only mode); None when the state does not apply."""
        applied = self.applied(ref)
        if applied is None:
            return None
        if applied.annotations_only:
            shown = display.render(ref, stored, window)
            return Shown(burn_overlays(shown.image, applied), shown.window, False)
        if window is None and getattr(applied.renderer.voi, "explanation", "") == "user":
            self._applied.pop(_key(ref), None)
            applied = self.applied(ref)  # the state's own VOI again
        elif window is not None and applied.window != window:
            applied.set_window(*window)
        frame = ref.instance.frame if applied.mask_item is not None else None
        # a Color state's colour image has no window, like a colour image without a state
        return Shown(applied.render_image(stored, frame), applied.window,
                     is_colour(ref.instance.ds))

    def status(self, ref) -> Status | None:
        """What the corner says about the picked state on frame *ref* (None: no state)."""
        if self.info is None:
            return None
        label = self.info.label or self.info.description or "?"
        if self.state is None:
            return Status(label, "error", self.error)
        if self.applied(ref) is None:
            error = self._errors.get(_key(ref))
            return Status(label, "error", error) if error else Status(label, "not referenced")
        if self.annotations_only:
            return Status(label, "annotations only")
        return Status(label, "modified" if self.modified else "applied")
