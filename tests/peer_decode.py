"""Frames decoded by decoders independent of pydicom and the pylibjpeg plugins: an oracle for
what viewer.dicom decodes.

``peer_frames(path, work)`` has the pixel data decoded by DCMTK (``dcmdjpeg`` for JPEG,
``dcmdjpls`` for JPEG-LS, ``dcmdrle`` for RLE, ``dcmconv +te`` for the native, big endian and
deflated encodings) or GDCM (``gdcmconv --raw`` for JPEG 2000, which DCMTK cannot decode) into
an Explicit VR Little Endian file, and then reads that file's Pixel Data bytes with numpy
following PS3.5 section 8 - pydicom only parses the header; none of its pixel handlers run.
YCbCr comes out as RGB (the tools convert it, as the viewer does).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pydicom

from required_tools import require

_NATIVE = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99",
           "1.2.840.10008.1.2.2"}
_JPEG = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.57",
         "1.2.840.10008.1.2.4.70"}
_JPEG_LS = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"}
_JPEG_2000 = {"1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91"}
_RLE = {"1.2.840.10008.1.2.5"}


def _command(syntax: str | None, source: Path, out: Path) -> list[str]:
    if syntax is None or syntax in _NATIVE:  # None: a data set without file meta information
        return [require("dcmconv"), "+te", str(source), str(out)]
    if syntax in _JPEG:
        return [require("dcmdjpeg"), str(source), str(out)]
    if syntax in _JPEG_LS:
        return [require("dcmdjpls"), str(source), str(out)]
    if syntax in _RLE:
        return [require("dcmdrle"), str(source), str(out)]
    if syntax in _JPEG_2000:
        return [require("gdcmconv"), "--raw", str(source), str(out)]
    raise ValueError(f"no independent decoder here for transfer syntax {syntax}")


def uncompressed_by_peer(path, work: Path, *, gdcm: bool = False) -> Path:
    """*path* decoded by DCMTK (or GDCM: for JPEG 2000, or when *gdcm* is set) into an
    uncompressed file in *work*."""
    meta = pydicom.dcmread(path, stop_before_pixels=True, force=True).file_meta
    syntax = meta.get("TransferSyntaxUID")
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"{Path(path).name}.peer.dcm"
    command = ([require("gdcmconv"), "--raw", str(path), str(out)] if gdcm
               else _command(syntax, Path(path), out))
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"the peer decoder failed: {result.stderr.strip()[-400:]}"
    return out


def peer_frames(path, work: Path, *, gdcm: bool = False) -> np.ndarray:
    """Every frame of *path* as the independent decoder gives it: (frames, rows, columns[, 3])."""
    ds = pydicom.dcmread(uncompressed_by_peer(path, work, gdcm=gdcm))
    assert ds.file_meta.TransferSyntaxUID == "1.2.840.10008.1.2.1", "not uncompressed"
    return native_frames(ds)


def native_frames(ds) -> np.ndarray:
    """The frames of an Explicit VR Little Endian data set, from its Pixel Data bytes alone
    (PS3.5 8.1.1: pixel cells of Bits Allocated, little endian, Planar Configuration 0 or 1;
    bits above High Bit masked off, or sign-extended when Pixel Representation is 1)."""
    rows, columns, samples = int(ds.Rows), int(ds.Columns), int(ds.SamplesPerPixel)
    frames = int(ds.get("NumberOfFrames") or 1)
    allocated, stored = int(ds.BitsAllocated), int(ds.BitsStored)
    signed = int(ds.PixelRepresentation) == 1
    count = frames * rows * columns * samples
    if allocated == 1:
        bits = np.unpackbits(np.frombuffer(ds.PixelData, np.uint8), bitorder="little")
        values = bits[:count].astype(np.uint8)
    else:
        kind = "i" if signed else "u"
        values = np.frombuffer(ds.PixelData, f"<{kind}{allocated // 8}", count).copy()
        if stored < allocated:
            shift = allocated - stored
            values = (values << shift) >> shift if signed else values & ((1 << stored) - 1)
        values = values.astype(values.dtype.newbyteorder("="))
    if samples == 1:
        return values.reshape(frames, rows, columns)
    if int(ds.get("PlanarConfiguration", 0)) == 1:
        return values.reshape(frames, samples, rows, columns).transpose(0, 2, 3, 1)
    return values.reshape(frames, rows, columns, samples)


def palette_applied_by_gdcm(path, work: Path) -> np.ndarray:
    """The frames of a PALETTE COLOR image as RGB with GDCM's ``gdcmconv --apply-lut`` (which
    also expands segmented tables, PS3.3 C.7.9.2), at the palette's bit depth."""
    work.mkdir(parents=True, exist_ok=True)
    out = work / f"{Path(path).name}.rgb.dcm"
    result = subprocess.run([require("gdcmconv"), "--apply-lut", str(path), str(out)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"gdcmconv failed: {result.stderr.strip()[-400:]}"
    ds = pydicom.dcmread(out)
    assert ds.PhotometricInterpretation == "RGB" and ds.file_meta.TransferSyntaxUID.is_little_endian
    return native_frames(ds)
