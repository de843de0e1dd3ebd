"""Real video objects for tests: ffmpeg-encoded streams in a Video Photographic Image.

``video_file(path, "mpeg2")`` writes a Video Photographic Image Storage object (PS3.3 A.32.7)
whose Pixel Data is an MPEG-2 Main Profile @ Main Level elementary stream made by ffmpeg
(PS3.5 8.2.5: the whole stream, one fragment after an empty Basic Offset Table); "h264" and
"hevc" do the same with H.264 High Profile @ Level 4.1 (PS3.5 8.2.6) and HEVC Main Profile @
Level 5.1 (PS3.5 8.2.7). The viewer decodes them with PyAV; tests compare with the ffmpeg
command's own decode. Usable from any test folder: add
``tests/dicom`` to ``sys.path`` (its conftest does that for tests there).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (HEVCMP51, MPEG2MPML, MPEG4HP41, VideoPhotographicImageStorage,
                         generate_uid)

from required_tools import require

FRAMES, RATE = 10, 25
# kind: (transfer syntax, ffmpeg arguments for a raw elementary stream, first bytes of it)
VIDEO = {
    "mpeg2": (MPEG2MPML, ["-c:v", "mpeg2video", "-profile:v", "4", "-level:v", "8", "-b:v", "2M",
                          "-f", "mpeg2video"], b"\x00\x00\x01\xb3"),  # sequence header
    "h264": (MPEG4HP41, ["-c:v", "libx264", "-profile:v", "high", "-level:v", "4.1",
                         "-f", "h264"], b"\x00\x00\x00\x01"),  # Annex B start code
    "hevc": (HEVCMP51, ["-c:v", "libx265", "-profile:v", "main",
                                        "-x265-params", "level-idc=5.1:log-level=error",
                                        "-f", "hevc"], b"\x00\x00\x00\x01"),
}


# MPEG-2 in an MPEG-2 program stream (PS3.5 8.2.5 allows either), as DVD-style recorders write
PROGRAM_STREAM = ["-c:v", "mpeg2video", "-profile:v", "main", "-level:v", "main", "-f", "vob"]
PACK_HEADER = b"\x00\x00\x01\xba"


def video_stream(kind: str, work: Path, rows: int = 480, columns: int = 720,
                 program_stream: bool = False) -> bytes:
    """An elementary stream of FRAMES frames of ffmpeg's test pattern (4:2:0, 25 frames/s);
    for "mpeg2" with *program_stream*, the stream in an MPEG-2 program stream instead."""
    _, arguments, start = VIDEO[kind]
    if program_stream:
        assert kind == "mpeg2", "only MPEG-2 comes in a program stream"
        arguments, start = PROGRAM_STREAM, PACK_HEADER
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"video.{kind}"
    subprocess.run([require("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"testsrc=size={columns}x{rows}:rate={RATE}", "-frames:v", str(FRAMES),
                    "-pix_fmt", "yuv420p", *arguments, str(out)],
                   check=True, capture_output=True, timeout=120)
    stream = out.read_bytes()
    assert stream.startswith(start), f"ffmpeg wrote no {kind} elementary stream"
    return stream


def video_file(path: Path, kind: str = "mpeg2", rows: int = 480, columns: int = 720, *,
               program_stream: bool = False, fragment: int | None = None,
               **attributes) -> Path:
    """A Video Photographic Image whose Pixel Data is a real *kind* stream; returns *path*.
    *fragment*: cut the stream into fragments of that many bytes (else one fragment);
    *attributes* (e.g. PatientID="X") set or replace data elements of the dataset."""
    syntax = VIDEO[kind][0]
    stream = video_stream(kind, path.parent / f"{path.stem}-work", rows, columns, program_stream)
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = VideoPhotographicImageStorage, generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = "TEST^VIDEO", "VID001", "XC"
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    ds.Rows, ds.Columns, ds.NumberOfFrames = rows, columns, FRAMES
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 3, "YBR_PARTIAL_420"
    ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.FrameTime, ds.CineRate = 1000 / RATE, RATE
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    ds.LossyImageCompression = "01"
    parts = -(-len(stream) // fragment) if fragment else 1
    ds.PixelData = encapsulate([stream], fragments_per_frame=parts, has_bot=False)
    ds["PixelData"].VR = "OB"
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path
