"""Reformatted planes of a :class:`~viewer.viewing.volume.Volume` (MPR), Qt-free.

A plane is shown through a :class:`Grid`: its screen-right and screen-down directions in the
patient, square pixels of the volume's in-plane spacing, and a size covering the whole volume
(the corner voxel centres projected onto the plane). The standard planes are in radiological
orientation (patient directions: +x Left, +y Posterior, +z Head, PS3.3 C.7.6.2.1.1):

- axial: right = +x (the patient's left on the screen's right), down = +y (anterior up);
- coronal: right = +x, down = -z (head up);
- sagittal: right = +y (anterior on the screen's left), down = -z (head up).

Sampling is trilinear in the volume's index space; outside the volume is the volume's minimum.
A plane whose axes run along the volume's axes (an axial reformat of an axial series, ...) is cut
with slicing and 1D interpolation along the axes that need it, so it is exact where the grid
meets voxel centres and fast enough to follow a crosshair drag.

A slab (thickness T mm) combines the plane and parallel planes every d mm either side within
T/2 (d: the volume's voxel size along the plane's normal; at least the plane itself) by maximum
(MIP), minimum (MinIP) or mean (average).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from viewer.viewing.volume import Volume

PLANES = {
    "axial": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0)),
    "coronal": ((1.0, 0.0, 0.0), (0.0, 0.0, -1.0)),
    "sagittal": ((0.0, 1.0, 0.0), (0.0, 0.0, -1.0)),
}
PATIENT_AXIS = {"axial": 2, "coronal": 1, "sagittal": 0}  # the coordinate --position gives
SLAB_MODES = ("mip", "minip", "average")
ALIGNED = 1e-6  # index steps smaller than this (relative) count as zero


@dataclass(frozen=True)
class Slab:
    thickness: float = 0.0  # mm; 0 or less: the plane alone
    mode: str = "mip"

    def __post_init__(self) -> None:
        if self.mode not in SLAB_MODES:
            raise ValueError(f"slab mode {self.mode!r} is not one of {', '.join(SLAB_MODES)}")
        if not np.isfinite(self.thickness) or self.thickness < 0:
            raise ValueError(f"slab thickness must be 0 mm or more, not {self.thickness}")


@dataclass(frozen=True)
class Grid:
    """Pixels of a plane: pixel (row i, column j) at ``corner + t * normal + j * spacing *
    right + i * spacing * down`` for the plane at *t* mm along the normal."""

    right: np.ndarray
    down: np.ndarray
    spacing: float
    rows: int
    columns: int
    corner: np.ndarray  # in-plane part of pixel (0, 0)'s position
    near: float  # t of the volume's nearest and farthest corner voxel centres
    far: float

    @property
    def normal(self) -> np.ndarray:
        return np.cross(self.right, self.down)

    def position(self, t: float) -> np.ndarray:
        """Image Position (Patient) of pixel (0, 0) of the plane at *t*."""
        return self.corner + t * self.normal


def unit(vector) -> np.ndarray:
    v = np.asarray(vector, dtype=float)
    return v / np.linalg.norm(v)


def grid_for(volume: Volume, right, down) -> Grid:
    """The grid of the plane with screen directions *right* and *down* covering *volume*."""
    right, down = unit(right), unit(down)
    down = unit(down - np.dot(down, right) * right)
    spacing = volume.in_plane_spacing
    corners = volume.corners()
    u, v, w = corners @ right, corners @ down, corners @ np.cross(right, down)
    columns = int(np.floor((u.max() - u.min()) / spacing + 1e-6)) + 1
    rows = int(np.floor((v.max() - v.min()) / spacing + 1e-6)) + 1
    return Grid(right, down, spacing, rows, columns, u.min() * right + v.min() * down,
                float(w.min()), float(w.max()))


def standard_grid(volume: Volume, plane: str) -> Grid:
    if plane not in PLANES:
        raise ValueError(f"plane {plane!r} is not one of {', '.join(PLANES)}")
    return grid_for(volume, *PLANES[plane])


def normal_step(volume: Volume, normal) -> float:
    """The volume's voxel size along *normal* (its finest spacing for an oblique normal)."""
    steps = np.abs(np.linalg.inv(volume.axes) @ unit(normal))
    axis = int(np.argmax(steps))
    if np.sum(steps > ALIGNED * steps[axis]) == 1:
        return float(volume.spacing[axis])
    return float(min(volume.spacing))


def sample(volume: Volume, grid: Grid, t: float, slab: Slab | None = None) -> np.ndarray:
    """The plane at *t* mm along the grid's normal as float32 (rows, columns)."""
    if slab is None or slab.thickness <= 0:
        return _plane(volume, grid, t)
    step = normal_step(volume, grid.normal)
    half = int(np.floor(slab.thickness / 2 / step + 1e-9))
    result = _plane(volume, grid, t)
    for offset in range(1, half + 1):
        for side in (-1, 1):
            more = _plane(volume, grid, t + side * offset * step)
            if slab.mode == "mip":
                np.maximum(result, more, out=result)
            elif slab.mode == "minip":
                np.minimum(result, more, out=result)
            else:
                result += more
    if slab.mode == "average":
        result /= 2 * half + 1
    return result


