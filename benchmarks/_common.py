"""Shared helpers for the benchmark scripts: timing and test images made on the fly."""

from __future__ import annotations

import statistics
import time

import numpy as np
import pydicom
from pydicom.data import get_testdata_file


def best_and_median(fn, repeat: int = 7, number: int = 50) -> tuple[float, float]:
    """Seconds per call of *fn*: the best and the median of *repeat* runs of *number* calls."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        runs.append((time.perf_counter() - start) / number)
    return min(runs), statistics.median(runs)


def ct_512() -> tuple[pydicom.Dataset, np.ndarray]:
    """A 512x512 int16 CT frame with a real header (pydicom-data's CT_small tiled up)."""
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm", download=False))
    small = ds.pixel_array
    frame = np.tile(small, (4, 4)).astype(np.int16)
    ds.Rows, ds.Columns = frame.shape
    ds.PixelData = frame.tobytes()
    return ds, frame
