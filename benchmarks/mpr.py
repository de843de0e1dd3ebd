"""MPR benchmark: three views of a 500x512x512 CT ready, crosshair drag re-slicing.

    cd benchmarks && QT_QPA_PLATFORM=offscreen ../.venv/bin/python mpr.py [--slices 500]

(or under Xvfb with DISPLAY set; the series comes from tests/peerkit/make_series.py, kept in the
temporary folder between runs). A ViewerArea (1500x600) shows the series; then, with the
series' frames decoded as the viewer leaves them after opening it (its stack prefetched), the
MPR action is triggered as the M key does. Prints:
- ms from the MPR request to all three views (axial, coronal, sagittal) painted (target
  <= 2000 ms), and within it the volume build; beside it the same with nothing decoded yet
  (files read from the disk: the cold case);
- crosshair drag: synthesized left-button moves dragging the crossing in the axial view, each
  re-slicing and painting the coronal and sagittal views: updates/s (target >= 30), against a
  bare pyqtgraph ``ImageItem.setImage`` of two pre-rendered frames of the same size per update
  in the same run (the ratio is what the reslicing costs);
- RSS against the volume's bytes (the volume is held once).
Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QEventLoop, QPointF, Qt, QTimer
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui_viewer import make_series, rss_mb, wait
from viewer.dicom import assemble_series, frame_cache, open_path
from viewer.ui.viewing.area import ViewerArea
from viewer.viewing.reformat import ReformatInstance

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))


def shows_reformats(area) -> bool:
    return len(area.viewports) == 3 and all(
        isinstance(getattr(vp.ref, "instance", None), ReformatInstance) for vp in area.viewports)


def views_ready(app, area, series) -> tuple[float, float]:
    """(ms from the MPR request to three views painted, ms of the volume build)."""
    area.set_layout(1, 1)
    area.show_series(area.viewports[0], series)
    app.processEvents()
    start = time.perf_counter()
    built = []
    area.mpr.toggle()
    build = area.mpr._build  # noqa: SLF001
    build.built.connect(lambda *_: built.append(time.perf_counter()))
    # an event loop, idle as the application's (a busy polling wait contends for the GIL)
    loop, timer = QEventLoop(), QTimer()
    timer.timeout.connect(lambda: shows_reformats(area) and loop.quit())
    timer.start(10)
    loop.exec()
    timer.stop()
    for viewport in area.viewports:
        viewport.canvas.viewport().repaint()
    ready = time.perf_counter()
    return (ready - start) * 1000, (built[0] - start) * 1000 if built else float("nan")


def drag_rate(app, area, moves: int = 200) -> float:
    axial, others = area.viewports[0], area.viewports[1:]
    surface = axial.canvas.viewport()
    cx, cy = area.mpr.centre_pixel(axial)
    scene = axial.canvas.image_item.mapToScene(QPointF(cx, cy))
    centre = QPointF(axial.canvas.mapFromScene(scene))
    left = Qt.MouseButton.LeftButton

    def send(kind, pos, button, buttons):
        event = QMouseEvent(kind, pos, surface.mapToGlobal(pos), button, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(surface, event)

    send(QEvent.Type.MouseButtonPress, centre, left, left)
    start = time.perf_counter()
    for step in range(1, moves + 1):
        offset = (step % 100) - 50
        send(QEvent.Type.MouseMove, centre + QPointF(offset + 4, offset / 2 + 4),
             Qt.MouseButton.NoButton, left)
        for viewport in others:
            viewport.canvas.viewport().repaint()
        app.processEvents()
    rate = moves / (time.perf_counter() - start)
    send(QEvent.Type.MouseButtonRelease, centre, left, Qt.MouseButton.NoButton)
    return rate


def bare_rate(app, frames, moves: int = 200) -> float:
    views = []
    for frame in frames:
        view = pg.GraphicsView()
        box = pg.ViewBox(lockAspect=True, invertY=True, enableMouse=False)
        view.setCentralItem(box)
        item = pg.ImageItem(axisOrder="row-major")
        box.addItem(item)
        view.resize(500, 560)
        view.show()
        item.setImage(frame, autoLevels=False)
        box.autoRange(padding=0)
        views.append((view, item, frame))
    app.processEvents()
    start = time.perf_counter()
    for step in range(moves):
        for view, item, frame in views:
            item.setImage(frame if step % 2 else frame[::-1], autoLevels=False)
            view.viewport().repaint()
        app.processEvents()
    rate = moves / (time.perf_counter() - start)
    for view, _, _ in views:
        view.close()
    return rate


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--slices", type=int, default=500)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    folder = make_series(args.slices)
    series = assemble_series(open_path(folder).instances)[0]
    area = ViewerArea()
    area.resize(1500, 600)
    area.show()
    app.processEvents()
    base = rss_mb()
    frame_cache().clear()
    cold, cold_build = views_ready(app, area, series)
    volume_mb = area.mpr.volume.voxels.nbytes / 2**20
    print(f"cold (files read from the disk): three views painted {cold:.0f} ms after the "
          f"request (volume built in {cold_build:.0f} ms)")
    area.mpr.toggle()  # back; the frames stay decoded in the frame cache, as after viewing
    for ref in series.frames:
        ref.instance.frame(ref.frame_index)
    warm, warm_build = views_ready(app, area, series)
    print(f"series open in the viewer (frames decoded): three views painted {warm:.0f} ms "
          f"after the request (volume built in {warm_build:.0f} ms; target <= 2000 ms)")
    rate = drag_rate(app, area)
    frames = [vp.canvas.image_item.image for vp in area.viewports[1:]]
    bare = bare_rate(app, frames)
    print(f"crosshair drag re-slicing coronal and sagittal: {rate:.0f} updates/s "
          f"(target >= 30); bare setImage of two frames: {bare:.0f} updates/s "
          f"(ratio {rate / bare:.2f})")
    print(f"volume {volume_mb:.0f} MB int16 {area.mpr.volume.voxels.shape}; RSS grew "
          f"{rss_mb() - base:.0f} MB (frame cache included: {frame_cache().nbytes / 2**20:.0f} "
          "MB)")
    area.close()


if __name__ == "__main__":
    np.seterr(all="ignore")
    main()
