"""Public entry points of the rendering pipeline (PS3.4 Annex N order).

Input is a pydicom Dataset plus one frame as ``pydicom.pixels.pixel_array(ds, index=i)``
returns it with default options: grayscale frames hold stored values (signed per Pixel
Representation, not rescaled), colour frames are RGB, PALETTE COLOR frames hold indices.

Grayscale: Modality LUT -> VOI LUT -> Presentation LUT, composed into one table and truncated
once, ``floor(255 * f(x))`` like DCMTK (see :mod:`viewer.pipeline.compose`). Colour: no VOI,
samples or palette entries reduced to 8 bits (see :mod:`viewer.pipeline.colour`).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline.colour import is_colour, render_colour
from viewer.pipeline.params import grayscale_params
from viewer.pipeline.renderer import GrayscaleRenderer


# What a malformed header can make pydicom or numpy raise; reported as one ValueError.
MALFORMED = (TypeError, AttributeError, KeyError, IndexError, OverflowError)


class WindowPreset(NamedTuple):
    """One VOI choice found in the header, for ``info`` and window presets.

    kind is "window" (center/width set; select with ``window_index``) or "voi_lut" (center and
    width None; select with ``voi_lut_index``, or ``window_index`` when the header has no
    window). ``function`` is the VOI LUT Function of a window, or "LUT".
    """

    kind: str
    index: int
    label: str
    center: float | None
    width: float | None
    function: str


def render_frame(
    ds: Dataset,
    stored,
    *,
    frame_index: int = 0,
    window: tuple[float, float] | None = None,
    window_index: int = 0,
    voi_function: str | None = None,
    voi_lut_index: int | None = None,
) -> np.ndarray:
    """Render one frame to C-contiguous uint8: H x W (grayscale) or H x W x 3 (colour).

    window: user (center, width), overriding the header. window_index: 0-based choice among
    the header's windows, or among its VOI LUT Sequence items when it has no window.
    voi_function: 'linear' | 'linear_exact' | 'sigmoid', overriding the header's VOI LUT
    Function. voi_lut_index: use that VOI LUT Sequence item even if windows exist.
    Colour images ignore the VOI options. Raises ValueError with the reason when the header
    or the options cannot be rendered.
    """
    try:
        if is_colour(ds):
            return render_colour(ds, stored)
        renderer = GrayscaleRenderer(
            ds,
            frame_index,
            stored=stored,
            window=window,
            window_index=window_index,
            voi_function=voi_function,
            voi_lut_index=voi_lut_index,
        )
        return renderer.render(stored)
    except MALFORMED as exc:
        raise ValueError(f"cannot render the image, malformed attribute: {exc}") from exc


def describe_windows(ds: Dataset, frame_index: int = 0) -> list[WindowPreset]:
    """The header's windows then its VOI LUT Sequence items, for the given frame."""
    if is_colour(ds):
        return []
    params = grayscale_params(ds, frame_index)
    presets = [
        WindowPreset(
            "window",
            i,
            window.explanation or f"Window {i + 1}",
            window.center,
            window.width,
            window.function,
        )
        for i, window in enumerate(params.windows)
    ]
    presets += [
        WindowPreset("voi_lut", i, f"VOI LUT {i + 1}: {lut.describe()}", None, None, "LUT")
        for i, lut in enumerate(params.voi_luts)
    ]
    return presets
