"""Current and prior viewports scrolled together (the Qt side of :mod:`viewer.viewing.prior_link`).

Each linked pair is a viewport showing a current series and one showing its prior; scrolling
either one (``frameChanged``: the reader's own moves) puts the other on the corresponding slice.
A pair whose viewport has been given another series is no longer linked. Turning the link off
and on again anchors it at the slices shown then: the reader lines up the anatomy by hand, and
the new offset holds from there.

The viewer's general linking (:mod:`.linked`, ``area.linking``) can pair the same viewports
too, once the reader sets a link offset there (Shift+S): that offset is the reader's word, so a
pair it covers is left to it (one mechanism moves the prior, never two).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject

from viewer.viewing.geometry import stack_planes
from viewer.viewing.prior_link import PositionLink


@dataclass
class LinkedPair:
    current_view: object  # Viewport
    prior_view: object
    current_uid: str
    prior_uid: str
    link: PositionLink

    def intact(self) -> bool:
        return (self.current_view.series_uid == self.current_uid
                and self.prior_view.series_uid == self.prior_uid)


class PriorScrolling(QObject):
    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.pairs: list[LinkedPair] = []
        self.enabled = True
        for viewport in area.all_viewports():
            viewport.frameChanged.connect(self._moved)

    def link(self, current_view, prior_view) -> LinkedPair:
        """Link the two viewports' series (replacing any link either one was in)."""
        self.pairs = [p for p in self.pairs if p.intact() and not {
            p.current_view, p.prior_view} & {current_view, prior_view}]
        pair = LinkedPair(current_view, prior_view, current_view.series_uid,
                          prior_view.series_uid,
                          PositionLink(stack_planes(current_view.series.frames),
                                       stack_planes(prior_view.series.frames)))
        self.pairs.append(pair)
        if self.enabled:
            self._follow(pair, current_view, current_view.state.frame)
        return pair

    def clear(self) -> None:
        self.pairs = []

    def set_enabled(self, enabled: bool) -> None:
        """On again: each pair is anchored at the slices it shows now."""
        if enabled and not self.enabled:
            for pair in self.pairs:
                if pair.intact():
                    pair.link.anchor(pair.current_view.state.frame, pair.prior_view.state.frame)
        self.enabled = bool(enabled)

    def _moved(self, viewport, index: int) -> None:
        if not self.enabled:
            return
        for pair in self.pairs:
            if (pair.intact() and viewport in (pair.current_view, pair.prior_view)
                    and not self._linked_by_reader(pair)):
                self._follow(pair, viewport, index)

    def _linked_by_reader(self, pair: LinkedPair) -> bool:
        linking = getattr(self.area, "linking", None)
        return (linking is not None and linking.is_linked("scroll")
                and linking.offset_mm(pair.current_view, pair.prior_view) is not None)

    @staticmethod
    def _follow(pair: LinkedPair, moved, index: int) -> None:
        if moved is pair.current_view:
            target, other = pair.link.prior_index(index), pair.prior_view
        else:
            target, other = pair.link.current_index(index), pair.current_view
        if target is not None:
            other.set_frame(target, user=False)
