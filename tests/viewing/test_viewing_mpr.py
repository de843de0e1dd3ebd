"""MPR: volumes built from series of known geometry, reformats checked against the truth.

The truth is computed here, apart from viewer.viewing: each output pixel's patient position
from the radiological screen directions (written out below, not imported), its voxel index from
the generator's geometry, and its value by a trilinear interpolation written in this file (or,
for a stored field linear in the index, the field itself: trilinear interpolation reproduces a
linear field exactly).
"""

from __future__ import annotations

import numpy as np
import pytest

from viewer.dicom import assemble_series, open_path
from viewer.viewing import crossref, mpr
from viewer.viewing.reformat import reformat_series
from viewer.viewing.volume import VolumeError, build_volume
from volume_series import GEOMETRIES, voxel_positions, write_volume

SCREEN = {  # (screen right, screen down) in patient axes (+x L, +y P, +z H), radiological
    "axial": ((1, 0, 0), (0, 1, 0)),
    "coronal": ((1, 0, 0), (0, 0, -1)),
    "sagittal": ((0, 1, 0), (0, 0, -1)),
}
SHAPE = (9, 11, 13)


def linear_field(shape=SHAPE) -> np.ndarray:
    k, r, c = np.mgrid[0:shape[0], 0:shape[1], 0:shape[2]]
    return (7 * k + 3 * r + 2 * c + 100).astype(np.uint16)


def series_of(folder):
    series = assemble_series(open_path(folder).instances)
    assert len(series) == 1
    return series[0]


def truth_grid(shape, geometry, plane, spacing=(0.8, 0.8), step=2.0, right=None, down=None):
    """(pixel positions (rows, cols, 3), origin, axes) of the plane through the centre."""
    origin, axes = voxel_positions(shape, geometry, spacing=spacing, step=step)
    right = np.asarray(SCREEN[plane][0] if right is None else right, float)
    down = np.asarray(SCREEN[plane][1] if down is None else down, float)
    ends = np.array([(k, r, c) for k in (0, shape[0] - 1) for r in (0, shape[1] - 1)
                     for c in (0, shape[2] - 1)], float)
    corners = origin + ends @ axes.T
    size = min(spacing)
    u, v = corners @ right, corners @ down
    columns = int(np.floor((u.max() - u.min()) / size + 1e-6)) + 1
    rows = int(np.floor((v.max() - v.min()) / size + 1e-6)) + 1
    normal = np.cross(right, down)
    centre = origin + (np.array(shape, float) - 1) / 2 @ axes.T
    i, j = np.mgrid[0:rows, 0:columns]
    points = ((u.min() + j[..., None] * size) * right + (v.min() + i[..., None] * size) * down
              + np.dot(centre, normal) * normal)
    return points, origin, axes


def to_index(points, origin, axes):
    return np.linalg.solve(axes, (points - origin).reshape(-1, 3).T).T.reshape(points.shape)


def trilinear(volume: np.ndarray, index: np.ndarray, outside: float) -> np.ndarray:
    """Interpolate *volume* at float (k, r, c) *index* (..., 3): the 8 neighbours weighted."""
    shape = np.array(volume.shape)
    inside = np.all((index >= -1e-4) & (index <= shape - 1 + 1e-4), axis=-1)
    idx = np.clip(index, 0, shape - 1)
    base = np.minimum(np.floor(idx), np.maximum(shape - 2, 0)).astype(int)
    frac = idx - base
    result = np.zeros(index.shape[:-1])
    for dk in (0, 1):
        for dr in (0, 1):
            for dc in (0, 1):
                weight = ((frac[..., 0] if dk else 1 - frac[..., 0])
                          * (frac[..., 1] if dr else 1 - frac[..., 1])
                          * (frac[..., 2] if dc else 1 - frac[..., 2]))
                result += weight * volume[base[..., 0] + dk, base[..., 1] + dr, base[..., 2] + dc]
    return np.where(inside, result, outside)


@pytest.mark.parametrize("geometry", sorted(GEOMETRIES))
@pytest.mark.parametrize("plane", sorted(SCREEN))
def test_standard_planes_match_the_truth(tmp_path, geometry, plane):
    stored = linear_field()
    write_volume(tmp_path / "s", stored, geometry, reverse_numbers=True, seed=3)
    volume = build_volume(series_of(tmp_path / "s"))
    grid = mpr.standard_grid(volume, plane)
    image = mpr.sample(volume, grid, float(np.dot(volume.centre(), grid.normal)))
    points, origin, axes = truth_grid(SHAPE, geometry, plane)
    assert image.shape == points.shape[:2]
    index = to_index(points, origin, axes)
    modality = stored.astype(float) - 1024
    expected = trilinear(modality, index, modality.min())
    inside = np.all((index > 1e-3) & (index < np.array(SHAPE) - 1 - 1e-3), axis=-1)
    assert inside.sum() > 20
    np.testing.assert_allclose(image[inside], expected[inside], atol=1e-2)
    # a linear field: the truth is the field itself at the point's index
    field = 7 * index[..., 0] + 3 * index[..., 1] + 2 * index[..., 2] + 100 - 1024
    np.testing.assert_allclose(image[inside], field[inside], atol=1e-2)


