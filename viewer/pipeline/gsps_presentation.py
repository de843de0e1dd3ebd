"""A presentation state applied to one image frame, in PS3.4 Annex N order. Qt-free.

:class:`AppliedPresentation` is what a viewport or the headless export uses:

1. grayscale (N.2.1): modality LUT, mask subtraction, VOI, presentation LUT of the state
   (:class:`viewer.pipeline.gsps_grayscale.PresentationRenderer`, GrayscaleRenderer surface);
   for a Color, Pseudo-Color or Blending state instead the image's RGB, the palette or the
   blending, and the ICC profile (N.2.2-N.2.4, :mod:`viewer.pipeline.ps_stages`), RGB output;
2. display shutters (N.2.2) as P-values over the grayscale result
   (:mod:`viewer.pipeline.shutter`);
3. activated overlays (C.11.7) burnt in with their layer's colour, then graphics and text
   (:mod:`viewer.pipeline.gsps_graphics`) drawn *over* the shutter (a painter draws those);
4. spatial transformation (N.2.3): rotation then flip (:mod:`viewer.pipeline.spatial`);
5. displayed area (N.2.4) onto an output of a given size (:mod:`viewer.pipeline.displayed_area`).

*annotations_only* keeps the image's own grayscale (and the user's window), no shutter, no
rotation/flip, the whole image: only overlays, graphics and text of the state are shown.
``set_window`` / ``mark_modified`` record that the user changed the view after applying it.
"""

from __future__ import annotations

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.gsps import PresentationState
from viewer.pipeline.colour import is_colour
from viewer.pipeline.displayed_area import DisplayLayout, display_layout, resample
from viewer.pipeline.gsps_graphics import Primitive, annotation_primitives, layer_colour
from viewer.pipeline.gsps_grayscale import PresentationRenderer
from viewer.pipeline.gsps_mask import mask_item_for, mask_values
from viewer.pipeline.overlay import overlay_on_image
from viewer.pipeline.ps_stages import ColourImageRenderer, colour_stage, state_renderer
from viewer.pipeline.renderer import GrayscaleRenderer
from viewer.pipeline.shutter import apply_shutter, shutter_colour, shutter_opening
from viewer.pipeline.spatial import SpatialTransform

__all__ = ["AppliedPresentation", "uses_colour"]


def uses_colour(ps: PresentationState) -> bool:
    """Whether the output is RGB: a Color, Pseudo-Color or Blending state, or any CIELab
    colour in a GSPS."""
    if ps.kind != "GRAYSCALE":
        return True
    shutter_lab = ps.shutters is not None and ps.shutters.cielab is not None
    return shutter_lab or any(layer.cielab is not None for layer in ps.layers)


def _image_facts(image) -> tuple[Dataset, str | None, int, int, int]:
    ds = image if isinstance(image, Dataset) else image.ds
    frames = getattr(image, "number_of_frames", None) or int(ds.get("NumberOfFrames") or 1)
    uid = ds.get("SOPInstanceUID")
    return ds, (str(uid) if uid else None), int(ds.Rows), int(ds.Columns), int(frames)


