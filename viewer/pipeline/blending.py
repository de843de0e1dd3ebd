"""Blending Softcopy Presentation State: a superimposed image blended over the underlying one
(PS3.4 N.2.4). Qt-free.

1. Underlying image (N.2.4.1): its Blending Sequence item's Modality LUT and VOI LUT, output
   0..255 taken as Yu = v / 255 (the smallest VOI output 0.0, the largest 1.0).
2. Superimposed image (N.2.4.2): its item's Modality LUT and VOI LUT, the VOI output scaled onto
   the state's Palette Color LUT (:mod:`viewer.pipeline.ps_palette`), RGBs = entry / (2**bits-1).
3. Resampling: the superimposed pixels are "spatially resampled" into the underlying image
   (N.2.4; C.11.14.1.1 leaves how to the application). Here both sets must share a Frame of
   Reference (0020,0052) and be parallel planes: the superimposed image is the one of its set
   whose plane is nearest to the underlying image's centre, within half its Slice Thickness
   (else half the gap between its planes, else 0.5 mm); each underlying pixel takes the
   superimposed pixel nearest to its centre (Image Position/Orientation (Patient), Pixel
   Spacing, PS3.3 C.7.6.2.1.1) (:func:`resample_indices`). A Spatial Registration is not used.
4. Blending (N.2.4.3), A = Relative Opacity: ``Ro = Rs A + Yu (1 - A)`` (same for G, B), then
   8 bits ``floor(255 Ro)`` like every output of the pipeline (:func:`blend`). Underlying
   pixels with no superimposed pixel over them show Yu.

The result is RGB; the state's ICC profile is applied after it (:mod:`viewer.pipeline.icc`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom.values import get_float, get_floats, get_str

__all__ = ["Plane", "blend", "nearest_plane", "plane_of", "resample_indices"]

PARALLEL = 1e-3  # largest |1 - cos| between the two normals
DEFAULT_TOLERANCE = 0.5  # mm


@dataclass(frozen=True)
class Plane:
    """Where an image's pixels are in the patient (PS3.3 C.7.6.2.1.1)."""

    position: np.ndarray  # Image Position (Patient): centre of the first pixel, mm
    row: np.ndarray  # direction of increasing column index
    column: np.ndarray  # direction of increasing row index
    spacing: tuple[float, float]  # (between rows, between columns), mm
    shape: tuple[int, int]  # (rows, columns)
    frame_of_reference: str | None
    thickness: float | None = None

    @property
    def normal(self) -> np.ndarray:
        normal = np.cross(self.row, self.column)
        return normal / np.linalg.norm(normal)

    @property
    def centre(self) -> np.ndarray:
        rows, columns = self.shape
        return self.points(np.array([(rows - 1) / 2.0]), np.array([(columns - 1) / 2.0]))[0]

    def points(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Patient points (N x 3) of pixel (row, column) centres."""
        return (self.position + np.multiply.outer(columns * self.spacing[1], self.row)
                + np.multiply.outer(rows * self.spacing[0], self.column))


def plane_of(ds: Dataset, what: str = "image") -> Plane:
    """The plane of a single-frame image; ValueError naming the attribute it lacks."""
    position = get_floats(ds, "ImagePositionPatient")
    orientation = get_floats(ds, "ImageOrientationPatient")
    spacing = get_floats(ds, "PixelSpacing")
    for keyword, value, count in (("ImagePositionPatient", position, 3),
                                  ("ImageOrientationPatient", orientation, 6),
                                  ("PixelSpacing", spacing, 2)):
        if not value or len(value) != count or not np.all(np.isfinite(value)):
            raise ValueError(f"the {what} has no usable {keyword}: it cannot be blended")
    row, column = np.asarray(orientation[:3], float), np.asarray(orientation[3:], float)
    if np.linalg.norm(np.cross(row, column)) < 0.5 or min(spacing) <= 0:
        raise ValueError(f"the {what} has an invalid Image Orientation or Pixel Spacing")
    return Plane(np.asarray(position, float), row / np.linalg.norm(row),
                 column / np.linalg.norm(column), (float(spacing[0]), float(spacing[1])),
                 (int(ds.Rows), int(ds.Columns)), get_str(ds, "FrameOfReferenceUID"),
                 get_float(ds, "SliceThickness"))


def _tolerance(chosen: Plane, planes: list[Plane]) -> float:
    if chosen.thickness and chosen.thickness > 0:
        return chosen.thickness / 2.0
    depths = sorted({round(float(np.dot(p.position, chosen.normal)), 6) for p in planes})
    gaps = [b - a for a, b in zip(depths, depths[1:]) if b - a > 0]
    return min(gaps) / 2.0 if gaps else DEFAULT_TOLERANCE


def nearest_plane(underlying: Plane, planes: list[Plane]) -> int:
    """Index of the superimposed plane to blend over *underlying* (see the module docstring);
    ValueError when none shares its Frame of Reference, is parallel, or is near enough."""
    same = [i for i, p in enumerate(planes)
            if p.frame_of_reference and p.frame_of_reference == underlying.frame_of_reference]
    if not same:
        raise ValueError("the superimposed images do not share the Frame of Reference of the "
                         "underlying image (no spatial registration is used)")
    parallel = [i for i in same
                if 1.0 - abs(float(np.dot(planes[i].normal, underlying.normal))) < PARALLEL]
    if not parallel:
        raise ValueError("the superimposed images are not parallel to the underlying image")
    centre = underlying.centre
    distances = [abs(float(np.dot(centre - planes[i].position, planes[i].normal)))
                 for i in parallel]
    best = int(np.argmin(distances))
    chosen = parallel[best]
    tolerance = _tolerance(planes[chosen], [planes[i] for i in parallel])
    if distances[best] > tolerance + 1e-6:
        raise ValueError(f"no superimposed image lies at the underlying image's position (the "
                         f"nearest is {distances[best]:.2f} mm away)")
    return chosen


def resample_indices(underlying: Plane, superimposed: Plane
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(rows, columns, inside): for each underlying pixel the nearest superimposed pixel, and
    whether it lies on the superimposed image."""
    rows, columns = underlying.shape
    r, c = np.meshgrid(np.arange(rows, dtype=float), np.arange(columns, dtype=float),
                       indexing="ij")
    offset = underlying.points(r, c) - superimposed.position
    column_index = np.floor(offset @ superimposed.row / superimposed.spacing[1] + 0.5)
    row_index = np.floor(offset @ superimposed.column / superimposed.spacing[0] + 0.5)
    inside = ((row_index >= 0) & (row_index < superimposed.shape[0])
              & (column_index >= 0) & (column_index < superimposed.shape[1]))
    row_index = np.clip(row_index, 0, superimposed.shape[0] - 1).astype(np.intp)
    column_index = np.clip(column_index, 0, superimposed.shape[1] - 1).astype(np.intp)
    return row_index, column_index, inside


def blend(underlying: np.ndarray, superimposed: np.ndarray, inside: np.ndarray,
          opacity: float) -> np.ndarray:
    """uint8 H x W x 3: *underlying* uint8 gray (Yu = v / 255), *superimposed* H x W x 3
    fractions resampled onto it, *inside* where they exist (PS3.4 N.2.4.3)."""
    gray = np.asarray(underlying, dtype=np.float64)[:, :, None] / 255.0
    mixed = superimposed * opacity + gray * (1.0 - opacity)
    out = np.where(inside[:, :, None], mixed, np.repeat(gray, 3, axis=2))
    return np.floor(np.clip(out * 255.0 + 1e-9, 0.0, 255.0)).astype(np.uint8)
