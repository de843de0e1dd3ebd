"""From a decoded frame and a view state to the uint8 frame a viewport shows, Qt-free.

Pixels come only from :mod:`viewer.pipeline`: a :class:`GrayscaleRenderer` is kept per
(instance, frame), so a window drag rebuilds only its table (and slices of equal parameters
share one). Without a user window each frame
shows its own default (the header's window, else the frame's min-max, as the pipeline says).
Colour frames go through ``render_frame`` and ignore the window. Inversion is not done here:
the viewport shows it with a display lookup table.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import NamedTuple

import numpy as np

from viewer.dicom import FrameRef
from viewer.pipeline import GrayscaleRenderer, modality_values, render_frame
from viewer.pipeline.colour import is_colour
from viewer.pipeline.renderer import default_window, frame_range

KEPT_RENDERERS = 1024  # small: their tables are shared (viewer.pipeline.tables)


class Shown(NamedTuple):
    image: np.ndarray  # uint8 HxW or HxWx3, C-contiguous
    window: tuple[float, float] | None  # the window applied (None: colour or VOI LUT)
    colour: bool


def renderer_key(ref: FrameRef):
    """Frames of an instance computed when asked (an MPR reformat) share one header, so one
    renderer: a crosshair drag does not build a table per frame."""
    return (ref.instance, 0 if getattr(ref.instance, "computed", False) else ref.frame_index)


class Display:
    """Renders frames for one viewport; remembers renderers and value ranges."""

    def __init__(self) -> None:
        self._renderers: OrderedDict[tuple, GrayscaleRenderer] = OrderedDict()
        self._ranges: dict[FrameRef, float] = {}

    def renderer(self, ref: FrameRef, stored: np.ndarray) -> GrayscaleRenderer:
        key = renderer_key(ref)
        renderer = self._renderers.get(key)
        if renderer is None:
            renderer = GrayscaleRenderer(ref.instance.ds, ref.frame_index, stored=stored)
            self._renderers[key] = renderer
            while len(self._renderers) > KEPT_RENDERERS:
                self._renderers.popitem(last=False)
        self._renderers.move_to_end(key)
        return renderer

    def render(self, ref: FrameRef, stored: np.ndarray,
               window: tuple[float, float] | None) -> Shown:
        """The frame with *window* (modality units), or its own default window when None."""
        ds = ref.instance.ds
        if renderer_key(ref) not in self._renderers and is_colour(ds):  # a renderer: grey
            return Shown(render_frame(ds, stored, frame_index=ref.frame_index), None, True)
        renderer = self.renderer(ref, stored)
        if window is None:
            if getattr(renderer.voi, "explanation", None) == "user":
                renderer.select(0)
        elif renderer.window != window:
            renderer.set_window(*window)
        return Shown(renderer.render(stored), renderer.window, False)

    def default_window(self, ref: FrameRef, stored: np.ndarray) -> tuple[float, float] | None:
        """The window the frame shows by itself (header or min-max); None for VOI LUT/colour."""
        if is_colour(ref.instance.ds):
            return None
        fresh = GrayscaleRenderer(ref.instance.ds, ref.frame_index, stored=stored)
        if fresh.window is not None:
            return fresh.window
        limits = frame_range(stored, fresh.params.padding)
        window = default_window(fresh.params, limits)
        return window.center, window.width

    def value_range(self, ref: FrameRef, stored: np.ndarray) -> float:
        """Span of the frame's modality values (for the window drag sensitivity)."""
        if ref not in self._ranges:
            ends = np.array([stored.min(), stored.max()])
            values = modality_values(ref.instance.ds, ends, ref.frame_index)
            self._ranges[ref] = float(np.ptp(values))
        return self._ranges[ref]

    def values(self, ref: FrameRef, stored: np.ndarray) -> np.ndarray:
        """Modality values (e.g. HU) of a grayscale frame, float64."""
        return modality_values(ref.instance.ds, stored, ref.frame_index)
