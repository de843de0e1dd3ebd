"""Graphic layers and graphic annotations of a presentation state, as plain data. Qt-free.

- Graphic Layer Module (PS3.3 C.10.7): layer name, Graphic Layer Order (lower is drawn first,
  i.e. underneath), Recommended Display Grayscale Value (a 16-bit P-value) and/or Recommended
  Display CIELab Value (three 16-bit values, PS3.3 C.10.7.1.1).
- Graphic Annotation Module (C.10.5): items naming a layer and optionally the images (and
  frames) they apply to, each with Graphic Object Sequence and/or Text Object Sequence.
- Graphic objects (C.10.5.1.2): POINT, POLYLINE, INTERPOLATED, CIRCLE (centre, then a point on
  the perimeter), ELLIPSE (major axis end points, then minor axis end points); Graphic Filled.
- Text objects (C.10.5.1.1): Unformatted Text Value with a bounding box (TLHC/BRHC and
  horizontal justification) and/or an anchor point (with its visibility).

Coordinates are (column, row) = (x, y) pairs as stored: PIXEL units are image coordinates before
the spatial transformation, (0, 0) being the top left corner of the top left pixel, so that
pixel's centre is (0.5, 0.5); DISPLAY units are fractions 0..1 of the displayed area.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

from .presentation_state import ImageReference, image_references
from .values import get_floats, get_int, get_str, get_value

__all__ = ["GraphicAnnotation", "GraphicLayer", "GraphicObject", "TextObject",
           "read_annotations", "read_graphic_layers", "GRAPHIC_TYPES"]

GRAPHIC_TYPES = ("POINT", "POLYLINE", "INTERPOLATED", "CIRCLE", "ELLIPSE")
Point = tuple[float, float]


@dataclass(frozen=True)
class GraphicLayer:
    """One Graphic Layer Sequence item (C.10.7)."""

    name: str
    order: int
    description: str = ""
    grayscale: int | None = None  # 0..0xFFFF P-value
    cielab: tuple[int, int, int] | None = None  # encoded L*, a*, b* (0..0xFFFF each)


@dataclass(frozen=True)
class GraphicObject:
    """One Graphic Object Sequence item (C.10.5.1.2)."""

    units: str  # PIXEL or DISPLAY
    graphic_type: str
    points: tuple[Point, ...]
    filled: bool = False


@dataclass(frozen=True)
class TextObject:
    """One Text Object Sequence item (C.10.5.1.1)."""

    text: str
    bounding_box_units: str | None = None
    bounding_box: tuple[Point, Point] | None = None  # (TLHC, BRHC)
    justification: str = "LEFT"
    anchor_units: str | None = None
    anchor: Point | None = None
    anchor_visible: bool = False


@dataclass(frozen=True)
class GraphicAnnotation:
    """One Graphic Annotation Sequence item: a layer's graphics and texts for some images."""

    layer: str
    references: tuple[ImageReference, ...] | None  # None: every image of the state
    graphics: tuple[GraphicObject, ...]
    texts: tuple[TextObject, ...]


def _cielab(item: Dataset, keyword: str) -> tuple[int, int, int] | None:
    values = get_value(item, keyword)
    if values is None:
        return None
    values = list(values) if not isinstance(values, int) else [values]
    return tuple(int(v) for v in values[:3]) if len(values) >= 3 else None


def read_graphic_layers(ds: Dataset) -> tuple[GraphicLayer, ...]:
    """The Graphic Layer Sequence, sorted by Graphic Layer Order (bottom first)."""
    layers = []
    for item in get_value(ds, "GraphicLayerSequence") or ():
        layers.append(GraphicLayer(
            name=get_str(item, "GraphicLayer") or "",
            order=get_int(item, "GraphicLayerOrder") or 0,
            description=get_str(item, "GraphicLayerDescription") or "",
            grayscale=get_int(item, "GraphicLayerRecommendedDisplayGrayscaleValue"),
            cielab=_cielab(item, "GraphicLayerRecommendedDisplayCIELabValue"),
        ))
    return tuple(sorted(layers, key=lambda layer: layer.order))


def _pairs(values: list[float] | None) -> tuple[Point, ...]:
    values = values or []
    return tuple((values[i], values[i + 1]) for i in range(0, len(values) - 1, 2))


def _point(item: Dataset, keyword: str) -> Point | None:
    pairs = _pairs(get_floats(item, keyword))
    return pairs[0] if pairs else None


def _units(item: Dataset, keyword: str) -> str | None:
    units = get_str(item, keyword)
    return units.upper() if units else None


def read_graphic_object(item: Dataset) -> GraphicObject | None:
    """A graphic object, or None when its type or points are unusable."""
    graphic_type = (get_str(item, "GraphicType") or "").upper()
    points = _pairs(get_floats(item, "GraphicData"))
    if graphic_type not in GRAPHIC_TYPES or not points:
        return None
    filled = (get_str(item, "GraphicFilled") or "N").upper() == "Y"
    return GraphicObject(_units(item, "GraphicAnnotationUnits") or "PIXEL", graphic_type,
                         points, filled)


def read_text_object(item: Dataset) -> TextObject | None:
    """A text object, or None when it has neither a bounding box nor an anchor point."""
    top_left = _point(item, "BoundingBoxTopLeftHandCorner")
    bottom_right = _point(item, "BoundingBoxBottomRightHandCorner")
    box = (top_left, bottom_right) if top_left and bottom_right else None
    anchor = _point(item, "AnchorPoint")
    if box is None and anchor is None:
        return None
    return TextObject(
        text=get_str(item, "UnformattedTextValue") or "",
        bounding_box_units=_units(item, "BoundingBoxAnnotationUnits"),
        bounding_box=box,
        justification=(get_str(item, "BoundingBoxTextHorizontalJustification") or "LEFT").upper(),
        anchor_units=_units(item, "AnchorPointAnnotationUnits"),
        anchor=anchor,
        anchor_visible=(get_str(item, "AnchorPointVisibility") or "N").upper() == "Y",
    )


def read_annotations(ds: Dataset) -> tuple[GraphicAnnotation, ...]:
    """Every Graphic Annotation Sequence item, objects that cannot be used left out."""
    found = []
    for item in get_value(ds, "GraphicAnnotationSequence") or ():
        refs = get_value(item, "ReferencedImageSequence")
        graphics = (read_graphic_object(g) for g in get_value(item, "GraphicObjectSequence") or ())
        texts = (read_text_object(t) for t in get_value(item, "TextObjectSequence") or ())
        found.append(GraphicAnnotation(
            layer=get_str(item, "GraphicLayer") or "",
            references=None if refs is None else image_references(refs),
            graphics=tuple(g for g in graphics if g is not None),
            texts=tuple(t for t in texts if t is not None),
        ))
    return tuple(found)
