"""High-Throughput JPEG 2000 (ISO/IEC 15444-15) test objects, made by OpenJPH's ``ojph_compress``.

``ht_codestream`` encodes one grayscale frame with the real HT encoder (Debian ``openjph-tools``);
``htj2k_file`` wraps code-streams as a DICOM image in an HTJ2K transfer syntax (PS3.5 A.4.6:
one frame per fragment); ``native_twin`` writes the same pixels uncompressed, for oracles that
cannot read HTJ2K (DCMTK).

Signed frames: OpenJPH 0.9.0 (Debian 12) reads its raw and TIFF inputs as unsigned whatever
``-signed`` says, so a signed image cannot be fed to it directly. A JPEG 2000 encoder codes an
unsigned B-bit sample x as x - 2^(B-1) (the DC level shift, ITU-T T.800 G.1.2) and a signed
sample as it is, so the code-stream of the unsigned image s + 2^(B-1) with the sign bit of its
SIZ Ssiz field set (T.800 A.5.1) is exactly the code-stream of the signed image s. That one
bit is the only edit made to what ``ojph_compress`` wrote.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.encaps import encapsulate
from pydicom.uid import (CTImageStorage, ExplicitVRLittleEndian, HTJ2K, HTJ2KLossless,
                         HTJ2KLosslessRPCL, generate_uid)

from required_tools import require

HTJ2K_SYNTAXES = (HTJ2KLossless, HTJ2KLosslessRPCL, HTJ2K)
_SIZ = b"\xff\x51"
_CAP = b"\xff\x50"  # the capabilities marker of Part 15 (HT) code-streams


def ht_codestream(frame: np.ndarray, bits_stored: int, work: Path, *, reversible: bool = True,
                  progression: str = "RPCL", qstep: float | None = None) -> bytes:
    """One frame (2-D uint8/uint16/int16) as an HT code-stream written by ``ojph_compress``."""
    signed = frame.dtype.kind == "i"
    unsigned = frame.astype(np.int64) + (1 << (bits_stored - 1) if signed else 0)
    assert unsigned.min() >= 0 and unsigned.max() < 1 << bits_stored, "values exceed BitsStored"
    work.mkdir(parents=True, exist_ok=True)
    pgm, j2c = work / "frame.pgm", work / "frame.j2c"
    rows, columns = frame.shape
    big = ">u2" if bits_stored > 8 else "u1"
    pgm.write_bytes(f"P5\n{columns} {rows}\n{(1 << bits_stored) - 1}\n".encode()
                    + unsigned.astype(big).tobytes())
    command = [require("ojph_compress"), "-i", str(pgm), "-o", str(j2c),
               "-reversible", "true" if reversible else "false", "-prog_order", progression]
    if qstep is not None:
        command += ["-qstep", str(qstep)]
    subprocess.run(command, check=True, capture_output=True, timeout=60)
    stream = bytearray(j2c.read_bytes())
    assert stream[:2] == b"\xff\x4f" and stream[2:4] == _SIZ, "not a JPEG 2000 code-stream"
    assert _CAP in stream[:stream.index(b"\xff\x90")], "ojph_compress wrote no CAP marker"
    ssiz = 42  # SOC, SIZ marker, Lsiz, Rsiz, 8 x 4-byte sizes, Csiz, then Ssiz of component 0
    assert stream[ssiz] == bits_stored - 1
    if signed:
        stream[ssiz] |= 0x80
    return bytes(stream)


def _image(frames: np.ndarray, bits_stored: int) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = CTImageStorage, generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = "TEST^HTJ2K", "HT001", "CT"
    ds.Rows, ds.Columns = frames.shape[1:]
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated = 8 if frames.dtype.itemsize == 1 else 16
    ds.BitsStored, ds.HighBit = bits_stored, bits_stored - 1
    ds.PixelRepresentation = int(frames.dtype.kind == "i")
    if len(frames) > 1:
        ds.NumberOfFrames = len(frames)
    return ds


def _save(ds: Dataset, syntax, path: Path) -> Path:
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    path.parent.mkdir(parents=True, exist_ok=True)
    ds.save_as(path, enforce_file_format=True)
    return path


def htj2k_file(path: Path, frames: np.ndarray, bits_stored: int, syntax, *,
               reversible: bool = True, progression: str = "RPCL",
               qstep: float | None = None) -> Path:
    """*frames* (frames x rows x columns) encoded by ``ojph_compress``, saved in *syntax*."""
    streams = [ht_codestream(frame, bits_stored, path.parent / f"{path.stem}-{i}",
                             reversible=reversible, progression=progression, qstep=qstep)
               for i, frame in enumerate(frames)]
    ds = _image(frames, bits_stored)
    ds.PixelData = encapsulate(streams)
    ds["PixelData"].VR = "OB"
    if not reversible:
        ds.LossyImageCompression = "01"
        ds.LossyImageCompressionMethod = "ISO_15444_15"
    return _save(ds, syntax, path)


def native_twin(path: Path, frames: np.ndarray, bits_stored: int) -> Path:
    """The same frames uncompressed (Explicit VR Little Endian)."""
    ds = _image(frames, bits_stored)
    ds.PixelData = np.ascontiguousarray(frames).astype(frames.dtype.newbyteorder("<")).tobytes()
    return _save(ds, ExplicitVRLittleEndian, path)
