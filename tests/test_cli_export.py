"""``dicom-viewer export``: PNG output, frame selection, and one-line errors on bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file

from imagefiles import read_png_with_qt
from sampledata import BROKEN, image_files, sample_id
from viewer.cli import main
from viewer.dicom import read_instance
from viewer.export import png_bytes
from viewer.pipeline.render import render_frame


def _export(capsys, *argv) -> tuple[int, str]:
    status = main(["export", *map(str, argv)])
    return status, capsys.readouterr().err


@pytest.mark.parametrize("shape", [(7, 5), (4, 9, 3)])
def test_png_encoder_round_trips_through_qt(tmp_path, shape):
    image = np.random.default_rng(1).integers(0, 256, shape, dtype=np.uint8)
    path = tmp_path / "x.png"
    path.write_bytes(png_bytes(image))
    assert np.array_equal(read_png_with_qt(path), image)


def test_png_encoder_rejects_other_types():
    with pytest.raises(ValueError, match="cannot write"):
        png_bytes(np.zeros((3, 3), np.uint16))


def test_non_dicom_file_is_one_clear_line(tmp_path, capsys):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a DICOM file\n" * 20)
    status, err = _export(capsys, bad, "-o", tmp_path / "out.png")
    assert status == 1
    assert err.count("\n") == 1 and str(bad) in err
    assert not (tmp_path / "out.png").exists()


def test_missing_file(tmp_path, capsys):
    status, err = _export(capsys, tmp_path / "nothing.dcm", "-o", tmp_path / "out.png")
    assert status == 1 and "nothing.dcm" in err and err.count("\n") == 1


def test_frame_out_of_range(tmp_path, capsys):
    status, err = _export(capsys, get_testdata_file("CT_small.dcm"), "-o", tmp_path / "o.png",
                          "--frame", "2")
    assert status == 1 and "frame 2" in err


def test_bad_window_width_is_reported(tmp_path, capsys):
    status, err = _export(capsys, get_testdata_file("CT_small.dcm"), "-o", tmp_path / "o.png",
                          "--window", "40", "0")
    assert status == 1 and "width" in err.lower()


def test_all_frames_writes_numbered_files_equal_to_single_frames(tmp_path, capsys):
    source = get_testdata_file("SC_rgb_rle_2frame.dcm")
    assert _export(capsys, source, "-o", tmp_path / "all.png", "--all-frames")[0] == 0
    for frame in (1, 2):
        single = tmp_path / f"single{frame}.png"
        assert _export(capsys, source, "-o", single, "--frame", frame)[0] == 0
        numbered = tmp_path / f"all-{frame:04d}.png"
        assert np.array_equal(read_png_with_qt(numbered), read_png_with_qt(single))
    first, second = (read_png_with_qt(tmp_path / f"all-000{i}.png") for i in (1, 2))
    assert first.shape == (100, 100, 3) and not np.array_equal(first, second)


def test_user_window_changes_the_pixels(tmp_path, capsys):
    source = get_testdata_file("CT_small.dcm")
    narrow, wide = tmp_path / "narrow.png", tmp_path / "wide.png"
    assert _export(capsys, source, "-o", narrow, "--window", "40", "80")[0] == 0
    assert _export(capsys, source, "-o", wide, "--window", "40", "4000")[0] == 0
    a, b = read_png_with_qt(narrow), read_png_with_qt(wide)
    assert a.std() > b.std()
    ds = pydicom.dcmread(source)
    stored = np.frombuffer(ds.PixelData, "<i2").reshape(128, 128)  # signed 16, little endian
    hu = stored * float(ds.RescaleSlope) + float(ds.RescaleIntercept)
    for image, (c, w) in ((a, (40, 80)), (b, (40, 4000))):
        # PS3.3 C.11.2.1.2.1, output 0..255 truncated (as DCMTK)
        inside = ((hu - (c - 0.5)) / (w - 1) + 0.5) * 255
        expected = np.select([hu <= c - 0.5 - (w - 1) / 2, hu > c - 0.5 + (w - 1) / 2],
                             [0, 255], np.floor(inside))
        assert np.abs(image.astype(int) - expected).max() <= 1  # float order of operations


@pytest.mark.parametrize("path", image_files(), ids=sample_id)
def test_every_sample_image_renders_or_fails_clearly(path: Path, tmp_path, capsys):
    status, err = _export(capsys, path, "-o", tmp_path / "out.png")
    if path.name in BROKEN:
        assert status == 1, "a deliberately broken file must be refused"
        assert err.count("\n") == 1 and "internal error" not in err
    else:
        assert status == 0, err
        # the PNG holds exactly what the pipeline renders for frame 1 (whose values are checked
        # against DCMTK in test_oracle_export.py and tests/pipeline)
        instance = read_instance(path)
        expected = render_frame(instance.ds, instance.frame(0), frame_index=0)
        np.testing.assert_array_equal(read_png_with_qt(tmp_path / "out.png"), expected)
