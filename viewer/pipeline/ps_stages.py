"""The stages that set the Color, Pseudo-Color and Blending states apart from a GSPS (PS3.4
N.2.2-N.2.4), for :class:`viewer.pipeline.gsps_presentation.AppliedPresentation`. Qt-free.

Per kind, what renders a frame (:func:`state_renderer`) and what turns that into the RGB
output (:func:`colour_stage`), before the shutter, overlays, spatial transformation and
displayed area that every kind shares:

- GRAYSCALE (N.2.1): the state's grayscale stages; no colour stage.
- COLOR (N.2.2): the image's own RGB (:func:`viewer.pipeline.colour.render_colour`: no
  Modality or VOI stage), then the state's ICC profile (:mod:`viewer.pipeline.icc`).
- PSEUDO-COLOR (N.2.3): the state's Modality and VOI LUT (no Presentation LUT), the Palette
  Color LUT over the VOI output (:mod:`viewer.pipeline.ps_palette`), then the ICC profile.
- BLENDING (N.2.4): the UNDERLYING item's Modality and VOI LUT; the SUPERIMPOSED image
  resampled, through its item's stages and the palette, blended over it with Relative Opacity
  (:mod:`viewer.pipeline.blending`), then the ICC profile.

A Color state applies to colour images only, the others to grayscale images: anything else is
a ValueError saying so, like a broken palette, or a broken or missing ICC profile (the ICC
Profile Module is mandatory in all three, PS3.3 A.33.2-A.33.4).

The superimposed images come from *superimposed(series_uid)*, which returns the Instances of
that series the caller has (open in the viewer, given on the command line), or None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline.blending import blend, nearest_plane, plane_of, resample_indices
from viewer.pipeline.colour import is_colour, render_colour
from viewer.pipeline.gsps_grayscale import PresentationRenderer, presentation_params
from viewer.pipeline.icc import apply_icc_profile, profile_transform
from viewer.pipeline.ps_palette import palette_fractions, palette_stage, read_palette

__all__ = ["ColourImageRenderer", "colour_stage", "state_renderer"]

Superimposed = Callable[[str], Iterable | None]
NAMES = {"COLOR": "A Color", "PSEUDO-COLOR": "A Pseudo-Color", "BLENDING": "A Blending",
         "GRAYSCALE": "A Grayscale"}


class ColourImageRenderer:
    """The renderer surface (``render``, ``window``, ``voi``) for a colour image: no VOI, so a
    window is ignored (PS3.4 N.2.2 has no grayscale stage)."""

    voi = None
    window = None
    table = None

    def __init__(self, ds: Dataset):
        self.ds = ds

    def set_window(self, center: float, width: float, function: str | None = None) -> None:
        """Colour pixels have no window: nothing changes."""

    def render(self, stored) -> np.ndarray:
        return render_colour(self.ds, stored)


def _check_image(ps, image_ds: Dataset) -> None:
    colour = is_colour(image_ds)
    if ps.kind == "COLOR" and not colour:
        raise ValueError("a Color Softcopy Presentation State applies to colour images, and "
                         "this image is grayscale")
    if ps.kind != "COLOR" and colour:
        raise ValueError(f"{NAMES[ps.kind]} Softcopy Presentation State applies to grayscale "
                         "images, and this image is in colour")


def state_renderer(ps, image_ds: Dataset, frame_index: int = 0, subtracted: bool = False):
    """What renders the frame before the colour stage (see the module docstring)."""
    _check_image(ps, image_ds)
    if ps.kind == "COLOR":
        return ColourImageRenderer(image_ds)
    if ps.kind == "BLENDING":
        return PresentationRenderer(presentation_params(image_ds, ps.blending.underlying,
                                                        frame_index))
    return PresentationRenderer.for_image(image_ds, ps, frame_index, subtracted=subtracted)


def colour_stage(ps, image_ds: Dataset, superimposed: Superimposed | None = None
                 ) -> Callable[[np.ndarray], np.ndarray] | None:
    """uint8 frame -> uint8 RGB for the state's kind, None for a GSPS; checks the palette,
    profile and superimposed image now, so a broken state fails before any frame renders."""
    if ps.kind == "GRAYSCALE":
        return None
    profile = ps.icc_profile
    if profile is None:
        raise ValueError(f"the presentation state has no ICC Profile (0028,2000), which "
                         f"{NAMES[ps.kind].split()[-1]} Softcopy Presentation States require "
                         "(PS3.3 C.11.15)")
    profile_transform(profile)
    if ps.kind == "COLOR":
        return lambda rgb: apply_icc_profile(rgb, profile)
    luts = read_palette(ps.ds)
    if ps.kind == "PSEUDO-COLOR":
        return lambda gray: apply_icc_profile(palette_stage(gray, luts), profile)
    fractions, inside = superimposed_fractions(ps, image_ds, luts, superimposed)
    opacity = ps.blending.opacity
    return lambda gray: apply_icc_profile(blend(gray, fractions, inside, opacity), profile)


def _candidates(ps, superimposed: Superimposed | None) -> list:
    wanted = ps.blending.superimposed
    uids = {ref.sop_instance_uid for ref in wanted.references}
    found = []
    for series_uid in wanted.series_instance_uids:
        for instance in (superimposed(series_uid) or ()) if superimposed else ():
            if getattr(instance, "sop_instance_uid", None) in uids:
                found.append(instance)
    single = [i for i in found if getattr(i, "number_of_frames", 1) == 1]
    if found and not single:
        raise ValueError("the superimposed images of the Blending state are multi-frame: "
                         "only single-frame superimposed images can be blended")
    if not single:
        series = ", ".join(wanted.series_instance_uids) or "?"
        raise ValueError(f"the superimposed series is not available: open it in the viewer, "
                         f"or give its files (series {series})")
    return single


def superimposed_fractions(ps, image_ds: Dataset, luts, superimposed: Superimposed | None):
    """(H x W x 3 palette fractions on the underlying grid, inside mask) for *image_ds*."""
    candidates = _candidates(ps, superimposed)
    underlying = plane_of(image_ds, "underlying image")
    planes = [plane_of(c.ds, "superimposed image") for c in candidates]
    chosen = candidates[nearest_plane(underlying, planes)]
    renderer = PresentationRenderer(presentation_params(chosen.ds, ps.blending.superimposed))
    voi_output = renderer.render(chosen.frame(0))
    rows, columns, inside = resample_indices(underlying, plane_of(chosen.ds))
    return palette_fractions(voi_output, luts)[rows, columns], inside
