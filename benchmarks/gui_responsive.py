#!/usr/bin/env python3
"""GUI responsiveness: the largest gap between ticks of a 20 ms QTimer while the main window
retrieves N instances and while it imports (and opens) a folder of N files.

Usage: .venv/bin/python benchmarks/gui_responsive.py [-n 500] [--size 512] [--source demo|orthanc]

The retrieve comes from Orthanc (tests/peerkit/orthanc.py, loaded with make_series -n N) or,
with ``--source demo``, from the built-in demo archive's 121-instance CT (in this process, so it
competes for the GIL: the harder case). Offscreen Qt, loopback only, ephemeral ports, temporary
folders removed. Prints the max and 99th-percentile gaps and the duration of each phase.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the project's own peers: tests/peerkit
from peerkit import free_port  # noqa: E402
from peerkit import orthanc as orthanc_peer  # noqa: E402
from peerkit.make_series import make_series as synthetic_series  # noqa: E402

AET = "GUIBENCH"


def make_series(out: Path, count: int, size: int, seed: int, patient: str) -> None:
    synthetic_series(out, count, rows=size, cols=size, seed=seed, patient_id=patient)


class Gaps:
    """Intervals between ticks of a 20 ms timer."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self.tick)
        self.intervals: list[float] = []
        self.last = time.perf_counter()

    def tick(self):
        now = time.perf_counter()
        self.intervals.append(now - self.last)
        self.last = now

    def start(self):
        self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> str:
        self.tick()
        self.timer.stop()
        values = sorted(self.intervals)
        p99 = values[int(0.99 * (len(values) - 1))]
        return (f"max gap {values[-1] * 1000:6.1f} ms, p99 {p99 * 1000:5.1f} ms, "
                f"median {statistics.median(values) * 1000:5.1f} ms, {len(values)} ticks")


def spin(app, seconds, done):
    from PySide6.QtCore import QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end and not done():
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    if not done():
        raise SystemExit("timed out")


def configure(tmp: Path, port: int, nodes: dict) -> None:
    os.environ.update(XDG_CONFIG_HOME=str(tmp / "config"), XDG_DATA_HOME=str(tmp / "data"),
                      DICOM_VIEWER_DEMO_DIR=str(tmp / "demo"))
    for name in ("DICOM_VIEWER_CONFIG", "DICOM_VIEWER_AET", "DICOM_VIEWER_PORT", "DICOM_VIEWER_STORE"):
        os.environ.pop(name, None)
    path = tmp / "config" / "dicom-viewer" / "settings.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"aet": AET, "port": port, "bind": "127.0.0.1",
                                "min_free_mb": 0, "nodes": nodes}))


def phase(app, window, start, label: str) -> None:
    gaps = Gaps()
    before = len(window.transfers.jobs)
    started = time.perf_counter()
    gaps.start()
    start()
    spin(app, 900, lambda: window.transfers.jobs and not window.transfers.running())
    spin(app, 120, lambda: window.tabs.currentIndex() == 2)
    end = time.perf_counter() + 0.5
    while time.perf_counter() < end:
        app.processEvents()
    result = gaps.stop()
    jobs = window.transfers.jobs[before:]
    states = ",".join(sorted({j.state for j in jobs}))
    print(f"{label:<34} {sum(j.completed for j in jobs):4d} instances in "
          f"{time.perf_counter() - started:5.1f} s: {result}  [{states}]")
    window.tabs.setCurrentIndex(0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--source", choices=("orthanc", "demo"), default="orthanc")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="gui-bench-"))
    port, orthanc = free_port(), None
    try:
        nodes = {}
        if args.source == "orthanc":
            make_series(tmp / "pacs", args.n, args.size, 61, "BENCH0001")
            orthanc = orthanc_peer.start(tmp / "pacs", viewer_aet=AET, viewer_port=port)
            nodes["Orthanc"] = {"aet": orthanc.aet, "host": "127.0.0.1", "port": orthanc.port}
        make_series(tmp / "folder", args.n, args.size, 62, "BENCH0002")
        configure(tmp, port, nodes)
        from viewer.ui.app import application, create_window

        app = application()
        window = create_window([], demo=args.source == "demo")
        window.show()
        spin(app, 120, lambda: window.session.listener.listening and window.query.form.node_box.count())
        window.query.search()
        spin(app, 60, lambda: window.query._search is None)
        window.query.view.selectAll()
        what = f"retrieve from {args.source}"
        phase(app, window, lambda: window.query.retrieve_selected(True), what)
        phase(app, window, lambda: window.import_paths([tmp / "folder"]),
              f"import of a {args.n}-file folder")
        window.close()
    finally:
        if orthanc:
            orthanc.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