def _plane(volume: Volume, grid: Grid, t: float) -> np.ndarray:
    inverse = np.linalg.inv(volume.axes)
    start = volume.to_index(grid.position(t))
    across = inverse @ (grid.right * grid.spacing)  # index step per output column
    down = inverse @ (grid.down * grid.spacing)  # per output row
    aligned = _aligned_axes(across, down)
    if aligned is not None:
        return _aligned_plane(volume, start, across, down, aligned, grid)
    return _trilinear(volume, start, across, down, grid.rows, grid.columns)


def _single_axis(step: np.ndarray) -> int | None:
    big = np.abs(step).max()
    axes = np.flatnonzero(np.abs(step) > ALIGNED * big)
    return int(axes[0]) if len(axes) == 1 else None


def _aligned_axes(across: np.ndarray, down: np.ndarray) -> tuple[int, int, int] | None:
    """(index axis of output rows, of output columns, of the normal) when each output direction
    runs along one index axis, else None."""
    a, d = _single_axis(across), _single_axis(down)
    if a is None or d is None or a == d:
        return None
    return d, a, 3 - a - d


def _aligned_plane(volume, start, across, down, axes, grid: Grid) -> np.ndarray:
    row_axis, column_axis, normal_axis = axes
    section = _resample(volume.voxels, normal_axis, np.array([start[normal_axis]]),
                        volume.padding)
    section = np.squeeze(section, axis=normal_axis)  # the two other axes, in index order
    rows = start[row_axis] + np.arange(grid.rows) * down[row_axis]
    columns = start[column_axis] + np.arange(grid.columns) * across[column_axis]
    row_in, column_in = (0, 1) if row_axis < column_axis else (1, 0)
    section = _resample(section, row_in, rows, volume.padding)
    section = _resample(section, column_in, columns, volume.padding)
    return np.ascontiguousarray(section if row_in == 0 else section.T, dtype=np.float32)


def _resample(array: np.ndarray, axis: int, positions: np.ndarray, padding: float):
    """Linear interpolation of *array* at float index *positions* along *axis* (padding
    outside), float32 unless every position is a voxel centre inside (then a take)."""
    count = array.shape[axis]
    inside = (positions >= -1e-4) & (positions <= count - 1 + 1e-4)
    clipped = np.clip(positions, 0, count - 1)
    low = np.minimum(np.floor(clipped + 1e-6).astype(np.intp), max(count - 2, 0))
    weight = (clipped - low).astype(np.float32)
    shape = [1] * array.ndim
    shape[axis] = len(positions)
    if np.all(np.abs(weight) < 1e-6) or count == 1:
        result = np.take(array, low, axis=axis).astype(np.float32)
    else:
        result = np.take(array, low, axis=axis).astype(np.float32)
        after = np.take(array, np.minimum(low + 1, count - 1), axis=axis).astype(np.float32)
        after -= result
        after *= weight.reshape(shape)
        result += after
    if not np.all(inside):
        result[(slice(None),) * axis + (~inside,)] = padding
    return result


def _trilinear(volume, start, across, down, rows: int, columns: int) -> np.ndarray:
    i, j = np.mgrid[0:rows, 0:columns].astype(np.float32)
    shape = np.array(volume.shape)
    index = [start[a] + j * across[a] + i * down[a] for a in range(3)]
    inside = np.ones((rows, columns), dtype=bool)
    for a in range(3):
        inside &= (index[a] >= -1e-4) & (index[a] <= shape[a] - 1 + 1e-4)
    result = np.full((rows, columns), volume.padding, dtype=np.float32)
    points = [np.clip(index[a][inside], 0, shape[a] - 1) for a in range(3)]
    low = [np.minimum(np.floor(p).astype(np.intp), max(shape[a] - 2, 0))
           for a, p in enumerate(points)]
    weight = [(p - lo).astype(np.float32) for p, lo in zip(points, low)]
    flat = volume.voxels.reshape(-1)
    strides = (shape[1] * shape[2], shape[2], 1)
    total = np.zeros(len(points[0]), dtype=np.float32)
    for corner in range(8):
        bits = [(corner >> a) & 1 for a in range(3)]
        w = np.ones(len(points[0]), dtype=np.float32)
        offset = np.zeros(len(points[0]), dtype=np.intp)
        for a in range(3):
            step = bits[a] if shape[a] > 1 else 0
            w *= weight[a] if bits[a] else 1 - weight[a]
            offset += (low[a] + step) * strides[a]
        total += w * flat[offset]
    result[inside] = total
    return result
