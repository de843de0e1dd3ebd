"""``dicom-viewer export --mpr``, ``export --reference-line`` and ``info --json``'s
orientation labels, on series of known geometry (tests/viewing/volume_series.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from imagefiles import read_png_with_qt
from viewer.cli import main
from viewer.viewing import crossref
from viewing.volume_series import directions, write_volume

SHAPE = (9, 11, 13)  # slices, rows, columns
ORIGIN = np.array([-20.0, -15.0, 30.0])
STEP, PIXEL = 2.0, 0.8
CENTER, WIDTH = -870.0, 201.0


def field():
    k, r, c = np.mgrid[0:SHAPE[0], 0:SHAPE[1], 0:SHAPE[2]]
    return (7 * k + 3 * r + 2 * c + 100).astype(np.uint16)  # HU = stored - 1024


def windowed(hu):
    """PS3.3 C.11.2.1.2.1 linear window to 0..255."""
    return np.clip(((hu - (CENTER - 0.5)) / (WIDTH - 1) + 0.5) * 255, 0, 255)


def export(capsys, *argv):
    status = main(["export", *map(str, argv)])
    return status, capsys.readouterr().err


@pytest.fixture
def axial(tmp_path):
    """An axial head-first series: x = -20 + 0.8 c, y = -15 + 0.8 r, z = 30 + 2 k."""
    write_volume(tmp_path / "axial", field(), "axial-head-first", reverse_numbers=True, seed=4)
    return tmp_path / "axial"


def test_axial_at_a_slice_position_is_that_slice(axial, tmp_path, capsys):
    out = tmp_path / "a.png"
    status, err = export(capsys, axial, "--mpr", "axial", "--position", 30 + 3 * STEP,
                         "--window", CENTER, WIDTH, "-o", out)
    assert status == 0, err
    image = read_png_with_qt(out)
    assert image.shape == SHAPE[1:]  # exactly the plane: no margins
    np.testing.assert_allclose(image, windowed(field()[3] - 1024.0), atol=1)


def test_coronal_from_the_files_of_the_series(axial, tmp_path, capsys):
    """Coronal at y = -15 + 0.8 * 5 (row 5): head up, square 0.8 mm pixels, so the 16 mm of
    slices become 21 rows, z interpolated linearly between slices."""
    out = tmp_path / "c.png"
    files = sorted(axial.glob("*.dcm"))
    status, err = export(capsys, *files, "--mpr", "coronal", "--position", -15 + PIXEL * 5,
                         "--window", CENTER, WIDTH, "-o", out)
    assert status == 0, err
    image = read_png_with_qt(out)
    rows = int(np.floor((SHAPE[0] - 1) * STEP / PIXEL + 1e-6)) + 1
    assert image.shape == (rows, SHAPE[2])
    z = 30 + (SHAPE[0] - 1) * STEP - PIXEL * np.arange(rows)  # top row = highest z (head)
    k = (z - 30) / STEP
    hu = 7 * k[:, None] + 3 * 5 + 2 * np.arange(SHAPE[2])[None, :] + 100 - 1024
    np.testing.assert_allclose(image, windowed(hu), atol=1)


def test_sagittal_has_anterior_on_the_left(axial, tmp_path, capsys):
    out = tmp_path / "s.png"
    status, err = export(capsys, axial, "--mpr", "sagittal", "--position", -20 + PIXEL * 6,
                         "--window", CENTER, WIDTH, "-o", out)
    assert status == 0, err
    image = read_png_with_qt(out).astype(float)
    # HU grow with r (posterior) and k (head): right (posterior) brighter, top (head) brighter
    assert image.shape[1] == SHAPE[1]
    assert image[:, -1].mean() > image[:, 0].mean()
    assert image[0].mean() > image[-1].mean()
    hu = 7 * 8 + 3 * np.arange(SHAPE[1]) + 2 * 6 + 100 - 1024  # top row: the last slice
    np.testing.assert_allclose(image[0], windowed(hu), atol=1)


@pytest.mark.parametrize("mode,reduce", [("mip", np.maximum), ("minip", np.minimum)])
def test_slab_is_the_extreme_of_the_planes_it_spans(axial, tmp_path, capsys, mode, reduce):
    """A coronal slab of 1.7 mm: the plane and the planes one row (0.8 mm) either side."""
    planes = []
    for offset in (-1, 0, 1):
        out = tmp_path / f"p{offset}.png"
        y = -15 + PIXEL * (5 + offset)
        assert export(capsys, axial, "--mpr", "coronal", "--position", y, "--window", CENTER,
                      WIDTH, "-o", out)[0] == 0
        planes.append(read_png_with_qt(out))
    out = tmp_path / "slab.png"
    status, err = export(capsys, axial, "--mpr", "coronal", "--position", -15 + PIXEL * 5,
                         "--slab", 1.7, "--slab-mode", mode, "--window", CENTER, WIDTH,
                         "-o", out)
    assert status == 0, err
    np.testing.assert_array_equal(read_png_with_qt(out),
                                  reduce(reduce(planes[0], planes[1]), planes[2]))


def test_default_position_is_the_volume_centre(axial, tmp_path, capsys):
    out, centre = tmp_path / "d.png", tmp_path / "c.png"
    assert export(capsys, axial, "--mpr", "axial", "-o", out)[0] == 0
    assert export(capsys, axial, "--mpr", "axial", "--position", 30 + 4 * STEP, "-o",
                  centre)[0] == 0
    np.testing.assert_array_equal(read_png_with_qt(out), read_png_with_qt(centre))


def test_position_outside_the_volume_is_refused(axial, tmp_path, capsys):
    status, err = export(capsys, axial, "--mpr", "axial", "--position", 500, "-o",
                         tmp_path / "x.png")
    assert status != 0
    assert "misses the volume (z from 30.00 to 46.00 mm)" in err
    assert not (tmp_path / "x.png").exists()


def test_tilted_series_is_refused_with_the_reason(tmp_path, capsys):
    write_volume(tmp_path / "tilt", field(), "axial-head-first", tilt=0.4)
    status, err = export(capsys, tmp_path / "tilt", "--mpr", "coronal", "-o", tmp_path / "t.png")
    assert status != 0
    assert "cannot reformat the series" in err and "gantry tilt" in err


def test_mpr_options_need_mpr(axial, tmp_path, capsys):
    status, err = export(capsys, next(axial.glob("*.dcm")), "--slab", 3, "-o", tmp_path / "x.png")
    assert status != 0 and "--slab needs --mpr" in err


def _segment_by_distances(image_plane, other_normal, other_point):
    """Where the other plane's zero set crosses the image rectangle's edges, in (column, row):
    the signed distance is linear in (c, r), so each edge is a 1D root."""
    def distance(c, r):
        return float(np.dot(other_normal, crossref.to_patient(image_plane, c, r) - other_point))

    right, bottom = image_plane.columns - 0.5, image_plane.rows - 0.5
    ends = []
    for (c0, r0), (c1, r1) in (((-0.5, -0.5), (right, -0.5)), ((right, -0.5), (right, bottom)),
                               ((right, bottom), (-0.5, bottom)), ((-0.5, bottom), (-0.5, -0.5))):
        d0, d1 = distance(c0, r0), distance(c1, r1)
        if d0 == d1 or d0 * d1 > 0:
            continue
        s = d0 / (d0 - d1)
        ends.append((c0 + s * (c1 - c0), r0 + s * (r1 - r0)))
    return ends


def test_reference_line_of_an_oblique_image_on_an_axial_slice(axial, tmp_path, capsys):
    import pydicom

    image = sorted(axial.glob("*.dcm"))[0]
    ds = pydicom.dcmread(image)
    row, column = directions("oblique")
    middle = np.array([float(v) for v in ds.ImagePositionPatient]) + [4.0, 3.0, 0.0]
    write_volume(tmp_path / "obl", np.full((1, 60, 60), 500, np.uint16), "oblique",
                 origin=tuple(middle - 30 * row - 30 * column), spacing=(1.0, 1.0))
    other = next((tmp_path / "obl").glob("*.dcm"))
    other_ds = pydicom.dcmread(other)
    other_ds.FrameOfReferenceUID = ds.FrameOfReferenceUID
    other_ds.save_as(other)
    plain, lined = tmp_path / "plain.png", tmp_path / "line.png"
    assert export(capsys, image, "-o", plain)[0] == 0
    status, err = export(capsys, image, "--reference-line", other, "-o", lined)
    assert status == 0, err
    plane = crossref.image_plane(ds)
    ends = _segment_by_distances(plane, np.cross(row, column),
                                 np.array([float(v) for v in other_ds.ImagePositionPatient]))
    assert len(ends) == 2
    found = crossref.reference_line(crossref.image_plane(other_ds), plane)
    for got in found:  # the same ends, either way round, within half a pixel
        assert min(np.hypot(got[0] - e[0], got[1] - e[1]) for e in ends) < 0.5
    before, after = read_png_with_qt(plain), read_png_with_qt(lined)
    assert after.shape == before.shape + (3,)
    (c0, r0), (c1, r1) = ends
    rr, cc = np.mgrid[0:before.shape[0], 0:before.shape[1]]
    length = np.hypot(c1 - c0, r1 - r0)
    away = np.abs((c1 - c0) * (r0 - rr) - (r1 - r0) * (c0 - cc)) / length
    far = away > 1.5
    np.testing.assert_array_equal(after[far], np.repeat(before[far][:, None], 3, axis=1))
    coloured = np.all(after == (0, 220, 255), axis=-1)
    assert coloured.any() and np.all(away[coloured] < 1.0)
    for s in np.linspace(0.05, 0.95, 7):  # the line runs the whole segment
        c, r = c0 + s * (c1 - c0), r0 + s * (r1 - r0)
        window = coloured[max(int(r) - 1, 0):int(r) + 2, max(int(c) - 1, 0):int(c) + 2]
        assert window.any(), (c, r)


def test_reference_line_needs_one_frame_of_reference(axial, tmp_path, capsys):
    write_volume(tmp_path / "cor", np.full((1, 20, 20), 500, np.uint16), "coronal")
    status, err = export(capsys, sorted(axial.glob("*.dcm"))[0], "--reference-line",
                         next((tmp_path / "cor").glob("*.dcm")), "-o", tmp_path / "x.png")
    assert status != 0 and "not in the same Frame of Reference" in err


@pytest.mark.parametrize("geometry,labels", [
    ("axial-head-first", {"top": "A", "bottom": "P", "left": "R", "right": "L"}),
    ("axial-feet-first", {"top": "A", "bottom": "P", "left": "L", "right": "R"}),
    ("coronal", {"top": "H", "bottom": "F", "left": "R", "right": "L"}),
    ("sagittal", {"top": "H", "bottom": "F", "left": "A", "right": "P"}),
])
def test_info_json_has_orientation_labels(tmp_path, capsys, geometry, labels):
    write_volume(tmp_path / "s", np.zeros((1, 4, 4), np.uint16), geometry)
    assert main(["info", str(next((tmp_path / "s").glob("*.dcm"))), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["orientation_labels"] == labels
