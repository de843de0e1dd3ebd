"""``dicom-viewer export`` of a waveform: a PNG of the ECG paper, the trace at baseline - value
x 10 mm/mV at its time x 25 mm/s (8 pixels per mm, under the header); pydicom's 12-lead ECG in
both of its multiplex groups; image options and a group that does not exist are refused."""

from __future__ import annotations

import numpy as np
from pydicom.data import get_testdata_file

from dicom.waveform_builders import ChannelSpec, sine, write_waveform
from imagefiles import read_png_with_qt
from viewer.cli import main
from viewer.ui.ecg_paint import HEADER, PIXELS_PER_MM

PAPER = (0xFF, 0xF6, 0xF4)


def _pixel(mm_x: float, mm_y: float) -> tuple[int, int]:
    return int(round(mm_x * PIXELS_PER_MM)), HEADER + int(round(mm_y * PIXELS_PER_MM))


def _dark_near(image: np.ndarray, mm_x: float, mm_y: float) -> bool:
    x, y = _pixel(mm_x, mm_y)
    patch = image[y - 1:y + 2, x - 1:x + 2].astype(int)
    return bool((patch.sum(axis=2) < 3 * 90).any())


def test_trace_lands_at_time_and_amplitude(tmp_path, capsys):
    raw = sine(1000, 500.0, 1.0, 400)  # 2 s at 500 Hz: 1 mV peaks at 0.25 s, troughs at 0.75 s
    path = write_waveform(tmp_path / "ecg.dcm", [("RHYTHM", 500.0, [
        ChannelSpec(raw, 2.5, 1.0, 0.0, "uV", label="II")])])
    out = tmp_path / "ecg.png"
    assert main(["export", str(path), "-o", str(out)]) == 0, capsys.readouterr().err
    image = read_png_with_qt(out)
    # the paper is 2 s x 25 mm/s = 50 mm wide, one 30 mm row high
    assert image.shape == (HEADER + 30 * PIXELS_PER_MM + 1, 50 * PIXELS_PER_MM + 1, 3)
    assert _dark_near(image, 6.25, 15.0 - 10.0)  # the peak: 1 mV above the baseline
    assert not _dark_near(image, 6.25, 15.0)  # not at the baseline there
    assert _dark_near(image, 18.75, 15.0 + 10.0)  # the trough: 1 mV below
    assert _dark_near(image, 12.5, 15.0)  # crossing the baseline at 0.5 s
    x, y = _pixel(2.5, 28.5)  # paper between grid lines
    assert tuple(image[y, x]) == PAPER


def test_pydicom_ecg_groups(tmp_path, capsys):
    ecg = get_testdata_file("waveform_ecg.dcm")
    sizes = []
    for group in (1, 2):
        out = tmp_path / f"ecg{group}.png"
        assert main(["export", ecg, "-o", str(out), "--group", str(group)]) == 0
        sizes.append(read_png_with_qt(out).shape)
    # RHYTHM: 10 s, 4 rows (3 x 4 + rhythm); MEDIAN BEAT: 1.2 s, one row per lead
    assert sizes[0] == (HEADER + 120 * PIXELS_PER_MM + 1, 250 * PIXELS_PER_MM + 1, 3)
    assert sizes[1] == (HEADER + 360 * PIXELS_PER_MM + 1, 30 * PIXELS_PER_MM + 1, 3)


def test_refused_options(tmp_path, capsys):
    ecg = get_testdata_file("waveform_ecg.dcm")
    out = tmp_path / "x.png"
    assert main(["export", ecg, "-o", str(out), "--group", "3"]) == 1
    assert "has 2 multiplex group(s)" in capsys.readouterr().err
    assert main(["export", ecg, "-o", str(out), "--frame", "2"]) == 1
    assert "is a waveform: the image options" in capsys.readouterr().err
    assert main(["export", get_testdata_file("CT_small.dcm"), "-o", str(out),
                 "--group", "1"]) == 1
    assert "--group is for waveforms" in capsys.readouterr().err
    assert not out.exists()
