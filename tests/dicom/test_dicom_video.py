"""Video objects (MPEG-2, H.264, HEVC; made by ffmpeg in video_builders) decoded with PyAV,
checked against an independent decode: Debian's ``ffmpeg`` command decoding the same
concatenated fragments to raw rgb24. The frames must be equal, pixel for pixel (both are
FFmpeg's decoders and its default swscale YUV 4:2:0 -> RGB conversion; were PyAV's bundled
FFmpeg ever to convert differently, this is where it shows). Adjacent frames of the moving test
pattern differ, so a frame off by one fails."""

from __future__ import annotations

import subprocess

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.encaps import encapsulate, generate_fragments

from required_tools import require
from video_builders import FRAMES, VIDEO, video_file
from viewer.dicom import DicomReadError, instance_from_dataset, read_instance



def ffmpeg_frames(path, work) -> np.ndarray:
    """Every frame of the video in *path*, as decoded by the ffmpeg command (rgb24)."""
    ds = dcmread(path)
    stream = work / "stream.bin"
    stream.write_bytes(b"".join(generate_fragments(ds.PixelData)))
    raw = subprocess.run([require("ffmpeg"), "-nostdin", "-loglevel", "error", "-i", str(stream),
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True, timeout=120).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, ds.Rows, ds.Columns, 3)


def close(ours: np.ndarray, theirs: np.ndarray) -> bool:
    return np.array_equal(ours, theirs)


@pytest.mark.parametrize("kind", list(VIDEO))
def test_every_frame_matches_ffmpegs_decode_in_any_order(tmp_path, kind):
    path = video_file(tmp_path / f"{kind}.dcm", kind)
    expected = ffmpeg_frames(path, tmp_path)
    assert len(expected) == FRAMES
    instance = read_instance(path)
    assert instance.pixel_problem is None and instance.is_video
    assert instance.frame_rate == 25.0 and instance.number_of_frames == FRAMES
    order = [0, 1, 2, 7, 3, 9, 8, 4, 5, 6]  # forward, seek back, skip ahead
    for index in order:
        frame = instance.frame(index)
        assert frame.shape == (480, 720, 3) and frame.dtype == np.uint8
        assert close(frame, expected[index]), (kind, index)
    # the frames really differ, so a frame off by one would fail
    assert all(not close(expected[i], expected[i + 1]) for i in range(FRAMES - 1))


def test_an_in_memory_video_decodes_the_same(tmp_path):
    path = video_file(tmp_path / "h264.dcm", "h264")
    expected = ffmpeg_frames(path, tmp_path)
    instance = instance_from_dataset(dcmread(path))
    assert instance.is_video
    assert close(instance.frame(6), expected[6])


def test_frame_rate_comes_from_cine_rate_without_frame_time(tmp_path):
    ds = dcmread(video_file(tmp_path / "mpeg2.dcm", "mpeg2"))
    del ds.FrameTime
    ds.CineRate = 30
    assert instance_from_dataset(ds).frame_rate == 30.0
    del ds.CineRate
    assert instance_from_dataset(ds).frame_rate is None


def test_a_truncated_stream_says_where_it_ends(tmp_path):
    path = video_file(tmp_path / "mpeg2.dcm", "mpeg2")
    ds = dcmread(path)
    stream = b"".join(generate_fragments(ds.PixelData))
    ds.PixelData = encapsulate([stream[: len(stream) // 3]], has_bot=False)
    ds.save_as(path)
    instance = read_instance(path)
    assert instance.frame(0).shape == (480, 720, 3)
    with pytest.raises(DicomReadError, match=r"frame 10 of 10: cannot decode .*ends after \d"):
        instance.frame(FRAMES - 1)


def test_a_stream_of_another_codec_is_refused_every_time_it_is_asked(tmp_path):
    """FFmpeg probes the format: a JPEG labelled H.264 would decode as mjpeg; it is refused,
    and a second request (after the failure closed the decoder) says the same."""
    from dicom_builders import sample

    ds = dcmread(sample("SC_rgb_jpeg_dcmtk.dcm"))
    ds.file_meta.TransferSyntaxUID = VIDEO["h264"][0]
    path = tmp_path / "jpeg-as-h264.dcm"
    ds.save_as(path)
    instance = read_instance(path)
    for _ in range(2):
        with pytest.raises(DicomReadError, match="holds mjpeg video, not the h264"):
            instance.frame(0)


def test_forgetting_the_frames_closes_the_file_and_decodes_again(tmp_path):
    import os

    path = video_file(tmp_path / "mpeg2.dcm", "mpeg2")
    expected = ffmpeg_frames(path, tmp_path)
    instance = read_instance(path)

    def open_here() -> int:
        return sum(os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve())
                   for fd in os.listdir("/proc/self/fd"))

    instance.frame(3)
    assert open_here() == 1  # kept open: frame 4 is the next decode
    instance.forget_frames()
    assert open_here() == 0 and instance.cached_frame(3) is None
    assert close(instance.frame(3), expected[3])


def test_export_writes_video_frames_as_ffmpeg_decodes_them(tmp_path, capsys):
    """``dicom-viewer export --frame N`` (1-based) and ``--all-frames``: PNGs of the frames,
    pixel for pixel the ffmpeg command's decode (PNGs read back with Qt's decoder)."""
    from imagefiles import read_png_with_qt
    from viewer.cli import main

    path = video_file(tmp_path / "h264.dcm", "h264")
    expected = ffmpeg_frames(path, tmp_path)
    one = tmp_path / "frame.png"
    assert main(["export", str(path), "-o", str(one), "--frame", "3"]) == 0, \
        capsys.readouterr().err
    assert np.array_equal(read_png_with_qt(one), expected[2])
    assert main(["export", str(path), "-o", str(tmp_path / "all.png"), "--all-frames"]) == 0
    for index in range(FRAMES):
        written = read_png_with_qt(tmp_path / f"all-{index + 1:04d}.png")
        assert np.array_equal(written, expected[index]), index
