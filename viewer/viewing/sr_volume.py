"""SCOORD3D regions of a structured report on the images they lie in, Qt-free.

A SCOORD3D item (PS3.3 C.18.9) gives points in the patient coordinate system of a frame of
reference. It is drawn on a frame of the same Frame of Reference UID whose plane holds every
point (within half the slice thickness, at least half a millimetre): the points are projected
onto the plane (PS3.3 C.7.6.2.1.1) and turned into SR image coordinates (PS3.3 C.18.6.1.1: 0,0
the top left corner of the top left pixel, so a pixel centre is at +0.5). An ELLIPSOID has no
single plane and is not drawn.
"""

from __future__ import annotations

import numpy as np

from viewer.dicom.sr_regions import ImageRegion, VolumeRegion
from viewer.viewing.crossref import distance_to, image_plane, to_pixel
from viewer.viewing.geometry import slice_thickness

MIN_TOLERANCE = 0.5  # mm
PLANAR_TYPES = frozenset({"POINT", "MULTIPOINT", "POLYLINE", "POLYGON", "ELLIPSE"})


def tolerance(ds, frame_index: int = 0) -> float:
    thickness = slice_thickness(ds, frame_index)
    return max(MIN_TOLERANCE, thickness / 2 if thickness else 0.0)


def region_on_frame(region: VolumeRegion, ds, frame_index: int,
                    sop_instance_uid: str) -> ImageRegion | None:
    """The region as drawn on that frame, or None when it does not lie in the frame's plane
    (another frame of reference, no geometry, a point off the plane, an ELLIPSOID)."""
    if region.graphic_type not in PLANAR_TYPES or not region.points:
        return None
    if str(getattr(ds, "FrameOfReferenceUID", "")) != region.frame_of_reference_uid:
        return None
    plane = image_plane(ds, frame_index)
    if plane is None:
        return None
    limit = tolerance(ds, frame_index)
    if any(distance_to(plane, point) > limit for point in region.points):
        return None
    points = tuple((column + 0.5, row + 0.5)
                   for column, row in (to_pixel(plane, point) for point in region.points))
    return ImageRegion(region.concept, region.graphic_type, points, sop_instance_uid,
                       (frame_index + 1,))


def frame_holding(frames, region: VolumeRegion) -> int | None:
    """Index in *frames* ((instance, frame_index) refs of one series) of the frame nearest the
    region's centre among those whose plane holds it, or None."""
    centre = np.mean(np.asarray(region.points, dtype=float), axis=0)
    best, best_distance = None, np.inf
    for index, ref in enumerate(frames):
        drawn = region_on_frame(region, ref.instance.ds, ref.frame_index,
                                ref.instance.sop_instance_uid or "")
        if drawn is None:
            continue
        distance = distance_to(image_plane(ref.instance.ds, ref.frame_index), centre)
        if distance < best_distance:
            best, best_distance = index, distance
    return best
