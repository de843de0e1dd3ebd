"""RT Structure Set benchmark: placing a clinical-sized structure set on a CT series.

    cd benchmarks && ../.venv/bin/python rt_contours.py [SLICES] [ROIS]

A 200-slice CT (headers only matter: 32x32 pixels) and a structure set of 20 ROIs, each with a
200-point closed contour on every other slice (2000 contours, 400000 points), written to a
temporary folder. Times reading the structure set (pydicom ``dcmread`` + ``read_structure_set``)
and placing it on the series (``place_structure_set``: which slice each contour lies on, its
points in image coordinates), and prints placement / reading. Reading runs in a worker thread,
placement on the GUI thread once per (structure set, series); results: docs/performance.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.dicom import rt_builders  # noqa: E402
from tests.dicom.dicom_builders import write  # noqa: E402
from viewer.dicom import assemble_series, open_path  # noqa: E402
from viewer.dicom.rt_struct import read_structure_set  # noqa: E402
from viewer.viewing.rt_contours import place_structure_set  # noqa: E402


def build(folder: Path, slices: int, rois: int) -> Path:
    cts = rt_builders.ct_series(folder, count=slices, rows=32, columns=32, step=2.5)
    angles = np.linspace(0, 2 * np.pi, 200, endpoint=False)
    items = []
    for number in range(1, rois + 1):
        radius = 3 + number * 0.5
        contours = [rt_builders.contour(ct, [(16 + radius * np.cos(a), 16 + radius * np.sin(a))
                                             for a in angles], reference=False)
                    for ct in cts[::2]]
        items.append((number, f"ROI {number}", (255, 0, 0), contours))
    return Path(write(rt_builders.structure_set(cts, items), folder / "rs.dcm"))


def main() -> None:
    slices = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rois = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    with tempfile.TemporaryDirectory() as tmp:
        path = build(Path(tmp), slices, rois)
        series = [s for s in assemble_series(open_path(tmp).instances) if s.frames][0]
        start = time.perf_counter()
        found = read_structure_set(pydicom.dcmread(path))
        read = time.perf_counter() - start
        start = time.perf_counter()
        placed = place_structure_set(found, series.frames)
        place = time.perf_counter() - start
    drawn = sum(len(v) for v in placed.by_frame.values())
    print(f"{found.contour_count} contours, {drawn} drawn on {len(placed.by_frame)} of "
          f"{slices} slices: read {read * 1000:.0f} ms, placed {place * 1000:.0f} ms; "
          f"placement / reading {place / read:.2f}x")


if __name__ == "__main__":
    main()
