"""MPR in the viewer area: reformats of a series shown in ordinary viewports, with a crosshair.

- :meth:`MprMode.show_reformat` shows one plane of a series in a viewport (the hanging
  protocols' hook, ``ViewerArea.show_reformat``): the series' volume is built once in the
  background (progress in the viewport), then the viewport shows a reformat series
  (:mod:`viewer.viewing.reformat`), so window/level, zoom, pan, measurements, orientation
  letters, the scale bar and reference lines work on it as on any image.
- :meth:`MprMode.toggle` (the MPR action, ``M``) opens the active viewport's series as axial,
  coronal and sagittal in a 1x3 layout; again, back to the layout and series shown before.
- The crosshair: each MPR viewport shows where the other planes cut it (plane colours). Drag a
  line (or the crossing) to move those planes, Shift+click to put the crossing there, the wheel
  moves the viewport's own plane; Ctrl+Shift+drag turns the other two planes about this
  view's normal (oblique), re-sliced when the mouse is released.
- Slab thickness (mm) and mode (MIP, MinIP, average) apply to every MPR viewport.

One volume is held at a time: a new series' build replaces it (views of the old one keep their
image, without the crosshair), leaving MPR drops it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLineF, QObject, QPointF
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QGraphicsLineItem

from viewer.ui.viewing.mpr_bar import SlabControls
from viewer.ui.viewing.mpr_input import MprInput
from viewer.ui.viewing.volume_build import VolumeBuild
from viewer.viewing import crossref
from viewer.viewing.mpr import PLANES, Slab
from viewer.viewing.mpr_cursor import MprCursor
from viewer.viewing.reformat import ReformatInstance, plane_series

PLANE_ORDER = ("axial", "coronal", "sagittal")
PLANE_COLOURS = {"axial": QColor(255, 200, 0), "coronal": QColor(90, 220, 90),
                 "sagittal": QColor(90, 170, 255)}
GRAB = 8.0  # screen pixels from a crosshair line that grab it


translate = QCoreApplication.translate  # a literal context, so lupdate finds the strings


def reformat_of(viewport) -> ReformatInstance | None:
    series = viewport.series
    if series is None or not series.instances:
        return None
    instance = series.instances[0]
    return instance if isinstance(instance, ReformatInstance) else None


class MprMode(QObject):
    def __init__(self, area) -> None:
        super().__init__(area)
        self.area = area
        self.volume = None
        self.source = None  # the series the volume is of
        self.cursor: MprCursor | None = None
        self.slab = Slab()
        self.views: dict[str, object] = {}  # plane -> viewport showing its reformat
        self._waiting: dict[object, str] = {}  # viewport -> plane, until the volume is built
        self._then: dict[object, object] = {}  # viewport -> called once its reformat shows
        self._build: VolumeBuild | None = None
        self._lines: dict[object, list[QGraphicsLineItem]] = {}
        self._inputs: dict[object, object] = {}  # viewport -> its own MouseInput, kept
        self._saved = None  # (layout, [(viewport, series, frame)]) before the MPR layout
        self._made: list[ReformatInstance] = []  # released once no viewport shows them
        self.controls = SlabControls(area, self.set_slab)

    @property
    def active(self) -> bool:
        return self._saved is not None

    def is_waiting(self, viewport) -> bool:
        """Whether *viewport* waits for its reformat (its volume is being built)."""
        return viewport in self._waiting

    # --- the hook and the layout --------------------------------------------------------
    def show_reformat(self, viewport, series, plane: str, then=None) -> None:
        """*then(viewport)*, if given, is called once the reformat is shown there."""
        if plane not in PLANES:
            raise ValueError(f"plane {plane!r} is not one of {', '.join(PLANES)}")
        self._release(viewport)
        self._waiting[viewport] = plane
        if then is not None:
            self._then[viewport] = then
        if self._build is not None and self._build.series is series:
            self._build.planes.add(plane)
        if self.volume is not None and self.source is series:
            self._show(viewport, plane)
            return
        viewport.set_series(None)
        viewport.canvas.set_message(translate("MprMode", "Building the volume…"))
        self._start_build(series)

    def toggle(self) -> None:
        self.leave() if self.active else self.enter()

    def enter(self) -> None:
        source = self.area.active_viewport
        series = source.series
        if series is None or not series.frames or reformat_of(source) is not None:
            self.area.statusMessage.emit(translate("MprMode", "MPR needs a viewport showing an "
                                                   "image series."))
            self.area.action_map["mpr"].setChecked(False)
            return
        self._saved = (self.area._layout, [(vp, vp.series, vp.state.frame)  # noqa: SLF001
                                           for vp in self.area.all_viewports()])
        self.cursor = None
        self.area.set_layout(1, 3)
        for viewport, plane in zip(self.area.viewports, PLANE_ORDER):
            self.show_reformat(viewport, series, plane)
        self.area.viewports[0].activate()
        self.controls.set_visible(True)
        self.area.action_map["mpr"].setChecked(True)

    def leave(self) -> None:
        if self._saved is None:
            return
        layout, shown = self._saved
        self._saved = None
        for viewport in list(self._waiting) + list(self.views.values()):
            self._release(viewport)
        self._drop_volume()
        listed = [id(s) for s in self.area.strip.series.values()]
        self.area.set_layout(*layout)
        for viewport, series, frame in shown:  # a series no longer open is not brought back
            viewport.set_series(series if id(series) in listed else None, frame=frame)
        self.area.fill_empty()
        self.controls.set_visible(False)
        self.area.action_map["mpr"].setChecked(False)
        self._collect()

    # --- the volume ---------------------------------------------------------------------
    def _start_build(self, series) -> None:
        if self._build is not None and self._build.series is series:
            return
        for viewport in list(self.views.values()):  # of the volume let go: no crosshair
            self._release(viewport)
        self._drop_volume()
        self.source = series
        self._build = VolumeBuild(series, self, self.slab)
        self._build.planes.update(plane for vp, plane in self._waiting.items())
        self._build.progressed.connect(self._progressed)
        self._build.built.connect(self._built)
        self._build.failed.connect(self._failed)
        self._build.start()

    def _drop_volume(self) -> None:
        if self._build is not None:
            self._build.cancel()
            self._build.deleteLater()
            self._build = None
        self.volume, self.source, self.cursor = None, None, None

    def _current(self) -> bool:
        return self.sender() is self._build and self._build is not None

    def _progressed(self, done: int, total: int) -> None:
        if not self._current():
            return
        text = translate("MprMode", "Building the volume: %1 of %2 slices")
        text = text.replace("%1", str(done)).replace("%2", str(total))
        for viewport in self._waiting:
            viewport.canvas.set_message(text)

    def _built(self, volume, cursor, reformats: dict) -> None:
        if not self._current():
            return
        slab = self._build.slab
        self._build.deleteLater()
        self._build = None
        self.volume, self.cursor = volume, cursor
        if slab != self.slab:  # (changed while building: made again)
            reformats = {}
        for viewport, plane in list(self._waiting.items()):
            if viewport.series is not None:  # given something else meanwhile: that stays
                self._release(viewport)
                continue
            self._show(viewport, plane, reformats.pop(plane, None))

    def _failed(self, reason: str) -> None:
        if not self._current():
            return
        self._build.deleteLater()
        self._build, self.source = None, None
        text = translate("MprMode", "No MPR of this series: %1").replace("%1", reason)
        for viewport in self._waiting:
            viewport.canvas.set_message(text)
        self.area.statusMessage.emit(text)

    # --- the views ----------------------------------------------------------------------
    def _show(self, viewport, plane: str, series=None) -> None:
        """*series*: the plane's reformat made by the build thread (else made here)."""
        self._waiting.pop(viewport, None)
        if self.cursor is None:
            self.cursor = MprCursor(self.volume.centre())
        old = self.views.get(plane)
        if old is not None and old is not viewport:
            self._release(old)
        if series is None:
            series = self._series_of(plane)
        else:
            self._made.append(series.instances[0])
        viewport.canvas.set_message("")
        viewport.set_series(series, frame=series.instances[0].nearest_frame(self.cursor.centre))
        self.views[plane] = viewport
        self._attach(viewport)
        self._collect()
        self.refresh()
        then = self._then.pop(viewport, None)
        if then is not None:
            then(viewport)

    def _series_of(self, plane: str):
        series = plane_series(self.volume, self.cursor, plane, self.slab)
        self._made.append(series.instances[0])
        return series

    def _collect(self) -> None:
        """Reformats no viewport shows let their volume go: the area's plane caches may still
        hold their series, and must not hold a volume with them."""
        shown = {id(reformat_of(vp)) for vp in self.area.all_viewports()}
        for instance in self._made:
            if id(instance) not in shown:
                instance.release()
        self._made = [instance for instance in self._made if id(instance) in shown]

    def _attach(self, viewport) -> None:
        if viewport not in self._inputs:
            self._inputs[viewport] = viewport.input
            mpr_input = MprInput(viewport, self)
            mpr_input.tool = viewport.input.tool
            viewport.input = viewport.canvas.handler = mpr_input
            viewport.frameChanged.connect(self._scrolled)
            viewport.pointPicked.connect(self._picked)
        if viewport not in self._lines:
            self._lines[viewport] = []

    def _release(self, viewport) -> None:
        """*viewport* no longer shows a reformat of this mode (its own input back)."""
        self._waiting.pop(viewport, None)
        self._then.pop(viewport, None)
        for plane, shown in list(self.views.items()):
            if shown is viewport:
                del self.views[plane]
        for item in self._lines.pop(viewport, []):
            item.setParentItem(None)
            viewport.canvas.scene().removeItem(item)
        own = self._inputs.pop(viewport, None)
        if own is not None:
            own.tool = viewport.input.tool
            viewport.input = viewport.canvas.handler = own
            viewport.frameChanged.disconnect(self._scrolled)
            viewport.pointPicked.disconnect(self._picked)

    def plane_of(self, viewport) -> str | None:
        for plane, shown in self.views.items():
            if shown is viewport and reformat_of(viewport) is not None:
                return plane
        return None

    def current_plane(self, viewport):
        if viewport.series is None or not viewport.series.frames:
            return None
        return crossref.image_plane(viewport.series.instances[0].ds, viewport.state.frame)

    # --- crosshair ----------------------------------------------------------------------
    def segments(self, viewport) -> dict[str, tuple]:
        """Other plane -> its line on *viewport* (two DICOM (column, row) points)."""
        own, target = self.plane_of(viewport), self.current_plane(viewport)
        if own is None or target is None or self.cursor is None:
            return {}
        found = {}
        for plane in self.views:
            if plane != own:
                segment = crossref.reference_line(self.cursor.image_plane(plane), target)
                if segment is not None:
                    found[plane] = segment
        return found

    def refresh(self) -> None:
        for viewport in list(self.views.values()):
            self._draw(viewport, self.segments(viewport))

    def _draw(self, viewport, segments: dict) -> None:
        items = self._lines.setdefault(viewport, [])
        while len(items) < len(segments):
            item = QGraphicsLineItem()
            item.setParentItem(viewport.canvas.image_item)
            items.append(item)
        for item in items[len(segments):]:
            item.setVisible(False)
        for item, (plane, ((c0, r0), (c1, r1))) in zip(items, segments.items()):
            item.setLine(QLineF(c0 + 0.5, r0 + 0.5, c1 + 0.5, r1 + 0.5))
            pen = QPen(PLANE_COLOURS[plane], 1)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setVisible(True)

    def hit(self, viewport, pos: QPointF) -> list[str]:
        """The planes whose crosshair line passes within GRAB screen pixels of *pos*."""
        planes = []
        for plane, ((c0, r0), (c1, r1)) in self.segments(viewport).items():
            a = self._screen(viewport, c0 + 0.5, r0 + 0.5)
            b = self._screen(viewport, c1 + 0.5, r1 + 0.5)
            if _distance(pos, a, b) <= GRAB:
                planes.append(plane)
        return planes

    def _screen(self, viewport, x: float, y: float) -> QPointF:
        scene = viewport.canvas.image_item.mapToScene(QPointF(x, y))
        return QPointF(viewport.canvas.mapFromScene(scene))

    def centre_pixel(self, viewport) -> tuple[float, float] | None:
        target = self.current_plane(viewport)
        if target is None or self.cursor is None:
            return None
        c, r = crossref.to_pixel(target, self.cursor.centre)
        return c + 0.5, r + 0.5

    # --- moving and turning -------------------------------------------------------------
    def move(self, viewport, image_point, planes) -> None:
        """Move *planes* through the patient point under *image_point* of *viewport*."""
        target = self.current_plane(viewport)
        if target is None or self.cursor is None:
            return
        point = crossref.to_patient(target, image_point[0] - 0.5, image_point[1] - 0.5)
        self.cursor.move_to(point, planes)
        self._follow(planes)
        self.refresh()

    def turn(self, viewport, angle: float) -> None:
        plane = self.plane_of(viewport)
        if plane is not None and self.cursor is not None:
            self.cursor.rotate(plane, angle)
            self.refresh()

    def reslice(self, viewport) -> None:
        """After a turn: the other planes' reformats are made again along their new axes."""
        own = self.plane_of(viewport)
        for plane in [p for p in self.views if p != own]:
            self._replace(plane)
        self._collect()
        self.refresh()

    def set_slab(self, slab: Slab) -> None:
        self.slab = slab
        for plane in list(self.views):
            self._replace(plane)
        self._collect()
        self.refresh()

    def _replace(self, plane: str) -> None:
        viewport = self.views[plane]
        if reformat_of(viewport) is None or self.volume is None:
            return
        series = self._series_of(plane)
        viewport.update_series(series)
        viewport.set_frame(series.instances[0].nearest_frame(self.cursor.centre), user=False)

    def _follow(self, planes) -> None:
        for plane in planes:
            viewport = self.views.get(plane)
            instance = None if viewport is None else reformat_of(viewport)
            if instance is not None:
                viewport.set_frame(instance.nearest_frame(self.cursor.centre), user=False)

    def _scrolled(self, viewport, index: int) -> None:
        plane, target = self.plane_of(viewport), self.current_plane(viewport)
        if plane is not None and target is not None and self.cursor is not None:
            self.cursor.move_to(target.position, [plane])
            self.refresh()

    def _picked(self, viewport, x: float, y: float) -> None:
        if self.plane_of(viewport) is not None:
            self.move(viewport, (x, y), [p for p in self.views if p != self.plane_of(viewport)])


def _distance(p: QPointF, a: QPointF, b: QPointF) -> float:
    dx, dy = b.x() - a.x(), b.y() - a.y()
    length = (dx * dx + dy * dy) ** 0.5
    if length < 1e-9:
        return ((p.x() - a.x()) ** 2 + (p.y() - a.y()) ** 2) ** 0.5
    return abs(dx * (a.y() - p.y()) - dy * (a.x() - p.x())) / length
