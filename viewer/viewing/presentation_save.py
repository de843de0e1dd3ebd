"""What a viewport shows, as a :class:`viewer.viewing.gsps_save.ViewDescription` to save as a
GSPS. Qt-free.

- window: the one shown (the user's, the state's or the image's own) with its VOI LUT
  Function; a VOI LUT table is not saved (the saved state then has the identity VOI);
- polarity: Presentation LUT Shape INVERSE for MONOCHROME1 (or the picked state's shape),
  turned over when the user inverted the view;
- rotation/flip: the viewport's quarter turns and mirrors
  (:func:`viewer.viewing.gsps_save.orientation`);
- displayed area: the whole image when the view fits it, else the rectangle visible in the
  viewport (it may reach outside the image, PS3.3 C.10.4), SCALE TO FIT, so reopening shows
  the same part of the image in a viewport of any size;
- the user's measurements as graphics on a named layer, each referencing only the image (and
  frame) it was drawn on: a distance as a POLYLINE, a rectangle as a closed POLYLINE, an
  ellipse as an ELLIPSE, and the measured value as a text at the end point.

The state references every image of the series that shares the current image's size and
modality LUT (a state has one Modality LUT), so scrolling keeps the saved window and view.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from viewer.pipeline.spatial import SpatialTransform
from viewer.viewing.gsps_save import (AnnotationGraphic, AnnotationText, ImageAnnotation,
                                      ViewDescription, displayed_area_corners, orientation)

__all__ = ["LAYER", "SavedMeasurement", "describe_view", "displayed_area", "measurement_annotation",
           "next_label", "presentation_shape", "referenced_images"]

LAYER = "MEASUREMENTS"
LAYER_DESCRIPTION = "measurements drawn in the viewer"
MEASUREMENT_GRAY = 0xFFFF


class SavedMeasurement(NamedTuple):
    """One measurement of the viewport: frame (FrameRef), shape, corners (image x, y), text."""

    ref: object
    shape: str
    p0: tuple[float, float]
    p1: tuple[float, float]
    text: str = ""


def next_label(existing) -> str:
    """VIEW1, VIEW2, ...: the first not among *existing* labels."""
    taken = {str(label).strip().upper() for label in existing}
    number = 1
    while f"VIEW{number}" in taken:
        number += 1
    return f"VIEW{number}"


def _modality_key(ds) -> tuple:
    return (str(ds.get("RescaleSlope")), str(ds.get("RescaleIntercept")),
            "ModalityLUTSequence" in ds)


def _size(ds) -> tuple:
    return ds.get("Rows"), ds.get("Columns")


def referenced_images(series, current) -> list:
    """The instances of *series* a saved state references (see the module docstring)."""
    key, size = _modality_key(current.ds), _size(current.ds)
    return [i for i in series.instances
            if i is current or (_modality_key(i.ds) == key and _size(i.ds) == size)]


def presentation_shape(photometric: str, state_shape: str | None, invert: bool) -> str:
    """Presentation LUT Shape giving what is shown (see the module docstring)."""
    shape = state_shape or ("INVERSE" if photometric.strip() == "MONOCHROME1" else "IDENTITY")
    if invert:
        shape = "IDENTITY" if shape == "INVERSE" else "INVERSE"
    return shape


def displayed_area(matrix, view_rect, columns: int, rows: int, rotation: int, flip: bool):
    """(TLHC, BRHC) of the rectangle *view_rect* = (left, top, right, bottom) in viewport view
    coordinates, *matrix* the 2x2 map image (x, y) -> view coordinates; *rotation* (degrees)
    and *flip* the saved spatial transformation."""
    left, top, right, bottom = view_rect
    corners = np.array([[left, top], [right, top], [right, bottom], [left, bottom]], float)
    image = corners @ np.linalg.inv(np.asarray(matrix, dtype=float)).T
    transform = SpatialTransform(columns, rows, rotation, flip)
    moved = transform.points(image)
    x0, y0 = moved.min(axis=0)
    x1, y1 = moved.max(axis=0)
    return displayed_area_corners(transform, float(x0), float(y0), float(x1), float(y1))


def measurement_annotation(shape: str, p0, p1, text: str = ""):
    """(AnnotationGraphic, AnnotationText or None) of one measurement (PIXEL units)."""
    (x0, y0), (x1, y1) = (tuple(map(float, p0)), tuple(map(float, p1)))
    if shape == "distance":
        graphic = AnnotationGraphic("POLYLINE", ((x0, y0), (x1, y1)))
    elif shape == "rectangle":
        graphic = AnnotationGraphic("POLYLINE", ((x0, y0), (x1, y0), (x1, y1), (x0, y1),
                                                 (x0, y0)))
    elif shape == "ellipse":
        graphic = AnnotationGraphic("ELLIPSE", _ellipse_axes(x0, y0, x1, y1))
    else:
        raise ValueError(f"unknown measurement {shape!r}")
    words = " ".join(line.strip() for line in text.splitlines() if line.strip())
    note = AnnotationText(words, anchor=(x1, y1), anchor_visible=False) if words else None
    return graphic, note


def _ellipse_axes(x0, y0, x1, y1):
    """Major axis end points first, then the minor axis (C.10.5.1.2 ELLIPSE)."""
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    across = ((min(x0, x1), cy), (max(x0, x1), cy))
    down = ((cx, min(y0, y1)), (cx, max(y0, y1)))
    return across + down if abs(x1 - x0) >= abs(y1 - y0) else down + across


def _image_annotations(measurements) -> tuple[ImageAnnotation, ...]:
    groups: dict[tuple, tuple[list, list]] = {}
    for m in measurements:
        instance = m.ref.instance
        frames = (m.ref.frame_index + 1,) if instance.number_of_frames > 1 else None
        graphics, texts = groups.setdefault((instance.sop_instance_uid, frames), ([], []))
        graphic, note = measurement_annotation(m.shape, m.p0, m.p1, m.text)
        graphics.append(graphic)
        if note is not None:
            texts.append(note)
    return tuple(ImageAnnotation(uid, tuple(g), tuple(t), frames)
                 for (uid, frames), (g, t) in groups.items())


class ViewFacts(NamedTuple):
    """What the Qt viewport knows about its view, for :func:`describe_view`."""

    window: tuple[float, float] | None
    voi_function: str
    quarter_turns: int
    flip_h: bool
    flip_v: bool
    invert: bool
    state_shape: str | None  # the applied state's Presentation LUT Shape, if any
    fits: bool  # the whole image is shown (no zoom or pan of the user's)
    matrix: object  # 2x2 image -> view coordinates
    view_rect: tuple[float, float, float, float]  # visible rectangle in view coordinates


def describe_view(ref, facts: ViewFacts, measurements=()) -> ViewDescription:
    """The ViewDescription of frame *ref*'s viewport (see the module docstring)."""
    ds = ref.instance.ds
    rotation, flip = orientation(facts.quarter_turns, facts.flip_h, facts.flip_v)
    corners = (None, None)
    if not facts.fits:
        corners = displayed_area(facts.matrix, facts.view_rect, int(ds.Columns), int(ds.Rows),
                                 rotation, flip)
    center, width = facts.window if facts.window is not None else (None, None)
    return ViewDescription(
        window_center=center, window_width=width, voi_function=facts.voi_function or "LINEAR",
        presentation_shape=presentation_shape(str(ds.get("PhotometricInterpretation", "")),
                                              facts.state_shape, facts.invert),
        rotation=rotation, flip=flip, top_left=corners[0], bottom_right=corners[1],
        image_annotations=_image_annotations(measurements), layer=LAYER,
        layer_description=LAYER_DESCRIPTION, layer_gray=MEASUREMENT_GRAY)
