"""A series' slices as one volume of modality values, for reformatting (MPR), Qt-free.

A series forms a volume when every frame has Image Position/Orientation (Patient) and Pixel
Spacing (PS3.3 C.7.6.2.1.1), all share one orientation, size and spacing, and, sorted by
position along the slice normal (whatever the Instance Numbers), the slices are evenly spaced and
stacked straight along the normal. Anything else is refused with the reason
(:class:`VolumeError`): a sheared stack (gantry/detector tilt, PS3.3 C.7.6.2.1.1 allows it but
the slices are then not a rectilinear volume), uneven or missing slices, two slices at one
position, colour, mixed sizes.

The volume is one C-contiguous array (slices, rows, columns), allocated once and filled frame by
frame through the pipeline's modality LUT stage: int16 when every frame's modality values are
integers within int16 (e.g. CT in HU), else float32. Frames are decoded through the frame cache
(bounded), so building holds no more than the volume plus that cache.

Index space: voxel (k, r, c) has its centre at ``origin + k * slice spacing * normal + r * row
spacing * column direction + c * column spacing * row direction`` (row direction = Image
Orientation's first triplet, the way increasing column index goes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline.params import pixel_format, read_modality_lut, read_rescale
from viewer.pipeline.modality import modality_values
from viewer.viewing.crossref import ImagePlane, image_plane

SAME_ORIENTATION = 1e-4  # 1 - |cos| between the row (and column) directions of two slices
SPACING_TOLERANCE = 0.01  # relative difference of slice steps (and pixel spacings) accepted
SHEAR_TOLERANCE = 0.01  # mm per mm of step: sideways shift of one slice over the next
MIN_SLICES = 2
INT16 = (-32768, 32767)

Progress = Callable[[int, int], None]  # (slices done, slices in all)


class VolumeError(ValueError):
    """The series is not a volume; ``str()`` says why."""


class VolumeCancelled(Exception):
    pass


@dataclass
class Volume:
    voxels: np.ndarray  # (slices, rows, columns) modality values, int16 or float32
    origin: np.ndarray  # centre of voxel (0, 0, 0), mm
    row: np.ndarray  # unit direction of increasing column index
    column: np.ndarray  # unit direction of increasing row index
    normal: np.ndarray  # unit direction of increasing slice index
    spacing: tuple[float, float, float]  # mm between slices, rows, columns
    frame_of_reference_uid: str | None
    header: Dataset  # the first slice's header (patient, study, window)
    padding: float  # value outside the volume (its minimum)
    maximum: float = 0.0

    @property
    def shape(self) -> tuple[int, int, int]:
        return self.voxels.shape

    @property
    def axes(self) -> np.ndarray:
        """3x3: column i is the patient step of one voxel along index axis i (k, r, c)."""
        return np.column_stack([self.normal * self.spacing[0], self.column * self.spacing[1],
                                self.row * self.spacing[2]])

    def to_index(self, points) -> np.ndarray:
        """(k, r, c) float indices of patient *points* (..., 3)."""
        offset = np.asarray(points, dtype=float) - self.origin
        return offset @ np.linalg.inv(self.axes).T

    def to_patient(self, indices) -> np.ndarray:
        return self.origin + np.asarray(indices, dtype=float) @ self.axes.T

    def corners(self) -> np.ndarray:
        """The 8 corner voxel centres, patient mm (8, 3)."""
        ends = [(0, n - 1) for n in self.shape]
        index = np.array([(k, r, c) for k in ends[0] for r in ends[1] for c in ends[2]], float)
        return self.to_patient(index)

    def centre(self) -> np.ndarray:
        return self.to_patient((np.array(self.shape, dtype=float) - 1) / 2)

    @property
    def in_plane_spacing(self) -> float:
        """The output pixel size of reformats: the finer of the slices' pixel spacings."""
        return min(self.spacing[1], self.spacing[2])


def _planes(series) -> list[tuple[ImagePlane, object]]:
    found = []
    for ref in series.frames:
        plane = image_plane(ref.instance.ds, ref.frame_index)
        if plane is None:
            raise VolumeError("an image has no Image Position/Orientation (Patient) or Pixel "
                              "Spacing, so the slices have no place in the patient")
        found.append((plane, ref))
    return found


def _check_alike(planes: list[ImagePlane], refs) -> None:
    first = planes[0]
    for plane, ref in zip(planes, refs):
        if int(ref.instance.ds.get("SamplesPerPixel", 1) or 1) != 1:
            raise VolumeError("the images are in colour; only grayscale series are reformatted")
        if (plane.rows, plane.columns) != (first.rows, first.columns):
            raise VolumeError(f"the images differ in size ({first.columns}x{first.rows} and "
                              f"{plane.columns}x{plane.rows})")
        if (1 - float(np.dot(plane.row, first.row)) > SAME_ORIENTATION
                or 1 - float(np.dot(plane.column, first.column)) > SAME_ORIENTATION):
            raise VolumeError("the images are not all in one orientation (their Image "
                              "Orientation (Patient) differs)")
        if not np.allclose(plane.spacing, first.spacing, rtol=SPACING_TOLERANCE):
            raise VolumeError("the images differ in Pixel Spacing")


