"""HTJ2K (PS3.5 A.4.6, transfer syntaxes .201, .202 and .203): real HT code-streams made by
OpenJPH's ``ojph_compress`` (see htj2k_builders), decoded through viewer.dicom and
``dicom-viewer export``, checked against the source pixels: exactly for the lossless syntaxes
and reversible .203 code-streams, within a stated bound for irreversible .203 ones.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
from pydicom.uid import HTJ2K, HTJ2KLossless, HTJ2KLosslessRPCL

from htj2k_builders import htj2k_file, native_twin
from imagefiles import read_png_with_qt, read_pnm
from required_tools import require
from viewer.cli import main
from viewer.dicom import read_instance

PROGRESSIONS = {"LRCP": 0, "RLCP": 1, "RPCL": 2, "PCRL": 3, "CPRL": 4}  # T.800 Table A.16


def _phantom(rows: int, columns: int, low: int, high: int, seed: int, frames: int = 1):
    """Smooth structure (ellipse, ring, gradient) plus noise, clipped to [low, high]."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:rows, 0:columns].astype(float)
    out = []
    for index in range(frames):
        r = ((x - columns / 2) / (0.4 * columns)) ** 2 + ((y - rows / 2) / (0.3 * rows)) ** 2
        image = np.where(r <= 1, 0.45, 0.05) + np.where((r > 0.8) & (r <= 1), 0.4, 0)
        image = image + 0.1 * x / columns + 0.02 * index + rng.normal(0, 0.01, image.shape)
        out.append(np.clip(np.round(low + image * (high - low)), low, high))
    return np.stack(out)


CASES = {  # id: (frames as stored, BitsStored, syntax, progression order)
    "8bit-LRCP": (_phantom(48, 56, 0, 255, 1).astype(np.uint8), 8, HTJ2KLossless, "LRCP"),
    "16bit-unsigned-RPCL": (_phantom(64, 72, 0, 65535, 2).astype(np.uint16), 16,
                            HTJ2KLosslessRPCL, "RPCL"),
    "12bit-unsigned-CPRL": (_phantom(50, 40, 0, 4095, 3).astype(np.uint16), 12, HTJ2KLossless,
                            "CPRL"),
    "signed-CT-RPCL": (_phantom(64, 64, -1024, 3071, 4).astype(np.int16), 16,
                       HTJ2KLosslessRPCL, "RPCL"),
    "signed-CT-4-frames": (_phantom(40, 48, -2048, 2047, 5, frames=4).astype(np.int16), 12,
                           HTJ2KLossless, "LRCP"),
    "203-reversible-signed-3-frames": (_phantom(32, 40, -1024, 3071, 6, frames=3)
                                       .astype(np.int16), 16, HTJ2K, "RPCL"),
}


def _progression(path: Path) -> int:
    """The progression order of the first frame's code-stream (its COD marker, T.800 A.6.1)."""
    data = path.read_bytes()
    cod = data.index(b"\xff\x52", data.index(b"\xff\x4f\xff\x51"))
    return data[cod + 5]


def _export(path: Path, out: Path, frame: int, window: tuple[float, float]) -> np.ndarray:
    argv = ["export", str(path), "-o", str(out), "--frame", str(frame),
            "--window", repr(window[0]), repr(window[1])]
    assert main(argv) == 0
    return read_png_with_qt(out)


def _dcm2pnm(path: Path, out: Path, frame: int, window: tuple[float, float]) -> np.ndarray:
    """DCMTK's rendering (it cannot read HTJ2K: it renders the uncompressed twin)."""
    subprocess.run([require("dcm2pnm"), "-q", "+F", str(frame), "+Ww", repr(window[0]),
                    repr(window[1]), "+op", str(path), str(out)], check=True, timeout=60)
    return read_pnm(out)


@pytest.mark.parametrize("case", list(CASES))
def test_lossless_htj2k_gives_back_the_source_pixels(tmp_path, case):
    frames, bits, syntax, progression = CASES[case]
    path = htj2k_file(tmp_path / "ht.dcm", frames, bits, syntax, progression=progression)
    assert _progression(path) == PROGRESSIONS[progression]
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == syntax
    assert instance.pixel_problem is None
    assert instance.number_of_frames == len(frames)
    for index, expected in enumerate(frames):
        decoded = instance.frame(index)
        assert decoded.dtype == expected.dtype
        np.testing.assert_array_equal(decoded, expected)
    if frames.dtype.kind == "i":
        assert frames.min() < 0 and instance.frame(0).min() < 0  # negative values survive


@pytest.mark.parametrize("case", ["8bit-LRCP", "signed-CT-RPCL", "signed-CT-4-frames"])
def test_export_of_htj2k_equals_export_of_the_uncompressed_twin_and_dcmtk(tmp_path, case):
    frames, bits, syntax, progression = CASES[case]
    path = htj2k_file(tmp_path / "ht.dcm", frames, bits, syntax, progression=progression)
    twin = native_twin(tmp_path / "twin.dcm", frames, bits)
    last = len(frames)
    window = ((float(frames.min()) + float(frames.max())) / 2, float(np.ptp(frames)) / 2)
    for frame in sorted({1, last}):
        ours = _export(path, tmp_path / f"ht{frame}.png", frame, window)
        np.testing.assert_array_equal(ours, _export(twin, tmp_path / f"tw{frame}.png", frame,
                                                    window))
        dcmtk = _dcm2pnm(twin, tmp_path / f"dcmtk{frame}.pgm", frame, window)
        assert np.abs(ours.astype(int) - dcmtk.astype(int)).max() <= 1
        assert len(np.unique(ours)) > 20  # the window shows structure, not one flat level


# id: (frames, BitsStored, quantisation step, bound on the largest error, least PSNR in dB).
# Measured with OpenJPH 0.9.0 + OpenJPEG 2.5: 7 and 41 dB; 48 and 49 dB; the bounds leave a
# margin for other conforming decoders, and an error beyond them is not a rounding matter.
LOSSY = {
    "8bit": (_phantom(48, 56, 0, 255, 7).astype(np.uint8), 8, 0.02, 10, 38),
    "signed-CT-2-frames": (_phantom(64, 64, -1024, 3071, 8, frames=2).astype(np.int16), 16,
                           0.0005, 64, 45),
}


@pytest.mark.parametrize("case", list(LOSSY))
def test_irreversible_htj2k_is_close_to_the_source(tmp_path, case):
    frames, bits, qstep, bound, least_psnr = LOSSY[case]
    path = htj2k_file(tmp_path / "lossy.dcm", frames, bits, HTJ2K, reversible=False,
                      qstep=qstep)
    instance = read_instance(path)
    assert instance.transfer_syntax_uid == HTJ2K and instance.number_of_frames == len(frames)
    peak = float(np.ptp(frames))
    for index, source in enumerate(frames):
        decoded = instance.frame(index)
        assert decoded.dtype == source.dtype
        error = decoded.astype(float) - source
        assert not np.array_equal(decoded, source)  # it is lossy
        assert np.abs(error).max() <= bound
        psnr = 10 * np.log10(peak ** 2 / np.mean(error ** 2))
        assert psnr >= least_psnr, f"frame {index}: PSNR {psnr:.1f} dB"
    window = ((float(frames.min()) + float(frames.max())) / 2, peak)
    ours = _export(path, tmp_path / "lossy.png", 1, window)
    twin = _export(native_twin(tmp_path / "twin.dcm", frames, bits), tmp_path / "tw.png", 1,
                   window)
    assert np.abs(ours.astype(int) - twin.astype(int)).max() <= 255 * bound / peak + 1