def test_random_volume_oblique_plane_matches_trilinear(tmp_path):
    rng = np.random.default_rng(5)
    stored = rng.integers(0, 4000, size=SHAPE).astype(np.uint16)
    write_volume(tmp_path / "s", stored, "oblique", step=1.5)
    volume = build_volume(series_of(tmp_path / "s"))
    right = np.array([0.9, 0.3, 0.1])
    right /= np.linalg.norm(right)
    down = np.cross(right, [0.2, -0.4, 0.9])
    down /= np.linalg.norm(down)
    grid = mpr.grid_for(volume, right, down)
    image = mpr.sample(volume, grid, float(np.dot(volume.centre(), grid.normal)))
    points, origin, axes = truth_grid(SHAPE, "oblique", "axial", step=1.5, right=right,
                                      down=down)
    index = to_index(points, origin, axes)
    modality = stored.astype(float) - 1024
    expected = trilinear(modality, index, modality.min())
    assert np.sum(np.all((index > 0) & (index < np.array(SHAPE) - 1), axis=-1)) > 50
    np.testing.assert_allclose(image, expected, atol=0.05)


@pytest.mark.parametrize("geometry", ["axial-head-first", "axial-feet-first", "coronal",
                                      "sagittal"])
def test_radiological_orientation(tmp_path, geometry):
    """A bright voxel at the patient's left, anterior, head corner shows at the screen's right
    and top (axial), right and top (coronal), left and top (sagittal)."""
    stored = np.full(SHAPE, 1000, np.uint16)
    origin, axes = voxel_positions(SHAPE, geometry)
    indices = np.array([(k, r, c) for k in range(SHAPE[0]) for r in range(SHAPE[1])
                        for c in range(SHAPE[2])])
    patient = origin + indices @ axes.T
    score = patient @ np.array([1.0, -1.0, 1.0])  # left (+x), anterior (-y), head (+z)
    marker = tuple(indices[int(np.argmax(score))])
    stored[marker] = 3000
    write_volume(tmp_path / "s", stored, geometry, seed=9)
    volume = build_volume(series_of(tmp_path / "s"))
    point = patient[int(np.argmax(score))]
    expect = {"axial": ("right", "top"), "coronal": ("right", "top"),
              "sagittal": ("left", "top")}
    for plane, (side, end) in expect.items():
        grid = mpr.standard_grid(volume, plane)
        image = mpr.sample(volume, grid, float(np.dot(point, grid.normal)))
        row, column = np.unravel_index(int(np.argmax(image)), image.shape)
        assert image[row, column] == pytest.approx(3000 - 1024)
        assert (column > image.shape[1] / 2) == (side == "right"), plane
        assert row < image.shape[0] / 2, plane


@pytest.mark.parametrize("mode,reduce", [("mip", np.max), ("minip", np.min),
                                         ("average", np.mean)])
def test_slab_modes(tmp_path, mode, reduce):
    rng = np.random.default_rng(1)
    stored = rng.integers(0, 3000, size=SHAPE).astype(np.uint16)
    write_volume(tmp_path / "s", stored, "axial-head-first", step=2.0)
    volume = build_volume(series_of(tmp_path / "s"))
    grid = mpr.standard_grid(volume, "coronal")
    t = float(np.dot(volume.centre(), grid.normal))
    # coronal of an axial series: the normal runs along the columns (0.8 mm rows apart);
    # 3.3 mm holds the plane and two planes 0.8 mm apart either side
    planes = [mpr.sample(volume, grid, t + d * 0.8) for d in (-2, -1, 0, 1, 2)]
    slab = mpr.sample(volume, grid, t, mpr.Slab(3.3, mode))
    np.testing.assert_allclose(slab, reduce(np.array(planes), axis=0), rtol=1e-5, atol=1e-3)
    assert not np.allclose(slab, planes[2])


def test_slab_rejects_bad_mode_and_thickness():
    with pytest.raises(ValueError, match="slab mode"):
        mpr.Slab(2.0, "sum")
    with pytest.raises(ValueError, match="thickness"):
        mpr.Slab(-1.0)


def test_gantry_tilt_is_refused_with_the_reason(tmp_path):
    write_volume(tmp_path / "s", linear_field(), "axial-head-first", tilt=0.5)
    with pytest.raises(VolumeError, match="gantry tilt"):
        build_volume(series_of(tmp_path / "s"))


def test_uneven_spacing_is_refused_with_the_reason(tmp_path):
    gaps = np.zeros(SHAPE[0])
    gaps[5:] = 2.0  # a slice missing after the fifth
    write_volume(tmp_path / "s", linear_field(), "axial-head-first", gaps=gaps)
    with pytest.raises(VolumeError, match="unevenly spaced.*2 to 4 mm"):
        build_volume(series_of(tmp_path / "s"))


def test_one_slice_is_not_a_volume(tmp_path):
    write_volume(tmp_path / "s", linear_field((1, 4, 4)), "axial-head-first")
    with pytest.raises(VolumeError, match="at least two slices"):
        build_volume(series_of(tmp_path / "s"))


