"""Where an RT Structure Set's contours land on the frames of an image series, Qt-free.

A contour is drawn on a frame when the frame's image is the one its Contour Image Sequence
names (with the frame number, if given), or - with no image named, or a multi-frame image
named without a frame - when every point lies within half the slice thickness (else
:data:`TOLERANCE` mm) of the frame's plane, and the ROI's Frame of Reference is the image's.
Points go from the patient (mm) to the image by the inverse of Image Position/Orientation
(Patient) and Pixel Spacing (:func:`viewer.viewing.crossref.to_pixel`), then +0.5 to the
viewer's image coordinates, where pixel (c, r) covers [c, c + 1) x [r, r + 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.dicom.rt_struct import Contour, Roi, StructureSet
from viewer.viewing.crossref import ImagePlane, image_plane, to_pixel
from viewer.viewing.geometry import slice_thickness

TOLERANCE = 0.5  # mm from the plane, when the image has no Slice Thickness


@dataclass(frozen=True)
class DrawnContour:
    roi_number: int
    colour: tuple[int, int, int]
    closed: bool
    point: bool  # a POINT contour: a marker, not a line
    points: np.ndarray  # (n, 2) image (x, y)


@dataclass
class SeriesContours:
    """A structure set placed on one series: the contours of each frame (by index)."""

    by_frame: dict[int, list[DrawnContour]] = field(default_factory=dict)
    unplaced: dict[int, int] = field(default_factory=dict)  # ROI number -> contours on no frame
    placed: dict[int, int] = field(default_factory=dict)  # ROI number -> contours drawn

    def on_frame(self, index: int) -> list[DrawnContour]:
        return self.by_frame.get(index, [])


@dataclass(frozen=True, eq=False)  # one per frame: hashed by identity
class _Frame:
    index: int
    uid: str
    number: int  # 1-based
    frames_in_instance: int
    plane: ImagePlane
    tolerance: float
    frame_of_reference: str


def image_point(plane: ImagePlane, point) -> tuple[float, float]:
    """A patient point's viewer image coordinates on *plane* (pixel centres at +0.5)."""
    column, row = to_pixel(plane, point)
    return column + 0.5, row + 0.5


def image_points(plane: ImagePlane, points: np.ndarray) -> np.ndarray:
    """:func:`image_point` of each row of *points* (n, 3) -> (n, 2)."""
    offset = np.asarray(points, dtype=float) - plane.position
    return np.column_stack((offset @ plane.row / plane.spacing[1] + 0.5,
                            offset @ plane.column / plane.spacing[0] + 0.5))


def place_structure_set(structure_set: StructureSet, frames) -> SeriesContours:
    """Place every contour of *structure_set* on the *frames* (FrameRefs) of one series."""
    placed = SeriesContours()
    described = [f for f in (_describe(i, ref) for i, ref in enumerate(frames)) if f]
    by_uid: dict[str, list[_Frame]] = {}
    for frame in described:
        by_uid.setdefault(frame.uid, []).append(frame)
    for roi in structure_set.rois:
        candidates = _Candidates([f for f in described if _same_frame_of_reference(roi, f)])
        for contour in roi.contours:
            targets = _targets(contour, candidates, by_uid)
            for frame in targets:
                points = image_points(frame.plane, contour.points)
                placed.by_frame.setdefault(frame.index, []).append(DrawnContour(
                    roi.number, roi.colour, contour.closed,
                    contour.geometric_type == "POINT", points))
            counts = placed.placed if targets else placed.unplaced
            counts[roi.number] = counts.get(roi.number, 0) + 1
    return placed


def _describe(index: int, ref) -> _Frame | None:
    ds = ref.instance.ds
    plane = image_plane(ds, ref.frame_index)
    if plane is None:
        return None
    thickness = slice_thickness(ds, ref.frame_index)
    tolerance = thickness / 2 if thickness and thickness > 0 else TOLERANCE
    try:
        count = int(ds.get("NumberOfFrames") or 1)
    except (TypeError, ValueError):
        count = 1
    return _Frame(index, str(ref.instance.sop_instance_uid or ""), ref.frame_index + 1, count,
                  plane, tolerance, str(ds.get("FrameOfReferenceUID") or ""))


def _same_frame_of_reference(roi: Roi, frame: _Frame) -> bool:
    return not roi.frame_of_reference_uid or not frame.frame_of_reference \
        or roi.frame_of_reference_uid == frame.frame_of_reference


class _Candidates:
    """Frames a contour may lie on, with their planes stacked for one vectorised test."""

    def __init__(self, frames: list[_Frame]) -> None:
        self.frames = frames
        self.positions = np.array([f.plane.position for f in frames]).reshape(-1, 3)
        self.normals = np.array([f.plane.normal for f in frames]).reshape(-1, 3)
        self.tolerances = np.array([f.tolerance for f in frames])

    def through(self, points: np.ndarray) -> list[_Frame]:
        """The frames whose plane every point lies on (within the frame's tolerance)."""
        if not self.frames:
            return []
        near = np.abs(np.einsum("fk,fk->f", points[0] - self.positions, self.normals)) \
            < self.tolerances
        return [self.frames[i] for i in np.flatnonzero(near) if _on_plane(points, self.frames[i])]


def _targets(contour: Contour, candidates: _Candidates, by_uid) -> list[_Frame]:
    named = [f for uid, number in contour.images for f in by_uid.get(uid, [])
             if number == f.number or (number == 0 and f.frames_in_instance == 1)]
    if named:
        return list(dict.fromkeys(named))
    return candidates.through(contour.points)


def _on_plane(points: np.ndarray, frame: _Frame) -> bool:
    distances = (points - frame.plane.position) @ frame.plane.normal
    return bool(np.all(np.abs(distances) < frame.tolerance))
