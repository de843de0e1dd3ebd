"""Every bundled image (pydicom + pydicom-data) renders frame 1 through render_frame.

Frames are decoded with ``pydicom.pixels.pixel_array(ds, index=0)`` (default options). The
files broken on purpose must fail to decode with a clear message; nothing else may fail.
"""

from __future__ import annotations

import warnings

import numpy as np
import pydicom
import pytest
from pydicom.pixels import pixel_array

from pipeline_builders import ensure_transfer_syntax
from sampledata import BROKEN, image_files, sample_id
from viewer.pipeline.render import describe_windows, render_frame

# Broken beyond BROKEN: Number of Frames '1A' (invalid IS) cannot be decoded either.
UNDECODABLE = BROKEN | {"badVR.dcm"}


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = ensure_transfer_syntax(pydicom.dcmread(path, force=True))
        return ds, pixel_array(ds, index=0)


@pytest.mark.parametrize("path", image_files(), ids=sample_id)
def test_sample_renders(path):
    if path.name in UNDECODABLE:
        with pytest.raises(Exception) as failure:
            read(path)
        assert str(failure.value).strip(), f"{path.name}: decoding failed without a message"
        return
    ds, stored = read(path)
    out = render_frame(ds, stored)
    assert out.dtype == np.uint8 and out.flags.c_contiguous
    if stored.ndim == 3 or ds.PhotometricInterpretation == "PALETTE COLOR":
        assert out.shape == stored.shape[:2] + (3,)
        return
    assert out.shape == stored.shape
    spans_frame = not describe_windows(ds) and "SmallestImagePixelValue" not in ds
    if spans_frame and np.ptp(stored) > 0:  # default min-max window over this frame
        assert (out.min(), out.max()) == (0, 255)
