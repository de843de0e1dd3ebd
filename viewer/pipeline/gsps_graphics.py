"""Where a presentation state's graphics and text land, as drawing primitives. Qt-free.

Graphic and text objects (PS3.3 C.10.5) become :class:`Primitive` records in one target space:

- ``"image"``: continuous coordinates of the *transformed* image (after rotation and flip,
  before displayed-area scaling), for a viewport that zooms and pans itself;
- ``"canvas"``: output pixels of a :class:`viewer.pipeline.displayed_area.DisplayLayout`.

PIXEL units go through the spatial transformation (they stick to the anatomy); DISPLAY units are
fractions of the displayed area (C.10.5.1.1) and do not turn with the image. Curves are sampled
here, so a painter only draws polylines, polygons, point markers and text:

- CIRCLE (centre, point on the perimeter) and ELLIPSE (major axis ends, minor axis ends) are
  sampled as closed polygons of :data:`CURVE_SEGMENTS` vertices in their own units, then mapped
  (the maps are affine, so they stay circles/ellipses);
- INTERPOLATED is a Catmull-Rom spline through the points, :data:`SPLINE_STEPS` per segment;
- POLYLINE whose last point equals its first is closed; Graphic Filled fills closed shapes.

Text is drawn upright in its bounding box mapped to the target (the box's corners are mapped and
the box they span is used), with its horizontal justification; a visible anchor point is joined
to the nearest point of the box by a line (C.10.5.1.1), or marked when there is no box.
Primitives come bottom layer first (Graphic Layer Order), with the layer's recommended colour.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.pipeline.gsps_colour import cielab_to_gray, cielab_to_rgb, pvalue_to_gray

__all__ = ["Primitive", "annotation_primitives", "layer_colour", "CURVE_SEGMENTS"]

CURVE_SEGMENTS = 128
SPLINE_STEPS = 16
DEFAULT_GRAY = 255


@dataclass(frozen=True, eq=False)
class Primitive:
    """One thing to draw: kind is 'polyline', 'polygon', 'points' or 'text'.

    ``points`` is an (N, 2) float array of (x, y); for text, ``rect`` = (left, top, right,
    bottom) or None (then the text starts at ``points[0]``).
    """

    kind: str
    points: np.ndarray
    gray: int
    rgb: tuple[int, int, int]
    filled: bool = False
    text: str = ""
    rect: tuple[float, float, float, float] | None = None
    justification: str = "LEFT"


def layer_colour(layer) -> tuple[int, tuple[int, int, int]]:
    """(8-bit gray, sRGB) of a graphic layer's recommended display value (white if none)."""
    if layer is None:
        return DEFAULT_GRAY, (DEFAULT_GRAY,) * 3
    if layer.grayscale is not None:
        gray = pvalue_to_gray(layer.grayscale)
    elif layer.cielab is not None:
        gray = cielab_to_gray(layer.cielab)
    else:
        gray = DEFAULT_GRAY
    rgb = cielab_to_rgb(layer.cielab) if layer.cielab is not None else (gray, gray, gray)
    return gray, rgb


def ellipse_points(centre, axis_a, axis_b, segments: int = CURVE_SEGMENTS) -> np.ndarray:
    """Closed polygon ``centre + a cos t + b sin t`` (first vertex repeated at the end)."""
    t = np.linspace(0.0, 2.0 * np.pi, segments + 1)
    centre, axis_a, axis_b = (np.asarray(v, dtype=np.float64) for v in (centre, axis_a, axis_b))
    return centre + np.cos(t)[:, None] * axis_a + np.sin(t)[:, None] * axis_b


def catmull_rom(points: np.ndarray, steps: int = SPLINE_STEPS) -> np.ndarray:
    """A Catmull-Rom spline through *points* (passes through every one of them)."""
    if len(points) < 3:
        return points
    padded = np.vstack([points[:1], points, points[-1:]])
    t = np.linspace(0.0, 1.0, steps, endpoint=False)[:, None]
    out = []
    for i in range(1, len(padded) - 2):
        p0, p1, p2, p3 = padded[i - 1:i + 3]
        out.append(0.5 * (2 * p1 + (p2 - p0) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t ** 2
                          + (3 * p1 - p0 - 3 * p2 + p3) * t ** 3))
    out.append(points[-1:])
    return np.vstack(out)


