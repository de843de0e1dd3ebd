"""Opening the objects that are not images (issue 9): a structured report, a PDF and a video.

    cd benchmarks && QT_QPA_PLATFORM=offscreen ../.venv/bin/python gui_objects.py [--runs 5]

Each is opened as the strip's double-click does (read, series assembled, shown in the active
viewport of a 900x700 viewer area) and timed to its first paint, the median of ``--runs``:
- a structured report: tests/dicom/sr_builders.py's Japanese Comprehensive SR and pydicom's
  ``test-SR.dcm``, to the report view painted; reference: ``dcmread`` and the same number of
  lines set as plain text in a bare QTextBrowser, painted;
- a PDF (a 3-page PDF encapsulated by DCMTK ``pdf2dcm``), to its first page rendered and
  painted; reference: pypdfium2 rendering page 1 into a bare QLabel, painted;
- a 30 s 1920x1080 H.264 video (made by the ffmpeg command), to its first frame painted, then
  played for 2 s: the frames shown against the frame rate; reference: a bare PyAV decode of the
  first frame painted in a QLabel.
Targets: report and PDF within 200 ms of the click, the video playing within 500 ms, at its
rate. Results: docs/performance.md.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import av
import pydicom
import pypdfium2
from pydicom.data import get_testdata_file
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QTextBrowser

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]
from documents import encapsulate, minimal_pdf  # noqa: E402
from dicom import sr_builders  # noqa: E402
from gui_viewer import PaintWatch, wait  # noqa: E402
from video import h264_file  # noqa: E402
from viewer.dicom import assemble_series, frame_cache, read_instance  # noqa: E402
from viewer.ui.viewing.area import ViewerArea  # noqa: E402


def painted_after(app, widget, ready) -> float:
    """perf_counter when *widget* painted after *ready()* became true."""
    wait(app, ready)
    watch = PaintWatch()
    watch.armed = True
    widget.installEventFilter(watch)
    widget.update()
    wait(app, lambda: watch.painted_at is not None)
    widget.removeEventFilter(watch)
    return watch.painted_at


def opened(app, path: Path, shown) -> tuple[float, ViewerArea]:
    """Seconds from the click (reading the file) to *shown(viewport)* -> (widget, ready) painted."""
    area = ViewerArea()
    area.resize(900, 700)
    area.show()
    app.processEvents()
    frame_cache().clear()
    start = time.perf_counter()
    area.show_series_list(assemble_series([read_instance(path)]))
    widget, ready = shown(area.active_viewport)
    return painted_after(app, widget, ready) - start, area


def report_shown(viewport):
    return viewport.report_view.viewport(), lambda: viewport.report_view.isVisible()


def pdf_shown(viewport):
    view = viewport.object_panel.document_view
    return view, lambda: bool(view.pages) and not view.pages[0].pixmap().isNull()


def video_shown(viewport):
    return viewport.canvas.viewport(), lambda: viewport.ref is not None


def bare_text(app, path: Path) -> float:
    start = time.perf_counter()
    ds = pydicom.dcmread(path)
    lines = [str(item.get("ConceptNameCodeSequence", "")) for item in ds.ContentSequence]
    browser = QTextBrowser()
    browser.resize(900, 700)
    browser.setPlainText("\n".join(lines))
    browser.show()
    at = painted_after(app, browser.viewport(), lambda: True)
    browser.close()
    return at - start


def bare_label(app, make_image) -> float:
    start = time.perf_counter()
    label = QLabel()
    label.resize(900, 700)
    label.setPixmap(QPixmap.fromImage(make_image()))
    label.show()
    at = painted_after(app, label, lambda: True)
    label.close()
    return at - start


def pdf_page(data: bytes):
    def make() -> QImage:
        bitmap = pypdfium2.PdfDocument(data)[0].render(scale=4, rev_byteorder=True,
                                                       prefer_bgrx=True)
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride,
                      QImage.Format.Format_RGBX8888).copy()
    return make


def video_frame(stream: bytes):
    def make() -> QImage:
        with av.open(io.BytesIO(stream)) as container:
            frame = next(container.decode(container.streams.video[0])).to_ndarray(format="rgb24")
        height, width = frame.shape[:2]
        return QImage(frame.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
    return make


def played(app, area, seconds: float = 2.0) -> float:
    """Frames shown per second while the video plays for *seconds*."""
    viewport = area.active_viewport
    seen = set()
    viewport.frameChanged.connect(lambda _vp, index: seen.add(index))
    viewport.play()
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()
    viewport.stop_cine()
    return len(seen) / seconds


def measure(app, name: str, path: Path, shown, reference, runs: int, target_ms: float):
    ours, refs, area = [], [], None
    for _ in range(runs):
        elapsed, area = opened(app, path, shown)
        ours.append(elapsed)
        refs.append(reference())
        if name != "video":
            area.close()
    mine, ref = statistics.median(ours), statistics.median(refs)
    print(f"{name}: shown in {mine * 1000:.0f} ms (target <= {target_ms:.0f}); bare "
          f"{ref * 1000:.0f} ms; ratio {mine / ref:.2f}")
    return area


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        report = work / "report.dcm"
        sr_builders.japanese_report().save_as(report, enforce_file_format=True)
        for label, path in (("report (Japanese SR)", report),
                            ("report (pydicom test-SR.dcm)", Path(get_testdata_file("test-SR.dcm")))):
            measure(app, label, path, report_shown, lambda p=path: bare_text(app, p), args.runs,
                    200)
        pdf = minimal_pdf(3)
        measure(app, "PDF (3 pages)", encapsulate(pdf, work), pdf_shown,
                lambda: bare_label(app, pdf_page(pdf)), args.runs, 200)
        video, stream = h264_file(work, 30, 1920, 1080)
        area = measure(app, "video (30 s 1920x1080 H.264)", video, video_shown,
                       lambda: bare_label(app, video_frame(stream)), args.runs, 500)
        rate = played(app, area)
        print(f"video played at {rate:.1f} frames/s for 2 s (its rate: 30)")


if __name__ == "__main__":
    main()
