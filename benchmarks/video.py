"""Video decoding: ``Instance.frame(i)`` in order over an H.264 object against a bare PyAV
decode loop (``av.open`` + ``decode`` + ``to_ndarray("rgb24")``) of the same stream in the same
run; also the time to the first frame (what "starts playing" waits for). Prints ratios.

    .venv/bin/python benchmarks/video.py [SECONDS] [WIDTHxHEIGHT]   (default 10 s of 1920x1080)

The H.264 object is made on the fly by the ffmpeg command (tests/dicom/video_builders.py's
settings, High Profile @ Level 4.1), so ffmpeg must be installed.
"""

from __future__ import annotations

import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import av
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import MPEG4HP41, VideoPhotographicImageStorage, generate_uid

from viewer.dicom import frame_cache, read_instance

RATE = 30


def h264_file(folder: Path, seconds: int, width: int, height: int) -> tuple[Path, bytes]:
    out = folder / "video.h264"
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i",
                    f"testsrc2=size={width}x{height}:rate={RATE}", "-t", str(seconds),
                    "-pix_fmt", "yuv420p", "-c:v", "libx264", "-profile:v", "high",
                    "-level:v", "4.1", "-f", "h264", str(out)], check=True)
    stream = out.read_bytes()
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = VideoPhotographicImageStorage, generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Rows, ds.Columns, ds.NumberOfFrames = height, width, seconds * RATE
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = \
        3, "YBR_PARTIAL_420", 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.FrameTime = 1000 / RATE
    ds.PixelData = encapsulate([stream], has_bot=False)
    ds["PixelData"].VR = "OB"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = MPEG4HP41
    path = folder / "video.dcm"
    ds.save_as(path, enforce_file_format=True)
    return path, stream


def bare(stream: bytes) -> tuple[float, float]:
    start = time.perf_counter()
    first = None
    with av.open(io.BytesIO(stream)) as container:
        video = container.streams.video[0]
        video.thread_type = "AUTO"
        for frame in container.decode(video):
            frame.to_ndarray(format="rgb24")
            first = first or time.perf_counter() - start
    return first, time.perf_counter() - start


def ours(path: Path) -> tuple[float, float]:
    frame_cache().clear()
    start = time.perf_counter()
    instance = read_instance(path)
    instance.frame(0)
    first = time.perf_counter() - start
    for index in range(1, instance.number_of_frames):
        instance.frame(index)
    return first, time.perf_counter() - start


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    width, height = map(int, (sys.argv[2] if len(sys.argv) > 2 else "1920x1080").split("x"))
    with tempfile.TemporaryDirectory() as folder:
        path, stream = h264_file(Path(folder), seconds, width, height)
        frames = seconds * RATE
        for _ in range(2):  # alternate, warm
            (b_first, b_all), (o_first, o_all) = bare(stream), ours(path)
        print(f"{frames} frames {width}x{height} H.264 ({seconds} s at {RATE} fps)")
        print(f"first frame: ours {o_first * 1000:.0f} ms, bare PyAV {b_first * 1000:.0f} ms, "
              f"ratio {o_first / b_first:.2f}")
        print(f"all frames:  ours {frames / o_all:.0f} fps, bare PyAV {frames / b_all:.0f} fps, "
              f"ratio {o_all / b_all:.2f} (playback needs {RATE} fps)")


if __name__ == "__main__":
    main()