def object_outline(graphic) -> tuple[str, np.ndarray]:
    """(kind, points in the object's own units) of a graphic object."""
    pts = np.asarray(graphic.points, dtype=np.float64)
    kind = graphic.graphic_type
    if kind == "POINT":
        return "points", pts
    if kind == "CIRCLE" and len(pts) >= 2:
        radius = float(np.hypot(*(pts[1] - pts[0])))
        return "polygon", ellipse_points(pts[0], (radius, 0.0), (0.0, radius))
    if kind == "ELLIPSE" and len(pts) >= 4:
        centre = (pts[0] + pts[1]) / 2
        return "polygon", ellipse_points(centre, (pts[1] - pts[0]) / 2, (pts[3] - pts[2]) / 2)
    if kind == "INTERPOLATED":
        pts = catmull_rom(pts)
    closed = len(pts) > 2 and np.allclose(pts[0], pts[-1])
    return ("polygon" if closed else "polyline"), pts


class Placement:
    """Maps PIXEL / DISPLAY unit points to the target space (see the module docstring)."""

    def __init__(self, transform, layout, target: str = "canvas"):
        if target not in ("image", "canvas"):
            raise ValueError(f"target must be 'image' or 'canvas', not {target!r}")
        self.transform, self.layout, self.target = transform, layout, target

    def __call__(self, points, units: str | None) -> np.ndarray:
        pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
        if (units or "PIXEL").upper() == "DISPLAY":
            image = self.layout.display_to_image(pts)
        else:
            image = self.transform.points(pts)
        return self.layout.to_canvas(image) if self.target == "canvas" else image


def _box(corners: np.ndarray) -> tuple[float, float, float, float]:
    return (float(corners[:, 0].min()), float(corners[:, 1].min()),
            float(corners[:, 0].max()), float(corners[:, 1].max()))


def _nearest_on_box(point: np.ndarray, rect) -> np.ndarray:
    return np.array([min(max(point[0], rect[0]), rect[2]), min(max(point[1], rect[1]), rect[3])])


def text_primitives(text, place: Placement, style: dict) -> list[Primitive]:
    """A text object as an upright text box, anchor line and/or anchor marker."""
    out = []
    rect = None
    if text.bounding_box is not None:
        rect = _box(place(text.bounding_box, text.bounding_box_units))
    anchor = None if text.anchor is None else place([text.anchor], text.anchor_units)[0]
    if text.anchor_visible and anchor is not None:
        if rect is not None:
            line = np.vstack([anchor, _nearest_on_box(anchor, rect)])
            out.append(Primitive("polyline", line, **style))
        else:
            out.append(Primitive("points", anchor[None, :], **style))
    start = anchor if rect is None else np.array([rect[0], rect[1]])
    out.append(Primitive("text", np.asarray(start, dtype=np.float64)[None, :], text=text.text,
                         rect=rect, justification=text.justification, **style))
    return out


def annotation_primitives(ps, sop_instance_uid, frame_number, transform, layout,
                          target: str = "canvas") -> list[Primitive]:
    """Every graphic and text of *ps* for the image/frame, bottom layer first."""
    place = Placement(transform, layout, target)
    order = {layer.name: (i, layer) for i, layer in enumerate(ps.layers)}
    annotations = sorted(ps.annotations_for(sop_instance_uid, frame_number),
                         key=lambda a: order.get(a.layer, (len(order), None))[0])
    out: list[Primitive] = []
    for annotation in annotations:
        _, layer = order.get(annotation.layer, (len(order), None))
        gray, rgb = layer_colour(layer)
        style = {"gray": gray, "rgb": rgb}
        for graphic in annotation.graphics:
            kind, pts = object_outline(graphic)
            out.append(Primitive(kind, place(pts, graphic.units),
                                 filled=graphic.filled and kind == "polygon", **style))
        for text in annotation.texts:
            out.extend(text_primitives(text, place, style))
    return out
