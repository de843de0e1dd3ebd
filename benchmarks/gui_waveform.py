"""Waveform benchmark: opening pydicom's 12-lead ECG (12 x 10000 samples, 2 groups) on paper.

    cd benchmarks && QT_QPA_PLATFORM=offscreen ../.venv/bin/python gui_waveform.py [--runs 5]

Times, from reading the file to the paper painted in a viewport of a viewer area (header read,
series assembled, samples converted, layout, grid, 13 traces, annotations), the median of
``--runs`` openings; against a bare pyqtgraph PlotWidget painting the same 13 traces (raw
arrays already in memory) in the same run. Target: <= 200 ms. The process's CPU time for the
opening is printed too: on a shared machine the wall time mostly measures the others' load.
Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pyqtgraph as pg
from pydicom.data import get_testdata_file
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from viewer.dicom import assemble_series, read_instance  # noqa: E402
from viewer.ui.viewing.area import ViewerArea  # noqa: E402


class Painted(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.seen = True
        return False


def until_painted(app, widget) -> None:
    painted = Painted()
    widget.installEventFilter(painted)
    while not painted.seen:
        app.processEvents()
    widget.removeEventFilter(painted)


def open_in_viewer(app, area, path) -> tuple[float, float]:
    """(wall, CPU) seconds from reading the file to the paper painted."""
    start, cpu = time.perf_counter(), time.process_time()
    series = assemble_series([read_instance(path)])
    area.show_series_list(series)  # the only series fills the first viewport
    viewport = area.active_viewport
    until_painted(app, viewport.object_panel.waveform_view.plot.viewport())
    return time.perf_counter() - start, time.process_time() - cpu


def bare_plot(app, traces) -> float:
    start = time.perf_counter()
    plot = pg.PlotWidget()
    for x, y in traces:
        plot.addItem(pg.PlotDataItem(x, y))
    plot.resize(900, 700)
    plot.show()
    until_painted(app, plot.viewport())
    elapsed = time.perf_counter() - start
    plot.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    path = get_testdata_file("waveform_ecg.dcm")
    viewer, cpu, bare = [], [], []
    for _ in range(args.runs):
        area = ViewerArea()
        area.resize(900, 700)
        area.show()
        app.processEvents()
        wall, used = open_in_viewer(app, area, path)
        viewer.append(wall)
        cpu.append(used)
        view = area.active_viewport.object_panel.waveform_view
        traces = [c.getData() for c in view.curves]
        area.close()
        bare.append(bare_plot(app, traces))
    v, b = statistics.median(viewer), statistics.median(bare)
    print(f"ECG opened on paper: {v * 1000:.1f} ms (target <= 200 ms), CPU "
          f"{statistics.median(cpu) * 1000:.1f} ms; bare pyqtgraph 13 traces: {b * 1000:.1f} ms; "
          f"ratio {v / b:.2f}x")


if __name__ == "__main__":
    main()
