"""Transfer syntaxes the viewer does not decode, through the command line: ``dicom-viewer info``
shows the header and a "Pixel data problem" line naming the syntax (exit 0: the summary is
what was asked for); ``dicom-viewer export`` exits 1 with one line naming it and writes nothing.

The video syntaxes (MPEG-2, H.264, HEVC) are decoded (with PyAV): on real streams made by
ffmpeg (video_builders), run as the console command in a subprocess, ``info`` gives the frame
count and rate and ``export --frame N`` equals ffmpeg's own decode of frame N. Every other
syntax pydicom knows and the viewer does not decode is checked in-process on a relabelled image (its pixel data is never decoded, so what
the bytes are does not matter - only that the message names the syntax).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PIL import Image
from pydicom.encaps import generate_fragments
from pydicom.uid import UID, UID_dictionary

from dicom_builders import sample
from required_tools import require
from test_dicom_video import ffmpeg_frames
from video_builders import FRAMES, VIDEO, video_file
from viewer.cli import main
from viewer.dicom import transfer_syntax_label
from viewer.dicom.video import VIDEO_SYNTAXES

ROOT = Path(__file__).resolve().parents[2]
# What the viewer decodes (docs/conformance.md section 4); every other transfer syntax is refused.
DECODED = {
    "1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
    "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
    "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
    "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.201",
    "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203", "1.2.840.10008.1.2.5",
}
OTHERS = sorted(uid for uid, entry in list(UID_dictionary.items())
                if entry[1] == "Transfer Syntax" and uid not in DECODED | VIDEO_SYNTAXES)


def _cli(*argv) -> subprocess.CompletedProcess:
    """``python -m viewer ARGV`` - the console command in its own process."""
    return subprocess.run([sys.executable, "-m", "viewer", *map(str, argv)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def _refusal(uid: str) -> str:
    return f"cannot decode Pixel Data: transfer syntax {transfer_syntax_label(uid)} is not supported"


def test_the_mpeg2_builder_makes_a_real_main_profile_main_level_stream(tmp_path):
    path = video_file(tmp_path / "mpeg2.dcm", "mpeg2")
    ds = pydicom.dcmread(path)
    assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.4.100"
    assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.77.1.4.1"  # Video Photographic Image
    stream = tmp_path / "fragment.m2v"
    stream.write_bytes(b"".join(generate_fragments(ds.PixelData)))
    probe = subprocess.run([require("ffprobe"), "-v", "error", "-count_frames", "-print_format",
                            "json", "-show_streams", str(stream)],
                           check=True, capture_output=True, text=True, timeout=60)
    [video] = json.loads(probe.stdout)["streams"]
    assert (video["codec_name"], video["profile"], video["level"]) == ("mpeg2video", "Main", 8)
    assert (video["width"], video["height"]) == (ds.Columns, ds.Rows) == (720, 480)
    assert int(video["nb_read_frames"]) == ds.NumberOfFrames == FRAMES


@pytest.mark.parametrize("kind", list(VIDEO))
def test_info_and_export_decode_the_video_syntax(tmp_path, kind):
    path = video_file(tmp_path / f"{kind}.dcm", kind)
    uid = VIDEO[kind][0]
    info = _cli("info", path)
    assert info.returncode == 0, info.stderr
    lines = info.stdout.splitlines()
    assert f"Transfer syntax                 {transfer_syntax_label(uid)}" in lines
    assert f"Frames                          {FRAMES}" in lines
    assert "Frame rate (frames/s)           25.0" in lines
    assert not any(line.startswith("Pixel data problem") for line in lines), info.stdout
    summary = json.loads(_cli("info", path, "--json").stdout)
    assert (summary["number_of_frames"], summary["frame_rate"]) == (FRAMES, 25.0)
    expected = ffmpeg_frames(path, tmp_path)
    for number in (1, FRAMES):  # --frame is 1-based
        out = tmp_path / f"out{number}.png"
        export = _cli("export", path, "-o", out, "--frame", number)
        assert export.returncode == 0, export.stderr
        assert np.array_equal(np.asarray(Image.open(out).convert("RGB")), expected[number - 1])
    every = _cli("export", path, "-o", tmp_path / "all.png", "--all-frames")
    assert every.returncode == 0, every.stderr
    written = sorted(tmp_path.glob("all-*.png"))
    assert [p.name for p in written] == [f"all-{n:04d}.png" for n in range(1, FRAMES + 1)]
    for png, frame in zip(written, expected):
        assert np.array_equal(np.asarray(Image.open(png).convert("RGB")), frame), png.name


@pytest.mark.parametrize("uid", OTHERS, ids=lambda uid: UID(uid).name)
def test_info_and_export_name_every_other_refused_syntax(tmp_path, capsys, uid):
    ds = pydicom.dcmread(sample("SC_rgb_jpeg_dcmtk.dcm"))
    ds.file_meta.TransferSyntaxUID = uid
    path = tmp_path / "relabelled.dcm"
    ds.save_as(path)
    assert main(["info", str(path)]) == 0
    assert f"Pixel data problem              {_refusal(uid)}" in capsys.readouterr().out.splitlines()
    out = tmp_path / "out.png"
    assert main(["export", str(path), "-o", str(out)]) == 1
    assert capsys.readouterr().err == f"dicom-viewer export: {path}: frame 1 of 1: {_refusal(uid)}\n"
    assert not out.exists()


@pytest.mark.parametrize("uid", sorted(VIDEO_SYNTAXES), ids=lambda uid: UID(uid).name)
def test_a_video_syntax_holding_no_video_says_it_cannot_decode(tmp_path, capsys, uid):
    ds = pydicom.dcmread(sample("SC_rgb_jpeg_dcmtk.dcm"))  # a JPEG labelled as video
    ds.file_meta.TransferSyntaxUID = uid
    path = tmp_path / "relabelled.dcm"
    ds.save_as(path)
    out = tmp_path / "out.png"
    assert main(["export", str(path), "-o", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith(f"dicom-viewer export: {path}: frame 1 of 1: cannot decode (")
    assert error.count("\n") == 1 and not out.exists()