def test_volume_is_int16_for_ct_and_float32_otherwise(tmp_path):
    write_volume(tmp_path / "ct", linear_field(), "axial-head-first", signed=True,
                 intercept=0.0)  # int16 stored, no offset: the values fit int16
    ct = build_volume(series_of(tmp_path / "ct"))
    assert ct.voxels.dtype == np.int16 and ct.voxels.flags.c_contiguous
    assert ct.voxels.nbytes == np.prod(SHAPE) * 2
    np.testing.assert_array_equal(ct.voxels, linear_field())
    write_volume(tmp_path / "ct12", linear_field(), "axial-head-first", bits_stored=12)
    ct12 = build_volume(series_of(tmp_path / "ct12"))  # 12 bits unsigned, -1024: CT as usual
    assert ct12.voxels.dtype == np.int16
    np.testing.assert_array_equal(ct12.voxels, linear_field().astype(np.int16) - 1024)
    assert (ct12.padding, ct12.maximum) == (100 - 1024, int(linear_field().max()) - 1024)
    write_volume(tmp_path / "pet", linear_field(), "axial-head-first", slope=0.25)
    pet = build_volume(series_of(tmp_path / "pet"))
    assert pet.voxels.dtype == np.float32
    np.testing.assert_allclose(pet.voxels[0, 0, :3], np.array([100, 102, 104]) * 0.25 - 1024)


def test_progress_is_reported_per_slice(tmp_path):
    write_volume(tmp_path / "s", linear_field(), "axial-head-first")
    seen = []
    build_volume(series_of(tmp_path / "s"), progress=lambda done, total: seen.append(done))
    assert seen == list(range(1, SHAPE[0] + 1))


def test_reformat_series_frames_carry_their_planes(tmp_path):
    write_volume(tmp_path / "s", linear_field(), "axial-head-first")
    volume = build_volume(series_of(tmp_path / "s"))
    series = reformat_series(volume, mpr.standard_grid(volume, "axial"), "axial")
    assert len(series.frames) == SHAPE[0]  # one per slice: the slice step along z
    ref = series.frames[4]
    plane = crossref.image_plane(ref.instance.ds, ref.frame_index)
    np.testing.assert_allclose(plane.position, [-20.0, -15.0, 30.0 + 4 * 2.0], atol=1e-4)
    np.testing.assert_allclose(plane.row, [1, 0, 0])
    assert plane.spacing == (0.8, 0.8)
    frame = ref.instance.frame(4)
    assert frame.dtype == np.int16
    slope, intercept = float(ref.instance.ds.RescaleSlope), float(ref.instance.ds.RescaleIntercept)
    np.testing.assert_allclose(frame * slope + intercept, linear_field()[4] - 1024.0,
                               atol=slope / 2 + 1e-6)
    assert ref.instance.nearest_frame(plane.position + [0, 0, 0.9]) == 4


def test_reformat_frames_are_not_queued_for_decoding(tmp_path):
    """The viewport takes a reformat's frame from the instance; the loader never computes the
    whole stack in the background (that would hold a second volume)."""
    from viewer.viewing.loader import FrameLoader

    write_volume(tmp_path / "s", linear_field(), "axial-head-first")
    volume = build_volume(series_of(tmp_path / "s"))
    series = reformat_series(volume, mpr.standard_grid(volume, "coronal"), "coronal")
    calls = []
    loader = FrameLoader(lambda ref, arr, error: calls.append(ref))
    try:
        loader.request(series.frames[:3], series.frames)
        assert loader.pending() == 0
    finally:
        loader.close()
    assert calls == []
    assert loader.store.get(series.frames[2]) is not None  # computed when asked


def test_mixed_orientations_are_refused(tmp_path):
    import pydicom

    paths = write_volume(tmp_path / "s", linear_field(), "axial-head-first")
    ds = pydicom.dcmread(paths[3])
    ds.ImageOrientationPatient = [0, 1, 0, 0, 0, -1]
    ds.save_as(paths[3])
    with pytest.raises(VolumeError, match="not all in one orientation"):
        build_volume(series_of(tmp_path / "s"))


def test_two_slices_at_one_position_are_refused(tmp_path):
    gaps = np.zeros(SHAPE[0])
    gaps[4] = -2.0  # slice 4 onto slice 3
    write_volume(tmp_path / "s", linear_field(), "axial-head-first", gaps=gaps)
    with pytest.raises(VolumeError, match="same position"):
        build_volume(series_of(tmp_path / "s"))


def test_a_released_reformat_holds_no_volume(tmp_path):
    from viewer.dicom import DicomReadError

    write_volume(tmp_path / "s", linear_field(), "axial-head-first")
    volume = build_volume(series_of(tmp_path / "s"))
    instance = reformat_series(volume, mpr.standard_grid(volume, "axial"), "axial").instances[0]
    assert instance.cached_frame(2) is not None
    instance.release()
    assert instance.volume is None and instance.cached_frame(2) is None
    with pytest.raises(DicomReadError, match="closed"):
        instance.frame(2)
