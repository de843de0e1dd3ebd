"""Small datasets and sample-file access for the pipeline tests (nothing downloads)."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import pixel_array
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian


def gray_dataset(
    *,
    bits_stored: int = 16,
    bits_allocated: int = 16,
    signed: bool = False,
    photometric: str = "MONOCHROME2",
    **attributes,
) -> Dataset:
    """An image header (no Pixel Data: the pipeline takes the frame separately)."""
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.PhotometricInterpretation = photometric
    ds.SamplesPerPixel = 1
    ds.BitsAllocated = bits_allocated
    ds.BitsStored = bits_stored
    ds.HighBit = bits_stored - 1
    ds.PixelRepresentation = int(signed)
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    return ds


def lut_item(descriptor, data, *, vr: str = "US", descriptor_vr: str = "US", **attributes) -> Dataset:
    """A LUT Sequence item with explicit VRs for LUT Descriptor and LUT Data."""
    item = Dataset()
    item.add_new(0x00283002, descriptor_vr, list(descriptor))
    item.add_new(0x00283006, vr, data)
    for keyword, value in attributes.items():
        setattr(item, keyword, value)
    return item


def sequence(*items: Dataset) -> Sequence:
    return Sequence(list(items))


def sample_path(name: str) -> str:
    """Path of a bundled pydicom / pydicom-data file; fails the test (never skips) without it."""
    path = get_testdata_file(name, download=False)
    if path is None:
        pytest.fail(f"{name} is not available offline: install pydicom-data (a test dependency "
                    "in pyproject.toml)", pytrace=False)
    return path


def ensure_transfer_syntax(ds: Dataset) -> Dataset:
    """Give a file read with force=True (no file meta) the transfer syntax it was read with."""
    meta = getattr(ds, "file_meta", None)
    if meta is not None and "TransferSyntaxUID" in meta:
        return ds
    implicit, little = ds.original_encoding
    if implicit or implicit is None:
        syntax = ImplicitVRLittleEndian
    else:
        syntax = ExplicitVRLittleEndian if little else ExplicitVRBigEndian
    ds.file_meta = meta if meta is not None else FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax
    return ds


def read_sample(name: str, frame_index: int = 0) -> tuple[Dataset, np.ndarray]:
    """(dataset, frame as pydicom's pixel_array returns it with default options): the
    renderer's input, not a reference - rendered values are checked against DCMTK/GDCM
    (test_oracle_pipeline, peer_decode) or the standard's formulas."""
    ds = ensure_transfer_syntax(pydicom.dcmread(sample_path(name), force=True))
    return ds, pixel_array(ds, index=frame_index)


def linear_reference(x, center: float, width: float) -> np.ndarray:
    """PS3.3 C.11.2.1.2.1 written out independently (piecewise, 0..255)."""
    x = np.asarray(x, dtype=np.float64)
    c, w = center - 0.5, width - 1
    inside = ((x - c) / w + 0.5) * 255 if w else np.zeros_like(x)
    return np.select([x <= c - w / 2, x > c + w / 2], [0.0, 255.0], inside)


def truncate(values) -> np.ndarray:
    """floor(), the DCMTK rounding, as uint8."""
    return np.floor(np.asarray(values, dtype=np.float64) + 1e-9).clip(0, 255).astype(np.uint8)
