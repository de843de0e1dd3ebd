"""RT Structure Sets in the viewer area: an opened structure set draws its contours on every
image series shown in its Frame of Reference (or that it references), and its ROI list
(:mod:`.rt_panel`, in the viewport showing the set) switches ROIs on and off.

Opening a structure set also shows the images it was drawn on beside it when no viewport shows
them yet: the series its RT Referenced Series Sequence names, else one in its Frame of
Reference. Contours are placed Qt-free (:mod:`viewer.viewing.rt_contours`), once per
(structure set, series) pair, on a worker thread (a big set on a long series takes ~0.5 s: not
the GUI thread's), and drawn per frame (:mod:`.rt_items`) once placed. Nothing here touches the
viewport's own code: each viewport's ``viewChanged`` (a new series, frame or view) drives it.
"""

from __future__ import annotations

import logging
import weakref

from PySide6.QtCore import QObject, Signal

from viewer.dicom.rt_struct import StructureSet
from viewer.ui.viewing.report_links import viewport_beside
from viewer.ui.viewing.rt_items import StructureSetOverlay
from viewer.ui.workers import SHARED_THREADS
from viewer.viewing.rt_contours import SeriesContours, place_structure_set


def related(structure_set: StructureSet, series) -> bool:
    """True when *series* holds images the structure set's contours may lie on."""
    if not series.frames:
        return False
    if series.series_instance_uid in structure_set.referenced_series_uids:
        return True
    frames = set(structure_set.frame_of_reference_uids)
    frames |= {roi.frame_of_reference_uid for roi in structure_set.rois}
    return bool(series.frame_of_reference_uid) and series.frame_of_reference_uid in frames


LOG = logging.getLogger(__name__)


