"""MPR reformats against an independent resampler: SimpleITK reads the same files (GDCM's own
series sorting, geometry and rescale) and resamples them, with linear interpolation, onto the
reformat's own grid (origin, spacing, direction). A test-only dependency (the ``test`` extra):
it shares no code with viewer.viewing, so an error in our geometry or interpolation shows."""

from __future__ import annotations

import numpy as np
import pytest
import SimpleITK as sitk

from viewer.dicom import assemble_series, open_path
from viewer.viewing import mpr
from viewer.viewing.volume import build_volume
from volume_series import write_volume

SHAPE = (12, 20, 24)


def read_with_sitk(folder) -> sitk.Image:
    reader = sitk.ImageSeriesReader()
    reader.SetFileNames(reader.GetGDCMSeriesFileNames(str(folder)))
    return sitk.Cast(reader.Execute(), sitk.sitkFloat32)


def resample_plane(image: sitk.Image, grid: mpr.Grid, t: float, outside: float) -> np.ndarray:
    direction = np.column_stack([grid.right, grid.down, grid.normal])
    resampled = sitk.Resample(image, [grid.columns, grid.rows, 1], sitk.Transform(),
                              sitk.sitkLinear, tuple(grid.position(t)),
                              (grid.spacing, grid.spacing, 1.0), tuple(direction.ravel()),
                              outside, sitk.sitkFloat32)
    return sitk.GetArrayFromImage(resampled)[0]  # (z, y, x) -> the one plane, rows x columns


@pytest.mark.parametrize("geometry", ["axial-feet-first", "sagittal", "oblique"])
@pytest.mark.parametrize("plane", ["axial", "coronal", "sagittal"])
def test_reformat_matches_simpleitk(tmp_path, geometry, plane):
    rng = np.random.default_rng(11)
    stored = rng.integers(0, 3000, size=SHAPE).astype(np.uint16)
    write_volume(tmp_path / "s", stored, geometry, reverse_numbers=True, step=1.5)
    volume = build_volume(assemble_series(open_path(tmp_path / "s").instances)[0])
    grid = mpr.standard_grid(volume, plane)
    t = float(np.dot(volume.centre(), grid.normal)) + 0.37  # between voxel centres
    ours = mpr.sample(volume, grid, t)
    image = read_with_sitk(tmp_path / "s")
    theirs = resample_plane(image, grid, t, outside=-99999.0)
    # ITK interpolates up to half a voxel beyond the outer voxel centres (clamped); the
    # reformat's volume ends at them: compare where SimpleITK puts the point within them
    rows, columns = np.mgrid[0:grid.rows, 0:grid.columns]
    size = np.array(image.GetSize()) - 1
    inside = np.zeros(theirs.shape, dtype=bool)
    for r, c in zip(rows.ravel(), columns.ravel()):
        point = grid.position(t) + c * grid.spacing * grid.right + r * grid.spacing * grid.down
        index = np.array(image.TransformPhysicalPointToContinuousIndex(tuple(point)))
        inside[r, c] = np.all((index > 1e-3) & (index < size - 1e-3))
    assert inside.sum() > 0.2 * inside.size
    np.testing.assert_allclose(ours[inside], theirs[inside], atol=0.05)
