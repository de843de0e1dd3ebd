"""``dicom-viewer info``: the one-screen summary, Unicode names, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pydicom
from pydicom.data import get_testdata_file

from viewer.cli import main

CHARSETS = Path(pydicom.__file__).parent / "data" / "charset_files"


def test_summary_lists_what_a_reader_needs(capsys):
    assert main(["info", get_testdata_file("CT_small.dcm")]) == 0
    out = capsys.readouterr().out
    for expected in ("CT Image Storage (1.2.840.10008.5.1.4.1.1.2)",
                     "Explicit VR Little Endian (1.2.840.10008.1.2.1)", "128 x 128",
                     "MONOCHROME2", "16/16/15", "Frames"):
        assert expected in out
    assert len(out.splitlines()) <= 40


def test_japanese_name_is_decoded(capsys):
    assert main(["info", str(CHARSETS / "chrH31.dcm")]) == 0
    assert "Yamada^Tarou=山田^太郎=やまだ^たろう" in capsys.readouterr().out


def test_json_summary(capsys):
    assert main(["info", "--json", get_testdata_file("MR_small.dcm")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 64 and summary["modality"] == "MR"
    assert summary["windows"], "MR_small has a window"


def test_not_dicom_is_one_line(tmp_path, capsys):
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(500))
    assert main(["info", str(junk)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "junk.bin" in err


def test_json_waveforms_exact_physical_values(tmp_path, capsys):
    from tests.dicom.waveform_builders import ChannelSpec, write_waveform
    lead = np.array([0, 400, -120, 1000, -800, 3], dtype=np.int16)
    pressure = np.array([10, 20, 30, 40, 50, 60], dtype=np.int16)
    path = write_waveform(tmp_path / "ecg.dcm", [
        ("RHYTHM", 500.0, [ChannelSpec(lead, 2.5, 0.5, -25.0, "uV", source="Lead II"),
                           ChannelSpec(lead, 0.001, 2.0, 0.5, "mV", label="V1")]),
        ("ART", 125.0, [ChannelSpec(pressure, 0.5, 1.0, 3.0, "mm[Hg]", label="ART")])])
    assert main(["info", "--json", str(path)]) == 0
    waveforms = json.loads(capsys.readouterr().out)["waveforms"]
    assert waveforms == [
        {"label": "RHYTHM", "sampling_frequency": 500.0, "samples": 6, "channels": [
            # -800 x 2.5 x 0.5 - 25 and 1000 x 2.5 x 0.5 - 25
            {"label": "Lead II", "units": "uV", "min": -1025.0, "max": 1225.0},
            {"label": "V1", "units": "mV", "min": -800 * 0.002 + 0.5, "max": 1000 * 0.002 + 0.5}]},
        {"label": "ART", "sampling_frequency": 125.0, "samples": 6, "channels": [
            {"label": "ART", "units": "mm[Hg]", "min": 8.0, "max": 33.0}]}]


def test_pydicom_ecg_json_has_both_groups(capsys):
    assert main(["info", "--json", get_testdata_file("waveform_ecg.dcm")]) == 0
    waveforms = json.loads(capsys.readouterr().out)["waveforms"]
    assert [(w["label"], w["samples"], len(w["channels"])) for w in waveforms] == [
        ("RHYTHM", 10000, 12), ("MEDIAN BEAT", 1200, 12)]
    assert waveforms[1]["channels"][0] == {"label": "Lead I (Einthoven)", "units": "uV",
                                           "min": -31.25, "max": 668.75}


def test_short_waveform_is_one_line(tmp_path, capsys):
    from tests.dicom.waveform_builders import ChannelSpec, sine, write_waveform
    path = write_waveform(tmp_path / "short.dcm", [
        ("RHYTHM", 500.0, [ChannelSpec(sine(100, 500.0, 5.0, 100), 1.0, 1.0, 0.0)])],
        truncate=20)
    assert main(["info", "--json", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Waveform Data has 180 bytes" in err


def test_text_summary_lists_groups_and_channel_ranges(capsys):
    assert main(["info", get_testdata_file("waveform_ecg.dcm")]) == 0
    lines = capsys.readouterr().out.splitlines()
    group = lines.index("Waveform 2: MEDIAN BEAT, 12 channel(s) x 1200 samples at 1000 Hz")
    assert lines[group + 1] == "  Lead I (Einthoven): -31.25 .. 668.75 uV"
    assert "Waveform 1: RHYTHM, 12 channel(s) x 10000 samples at 1000 Hz" in lines
