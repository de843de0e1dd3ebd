"""GUI viewer benchmark: first image, stack scroll, window drag, memory (500-slice 512x512 CT).

    cd benchmarks && QT_QPA_PLATFORM=offscreen ../.venv/bin/python gui_viewer.py [--slices 500]

(or under Xvfb with DISPLAY set). Prints:
- time from the open request (``open_into(area, folder)``) to the first image painted, while the
  rest of the series is read and decoded in the background (target <= 150 ms);
- stack scroll painted frames/s in a ~1000x1000 viewport, against a bare pyqtgraph
  ``ImageItem.setImage`` of pre-rendered uint8 frames in the same run (target >= 60 frames/s);
- window-drag updates/s painted, from synthesized right-button mouse moves (target >= 60);
- RSS after the whole series is decoded against its pixel bytes (target <= 1.3x + 200 MB).

"Painted" means ``QWidget.repaint()`` returned (a synchronous paint of the canvas).

Measured on the 2-core development machine (500 slices, canvas 998x1000):

| what | offscreen | Xvfb (xcb) | target |
| --- | --- | --- | --- |
| first image painted after the open request | 27 ms | 31 ms | <= 150 ms |
| whole series read + decoded in the background | 0.60 s | 0.97 s | |
| stack scroll painted | 200 frames/s | 101 frames/s | >= 60 |
| bare ImageItem.setImage, same run | 430 frames/s | 194 frames/s | reference |
| window drag painted | 260 updates/s | 115 updates/s | >= 60 |
| RSS after opening (pixel bytes 250 MB) | 408 MB (1.63x) | 410 MB (1.64x) | <= 525 MB |

Before the corner texts were cached per corner, outlined text (QPainterPath strokes) took 60%
of a scroll frame (45 frames/s).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from viewer.pipeline import GrayscaleRenderer
from viewer.ui.viewing.area import ViewerArea
from viewer.ui.viewing.opening import open_into

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # tests/peerkit
from peerkit.make_series import make_series as synthetic_series  # noqa: E402

CANVAS = 1000


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def make_series(slices: int) -> Path:
    folder = Path(tempfile.gettempdir()) / f"gui_bench_ct{slices}"
    if not (folder / "study0001").is_dir() or len(list((folder / "study0001").iterdir())) != slices:
        synthetic_series(folder, slices, seed=1)
    return folder


class PaintWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None
        self.armed = False

    def eventFilter(self, obj, event) -> bool:
        if self.armed and event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def wait(app, condition, limit=120.0) -> None:
    end = time.perf_counter() + limit
    while not condition():
        if time.perf_counter() > end:
            raise TimeoutError("benchmark step did not finish")
        app.processEvents()
        time.sleep(0.0005)


def first_image(app, area, folder) -> float:
    viewport = area.active_viewport
    watch = PaintWatch()
    viewport.canvas.viewport().installEventFilter(watch)
    start = time.perf_counter()
    opener = open_into(area, folder)

    def painted() -> bool:
        if viewport.ref is not None and not watch.armed:
            watch.armed = True
            viewport.canvas.viewport().update()
        return watch.painted_at is not None

    wait(app, painted)
    area._bench_opener = opener
    return (watch.painted_at - start) * 1000


def fully_loaded(app, area, slices: int) -> float:
    start = time.perf_counter()
    viewport = area.active_viewport
    wait(app, lambda: viewport.frame_count == slices and area.loader.loader.pending() == 0
         and all(area.loader.store.get(ref) is not None for ref in viewport.series.frames))
    return time.perf_counter() - start


def scroll_rate(app, viewport, passes: int = 2) -> float:
    surface = viewport.canvas.viewport()
    count = viewport.frame_count
    start = time.perf_counter()
    for _ in range(passes):
        for index in range(count):
            viewport.set_frame(index, user=True)
            surface.repaint()
            app.processEvents()
    return passes * count / (time.perf_counter() - start)


def bare_rate(app, frames, passes: int = 2) -> float:
    view = pg.GraphicsView()
    box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False)
    view.setCentralItem(box)
    item = pg.ImageItem(axisOrder="row-major")
    box.addItem(item)
    view.resize(CANVAS, CANVAS)
    view.show()
    item.setImage(frames[0], autoLevels=False)
    box.autoRange(padding=0)
    app.processEvents()
    start = time.perf_counter()
    for _ in range(passes):
        for frame in frames:
            item.setImage(frame, autoLevels=False)
            view.viewport().repaint()
            app.processEvents()
    rate = passes * len(frames) / (time.perf_counter() - start)
    view.close()
    return rate


def drag_rate(app, viewport, moves: int = 400) -> float:
    surface = viewport.canvas.viewport()
    center = QPointF(surface.rect().center())

    def send(kind, pos, buttons):
        button = Qt.MouseButton.RightButton if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton
        event = QMouseEvent(kind, pos, surface.mapToGlobal(pos), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(surface, event)

    right = Qt.MouseButton.RightButton
    send(QEvent.Type.MouseButtonPress, center, right)
    start = time.perf_counter()
    for step in range(1, moves + 1):
        offset = (step % 200) - 100
        send(QEvent.Type.MouseMove, center + QPointF(offset + 10, offset / 2 + 10), right)
        surface.repaint()
        app.processEvents()
    rate = moves / (time.perf_counter() - start)
    send(QEvent.Type.MouseButtonRelease, center, Qt.MouseButton.NoButton)
    return rate


def pre_rendered(viewport) -> list[np.ndarray]:
    frames = []
    for ref in viewport.series.frames:
        stored = viewport.loader.store.get(ref)
        frames.append(GrayscaleRenderer(ref.instance.ds, 0, stored=stored).render(stored))
    return frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--slices", type=int, default=500)
    args = parser.parse_args()
    folder = make_series(args.slices)
    app = QApplication.instance() or QApplication(sys.argv)
    base = rss_mb()
    area = ViewerArea()
    area.resize(CANVAS + 170, CANVAS + 45)
    area.show()
    wait(app, lambda: area.isVisible())
    app.processEvents()
    first_ms = first_image(app, area, folder)
    all_s = fully_loaded(app, area, args.slices)
    viewport = area.active_viewport
    size = viewport.canvas.viewport().size()
    pixel_mb = args.slices * 512 * 512 * 2 / 2**20
    rss = rss_mb()
    print(f"platform: {app.platformName()}  canvas: {size.width()}x{size.height()}")
    print(f"first image painted after open request: {first_ms:.1f} ms (target <= 150)")
    print(f"whole series read and decoded in the background: {all_s:.2f} s")
    frames = pre_rendered(viewport)
    viewer_fps = scroll_rate(app, viewport)
    bare_fps = bare_rate(app, frames)
    print(f"stack scroll painted: {viewer_fps:.0f} frames/s; bare ImageItem.setImage: "
          f"{bare_fps:.0f} frames/s; ratio {viewer_fps / bare_fps:.2f} (target >= 60 frames/s)")
    print(f"window drag painted: {drag_rate(app, viewport):.0f} updates/s (target >= 60)")
    del frames
    print(f"RSS after opening: {rss:.0f} MB (before the window: {base:.0f} MB); pixel bytes "
          f"{pixel_mb:.0f} MB; ratio {rss / pixel_mb:.2f}x; budget 1.3x + 200 MB = "
          f"{1.3 * pixel_mb + 200:.0f} MB -> {'OK' if rss <= 1.3 * pixel_mb + 200 else 'OVER'}")
    area.close()
    os._exit(0)


if __name__ == "__main__":
    main()
