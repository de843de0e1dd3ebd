"""A real MPEG-2 video in a DICOM file for the GUI tests: ffmpeg encodes a short test pattern
(MPEG-2 Main Profile @ Main Level, 4:2:0, in an MPEG-2 program stream) and pydicom wraps it as
a Video Photographic Image Storage object in transfer syntax 1.2.840.10008.1.2.4.100 (PS3.5
8.2.5: the stream in encapsulated fragments, empty Basic Offset Table)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import MPEG2MPML, VideoPhotographicImageStorage, generate_uid

from required_tools import require

WIDTH, HEIGHT, FRAMES, RATE = 352, 288, 12, 25
FRAGMENT = 64 * 1024


def mpeg2_stream(folder: Path) -> bytes:
    out = folder / "video.mpg"
    subprocess.run([require("ffmpeg"), "-nostdin", "-loglevel", "error", "-y", "-f", "lavfi",
                    "-i", f"testsrc=size={WIDTH}x{HEIGHT}:rate={RATE}", "-frames:v", str(FRAMES),
                    "-c:v", "mpeg2video", "-profile:v", "main", "-level:v", "main",
                    "-pix_fmt", "yuv420p", "-f", "vob", str(out)], check=True)
    return out.read_bytes()


def write_mpeg2_video(path: Path, patient_id: str = "VIDEO0001") -> Path:
    stream = mpeg2_stream(path.parent)
    assert stream[:4] == b"\x00\x00\x01\xba"  # an MPEG program stream pack header
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = MPEG2MPML
    ds.file_meta.MediaStorageSOPClassUID = VideoPhotographicImageStorage
    ds.SOPClassUID, ds.SOPInstanceUID = VideoPhotographicImageStorage, generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID = "VIDEO^MPEG2", patient_id
    ds.StudyDate, ds.StudyDescription, ds.SeriesDescription = "20240301", "Endoscopy", "Video"
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = "ES", 1, 1
    ds.Rows, ds.Columns = HEIGHT, WIDTH
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = \
        3, "YBR_PARTIAL_420", 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.NumberOfFrames, ds.FrameTime = FRAMES, 1000 / RATE
    ds.FrameIncrementPointer = 0x00181063  # Frame Time
    ds.PixelData = encapsulate([stream], fragments_per_frame=-(-len(stream) // FRAGMENT),
                               has_bot=False)
    ds["PixelData"].VR = "OB"
    ds.save_as(path, enforce_file_format=True)
    return path
