"""Displayed area selection (PS3.3 C.10.4; PS3.4 N.2.4): which part of the transformed image
fills the output, and at what size. Qt-free.

Displayed Area Top Left / Bottom Right Hand Corner are 1-based (column, row) pixels of the image
*before* the spatial transformation, naming the pixels that end up top left / bottom right
*after* it, and may lie outside the image (C.10.4.1.1): under a 90 degree rotation the whole
image is TLHC = (1, rows) and BRHC = (columns, 1). Both corners are mapped through the spatial
transformation and the displayed rectangle is the one they span (so a writer that kept
TLHC = (1, 1), BRHC = (columns, rows) under rotation selects the same area).

Presentation Size Mode:

- SCALE TO FIT: the area is scaled to fit the output, keeping the pixel aspect ratio, centred;
  without an output size it is shown one output pixel per image column.
- TRUE SIZE: one image pixel is Presentation Pixel Spacing (mm) wide on a display whose pixels
  are ``display_pixel_spacing`` mm (default: the presentation pixel spacing, i.e. 1:1).
- MAGNIFY: one image pixel is Presentation Pixel Magnification Ratio output pixels wide.

Presentation Pixel Spacing (row, column) or Presentation Pixel Aspect Ratio (vertical,
horizontal) describe the image's pixels, so under a 90/270 degree rotation they swap axes.
TRUE SIZE and MAGNIFY centre the area on the output. Output pixels outside the image are 0
(black). Resampling is nearest neighbour: output pixel (u, v) shows the transformed-image pixel
containing ``((u + 0.5 - offset_x) / scale_x, (v + 0.5 - offset_y) / scale_y)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.pipeline.spatial import SpatialTransform

__all__ = ["DisplayLayout", "area_rectangle", "display_layout", "pixel_aspect", "resample"]

SIZE_MODES = ("SCALE TO FIT", "TRUE SIZE", "MAGNIFY")


@dataclass(frozen=True)
class DisplayLayout:
    """Output canvas and the affine map ``canvas = offset + scale * transformed image``.

    ``area`` = (left, top, right, bottom): the displayed area in continuous coordinates of the
    transformed image ((0, 0) its top left corner).
    """

    canvas_width: int
    canvas_height: int
    scale_x: float
    scale_y: float
    offset_x: float
    offset_y: float
    area: tuple[float, float, float, float]

    def to_canvas(self, points) -> np.ndarray:
        """Transformed-image coordinates (x, y) -> canvas coordinates."""
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        return np.stack([self.offset_x + self.scale_x * pts[:, 0],
                         self.offset_y + self.scale_y * pts[:, 1]], axis=1)

    def display_to_image(self, points) -> np.ndarray:
        """DISPLAY units (0..1 across the displayed area) -> transformed-image coordinates."""
        left, top, right, bottom = self.area
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        return np.stack([left + pts[:, 0] * (right - left), top + pts[:, 1] * (bottom - top)],
                        axis=1)


def area_rectangle(top_left, bottom_right, transform: SpatialTransform):
    """(left, top, right, bottom) in the transformed image for 1-based corner pixels."""
    a = transform.pixel(*top_left)
    b = transform.pixel(*bottom_right)
    return (min(a[0], b[0]) - 1.0, min(a[1], b[1]) - 1.0,
            float(max(a[0], b[0])), float(max(a[1], b[1])))


def pixel_aspect(pixel_spacing, aspect_ratio, rotation: int) -> float:
    """Displayed height / width of one transformed-image pixel (1.0 when unknown)."""
    if pixel_spacing and pixel_spacing[0] > 0 and pixel_spacing[1] > 0:
        vertical, horizontal = pixel_spacing
    elif aspect_ratio and aspect_ratio[0] > 0 and aspect_ratio[1] > 0:
        vertical, horizontal = aspect_ratio
    else:
        return 1.0
    ratio = float(vertical) / float(horizontal)
    return 1.0 / ratio if rotation in (90, 270) else ratio


def _column_spacing(pixel_spacing, rotation: int) -> float | None:
    """Physical width (mm) of one transformed-image column."""
    if not pixel_spacing or min(pixel_spacing) <= 0:
        return None
    return float(pixel_spacing[0] if rotation in (90, 270) else pixel_spacing[1])


def _scale(size_mode, width, height, aspect, viewport, magnification, spacing, display_spacing):
    """Output pixels per transformed-image column, by size mode."""
    if size_mode == "MAGNIFY" and magnification and magnification > 0:
        return float(magnification)
    if size_mode == "TRUE SIZE" and spacing:
        return spacing / (display_spacing or spacing)
    if viewport is None:
        return 1.0
    return min(viewport[0] / width, viewport[1] / (height * aspect))


def display_layout(area, transform: SpatialTransform, *, viewport: tuple[int, int] | None = None,
                   display_pixel_spacing: float | None = None) -> DisplayLayout:
    """The layout of a :class:`viewer.dicom.gsps.DisplayedArea` (None: the whole image,
    SCALE TO FIT) on an output of *viewport* = (width, height) pixels, or on a canvas just
    holding the area when *viewport* is None."""
    rotation = transform.rotation
    if area is None:
        rect = (0.0, 0.0, float(transform.out_width), float(transform.out_height))
        mode, aspect, magnification, spacing = "SCALE TO FIT", 1.0, None, None
    else:
        rect = area_rectangle(area.top_left, area.bottom_right, transform)
        mode, magnification = area.size_mode, area.magnification
        aspect = pixel_aspect(area.pixel_spacing, area.aspect_ratio, rotation)
        spacing = _column_spacing(area.pixel_spacing, rotation)
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    scale_x = _scale(mode, width, height, aspect, viewport, magnification, spacing,
                     display_pixel_spacing)
    scale_y = scale_x * aspect
    if viewport is None:
        viewport = (max(1, round(width * scale_x)), max(1, round(height * scale_y)))
    offset_x = viewport[0] / 2 - scale_x * (rect[0] + rect[2]) / 2
    offset_y = viewport[1] / 2 - scale_y * (rect[1] + rect[3]) / 2
    return DisplayLayout(int(viewport[0]), int(viewport[1]), scale_x, scale_y,
                         offset_x, offset_y, rect)


def _source_indices(count: int, offset: float, scale: float, size: int):
    centres = (np.arange(count, dtype=np.float64) + 0.5 - offset) / scale
    index = np.floor(centres + 1e-9).astype(np.int64)
    inside = (index >= 0) & (index < size)
    return np.clip(index, 0, max(size - 1, 0)), inside


def resample(image: np.ndarray, layout: DisplayLayout, background=0) -> np.ndarray:
    """The transformed image (H x W [x 3]) drawn on the layout's canvas, nearest neighbour."""
    height, width = image.shape[:2]
    cols, cols_in = _source_indices(layout.canvas_width, layout.offset_x, layout.scale_x, width)
    rows, rows_in = _source_indices(layout.canvas_height, layout.offset_y, layout.scale_y, height)
    out = image[rows[:, None], cols[None, :]]
    outside = ~(rows_in[:, None] & cols_in[None, :])
    out[outside] = background
    return np.ascontiguousarray(out)

