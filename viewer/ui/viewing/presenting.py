"""Presentation states in a viewport (a mixin of Viewport): pick one, show it, save the view.

The Qt-free :class:`viewer.viewing.presentation.PresentationChoice` decides what applies to
which frame; this mixin shows it:

- pixels: the state's grayscale, shutter and overlays (``AppliedPresentation.render_image``)
  go to the ImageItem unchanged, before rotation/flip;
- rotation/flip and displayed area become the viewport's own view state (quarter turns, flip,
  zoom, center: :func:`viewer.viewing.presentation.presentation_view`), so the user can still
  zoom, pan and turn; while the user has not, each frame shows its own displayed area and a
  frame the state does not reference shows the view the viewport had before the state;
- graphics and text: :class:`~.gsps_items.PresentationGraphics` over the image.

Any change of window, zoom, pan, rotation, flip or invert after applying the state marks it
"modified" in the corner text; Reset view applies the state again.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QCoreApplication

from viewer.viewing.gsps_save import build_presentation_state
from viewer.ui.viewing import measurements as ms
from viewer.ui.viewing import overlays
from viewer.ui.viewing.gsps_dialog import state_text
from viewer.ui.viewing.gsps_items import PresentationGraphics, to_view
from viewer.viewing.presentation import PresentationChoice, offered_states, presentation_view
from viewer.viewing.presentation_save import (SavedMeasurement, ViewFacts, describe_view,
                                              referenced_images)
from viewer.viewing.state import ViewState

GEOMETRY = ("rotation", "flip_h", "flip_v", "zoom", "center")
translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


def _geometry(state: ViewState) -> dict:
    return {name: getattr(state, name) for name in GEOMETRY}


def study_objects_only(series) -> list:
    """Default source of a viewport's offered states: the study objects found with the series."""
    return offered_states(series, series.study_objects)


def screen_pixel_spacing(widget) -> float | None:
    """mm per pixel of the widget's screen (TRUE SIZE), None when the screen does not say."""
    screen = widget.screen()
    dpi = screen.physicalDotsPerInch() if screen is not None else 0.0
    return 25.4 / dpi if dpi > 0 else None


