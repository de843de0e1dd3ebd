"""One viewport: a series shown frame by frame with its overlays, a stack slider and cine.

Frames come decoded from the shared :class:`~.frames.QtFrameLoader` (never from the disk in the
GUI thread): the frame asked for first, then its neighbours, then the rest of the series in the
background. Pixels come from :class:`viewer.viewing.display.Display` (the pipeline) and go to
the ImageItem unchanged (uint8, no levels), so what is painted is the pipeline's frame.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFrame, QHBoxLayout, QMenu

from viewer.dicom import FrameRef, Series
from viewer.ui.viewing import overlays
from viewer.ui.viewing.canvas import Canvas
from viewer.ui.viewing.input import MouseInput
from viewer.ui.viewing.object_panel import ObjectPanel
from viewer.ui.viewing.orienting import Orienting
from viewer.ui.viewing.presenting import Presenting
from viewer.ui.viewing.report_regions import ReportRegions
from viewer.ui.viewing.report_view import ReportView, is_document_series
from viewer.ui.viewing.stack_slider import StackSlider
from viewer.ui.viewing.tools import Tools
from viewer.ui.viewing.video import VideoPlayback
from viewer.ui.viewing.viewops import ViewOps
from viewer.viewing import stack
from viewer.ui import formatting
from viewer.viewing.annotations import CornerValues
from viewer.viewing.display import Display, Shown
from viewer.viewing.state import ViewState

SERIES_MIME = "application/x-dicom-viewer-series-uid"
NEIGHBOURS = 4  # frames decoded right after the current one, each side
ACTIVE_STYLE = "Viewport { border: 2px solid #f0a020; background: black; }"
IDLE_STYLE = "Viewport { border: 2px solid #303030; background: black; }"


class Viewport(VideoPlayback, Presenting, ViewOps, Tools, Orienting, QFrame):
    """Shows one series. Signals carry the viewport itself first."""

    activated = Signal(object)
    frameChanged = Signal(object, int)  # changed by the user (wheel, keys, slider, cine)
    viewChanged = Signal(object)
    statusMessage = Signal(str)
    seriesDropped = Signal(object, str)
    tagsRequested = Signal(object)
    presentationChanged = Signal(object)  # offered states, the pick or its mode changed
    pointPicked = Signal(object, float, float)  # Shift+click: image (x, y), the 3D cursor
    referenceRequested = Signal(object, str, int)  # a report's link: SOP Instance UID, frame
    regionRequested = Signal(object, int)  # a report's SCOORD3D link: its index in volumes

    def __init__(self, loader, parent=None) -> None:
        super().__init__(parent)
        self.loader = loader
        self.series: Series | None = None
        self.state = ViewState()
        self.display = Display()
        self.ref: FrameRef | None = None
        self.stored = None
        self.shown: Shown | None = None
        self.corner: CornerValues | None = None
        self.show_annotations = True
        self._navigated = False  # the reader moved through this series (else: its first image)
        self.key_objects_for = lambda ref: []  # FrameRef -> [KeyObject] (set by the area)
        self.report_view: ReportView | None = None
        self._init_tools()
        self._init_orienting()
        self._build()
        self.report_regions = ReportRegions(self.canvas.image_item)
        self._init_presenting()
        loader.frameLoaded.connect(self._frame_loaded)

    def _build(self) -> None:
        self.setAcceptDrops(True)
        self.canvas = Canvas(self)
        self.input = MouseInput(self)
        self.canvas.handler = self.input
        self.slider = StackSlider(self)
        self.slider.valueChanged.connect(lambda value: self.set_frame(value, user=True))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.slider)
        self.object_panel = ObjectPanel(self)  # a series of objects that are not images
        self.object_panel.hide()
        layout.addWidget(self.object_panel, 1)
        self.cine = QTimer(self)
        self.cine.timeout.connect(self._cine_tick)
        self.fps = stack.DEFAULT_FPS
        self.canvas.view_box.sigResized.connect(lambda *_: self._resized())
        self.set_active(False)

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        """Translated in the context lupdate gives this class's ``self.tr`` calls."""
        return QCoreApplication.translate("Viewport", text, disambiguation, n)

    # --- series and frames --------------------------------------------------------------
    @property
    def frame_count(self) -> int:
        return 0 if self.series is None else len(self.series.frames)

    @property
    def series_uid(self) -> str | None:
        return None if self.series is None else self.series.series_instance_uid

    def set_series(self, series: Series | None, frame: int | None = None) -> None:
        """Show *series* from *frame* (default: the first), with a fresh view."""
        self.stop_cine()
        self.clear_measurements()
        self.report_regions.clear()
        self.series, self.ref, self.stored, self.shown = series, None, None, None
        self._navigated = bool(frame)
        self.display = Display()
        self.state = ViewState()
        self._reset_presentation()
        self.canvas.image_item.clear()
        count = self.frame_count
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(count - 1, 0))
        self.slider.setVisible(count > 1)
        self.slider.blockSignals(False)
        self.state = replace(self.state, frame=stack.clamp(frame or 0, count))
        self.adopt_video_rate()
        self._show_document(series)
        self._show_object_panel(series is not None and not count
                                and not is_document_series(series))
        self.offer_states()
        if count:
            self._go(self.state.frame)
            self._prefetch_all()
        self.refresh_overlay()
        self.viewChanged.emit(self)

    def _show_object_panel(self, shown: bool) -> None:
        if shown:
            self.object_panel.show_series(self.series)
        self.object_panel.setVisible(shown)
        self.canvas.setVisible(not shown and not is_document_series(self.series))

    def update_series(self, series: Series) -> None:
        """The same series with more (or reordered) frames: keep showing the same frame once the
        reader has moved; until then show the first (the stack grows on both sides while read)."""
        current = self.ref
        self.series = series
        if is_document_series(series):
            self._show_document(series)
        count = len(series.frames)
        self.slider.blockSignals(True)
        self.slider.setRange(0, max(count - 1, 0))
        self.slider.setVisible(count > 1)
        index = series.frames.index(current) if current in series.frames else self.state.frame
        if not self._navigated:
            index = 0  # a series still being read opens at its first image, not its first read
        self.state = replace(self.state, frame=stack.clamp(index, count))
        self.slider.setValue(self.state.frame)
        self.slider.blockSignals(False)
        if count and series.frames[self.state.frame] != current:
            self._go(self.state.frame)
        self.offer_states()
        self._prefetch_all()
        self.refresh_overlay()

    def _show_document(self, series: Series | None) -> None:
        """A report or key object selection shows as a document in place of the canvas."""
        document = is_document_series(series)
        if document and self.report_view is None:
            self.report_view = ReportView(self)
            self.report_view.referenceActivated.connect(
                lambda uid, frame: self.referenceRequested.emit(self, uid, frame))
            self.report_view.regionActivated.connect(lambda n: self.regionRequested.emit(self, n))
            self.layout().insertWidget(0, self.report_view, 1)
        self.canvas.setVisible(not document)
        if self.report_view is not None:
            self.report_view.setVisible(document)
            if document:
                self.report_view.show_series(series)

    def set_frame(self, index: int, user: bool = False) -> None:
        if not self.frame_count:
            return
        self._navigated = True
        index = stack.clamp(index, self.frame_count)
        if index == self.state.frame and self.ref is not None:
            return
        self._go(index)
        if user:
            self.frameChanged.emit(self, index)

    def scroll(self, delta: int, user: bool = True) -> None:
        self.set_frame(stack.step(self.state.frame, delta, self.frame_count), user=user)

    def _go(self, index: int) -> None:
        self.state = replace(self.state, frame=index)
        moved = self._follow_presentation()
        self.slider.follow(index)
        ref = self.series.frames[index]
        stored = self.loader.store.get(ref)
        error = self.loader.store.error(ref)
        if error is not None:  # decoding failed before: say why instead of "loading"
            self._show_nothing(error)
        elif stored is None:
            near = [self.series.frames[i] for i in stack.outward_order(index, self.frame_count)]
            self.loader.request(self.video_ahead(index)[:1] if self.is_video
                                else near[: 2 * NEIGHBOURS + 1])
            self.refresh_overlay()
        else:
            self._paint(ref, stored)
        if moved:
            self._apply_view()
        if self.is_video:
            self._prefetch_all()

    def _prefetch_all(self) -> None:
        if self.is_video:  # decoded in order: the frames ahead of this one, more as it plays
            self.loader.request([], self.video_ahead(self.state.frame))
            return
        order = stack.outward_order(self.state.frame, self.frame_count)
        frames = [self.series.frames[i] for i in order]
        self.loader.request(frames[: 2 * NEIGHBOURS + 1], frames)

    def _frame_loaded(self, ref, error: str) -> None:
        if self.series is None or ref == self.ref:  # painted already
            return
        if self.series.frames and ref == self.series.frames[self.state.frame]:
            if error:
                self._show_nothing(error)
                return
            stored = self.loader.store.get(ref)
            if stored is not None:
                self._paint(ref, stored)

    def _show_nothing(self, error: str) -> None:
        """The frame asked for cannot be decoded: no image (not the previous frame's), the
        reason in the middle of the viewport and in the status bar."""
        self.ref, self.stored, self.shown = None, None, None
        self.canvas.image_item.clear()
        self.refresh_overlay()
        self.statusMessage.emit(error)

    def _paint(self, ref: FrameRef, stored) -> None:
        reshape = self.stored is None or self.stored.shape[:2] != stored.shape[:2]
        self.ref, self.stored = ref, stored
        self.corner = self.headers.corner(ref, formatting.date_pattern())
        self.repaint_frame()
        self._show_measurements_of(ref)
        self.report_regions.show_for(ref)
        if reshape:
            self._apply_view()

    def repaint_frame(self) -> None:
        """Render the current frame with the current state and hand it to the ImageItem."""
        if self.ref is None or self.stored is None:
            return
        try:
            self.shown = self._render_shown()
        except ValueError as exc:
            self.statusMessage.emit(str(exc))
            return
        self.canvas.image_item.setImage(self.shown.image, autoLevels=False)
        self._apply_lut()
        self._update_graphics()
        self.refresh_overlay()
        self.viewChanged.emit(self)

    # --- overlay ------------------------------------------------------------------------
    def set_annotations_visible(self, visible: bool) -> None:
        self.show_annotations = bool(visible)
        self.canvas.show_corners = self.show_annotations
        self._show_overlay_items()
        self.canvas.viewport().update()

    def refresh_overlay(self) -> None:
        self.canvas.set_corners(self.corner_lines())
        self.canvas.set_message(self.problem_text())
        self.refresh_edges()
        self._refresh_key_badge()

    def key_objects(self) -> list:
        """The KOs that select the frame shown (viewer.viewing.key_images.KeyObject)."""
        return self.key_objects_for(self.ref) if self.ref is not None else []

    def _refresh_key_badge(self) -> None:
        found = self.key_objects()
        titles = list(dict.fromkeys(k.title or self.tr("Key image") for k in found))
        self.canvas.set_badge(self.tr("Key image: %1").replace("%1", ", ".join(titles))
                              if found else "")
        notes = [k.title + (f": {k.description}" if k.description else "") for k in found]
        self.canvas.setToolTip("\n".join(notes))

    def problem_text(self) -> str:
        """Why the current frame is not shown (it cannot be decoded), or ""."""
        if self.series is None or not self.series.frames:
            return ""
        error = self.loader.store.error(self.series.frames[self.state.frame])
        if error is None:
            return ""
        return self.tr("This image cannot be shown:") + "\n" + error

    def corner_lines(self) -> dict[str, list[str]]:
        if self.series is None or not self.series.frames:  # nothing, or a report
            return {}
        v = self.corner
        wanted = self.series.frames[self.state.frame]
        error = self.loader.store.error(wanted)
        loading = error is None and self.ref != wanted
        bottom_left = overlays.image_lines(v, self.state.frame, self.frame_count, loading)
        if self.hover_text:
            bottom_left.append(self.hover_text)
        bottom_right = []
        if self.shown is not None:  # window and zoom of an image shown, not of none
            bottom_right.append(overlays.window_line(self.current_window(), self.shown.colour,
                                                     self.state.invert))
            flipped = self.state.flip_h != self.state.flip_v
            bottom_right += overlays.view_lines(self.zoom(), self.state.rotation, flipped)
        if self.cine.isActive():
            bottom_right.append(self.tr("Cine %1 fps").replace("%1", str(self.fps)))
        bottom_right += self.presentation_lines()
        lines = {"bl": bottom_left, "br": bottom_right}
        if v is not None:
            lines["tl"], lines["tr"] = overlays.header_lines(v)
        return lines

    def pick_point(self, pos: QPoint) -> None:
        point = self.image_point(pos)
        if point is not None and self.ref is not None:
            self.pointPicked.emit(self, point[0], point[1])

    def annotation_text(self) -> str:
        return self.canvas.corner_text()

    # --- activation, cine, menu, drops ----------------------------------------------------
    def activate(self) -> None:
        self.activated.emit(self)

    def set_active(self, active: bool) -> None:
        self.is_active = active
        self.setStyleSheet(ACTIVE_STYLE if active else IDLE_STYLE)

    def set_fps(self, fps: float) -> None:
        self.fps = stack.clamp_fps(fps)
        if self.cine.isActive():
            self.cine.start(round(1000 / self.fps))
        self.refresh_overlay()

    def play(self) -> None:
        if self.frame_count > 1:
            self.cine.start(round(1000 / self.fps))
            self.refresh_overlay()

    def stop_cine(self) -> None:
        self.cine.stop()

    def toggle_cine(self) -> None:
        self.stop_cine() if self.cine.isActive() else self.play()
        self.refresh_overlay()

    def _cine_tick(self) -> None:
        index = stack.step(self.state.frame, 1, self.frame_count, wrap=True)
        ref = self.series.frames[index]
        if self.loader.store.get(ref) is None:  # not decoded yet: wait, do not flash
            self.loader.request([ref])
            return
        self.set_frame(index, user=True)

    def context_menu(self, global_pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        tags = QAction(self.tr("DICOM tags…"), menu)
        tags.triggered.connect(lambda: self.tagsRequested.emit(self))
        menu.addAction(tags)
        presets = menu.addMenu(self.tr("Window presets"))
        for preset in self.presets():
            label = QCoreApplication.translate("Presets", preset.label)
            action = presets.addAction(f"{label}\t{preset.key or ''}")
            action.triggered.connect(lambda _=False, p=preset: self.apply_preset(p))
        self.presentation_menu(menu)
        menu.addAction(self.tr("Reset view"), self.reset_view)
        menu.addAction(self.tr("Clear measurements"), self.clear_measurements)
        self.context_menu_widget = menu
        menu.popup(global_pos)

    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasFormat(SERIES_MIME):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        uid = bytes(event.mimeData().data(SERIES_MIME)).decode("utf-8")
        event.acceptProposedAction()
        self.activate()
        self.seriesDropped.emit(self, uid)
