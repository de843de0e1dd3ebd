"""Rendering an image with a presentation state, headless (``dicom-viewer export --pr``).

Qt-free except for the last step: the numpy pipeline (:class:`viewer.pipeline.gsps_presentation
.AppliedPresentation`) renders grayscale, shutters, overlays, spatial transformation and the
displayed area; graphics and text are then rasterised by :mod:`viewer.ui.annotations_paint`
(QPainter on a QImage, works offscreen), imported only when there is something to draw.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from viewer.dicom import DicomReadError, read_instance
from viewer.dicom.gsps import PresentationState, read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation

__all__ = ["export_with_presentation_state", "fit_to_size", "load_presentation_state",
           "parse_size", "render_with_presentation_state"]


def load_presentation_state(path) -> PresentationState:
    """Read a GSPS file; DicomReadError when it is not readable or not a GSPS."""
    instance = read_instance(path)
    try:
        return read_presentation_state(instance)
    except ValueError as exc:
        raise DicomReadError(str(path), str(exc)) from exc


def parse_size(text: str) -> tuple[int, int]:
    """``"WxH"`` -> (width, height), both at least 1; ValueError otherwise."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must be WIDTHxHEIGHT, e.g. 512x512, not {text!r}") from None
    if width < 1 or height < 1 or width * height > 1 << 28:
        raise ValueError(f"size {text} is out of range")
    return width, height


def paint(canvas: np.ndarray, primitives) -> np.ndarray:
    """Draw graphics and text (Qt, imported lazily: offscreen when no display is set)."""
    if not primitives:
        return canvas
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.ui.annotations_paint import paint_primitives

    return paint_primitives(canvas, primitives)


def render_with_presentation_state(instance, ps: PresentationState, frame_index: int = 0,
                                   size: tuple[int, int] | None = None, *,
                                   display_pixel_spacing: float | None = None,
                                   annotations_only: bool = False) -> np.ndarray:
    """The frame as the state presents it, graphics and text included: uint8 H x W (or
    H x W x 3 when the state uses CIELab colours), *size* = (width, height) or the area's."""
    try:
        applied = AppliedPresentation(ps, instance, frame_index,
                                      annotations_only=annotations_only)
        canvas, layout = applied.render(instance.frame(frame_index), size, instance.frame,
                                        display_pixel_spacing)
        return paint(canvas, applied.graphics(layout))
    except (ValueError, TypeError, KeyError, IndexError) as exc:
        raise DicomReadError(instance.path, f"cannot apply the presentation state: {exc}") from exc


def export_with_presentation_state(image_path, ps_path, out: Path, frame_index: int = 0,
                                   size: tuple[int, int] | None = None) -> Path:
    """Render *image_path* with the GSPS *ps_path* and write a PNG to *out*."""
    from viewer.export import write_png

    instance = read_instance(image_path)
    ps = load_presentation_state(ps_path)
    write_png(Path(out), render_with_presentation_state(instance, ps, frame_index, size))
    return Path(out)


def fit_to_size(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A rendered frame scaled to fit *size* = (width, height), centred, black around."""
    from viewer.pipeline.displayed_area import display_layout, resample
    from viewer.pipeline.spatial import SpatialTransform

    transform = SpatialTransform(image.shape[1], image.shape[0])
    return resample(image, display_layout(None, transform, viewport=size))