class Presenting:
    """Needs ``state``, ``series``, ``ref``, ``stored``, ``display``, ``canvas`` and ViewOps."""

    def _init_presenting(self) -> None:
        self.presentation = PresentationChoice(self._open_series)
        self.states_for = study_objects_only  # series -> offered states (the area sets it)
        self.series_source = None  # series UID -> open Instances (the area sets it)
        self.base_view = ViewState()  # the view before a state was applied
        self.display_pixel_spacing: float | None = None  # mm per screen pixel (TRUE SIZE)
        self.ps_graphics = PresentationGraphics()
        self.canvas.view_box.addItem(self.ps_graphics, ignoreBounds=True)
        self._graphics_key = None

    # --- offering and picking -------------------------------------------------------------
    def wanted_ref(self):
        """The frame the state asks for (shown or still decoding), or None."""
        return self.series.frames[self.state.frame] if self.frame_count else None

    def offer_states(self) -> None:
        """Ask ``states_for`` again (series shown or grown, states found or saved)."""
        infos = self.states_for(self.series) if self.series is not None else []
        self.offer_presentation_states(infos)

    def offer_presentation_states(self, infos) -> None:
        before = self.presentation.active
        if self.presentation.offer(infos, self.wanted_ref()):
            self._present_fresh(keep_base=before)
        self.presentationChanged.emit(self)

    def choose_presentation(self, info) -> None:
        """Apply *info* (a PresentationStateInfo from ``presentation.offered``; None: none)."""
        before = self.presentation.active
        self.presentation.pick(info)
        self._present_fresh(keep_base=before)
        self.presentationChanged.emit(self)

    def set_annotations_only(self, enabled: bool) -> None:
        """Show only the state's overlays, graphics and text, with the user's own view and
        window (turned off: the state as saved)."""
        if bool(enabled) == self.presentation.annotations_only:
            return
        if not self.presentation.active:  # remembered for the next state picked
            self.presentation.set_annotations_only(enabled)
            self.presentationChanged.emit(self)
            return
        window, preset, invert = self.state.window, self.state.preset, self.state.invert
        self.presentation.set_annotations_only(enabled)
        if enabled:
            self.base_view = replace(self.base_view, window=window, preset=preset, invert=invert)
        self._present_fresh(keep_base=True)
        self.presentationChanged.emit(self)

    def _open_series(self, series_uid: str):
        """The Instances of an open series (what a Blending state superimposes), or None."""
        if self.series is not None and self.series.series_instance_uid == series_uid:
            return self.series.instances
        return self.series_source(series_uid) if self.series_source else None

    def _reset_presentation(self) -> None:
        """A new series: no state, a fresh view."""
        self.presentation = PresentationChoice(self._open_series)
        self.base_view = ViewState()
        self._graphics_key = None
        self.ps_graphics.set_drawn([])

    def _present_fresh(self, keep_base: bool) -> None:
        """Show the picked state as saved (or none): the base view, then the state's."""
        if not keep_base:
            self.base_view = replace(ViewState(), **_geometry(self.state))
        self.state = replace(self.base_view, frame=self.state.frame)
        if not self.presentation.annotations_only:
            self.state = replace(self.state, window=None, preset=None, invert=False)
        self._follow_presentation()
        self._apply_lut()
        self.repaint_frame()
        self._apply_view()

    # --- following the state while scrolling --------------------------------------------------
    def _wanted_geometry(self) -> dict | None:
        """The view the state gives the wanted frame (None: leave the view as it is)."""
        choice = self.presentation
        if not choice.active or choice.annotations_only or choice.moved:
            return None
        applied = choice.applied(self.wanted_ref())
        if applied is None:
            return _geometry(self.base_view)
        size = self.canvas.view_box.size()
        spacing = self.display_pixel_spacing or screen_pixel_spacing(self)
        turns, flip, zoom, center = presentation_view(
            applied, (size.width(), size.height()), spacing)
        return {"rotation": turns, "flip_h": flip, "flip_v": False, "zoom": zoom,
                "center": center}

    def _follow_presentation(self) -> bool:
        """Give the view the state's geometry for the wanted frame; True if it changed."""
        wanted = self._wanted_geometry()
        if wanted is None or wanted == _geometry(self.state):
            return False
        self.state = replace(self.state, **wanted)
        return True

    def _resized(self) -> None:
        self._follow_presentation()
        self._apply_view()

    def _user_changed(self, geometry: bool) -> None:
        """The user changed the view: a state applied is now "modified"."""
        self.presentation.mark_modified(geometry)
        own_view = not self.presentation.active or self.presentation.annotations_only
        if own_view and geometry:
            self.base_view = replace(ViewState(), **_geometry(self.state))

    # --- rendering ----------------------------------------------------------------------------
    def _render_shown(self):
        """The current frame through the picked state, else the plain pipeline."""
        if self.presentation.active:
            shown = self.presentation.render(self.ref, self.stored, self.state.window,
                                             self.display)
            if shown is not None and self.state.invert and shown.image.ndim == 3:
                return shown._replace(image=255 - shown.image)  # no display LUT for RGB
            if shown is not None:
                return shown
        return self.display.render(self.ref, self.stored, self.state.window)

    def _update_graphics(self) -> None:
        """Place the state's graphics of the shown frame (when the frame or the view turned)."""
        applied = self.presentation.applied(self.ref) if self.presentation.active else None
        matrix = self.image_matrix()
        key = (id(applied), tuple(matrix.ravel()))
        if key == self._graphics_key:
            return
        self._graphics_key = key
        drawn = []
        if applied is not None:
            drawn = to_view(applied.graphics(target="image"), applied.transform, matrix)
        self.ps_graphics.set_drawn(drawn)

    def presentation_menu(self, menu) -> None:
        """The offered states as a submenu of the context menu *menu*."""
        if not self.presentation.offered:
            return
        sub = menu.addMenu(translate("Viewport", "Presentation state"))
        current = self.presentation.info
        choices = [(None, translate("Viewport", "None"))] + \
            [(info, state_text(info)) for info in self.presentation.offered]
        for info, text in choices:
            action = sub.addAction(text)
            action.setCheckable(True)
            action.setChecked(info is current or (info is not None and current is not None and
                                                  info.sop_instance_uid ==
                                                  current.sop_instance_uid))
            action.triggered.connect(lambda _=False, i=info: self.choose_presentation(i))

    def presentation_lines(self) -> list[str]:
        status = self.presentation.status(self.wanted_ref())
        return [] if status is None else [overlays.presentation_line(*status)]

    # --- saving -------------------------------------------------------------------------------
    def view_facts(self) -> ViewFacts:
        applied = self.presentation.applied(self.ref) if self.presentation.active else None
        shape = None
        if applied is not None and not applied.annotations_only:
            shape = self.presentation.state.presentation_shape
            voi = applied.renderer.voi
        else:
            voi = self.display.renderer(self.ref, self.stored).voi
        rect = self.canvas.view_box.viewRect()
        return ViewFacts(
            window=self.current_window(), voi_function=getattr(voi, "function", "LINEAR"),
            quarter_turns=self.state.rotation, flip_h=self.state.flip_h,
            flip_v=self.state.flip_v, invert=self.state.invert, state_shape=shape,
            fits=self.state.zoom is None and self.state.center is None,
            matrix=np.asarray(self.image_matrix()),
            view_rect=(rect.left(), rect.top(), rect.right(), rect.bottom()))

    def presentation_dataset(self, label: str, creator: str = "", description: str = ""):
        """The shown view as a new GSPS data set (see viewer.viewing.presentation_save)."""
        if self.ref is None or self.stored is None:
            raise ValueError(translate("Viewport", "No image is shown: nothing to save."))
        if self.shown is not None and self.shown.colour:
            raise ValueError(translate("Viewport",
                                       "A colour image has no grayscale presentation state."))
        images = referenced_images(self.series, self.ref.instance)
        uids = {image.sop_instance_uid for image in images}
        saved = [(owner, m) for owner, m in self.measurements
                 if owner.instance.sop_instance_uid in uids]
        measurements = [SavedMeasurement(owner, m.shape, m.p0, m.p1, m.text)
                        for owner, m in saved]
        view = describe_view(self.ref, self.view_facts(), measurements)
        ds = build_presentation_state(view, images, label, creator, description)
        self._saved_measurements = [m for _, m in saved]
        return ds

    def drop_saved_measurements(self) -> None:
        """The measurements of the last saved state are now its graphics: remove them."""
        saved = {id(m): m for m in getattr(self, "_saved_measurements", [])}
        for m in saved.values():
            ms.remove(m)
        self.measurements = [(o, m) for o, m in self.measurements if id(m) not in saved]
        self._saved_measurements = []
