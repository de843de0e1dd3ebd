"""Image regions of a structured report: its SCOORD items and the image each is selected from
(the SCOORD's SELECTED FROM IMAGE child, PS3.3 C.18.6). Qt-free.

Graphic Data are image coordinates, column then row, the top left corner of the top left pixel
being 0,0 (PS3.3 C.18.6.1.1) - the coordinates of the viewer's image item.
"""

from __future__ import annotations

from dataclasses import dataclass

from viewer.dicom.sr_content import ContentItem

__all__ = ["ImageRegion", "VolumeRegion", "image_regions", "volume_region", "volume_regions"]


@dataclass(frozen=True)
class ImageRegion:
    concept: str
    graphic_type: str  # POINT, MULTIPOINT, POLYLINE, POLYGON, CIRCLE, ELLIPSE
    points: tuple[tuple[float, float], ...]  # (column, row)
    sop_instance_uid: str
    frames: tuple[int, ...]  # 1-based; empty: every frame

    def applies_to(self, sop_instance_uid: str, frame_number: int) -> bool:
        return sop_instance_uid == self.sop_instance_uid and (
            not self.frames or frame_number in self.frames)


@dataclass(frozen=True)
class VolumeRegion:
    """A SCOORD3D item: patient coordinates (x, y, z in mm) in a frame of reference
    (PS3.3 C.18.9); it is drawn on the images of that frame of reference whose plane holds it
    (:mod:`viewer.viewing.sr_volume`)."""

    concept: str
    graphic_type: str  # POINT, MULTIPOINT, POLYLINE, POLYGON, ELLIPSE, ELLIPSOID
    points: tuple[tuple[float, float, float], ...]
    frame_of_reference_uid: str


def volume_region(item: ContentItem) -> VolumeRegion | None:
    """The SCOORD3D *item*'s region, or None (another value type, a problem, no points)."""
    values = item.graphic_data
    if (item.value_type != "SCOORD3D" or item.problem or len(values) < 3
            or not item.frame_of_reference_uid):
        return None
    return VolumeRegion(item.concept, item.graphic_type,
                        tuple(zip(values[0::3], values[1::3], values[2::3])),
                        item.frame_of_reference_uid)


def volume_regions(root: ContentItem) -> list[VolumeRegion]:
    """Every SCOORD3D region of the tree, in document order."""
    return [region for _depth, item in root.walk()
            if (region := volume_region(item)) is not None]


def image_regions(root: ContentItem) -> list[ImageRegion]:
    """Every 2D region of the tree with the image it lies on, in document order."""
    regions = []
    for _depth, item in root.walk():
        if item.value_type != "SCOORD" or item.problem or len(item.graphic_data) < 2:
            continue
        values = item.graphic_data
        points = tuple(zip(values[0::2], values[1::2]))
        for child in item.children:
            if child.relationship == "SELECTED FROM" and child.value_type == "IMAGE":
                regions += [ImageRegion(item.concept, item.graphic_type, points,
                                        ref.sop_instance_uid, ref.frames)
                            for ref in child.references]
    return regions