def _check_steps(positions: np.ndarray, normal: np.ndarray) -> float:
    """The slice spacing of sorted *positions*, or VolumeError (tilt, uneven, duplicates)."""
    steps = np.diff(positions, axis=0)
    along = steps @ normal
    if np.min(along) <= 1e-6:
        at = float(positions[int(np.argmin(along))] @ normal)
        raise VolumeError(f"two images are at the same position ({at:.2f} mm along the normal)")
    sideways = np.linalg.norm(steps - np.outer(along, normal), axis=1)
    if np.max(sideways / along) > SHEAR_TOLERANCE:
        worst = int(np.argmax(sideways / along))
        tilt = np.degrees(np.arctan2(sideways[worst], along[worst]))
        raise VolumeError(f"the slices are sheared by {tilt:.1f} degrees (gantry tilt): each "
                          "slice is shifted sideways from the last, so they do not stack into "
                          "a volume; reformats of a tilted stack are not made")
    spacing = float(np.mean(along))
    if np.max(np.abs(along - spacing)) > SPACING_TOLERANCE * spacing:
        raise VolumeError(f"the slices are unevenly spaced (steps from {np.min(along):.3g} to "
                          f"{np.max(along):.3g} mm: a slice missing?); reformats need even "
                          "spacing")
    return spacing


def _rescale_of(ds: Dataset, frame_index: int) -> tuple[float, float, bool, bool] | None:
    """(slope, intercept, values integral within int16, stored values within int16) of a
    linear modality stage, or None for a Modality LUT (then the pipeline's modality_values)."""
    pixel = pixel_format(ds)
    if read_modality_lut(ds, frame_index, pixel) is not None:
        return None
    slope, intercept = read_rescale(ds, frame_index) or (1.0, 0.0)
    ends = np.array(pixel.stored_range, dtype=float) * slope + intercept
    integral = (pixel.bits_allocated <= 16 and slope == round(slope)
                and intercept == round(intercept)
                and INT16[0] <= ends.min() and ends.max() <= INT16[1])
    stored_fits = INT16[0] <= pixel.stored_range[0] and pixel.stored_range[1] <= INT16[1]
    return slope, intercept, integral, stored_fits


def _fill(target: np.ndarray, ref, rescale) -> None:
    """One slice's modality values into *target* (a slice of the volume), in one pass for a
    linear stage: the same ``slope * stored + intercept`` as the pipeline's modality stage."""
    stored = ref.instance.frame(ref.frame_index)
    if rescale is None:
        target[...] = modality_values(ref.instance.ds, stored, ref.frame_index)
        return
    slope, intercept, _, stored_fits = rescale
    if target.dtype == np.int16:
        if slope == 1 and stored_fits:
            np.copyto(target, stored, casting="unsafe")  # exact: the stored range fits
            target += np.int16(intercept)  # and so does the rescaled one (checked)
            return
        target[...] = stored.astype(np.int32) * int(slope) + int(intercept)
        return
    np.multiply(stored, slope, out=target, dtype=np.float64, casting="unsafe")
    target += np.float32(intercept)


def volume_layout(series) -> tuple[list, ImagePlane, np.ndarray, float]:
    """(frames sorted along the normal, first plane, origin, slice spacing), or VolumeError."""
    if series is None or len(series.frames) < MIN_SLICES:
        raise VolumeError("a volume needs at least two slices")
    found = _planes(series)
    planes = [p for p, _ in found]
    _check_alike(planes, [r for _, r in found])
    normal = planes[0].normal / np.linalg.norm(planes[0].normal)
    found.sort(key=lambda item: float(np.dot(item[0].position, normal)))
    positions = np.array([p.position for p, _ in found])
    spacing = _check_steps(positions, normal)
    return [r for _, r in found], found[0][0], positions[0], spacing


def build_volume(series, progress: Progress | None = None,
                 cancelled: Callable[[], bool] | None = None) -> Volume:
    """The series as a :class:`Volume` (VolumeError: why not; VolumeCancelled when
    *cancelled* says so; a frame that cannot be decoded: its DicomReadError)."""
    refs, plane, origin, spacing = volume_layout(series)
    stages = [_rescale_of(r.instance.ds, r.frame_index) for r in refs]
    exact = all(stage is not None and stage[2] for stage in stages)
    voxels = np.empty((len(refs), plane.rows, plane.columns),
                      dtype=np.int16 if exact else np.float32)
    low, high = np.inf, -np.inf
    for k, ref in enumerate(refs):
        if cancelled is not None and cancelled():
            raise VolumeCancelled()
        _fill(voxels[k], ref, stages[k])
        low, high = min(low, float(voxels[k].min())), max(high, float(voxels[k].max()))
        if progress is not None:
            progress(k + 1, len(refs))
    row, column = plane.row, plane.column
    return Volume(voxels, np.asarray(origin, float), row, column, np.cross(row, column),
                  (spacing, plane.spacing[0], plane.spacing[1]),
                  getattr(series, "frame_of_reference_uid", None), refs[0].instance.ds,
                  low, high)
