"""First image of a dropped folder: the application's File > Open / drop / ``dicom-viewer PATH``.

    cd benchmarks && QT_QPA_PLATFORM=offscreen ../.venv/bin/python gui_open.py [--slices 500] [--runs 3]

A started main window with an empty private store (settings, store and port in a temporary
folder) is given the folder of a 500-slice 512x512 CT (tests/peerkit/make_series.py) exactly as a
drop, File > Open Folder and ``dicom-viewer PATH`` give it (``MainWindow.import_paths``). Prints,
per run: ms from that call to the first image painted in the viewport, how many files the
import had stored by then, and s until the import finished. The reference in the same run: a
bare read of the series' first file (pydicom), rendered and painted in a pyqtgraph ImageItem.
Target (issue 10): the first image within 150 ms. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pydicom
import pyqtgraph as pg
from PySide6.QtWidgets import QApplication

from gui_viewer import CANVAS, PaintWatch, make_series, private_settings, wait


def dropped(app, folder: Path) -> tuple[float, int, float]:
    """(ms to the first image painted, files stored by then, s until the import ended)."""
    from viewer.ui.app import create_window

    window = create_window()
    window.resize(CANVAS + 200, CANVAS + 200)
    window.show()
    wait(app, lambda: window.session.archive is not None)
    viewport = window.viewer.active_viewport
    watch = PaintWatch()
    viewport.canvas.viewport().installEventFilter(watch)
    start = time.perf_counter()
    window.import_paths([folder])

    def painted() -> bool:
        if viewport.shown is not None and not watch.armed:
            watch.armed = True
            viewport.canvas.viewport().update()
        return watch.painted_at is not None

    wait(app, painted, 600)
    first_ms = (watch.painted_at - start) * 1000
    job = window.transfers.jobs[-1]
    stored = job.completed
    wait(app, lambda: not window.transfers.running(), 600)
    ended = time.perf_counter() - start
    window.close()
    app.processEvents()
    return first_ms, stored, ended


def bare(app, folder: Path) -> float:
    """ms to read the first file with pydicom and paint it in a bare ImageItem."""
    first = sorted(folder.iterdir())[0]
    widget = pg.GraphicsLayoutWidget()
    widget.resize(CANVAS, CANVAS)
    widget.show()
    item = pg.ImageItem()
    widget.addViewBox().addItem(item)
    app.processEvents()
    watch = PaintWatch()
    widget.viewport().installEventFilter(watch)
    start = time.perf_counter()
    pixels = pydicom.dcmread(first).pixel_array.astype(np.float32)
    low, high = float(pixels.min()), float(pixels.max())
    frame = np.clip((pixels - low) * (255.0 / max(high - low, 1.0)), 0, 255).astype(np.uint8)
    item.setImage(frame, autoLevels=False, levels=(0, 255))
    watch.armed = True
    widget.viewport().update()
    wait(app, lambda: watch.painted_at is not None)
    widget.close()
    return (watch.painted_at - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    folder = make_series(args.slices) / "study0001"
    app = QApplication.instance() or QApplication(sys.argv)
    ours, refs = [], []
    for run in range(args.runs):
        refs.append(bare(app, folder))
        with tempfile.TemporaryDirectory(prefix="gui-open-") as root:
            private_settings(Path(root))
            first_ms, stored, ended = dropped(app, folder)
        ours.append(first_ms)
        print(f"run {run + 1}: first image {first_ms:.0f} ms after the drop ({stored} of "
              f"{args.slices} files stored by then; import ended after {ended:.2f} s); bare "
              f"read+paint of the first file {refs[-1]:.0f} ms")
    mine, ref = statistics.median(ours), statistics.median(refs)
    print(f"median: first image {mine:.0f} ms (target <= 150); bare {ref:.0f} ms; "
          f"ratio {mine / ref:.2f}")
    os._exit(0)


if __name__ == "__main__":
    main()