class AppliedPresentation:
    """*ps* applied to frame *frame_index* (0-based) of *image* (an Instance or a Dataset);
    *superimposed(series_uid)* gives the Instances a Blending state blends over it."""

    def __init__(self, ps: PresentationState, image, frame_index: int = 0, *,
                 annotations_only: bool = False, superimposed=None):
        ds, uid, rows, columns, frames = _image_facts(image)
        self.ps, self.image_ds, self.sop_instance_uid = ps, ds, uid
        self.frame_index, self.frame_number = frame_index, frame_index + 1
        self.number_of_frames = frames
        self.rows, self.columns = rows, columns
        if not ps.applies_to(uid, self.frame_number):
            raise ValueError(f"the presentation state does not reference image {uid} frame "
                             f"{self.frame_number}")
        self.annotations_only = annotations_only
        self.colour = uses_colour(ps)
        self.modified = False
        self.colour_stage = None
        if annotations_only:
            self._plain(ds, frame_index)
        else:
            self._full(ds, frame_index, superimposed)
        self.overlays = self._overlays()

    def _plain(self, ds: Dataset, frame_index: int) -> None:
        self.mask_item = None
        self.renderer = ColourImageRenderer(ds) if is_colour(ds) else \
            GrayscaleRenderer(ds, frame_index)
        self.transform = SpatialTransform(self.columns, self.rows)
        self.displayed_area = None
        self.shutter_opening = None
        self.shutter_value = 0

    def _full(self, ds: Dataset, frame_index: int, superimposed) -> None:
        ps = self.ps
        self.mask_item = mask_item_for(ps, self.frame_number) if self.number_of_frames > 1 else None
        self.renderer = state_renderer(ps, ds, frame_index, subtracted=self.mask_item is not None)
        self.colour_stage = colour_stage(ps, ds, superimposed)
        self.transform = SpatialTransform(self.columns, self.rows, ps.rotation, ps.flip)
        self.displayed_area = ps.displayed_area_for(self.sop_instance_uid, self.frame_number)
        bitmap = None
        if ps.shutters is not None and ps.shutters.bitmap_group is not None:
            bitmap = overlay_on_image(ps.shutters.bitmap_group, (self.rows, self.columns),
                                      self.frame_number, ps.ds)
        self.shutter_opening = shutter_opening(ps.shutters, (self.rows, self.columns), bitmap)
        self.shutter_value = shutter_colour(ps.shutters, self.colour)

    def _overlays(self) -> list[tuple[int, int, tuple, np.ndarray]]:
        """Activated overlays as (layer order, gray, rgb, bits on the image), bottom first."""
        order = {layer.name: i for i, layer in enumerate(self.ps.layers)}
        found = []
        for group, layer_name in self.ps.overlays.items():
            bits = overlay_on_image(group, (self.rows, self.columns), self.frame_number,
                                    self.ps.ds, self.image_ds)
            if bits is not None:
                gray, rgb = layer_colour(self.ps.layer(layer_name))
                found.append((order.get(layer_name, len(order)), gray, rgb, bits))
        return sorted(found, key=lambda overlay: overlay[0])

    # -- what the user changes -------------------------------------------------------------

    @property
    def window(self) -> tuple[float, float] | None:
        """The window in use (center, width), None for a VOI LUT."""
        return self.renderer.window

    def set_window(self, center: float, width: float, function: str | None = None) -> None:
        """Apply a user window; the view no longer is the state's (``modified``)."""
        self.renderer.set_window(center, width, function)
        self.modified = not self.annotations_only or self.modified

    def mark_modified(self) -> None:
        """Record a zoom/pan/rotation change made by the viewport after applying the state."""
        self.modified = True

    # -- rendering ----------------------------------------------------------------------------

    def layout(self, viewport: tuple[int, int] | None = None,
               display_pixel_spacing: float | None = None) -> DisplayLayout:
        """Where the displayed area lands on an output of *viewport* = (width, height)."""
        return display_layout(self.displayed_area, self.transform, viewport=viewport,
                              display_pixel_spacing=display_pixel_spacing)

    def render_image(self, stored, frame=None) -> np.ndarray:
        """Grayscale, mask subtraction, shutter and overlays, in image coordinates (before the
        spatial transformation). *frame(i)* decodes 0-based frame i (for mask subtraction)."""
        mask = None
        if self.mask_item is not None and frame is not None:
            mask = mask_values(self.mask_item, self.frame_number, self.number_of_frames, frame,
                               self.renderer.modality)
        if isinstance(self.renderer, PresentationRenderer):
            image = self.renderer.render(stored, mask=mask)
        else:
            image = self.renderer.render(stored)
        if self.colour_stage is not None:
            image = self.colour_stage(image)
        if self.colour and image.ndim == 2:
            image = np.repeat(image[:, :, None], 3, axis=2)
        elif image.ndim == 3:
            image = image.copy()  # the shutter and overlays are drawn into it
        apply_shutter(image, self.shutter_opening, self.shutter_value)
        for _, gray, rgb, bits in self.overlays:
            image[bits] = rgb if self.colour else gray
        return image

    def render(self, stored, viewport=None, frame=None, display_pixel_spacing=None):
        """(canvas, layout): the frame transformed and laid out on the displayed area; the
        graphics are not drawn (see :meth:`graphics`)."""
        layout = self.layout(viewport, display_pixel_spacing)
        transformed = self.transform.array(self.render_image(stored, frame))
        return resample(transformed, layout), layout

    def graphics(self, layout: DisplayLayout | None = None, target: str = "canvas"
                 ) -> list[Primitive]:
        """Graphics and text as primitives, on *layout*'s canvas or (target 'image') in
        transformed-image coordinates; DISPLAY units use the layout's displayed area."""
        layout = layout or self.layout()
        return annotation_primitives(self.ps, self.sop_instance_uid, self.frame_number,
                                     self.transform, layout, target)
