"""A real MPEG-2 video in a DICOM file for the GUI tests: MPEG-2 Main Profile @ Main Level in an
MPEG-2 program stream (ffmpeg's test pattern), cut into 64 KiB fragments after an empty Basic
Offset Table (PS3.5 8.2.5) - made by tests/dicom/video_builders.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dicom"))
from video_builders import FRAMES, RATE, video_file  # noqa: E402

WIDTH, HEIGHT = 352, 288
__all__ = ["FRAMES", "HEIGHT", "RATE", "WIDTH", "write_mpeg2_video"]


def write_mpeg2_video(path: Path, patient_id: str = "VIDEO0001") -> Path:
    return video_file(path, "mpeg2", HEIGHT, WIDTH, program_stream=True, fragment=64 * 1024,
                      PatientName="VIDEO^MPEG2", PatientID=patient_id, StudyDate="20240301",
                      StudyDescription="Endoscopy", SeriesDescription="Video", Modality="ES",
                      SeriesNumber=1, InstanceNumber=1)
