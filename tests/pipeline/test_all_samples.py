"""Every bundled image (pydicom + pydicom-data) renders frame 1 through render_frame, to values
that can be checked without a second renderer:

- RGB-like: each sample's top 8 bits (PS3.3 C.7.6.3.1.2 needs no VOI; the viewer shows
  ``v >> (Bits Stored - 8)``, as DCMTK does; fewer bits stretched to 0..255);
- PALETTE COLOR: DCMTK's ``dcm2pnm`` rendering; for the 16-bit segmented palettes DCMTK
  refuses, GDCM's ``gdcmconv --apply-lut``, top 8 bits of each entry;
- grayscale: a function of the stored value alone (equal stored values, equal output), monotonic
  (rising for MONOCHROME2, falling for MONOCHROME1) unless a Modality or VOI LUT table (which
  may be any shape) is applied, spanning 0..255 under a min-max window.

Exact grey levels for every sample are checked against DCMTK in tests/test_oracle_export.py.
Frames are decoded with ``pydicom.pixels.pixel_array(ds, index=0)`` (default options) as the
renderer's input. The files broken on purpose must fail to decode with a clear message.
"""

from __future__ import annotations

import subprocess
import warnings

import numpy as np
import pydicom
import pytest
from pydicom.pixels import pixel_array

from imagefiles import read_pnm
from peer_decode import palette_applied_by_gdcm
from pipeline_builders import ensure_transfer_syntax
from required_tools import require
from sampledata import BROKEN, DCMTK_CANNOT, image_files, sample_id
from viewer.pipeline.render import describe_windows, render_frame

# Broken beyond BROKEN: Number of Frames '1A' (invalid IS) cannot be decoded either.
UNDECODABLE = BROKEN | {"badVR.dcm"}


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = ensure_transfer_syntax(pydicom.dcmread(path, force=True))
        return ds, pixel_array(ds, index=0)


def _palette_reference(path, ds, work) -> np.ndarray:
    if path.name not in DCMTK_CANNOT:
        ppm = work / "dcmtk.ppm"
        subprocess.run([require("dcm2pnm"), "-q", "+op", str(path), str(ppm)], check=True,
                       timeout=60)
        return read_pnm(ppm)
    rgb = palette_applied_by_gdcm(path, work)[0].astype(np.int64)
    return rgb >> (int(ds.RedPaletteColorLookupTableDescriptor[2]) - 8)


@pytest.mark.parametrize("path", image_files(), ids=sample_id)
def test_sample_renders(path, tmp_path):
    if path.name in UNDECODABLE:
        with pytest.raises(Exception) as failure:
            read(path)
        assert str(failure.value).strip(), f"{path.name}: decoding failed without a message"
        return
    ds, stored = read(path)
    out = render_frame(ds, stored)
    assert out.dtype == np.uint8 and out.flags.c_contiguous
    if ds.PhotometricInterpretation == "PALETTE COLOR":
        np.testing.assert_array_equal(out, _palette_reference(path, ds, tmp_path))
        return
    if stored.ndim == 3:
        bits = int(ds.BitsStored)
        values = stored.astype(np.int64) & ((1 << bits) - 1)
        expected = values >> (bits - 8) if bits >= 8 else values * 255 // ((1 << bits) - 1)
        np.testing.assert_array_equal(out, expected)
        return
    assert out.shape == stored.shape
    levels, first, inverse = np.unique(stored, return_index=True, return_inverse=True)
    mapped = out.reshape(-1)[first]  # the output for each distinct stored value
    np.testing.assert_array_equal(out.reshape(-1), mapped[inverse.reshape(-1)])
    if not ({"ModalityLUTSequence", "VOILUTSequence"} & set(ds.dir())):
        steps = np.diff(mapped.astype(int))
        rising = ds.PhotometricInterpretation != "MONOCHROME1"
        assert (steps >= 0).all() if rising else (steps <= 0).all(), "not monotonic"
    spans_frame = not describe_windows(ds) and "SmallestImagePixelValue" not in ds
    if spans_frame and len(levels) > 1:  # default min-max window over this frame
        assert (out.min(), out.max()) == (0, 255)
