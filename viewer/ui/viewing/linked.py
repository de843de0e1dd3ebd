"""Linked W/L, zoom/pan and scrolling across the viewports of a ViewerArea.

The rules (which viewports follow, to which slice, window or zoom) are Qt-free in
:mod:`viewer.viewing.linking`; this module applies them to the viewports. The viewport the reader
acts on (the active one) leads; the other visible viewports follow.

API, ``area.linking`` (a :class:`ViewportLinks`), for the reader's toggles and for features that
pair viewports, such as "Compare with prior" (a prior study in another viewport):

- ``links``: the :class:`~viewer.viewing.linking.Links`; ``is_linked(kind)``.
- ``set_linked(kind, on)``, ``toggle(kind)``: *kind* ``"window"`` (W/L), ``"view"`` (zoom/pan)
  or ``"scroll"``; the checkable actions follow. Turning W/L or zoom/pan on gives the others the
  active viewport's window or view at once. ``area.sync_enabled``/``area.set_sync`` are the
  scroll toggle.
- ``link_offset(lead, other, mm=None) -> bool``: link the scrolling of viewport *other* to
  viewport *lead* although their series are of different frames of reference or studies: with
  *mm* None as they stand now (the two slices shown stay paired, the difference of their
  positions along the lead's normal is the offset; stacks without geometry keep their index
  difference), else the other's slice *mm* further along the lead's normal. False when they
  share a frame of reference (linked by position already), a viewport is empty, or *mm* is
  given for a stack without geometry. The offset holds for every series of the two frames of
  reference, both ways, until reset.
- ``offset_mm(lead, other)``: the offset set between the two, or None.
- ``record_offsets()`` (action "Set link offset from current positions"): ``link_offset`` from
  the active viewport to every other visible one of another frame of reference, as they stand.
- ``reset_offsets()`` (action "Reset link offsets").
- ``follow_frame(viewport, index)``: the area calls it when the reader moves a viewport.
- ``view_changed(viewport)``: the area calls it on ``viewChanged``; a window or zoom/pan the
  reader changed in the active viewport goes to the linked ones.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QObject

from viewer.viewing import linking
from viewer.viewing import state as vs
from viewer.viewing.geometry import pixel_spacing

ACTIONS = {"window": "link_window", "view": "link_view", "scroll": "sync"}


class _Seen(NamedTuple):
    series_uid: str | None
    window: tuple[float, float] | None
    view: tuple


class ViewportLinks(QObject):
    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.links = linking.Links()
        self._seen: dict[int, _Seen] = {}
        self._leading = False

    # --- toggles ----------------------------------------------------------------------------
    def is_linked(self, kind: str) -> bool:
        return bool(getattr(self.links, kind))

    def toggle(self, kind: str) -> None:
        self.set_linked(kind, not self.is_linked(kind))

    def set_linked(self, kind: str, on: bool) -> None:
        if kind not in ACTIONS:
            raise ValueError(f"unknown link {kind!r}; use one of {sorted(ACTIONS)}")
        setattr(self.links, kind, bool(on))
        action = getattr(self.area, "action_map", {}).get(ACTIONS[kind])
        if action is not None:
            action.setChecked(bool(on))
        active = self.area.active_viewport
        if on and kind == "window":
            self._lead_window(active)
        elif on and kind == "view":
            self._lead_view(active)

    # --- offsets ----------------------------------------------------------------------------
    def stack_of(self, viewport) -> linking.Stack | None:
        series = viewport.series
        if series is None or not series.frames:
            return None
        return linking.Stack(self.area.planes_of(series), series.frame_of_reference_uid,
                             series.series_instance_uid, series.study_instance_uid,
                             series.modality)

    def link_offset(self, lead, other, mm: float | None = None) -> bool:
        a, b = self.stack_of(lead), self.stack_of(other)
        if a is None or b is None or lead is other:
            return False
        if mm is None:
            return self.links.record_offset(a, lead.state.frame, b, other.state.frame)
        return self.links.set_offset(a, b, mm)

    def offset_mm(self, lead, other) -> float | None:
        a, b = self.stack_of(lead), self.stack_of(other)
        return None if a is None or b is None else self.links.offset_mm(a, b)

    def record_offsets(self) -> int:
        active = self.area.active_viewport
        linked = [vp for vp in self.area.viewports
                  if vp is not active and self.link_offset(active, vp)]
        if linked:
            text = self.tr("Scrolling linked to %n viewport(s) by their offset now", "",
                           len(linked))
            self.area.statusMessage.emit(text)
        else:
            self.area.statusMessage.emit(
                self.tr("No other viewport shows a stack of another frame of reference"))
        return len(linked)

    def reset_offsets(self) -> None:
        self.links.reset_offsets()
        self.area.statusMessage.emit(self.tr("Link offsets cleared"))

    # --- following --------------------------------------------------------------------------
    def _followers(self, lead):
        return [vp for vp in self.area.viewports if vp is not lead and vp.frame_count]

    def follow_frame(self, lead, index: int) -> None:
        stack = self.stack_of(lead) if self.links.scroll else None
        if stack is None:
            return
        for other in self._followers(lead):
            target = self.links.scroll_target(stack, index, self.stack_of(other))
            if target is not None:
                other.set_frame(target, user=False)

    def view_changed(self, viewport) -> None:
        now = _Seen(viewport.series_uid, viewport.state.window,
                    (viewport.state.zoom, viewport.state.center))
        before = self._seen.get(id(viewport))
        self._seen[id(viewport)] = now
        if (self._leading or before is None or before.series_uid != now.series_uid
                or viewport is not self.area.active_viewport):
            return
        if self.links.window and before.window != now.window:
            self._lead_window(viewport)
        if self.links.view and before.view != now.view:
            self._lead_view(viewport)

    def _lead_window(self, lead) -> None:
        stack = self.stack_of(lead)
        if stack is None or lead.shown is None or lead.shown.colour:
            return
        window, preset = lead.state.window, lead.state.preset
        self._leading = True
        try:
            for other in self._followers(lead):
                if not linking.follows_window(stack, self.stack_of(other)):
                    continue
                if other.shown is not None and other.shown.colour:
                    continue
                if window is None:
                    other.reset_window()
                elif other.shown is not None:
                    other.set_window(*window, preset=preset)
                else:  # still loading: shown with it when decoded
                    other.state = vs.set_window(other.state, *window, preset)
        finally:
            self._leading = False

    def _lead_view(self, lead) -> None:
        if lead.ref is None:
            return
        spacing, shape = _spacing(lead), _shape(lead)
        zoom, center = lead.state.zoom, lead.state.center
        fitted = lead.fitted_zoom()
        self._leading = True
        try:
            for other in self._followers(lead):
                other_zoom = linking.linked_zoom(zoom, fitted, spacing, other.fitted_zoom(),
                                                 _spacing(other))
                other.set_zoom_center(other_zoom, linking.linked_center(center, shape,
                                                                        _shape(other)))
        finally:
            self._leading = False


def _ds_of(viewport):
    ref = viewport.series.frames[viewport.state.frame]
    return ref.instance.ds, ref.frame_index


def _spacing(viewport) -> float | None:
    """Row spacing in mm (one view unit), or None."""
    found = pixel_spacing(*_ds_of(viewport))
    return None if found is None else found.row


def _shape(viewport) -> tuple[int, int]:
    ds, _ = _ds_of(viewport)
    return int(ds.get("Rows") or 1), int(ds.get("Columns") or 1)
