"""render_frame against DCMTK (peerkit.oracle_render): within 1 grey level everywhere.

DCMTK truncates like we do (floor(255 f)); the remaining 1-level differences come from float
order of operations and from DCMTK storing rescaled values as integers.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pydicom.uid import ExplicitVRLittleEndian

from imagefiles import read_pnm
from peerkit.oracle_render import render
from pipeline_builders import gray_dataset, lut_item, read_sample, sample_path, sequence
from viewer.pipeline.render import render_frame

pytestmark = pytest.mark.oracle


def dcmtk(path, tmp_path: Path, colour: bool, window=None) -> np.ndarray:
    out = tmp_path / ("oracle.ppm" if colour else "oracle.pgm")
    return read_pnm(render(path, out, window=window))


def assert_within_one(ours: np.ndarray, reference: np.ndarray):
    assert ours.shape == reference.shape
    difference = np.abs(ours.astype(int) - reference.astype(int))
    assert difference.max() <= 1, f"{(difference > 1).sum()} pixels differ by more than 1"


@pytest.mark.parametrize(
    ("name", "window"),
    [
        ("CT_small.dcm", None),  # no window: min-max of the frame on both sides
        ("CT_small.dcm", (40, 400)),
        ("MR_small.dcm", None),  # file window 600/1600
        ("MR_small.dcm", (1000, 3)),
        ("RG3_UNCI.dcm", None),  # MONOCHROME1, file window
        ("dicomdirtests/77654033/CR1/6154", None),  # MONOCHROME1, rescaled
        ("mlut_18.dcm", None),  # Modality LUT Sequence, min-max
        ("vlut_04.dcm", None),  # VOI LUT Sequence
    ],
)
def test_grayscale_matches_dcmtk(name, window, tmp_path):
    ds, stored = read_sample(name)
    reference = dcmtk(sample_path(name), tmp_path, False, window)
    assert_within_one(render_frame(ds, stored, window=window), reference)


@pytest.mark.parametrize("name", ["SC_rgb.dcm", "US1_UNCR.dcm", "SC_rgb_16bit.dcm", "OBXXXX1A.dcm"])
def test_colour_matches_dcmtk(name, tmp_path):
    ds, stored = read_sample(name)
    reference = dcmtk(sample_path(name), tmp_path, True)
    np.testing.assert_array_equal(render_frame(ds, stored), reference)


def write_image(ds, frame: np.ndarray, path: Path) -> Path:
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.SOPInstanceUID = "1.2.3.4.5.6.7"
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.Rows, ds.Columns = frame.shape
    ds.PixelData = frame.tobytes()
    ds.save_as(path, enforce_file_format=True)
    return path


def test_8bit_voi_lut_with_more_than_256_entries_matches_dcmtk(tmp_path):
    entries = (np.arange(1000) * 255 // 999).astype(np.uint8)
    item = lut_item([1000, 100, 8], entries.tobytes(), vr="OW")
    ds = gray_dataset(bits_stored=12, VOILUTSequence=sequence(item))
    frame = np.arange(4096, dtype=np.uint16).reshape(64, 64)
    path = write_image(ds, frame, tmp_path / "voi8.dcm")
    np.testing.assert_array_equal(render_frame(ds, frame), dcmtk(path, tmp_path, False))


@pytest.mark.parametrize(
    ("photometric", "shape"),
    [
        ("MONOCHROME1", None),
        ("MONOCHROME1", "INVERSE"),
        ("MONOCHROME1", "IDENTITY"),
        ("MONOCHROME2", "INVERSE"),
    ],
)
def test_presentation_shapes_match_dcmtk(photometric, shape, tmp_path):
    extra = {"PresentationLUTShape": shape} if shape else {}
    window = {"WindowCenter": 2000, "WindowWidth": 3001}
    ds = gray_dataset(bits_stored=12, photometric=photometric, **window, **extra)
    frame = np.arange(4096, dtype=np.uint16).reshape(64, 64)
    path = write_image(ds, frame, tmp_path / "shape.dcm")
    assert_within_one(render_frame(ds, frame), dcmtk(path, tmp_path, False))
