"""``dicom-viewer report`` of RT objects: pydicom's RT Plan (label, prescription, fractions,
beam), RT Dose (units, grid, maximum = largest stored value x Dose Grid Scaling) and RT
Structure Set (ROIs with colours); a broken structure set is printed as far as it goes and
ends with status 1."""

from __future__ import annotations

import pydicom
import pytest

from tests.dicom import rt_builders
from tests.dicom.dicom_builders import sample, write
from viewer.cli import main


def test_plan(capsys):
    assert main(["report", sample("rtplan.dcm")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "RT Plan: Plan1 - Plan1"
    assert "  2 PTV (TARGET, COORDINATES): prescribed 30.83 Gy, maximum - Gy" in lines
    assert "  1: 30 fraction(s), 1 beam(s)" in lines
    assert ("  1 Field 1: STATIC PHOTON, machine unit001, energy 6, gantry 0°, collimator 0°, "
            "couch 0°, 2 control point(s), meterset 116.00 MU, dose 1.028 Gy") in lines


@pytest.mark.parametrize("name", ["rtdose.dcm", "rtdose_1frame.dcm", "rtdose_rle.dcm"])
def test_dose(capsys, name):
    assert main(["report", sample(name)]) == 0
    out = capsys.readouterr().out
    ds = pydicom.dcmread(sample(name))
    peak = float(ds.pixel_array.max()) * float(ds.DoseGridScaling)
    frames = int(ds.get("NumberOfFrames", 1))
    assert f"  Grid: {ds.Columns} x {ds.Rows} x {frames}, spacing 10x10 mm" in out
    assert f"  Maximum: {peak:.4f} RELATIVE" in out
    assert "  Units: RELATIVE" in out and "  Type: PHYSICAL, summation BEAM" in out


def test_structure_set(capsys):
    assert main(["report", sample("rtstruct.dcm")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "RT Structure Set: sep30 - sep30"
    assert "  1 patient (EXTERNAL): colour 220,160,120, 3 contour(s)" in out


def test_broken_structure_set_prints_what_it_can_and_fails(tmp_path, capsys):
    (tmp_path / "ct").mkdir()
    cts = rt_builders.ct_series(tmp_path / "ct", count=1)
    good = rt_builders.contour(cts[0], [(1, 1), (4, 1), (4, 4)])
    ds = rt_builders.structure_set(cts, [(1, "Body", (9, 8, 7), [good]),
                                         (5, "Lost", None, [good])], defined=[1])
    path = write(ds, tmp_path / "rs.dcm")
    assert main(["report", path]) == 1
    captured = capsys.readouterr()
    assert "  1 Body: colour 9,8,7, 1 contour(s)" in captured.out.splitlines()
    assert "1 problem(s), the first: ROI Contour Sequence: the contours of ROI 5" in captured.err


def test_rt_json_is_refused(capsys):
    assert main(["report", "--json", sample("rtplan.dcm")]) == 1
    assert "--json is for structured reports" in capsys.readouterr().err