class StructureSetControls(QObject):
    placedReady = Signal(object, object)  # key, (structure set, series, SeriesContours)

    def __init__(self, area) -> None:
        super().__init__(area)
        self._pending: set[tuple] = set()  # placements being made on a worker
        self.placedReady.connect(self._placed_ready)
        self.area = area
        self.overlays: dict[int, StructureSetOverlay] = {}
        self._placed: dict[tuple, tuple[object, object, SeriesContours]] = {}
        self._seen_panels: set[int] = set()
        self._opened: dict[int, weakref.ref] = {}  # the set series shown (unhashable: by id)
        self._busy = False

    def attach(self, viewport) -> None:
        self.overlays[id(viewport)] = StructureSetOverlay(viewport.canvas.image_item)
        viewport.viewChanged.connect(self._view_changed)

    def overlay(self, viewport) -> StructureSetOverlay:
        return self.overlays[id(viewport)]

    def _view_changed(self, viewport) -> None:
        self.refresh()
        overlay = self.overlay(viewport)
        frame = _frame_shown(viewport)
        if frame != overlay.frame:
            overlay.show_for(frame)

    def panels(self, read: bool = True) -> list:
        """(viewport, panel) of each structure set shown (only those read, when *read*)."""
        found = []
        for viewport in self.area.viewports:
            panel = viewport.object_panel.structure_panel
            if (panel is not None and viewport.series is not None and panel.series is
                    viewport.series and (panel.structure_set is not None or not read)
                    and viewport.object_panel.isVisibleTo(viewport)):
                found.append((viewport, panel))
        return found

    def refresh(self, *_args) -> None:
        """Draw what the structure sets shown place on the image series shown."""
        if self._busy:
            return
        self._busy = True
        try:
            for _viewport, panel in self.panels(read=False):
                self._connect(panel)
            panels = self.panels()
            for viewport, panel in panels:
                self._open_once(viewport, panel)
            used = set()
            for viewport in self.area.all_viewports():
                self._draw_on(viewport, panels, used)
            self._placed = {k: v for k, v in self._placed.items() if k in used}
            for _viewport, panel in panels:
                panel.set_note(self._note(panel))
        finally:
            self._busy = False

    def _connect(self, panel) -> None:
        if id(panel) not in self._seen_panels:
            self._seen_panels.add(id(panel))
            panel.structureSetRead.connect(self.refresh)
            panel.roisToggled.connect(self.refresh)
            panel.roiActivated.connect(lambda number, p=panel: self.go_to_roi(p, number))

    def _open_once(self, viewport, panel) -> None:
        seen = self._opened.get(id(panel.series))
        if seen is None or seen() is not panel.series:  # once: not again after the reader moved
            self._opened[id(panel.series)] = weakref.ref(panel.series)
            self._open_images(viewport, panel.structure_set)

    def _draw_on(self, viewport, panels, used: set) -> None:
        overlay = self.overlay(viewport)
        series = viewport.series
        if series is None or not series.frames:
            if overlay.placed:
                overlay.clear()
            return
        placed, key = [], []
        for _source, panel in panels:
            if related(panel.structure_set, series):
                contours = self.placement(panel.structure_set, series, used)
                if contours is None:  # being placed: drawn when it is
                    continue
                placed.append((contours, panel.hidden()))
                key.append((id(contours), placed[-1][1]))
        if key != getattr(overlay, "key", None):
            overlay.key = key
            overlay.frame = _frame_shown(viewport)
            overlay.set_placed(placed)

    def placement(self, structure_set: StructureSet, series, used: set) -> SeriesContours | None:
        """The set's contours on *series*, or None while a worker places them (``refresh``
        again when it is done)."""
        key = (id(structure_set), id(series), len(series.frames))
        used.add(key)
        cached = self._placed.get(key)
        if cached is not None:
            return cached[2]
        if key not in self._pending:
            self._pending.add(key)
            frames = list(series.frames)
            SHARED_THREADS.submit(lambda: self._place(key, structure_set, series, frames))
        return None

    def _place(self, key, structure_set: StructureSet, series, frames) -> None:
        """On a worker: place, then hand the result to the GUI thread (queued)."""
        try:
            contours = place_structure_set(structure_set, frames)
        except Exception:  # noqa: BLE001 - a worker must not die silently
            LOG.exception("placing the contours of a structure set failed")
            contours = SeriesContours()
        try:  # the objects are kept with it, so their ids stay theirs
            self.placedReady.emit(key, (structure_set, series, contours))
        except RuntimeError:  # the area is gone
            pass

    def _placed_ready(self, key, cached) -> None:
        self._pending.discard(key)
        self._placed[key] = cached
        self.refresh()

    def _open_images(self, source, structure_set: StructureSet) -> None:
        """Show the images of *structure_set* beside it unless a viewport shows them."""
        candidates = [s for s in self.area.strip.series.values() if related(structure_set, s)]
        candidates.sort(key=lambda s: s.series_instance_uid not in
                        structure_set.referenced_series_uids)
        if not candidates or any(vp.series in candidates for vp in self.area.viewports):
            return
        target = viewport_beside(self.area, source, lambda vp: vp.series is None)
        target.set_series(candidates[0])
        self.area.seriesShown.emit(candidates[0].series_instance_uid)

    def go_to_roi(self, panel, number: int) -> None:
        """Show the first slice the ROI is drawn on, in each viewport of the set's images."""
        for viewport in self.area.viewports:
            series = viewport.series
            if series is None or not related(panel.structure_set, series):
                continue
            placed = self.placement(panel.structure_set, series, set())
            if placed is None:
                continue
            frames = sorted(i for i, drawn in placed.by_frame.items()
                            if any(c.roi_number == number for c in drawn))
            if frames:
                viewport.set_frame(frames[0], user=True)

    def _note(self, panel) -> str:
        shown = [vp.series for vp in self.area.viewports
                 if vp.series is not None and related(panel.structure_set, vp.series)]
        if not shown:
            return self.tr("The images this structure set was drawn on are not shown: open "
                           "them to see its contours.")
        drawn = [self.placement(panel.structure_set, s, set()) for s in shown]
        if any(d is None for d in drawn):
            return self.tr("Placing the contours on the images…")
        unplaced = min(sum(d.unplaced.values()) for d in drawn)
        if unplaced:
            return self.tr("%n contour(s) lie on no image shown.", "", unplaced)
        return ""


def _frame_shown(viewport) -> int | None:
    series, ref = viewport.series, viewport.ref
    if series is None or ref is None or not series.frames:
        return None
    index = viewport.state.frame
    return index if 0 <= index < len(series.frames) and series.frames[index] == ref else None
