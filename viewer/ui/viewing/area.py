"""The central viewer: series thumbnail strip, toolbar and a grid of viewports.

Public API (kept stable for the main window):

- ``ViewerArea(parent=None)``
- ``show_series_list(series)``: replace the strip; show the first image series in the active
  viewport and the next ones in the other empty viewports of the layout. Every series but
  presentation states is listed: one of objects that are not images (an RT Plan, a waveform,
  ...) shows its SOP class name and, opened, the tag browser (:mod:`.object_panel`).
- key images (:mod:`.key_controls`): ``key_images`` marks the series and frames the study's
  KOs select and lists a "Key images" entry first in the strip.
- ``add_series(series_list)``: add to the strip without disturbing what is shown; a series whose
  UID is already there is replaced (progressive loading), viewports showing it keep their frame.
- ``set_layout(rows, cols)``: 1x1, 1x2, 2x1 or 2x2; ``hanging`` (:mod:`.hanging`): protocols.
- ``active_viewport``, ``viewports`` (the visible ones, row by row).
- signals ``statusMessage(str)``, ``seriesShown(str)`` (series instance UID).
- ``actions()``: the QActions with their shortcuts (QWidget.actions()).
- presentation states (see :mod:`.gsps_controls`): ``set_archive(archive)`` or
  ``set_presentation_state_source(callable(study_uid) -> [Instance])`` to offer the states of
  the local archive too; ``set_presentation_state_saver(callable(dataset) -> path)`` to store
  saved states (default: a save-file dialog); ``set_presentation_state_creator(name)``;
  ``save_presentation_state(label=None)`` (Ctrl+S; None asks for the label).
- structured reports and key object selections are in the strip too; shown, they are read as
  a document (:mod:`.report_view`); ``open_reference(viewport, uid, frame)`` (a report's link)
  shows the referenced image beside the report, from the open series or the local archive.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QVBoxLayout, QWidget

from viewer.dicom import DicomReadError, ObjectKind, Series
from viewer.ui.viewing import actions as viewer_actions
from viewer.ui.viewing.crosslinks import CrossLinks
from viewer.ui.viewing.frames import QtFrameLoader
from viewer.ui.viewing.gsps_controls import PresentationControls
from viewer.ui.viewing.hanging import HangingProtocols
from viewer.ui.viewing.key_guard import guard_inputs
from viewer.ui.viewing.key_controls import KeyImageControls, is_key_series
from viewer.ui.viewing.mpr_view import MprMode
from viewer.ui.viewing.linked import ViewportLinks
from viewer.ui.viewing.placeholders import fill
from viewer.ui.viewing.references import find_in_archive, find_open
from viewer.ui.viewing.report_links import open_region, show_beside
from viewer.ui.viewing.report_view import is_document_series
from viewer.ui.viewing.rt_controls import StructureSetControls
from viewer.ui.viewing.strip import SeriesStrip
from viewer.ui.viewing.tagbrowser import TagBrowser
from viewer.ui.viewing.toolbar import build_presentation_bar, build_toolbar
from viewer.ui.viewing.viewport import Viewport
from viewer.ui.viewing.video import refresh_window_actions
from viewer.viewing import stack
from viewer.viewing.geometry import stack_planes

LAYOUTS = ((1, 1), (1, 2), (2, 1), (2, 2), (1, 3))  # 1x3: MPR
MAX_VIEWPORTS = 4


class ViewerArea(QWidget):
    statusMessage = Signal(str)
    seriesShown = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.loader = QtFrameLoader(self)
        self.strip = SeriesStrip(self)
        self.strip.seriesActivated.connect(self.show_series_uid)
        self.presentations = PresentationControls(self)
        self.key_images = KeyImageControls(self)
        self.crosslinks = CrossLinks(self)
        self.structure_sets = StructureSetControls(self)  # RT contours, the ROI lists
        self.linking = ViewportLinks(self)  # linked W/L, zoom/pan, scrolling (.linked)
        self._all = [self._new_viewport() for _ in range(MAX_VIEWPORTS)]
        self._active = self._all[0]
        self._layout = (1, 1)
        self.tool = "window"
        self.tag_browser: TagBrowser | None = None
        self.archive = None
        self._planes: dict[int, tuple[Series, list]] = {}
        self.action_map = viewer_actions.build(self)
        self.action_map["annotations"].setChecked(True)
        self.action_map["sync"].setChecked(True)
        self.hanging = HangingProtocols(self)  # before the toolbar: in its Layout menu
        self.grid = QGridLayout()
        self.grid.setSpacing(2)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.toolbar = build_toolbar(self)
        self.presentation_bar = build_presentation_bar(self)
        self.mpr = MprMode(self)  # MPR layout, reformats (viewer.ui.viewing.mpr_view)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(0)
        right.addWidget(self.toolbar)
        right.addWidget(self.presentation_bar)
        right.addLayout(self.grid, 1)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.strip)
        outer.addLayout(right, 1)
        guard_inputs(self)
        self.set_layout(1, 1)
        self._set_active(self._all[0])

    def _new_viewport(self) -> Viewport:
        viewport = Viewport(self.loader, self)
        viewport.activated.connect(self._set_active)
        viewport.frameChanged.connect(self._synchronise)
        viewport.frameChanged.connect(self.crosslinks.refresh)  # after the synchronised ones
        viewport.viewChanged.connect(self.crosslinks.refresh)
        viewport.viewChanged.connect(self.linking.view_changed)
        viewport.viewChanged.connect(lambda vp: vp is self._active and refresh_window_actions(self))
        viewport.pointPicked.connect(self.crosslinks.pick)
        viewport.statusMessage.connect(self.statusMessage)
        viewport.seriesDropped.connect(self.show_series_uid_in)
        viewport.tagsRequested.connect(lambda vp: self.show_tags(vp))
        viewport.presentationChanged.connect(self.presentations.refresh)
        viewport.referenceRequested.connect(self.open_reference)
        viewport.regionRequested.connect(lambda vp, number: open_region(self, vp, number))
        viewport.states_for = self.presentations.offered_for
        viewport.series_source = self.presentations.open_series
        viewport.key_objects_for = self.key_images.objects_for
        self.structure_sets.attach(viewport)
        return viewport

    # --- public API -----------------------------------------------------------------------
    @property
    def active_viewport(self) -> Viewport:
        return self._active

    @property
    def viewports(self) -> list[Viewport]:
        rows, cols = self._layout
        return self._all[: rows * cols]

    def show_series_list(self, series: list[Series]) -> None:
        kept = {id(i) for s in series for i in s.instances}
        for old in self.strip.series.values():  # what was open: its frames leave the cache
            for instance in old.instances:
                if id(instance) not in kept:
                    instance.forget_frames()
        self.strip.clear_series()
        self.presentations.forget_source_results()
        for viewport in self._all:
            viewport.set_series(None)
        self._planes.clear()
        self.crosslinks.forget()
        for s in series:
            if _listed(s):
                self.strip.add(s)
        self.key_images.update()
        self.fill_empty(start_with=self._active)
        self.hanging.study_opened()

    def add_series(self, series_list: list[Series]) -> None:
        for s in series_list:
            if not _listed(s):
                continue
            if not self.strip.add(s):
                for viewport in self._all:
                    if viewport.series_uid == s.series_instance_uid:
                        viewport.update_series(s)
        self.key_images.update()
        self.fill_empty()
        self.hanging.series_added()

    def set_layout(self, rows: int, cols: int) -> None:
        if (rows, cols) not in LAYOUTS:
            raise ValueError(f"unsupported layout {rows}x{cols}; use one of {LAYOUTS}")
        self._layout = (rows, cols)
        for viewport in self._all:
            self.grid.removeWidget(viewport)
        for index, viewport in enumerate(self._all):
            visible = index < rows * cols
            if visible:
                self.grid.addWidget(viewport, index // cols, index % cols)
            else:
                viewport.stop_cine()
            viewport.setVisible(visible)
        for r in range(2):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(3):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        if self._active not in self.viewports:
            self._set_active(self.viewports[0])
        self.fill_empty()
        self.crosslinks.refresh()

    def set_layout_tuple(self, layout: tuple[int, int]) -> None:
        self.set_layout(*layout)

    def all_viewports(self) -> list[Viewport]:
        """Every viewport, hidden ones too."""
        return list(self._all)

    # --- presentation states ---------------------------------------------------------------
    def set_archive(self, archive) -> None:
        self.archive = archive
        self.presentations.set_archive(archive)

    def set_presentation_state_source(self, source) -> None:
        self.presentations.set_source(source)

    def set_presentation_state_saver(self, saver) -> None:
        self.presentations.saver = saver

    def set_presentation_state_creator(self, name: str) -> None:
        self.presentations.creator = name or ""

    def save_presentation_state(self, label: str | None = None):
        if label is None:
            return self.presentations.ask_and_save()
        return self.presentations.save(label)

    def set_key_object_store(self, saver, remover) -> None:
        """Where ``K`` stores the reader's KO: *saver(dataset) -> path* (default: the
        presentation state saver) and *remover(study_uid, series_uid, sop_uid)* for one emptied
        of its last image."""
        self.key_images.marking.saver = saver
        self.key_images.marking.remover = remover

    def toggle_key_image(self):
        """``K``: mark or unmark the active viewport's frame as a key image (saved as a KO)."""
        return self.key_images.toggle(self._active)

    def key_image_note(self) -> None:
        """Shift+K: a note (Key Object Description) on this session's key images."""
        self.key_images.marking.ask_note(self._active)

    def toggle_annotations_only(self) -> None:
        self.presentations.toggle_annotations_only()

    # --- showing series ---------------------------------------------------------------------
    def show_series_uid(self, uid: str) -> None:
        self.show_series_uid_in(self._active, uid)

    def show_series_uid_in(self, viewport: Viewport, uid: str) -> None:
        series = self.strip.series.get(uid)
        if series is not None:
            self.show_series(viewport, series)

    def show_series(self, viewport: Viewport, series: Series) -> None:
        viewport.set_series(series)
        self._set_active(viewport)
        self.focus_active()
        self.seriesShown.emit(series.series_instance_uid)

    def focus_active(self) -> None:
        """Keys go to the active viewport: the arrows scroll at once, with no click first."""
        self._active.canvas.setFocus(Qt.FocusReason.OtherFocusReason)

    def fill_empty(self, start_with: Viewport | None = None) -> None:
        """Show the strip's series not shown yet in the empty visible viewports (images first;
        other objects only when the strip has no images; never the Key images entry)."""
        shown = {vp.series_uid for vp in self._all if vp.series_uid}
        listed = [s for uid, s in self.strip.series.items() if not is_key_series(uid)]
        images = [s for s in listed if s.frames]
        waiting = [s for s in images or listed if s.series_instance_uid not in shown]
        empty = [vp for vp in self.viewports
                 if vp.series is None and not self.mpr.is_waiting(vp)]  # (its volume builds)
        if start_with in empty:
            empty.remove(start_with)
            empty.insert(0, start_with)
        for viewport, series in zip(empty, waiting):
            viewport.set_series(series)
            self.seriesShown.emit(series.series_instance_uid)

    def open_reference(self, source: Viewport, uid: str, frame_number: int) -> None:
        """Show the instance a report references beside the report (*frame_number* 1-based)."""
        try:
            found = (find_open(self.strip.series.values(), uid, frame_number)
                     or find_in_archive(self.archive, uid, frame_number))
        except DicomReadError as exc:
            self.statusMessage.emit(fill(self.tr("The referenced image cannot be read: %1"), exc))
            return
        if found is None:
            self.statusMessage.emit(fill(self.tr("The referenced object %1 is not in the local "
                                                 "archive"), uid))
            return
        show_beside(self, source, *found)

    # --- active viewport and synchronisation ------------------------------------------------
    def set_active_viewport(self, viewport: Viewport) -> None:
        self._set_active(viewport)

    def _set_active(self, viewport: Viewport) -> None:
        self._active = viewport
        for other in self._all:
            other.set_active(other is viewport)
        self.presentations.refresh()
        self.crosslinks.refresh()
        refresh_window_actions(self)
        if viewport.series is not None:
            self.statusMessage.emit(self.strip.label(viewport.series).replace("\n", " — "))

    def planes_of(self, series: Series) -> list:
        cached = self._planes.get(id(series))
        if cached is None or cached[0] is not series:
            cached = (series, stack_planes(series.frames))
            self._planes[id(series)] = cached
        return cached[1]

    def _synchronise(self, source: Viewport, index: int) -> None:
        self.linking.follow_frame(source, index)

    # --- commands (actions and toolbar) -----------------------------------------------------
    def on_active(self, method: str) -> None:
        getattr(self._active, method)()

    def scroll_active(self, delta: int) -> None:
        self._active.scroll(delta, user=True)

    def page_active(self, direction: int) -> None:
        self._active.scroll(direction * stack.page_size(self._active.frame_count), user=True)

    def first_active(self) -> None:
        self._active.set_frame(0, user=True)

    def last_active(self) -> None:
        self._active.set_frame(self._active.frame_count - 1, user=True)

    def zoom_active(self, factor: float) -> None:
        self._active.zoom_by(factor)

    def rotate_active(self, turns: int) -> None:
        self._active.rotate(turns)

    def flip_active(self, horizontal: bool) -> None:
        self._active.flip(horizontal)

    def toggle_invert(self) -> None:
        self._active.set_invert(not self._active.state.invert)
        self.action_map["invert"].setChecked(self._active.state.invert)

    def preset_key(self, key: str) -> None:
        self._active.apply_preset_key(key)

    def cine_speed(self, direction: int) -> None:
        self._active.set_fps(self._active.fps + 5 * direction if self._active.fps >= 5
                             else self._active.fps + direction)
        self.fps_box.setValue(self._active.fps)

    def set_fps(self, fps: int) -> None:
        self._active.set_fps(fps)

    def set_tool(self, tool: str) -> None:
        self.tool = tool
        for viewport in self._all:
            viewport.input.tool = tool
        self.action_map[f"tool_{tool}"].setChecked(True)

    def toggle_annotations(self) -> None:
        visible = not self._all[0].show_annotations
        for viewport in self._all:
            viewport.set_annotations_visible(visible)
        self.action_map["annotations"].setChecked(visible)

    def toggle_reference_ends(self) -> None:
        """Reference lines of the active series' first and last images too, or not."""
        self.crosslinks.show_ends = not self.crosslinks.show_ends
        self.action_map["reference_ends"].setChecked(self.crosslinks.show_ends)
        self.crosslinks.refresh()

    def show_reformat(self, viewport: Viewport, series: Series, plane: str, then=None) -> None:
        self.mpr.show_reformat(viewport, series, plane, then)

    def toggle_mpr(self) -> None:
        self.mpr.toggle()

    def toggle_sync(self) -> None:
        self.set_sync(not self.sync_enabled)

    def set_sync(self, enabled: bool) -> None:
        self.linking.set_linked("scroll", enabled)

    @property
    def sync_enabled(self) -> bool:
        return self.linking.links.scroll

    def show_tags(self, viewport: Viewport | None = None) -> TagBrowser | None:
        viewport = viewport or self._active
        if viewport.ref is None and (viewport.series is None or viewport.series.frames):
            return None
        if self.tag_browser is None:
            self.tag_browser = TagBrowser(self)
        instance = viewport.ref.instance if viewport.ref else viewport.series.instances[0]
        self.tag_browser.show_dataset(instance.ds, instance.sop_instance_uid or instance.path)
        self.tag_browser.show()
        self.tag_browser.raise_()
        return self.tag_browser


def _listed(series: Series) -> bool:
    """In the strip: images and every other object but presentation states (applied to the
    images they reference)."""
    return series.kind is not ObjectKind.PRESENTATION_STATE and bool(series.instances)
