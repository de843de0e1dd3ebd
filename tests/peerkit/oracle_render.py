"""DCMTK renders a DICOM image as the independent reference of the rendering tests.

    render(IN, OUT, window=(C, W) | file_window=N | voi_lut=N | minmax=True | no_voi=True,
           gsps=PS, frame=1)

OUT is .png (non-interlaced), .pgm or .ppm, 8 bits per sample, values floor(255 * f(x)) with f
the linear window function of PS3.3 C.11.2.1.2; MONOCHROME1 comes out inverted (as displayed).
Without a VOI choice: the file's first window if it has one, else its first VOI LUT, else the
frame's min/max (``dcm2pnm``'s own default maps the whole stored-bit range instead).
*gsps*: dcmp2pgm applies the state (modality LUT, softcopy VOI, presentation LUT shape,
rotation and flip, bitmap overlays and bitmap shutter; NOT geometric shutters, the displayed
area, graphics or text) and its ``-v`` dump of the state is written to OUT with suffix .txt.
Compressed input is decoded first: JPEG (dcmdjpeg), JPEG-LS (dcmdjpls), RLE (dcmdrle),
JPEG 2000 (gdcmconv --raw; DCMTK has no JPEG 2000 decoder).
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pydicom

from required_tools import require

_JPEG = {f"1.2.840.10008.1.2.4.{n}" for n in range(50, 80)}
_JPEG_LS = {"1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"}
_RLE = "1.2.840.10008.1.2.5"
_JPEG_2000 = {f"1.2.840.10008.1.2.4.{n}" for n in range(90, 100)}


class OracleError(RuntimeError):
    """DCMTK (or GDCM) could not render the file; the message carries its output."""


def _run(*command) -> subprocess.CompletedProcess:
    result = subprocess.run([str(c) for c in command], capture_output=True, text=True,
                            timeout=120)
    if result.returncode != 0:
        raise OracleError(f"{Path(command[0]).name} failed ({result.returncode}): "
                          f"{(result.stderr or result.stdout).strip()[-1000:]}")
    return result


def _header(source: Path) -> pydicom.Dataset:
    """The header, also of a file without preamble or file meta (DCMTK reads those too)."""
    return pydicom.dcmread(source, stop_before_pixels=True, force=True)


def decoded(source: Path, folder: Path) -> Path:
    """*source* itself when uncompressed, else an uncompressed copy in *folder*."""
    meta = getattr(_header(source), "file_meta", None) or {}
    syntax = str(meta.get("TransferSyntaxUID", ""))
    out = folder / "decoded.dcm"
    if syntax in _JPEG:
        _run(require("dcmdjpeg"), source, out)
    elif syntax in _JPEG_LS:
        _run(require("dcmdjpls"), source, out)
    elif syntax == _RLE:
        _run(require("dcmdrle"), source, out)
    elif syntax in _JPEG_2000:
        _run(require("gdcmconv"), "--raw", source, out)
    else:
        return source
    return out


def default_voi(source: Path) -> list[str]:
    """The file's window 1, else its VOI LUT 1, else min/max (top-level attributes only)."""
    ds = _header(source)
    if "WindowCenter" in ds:
        return ["+Wi", "1"]
    if "VOILUTSequence" in ds:
        return ["+Wl", "1"]
    return ["+Wm"]


def voi_options(source: Path, window=None, file_window=None, voi_lut=None, minmax=False,
                no_voi=False) -> list[str]:
    if window is not None:
        return ["+Ww", str(window[0]), str(window[1])]
    if file_window is not None:
        return ["+Wi", str(file_window)]
    if voi_lut is not None:
        return ["+Wl", str(voi_lut)]
    if minmax:
        return ["+Wm"]
    if no_voi:
        return ["-W"]
    return default_voi(source)


def render(source, out, *, window=None, file_window=None, voi_lut=None, minmax=False,
           no_voi=False, gsps=None, frame: int = 1) -> Path:
    """Render *frame* (1-based) of *source* into *out*; see the module text. Raises OracleError."""
    out = Path(out)
    dcm2pnm = require("dcm2pnm")
    form = ["+on", "-il"] if out.suffix == ".png" else ["+op"]
    with tempfile.TemporaryDirectory(prefix="oracle-") as tmp:
        src = decoded(Path(source), Path(tmp))
        if gsps is not None:
            rendered = Path(tmp) / "rendered.dcm"  # an 8-bit SC written 1:1 by dcm2pnm
            result = _run(require("dcmp2pgm"), "-v", "-p", gsps, "-f", frame, "+D", src, rendered)
            out.with_suffix(".txt").write_text(result.stderr)
            _run(dcm2pnm, "-q", *form, rendered, out)
        else:
            voi = voi_options(src, window, file_window, voi_lut, minmax, no_voi)
            _run(dcm2pnm, "-q", "+F", frame, *voi, *form, src, out)
    return out
