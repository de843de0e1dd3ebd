"""``dicom-viewer info``: the one-screen summary, Unicode names, one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

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
