"""Waveforms opened in the viewer: pydicom's 12-lead ECG on ECG paper in the 3 x 4 + rhythm
layout with every lead labelled, its annotations (text, measurements, marked positions), both
multiplex groups reachable; a generated ECG whose plotted
trace sits at baseline - value x 10 mm/mV at known times (in the curve and on screen); a
waveform too short for its channels says why above its attributes."""

import shutil

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from PySide6.QtCore import QPointF, Qt

from dicom.waveform_builders import ChannelSpec, sine, write_waveform
from ui.real_input import double_click_item
from viewer.dicom import assemble_series, read_instance
from viewer.ui.viewing.waveform_view import WaveformView
from viewing.ui_helpers import make_area

LEADS = ["Lead I (Einthoven)", "Lead II", "Lead III", "Lead aVR", "Lead aVL", "Lead aVF",
         "Lead V1", "Lead V2", "Lead V3", "Lead V4", "Lead V5", "Lead V6"]


def open_waveform(qtbot, path):
    area = make_area(qtbot)
    area.show_series_list(assemble_series([read_instance(path)]))
    strip, viewport = area.strip, area.active_viewport
    double_click_item(qtbot, strip, strip.indexFromItem(strip.item(0)))
    panel = viewport.object_panel
    qtbot.waitUntil(panel.isVisible)
    assert not viewport.canvas.isVisible()
    return panel


def test_twelve_lead_ecg_on_paper(qtbot):
    panel = open_waveform(qtbot, get_testdata_file("waveform_ecg.dcm"))
    view = panel.findChild(WaveformView)
    assert view is panel.waveform_view and view.isVisible()
    assert not panel.tags.isVisible() and not panel.explanation.isVisible()
    assert [view.group_box.itemText(i) for i in range(view.group_box.count())] == [
        "RHYTHM", "MEDIAN BEAT"]
    # 3 x 4: I II III | aVR aVL aVF | V1 V2 V3 | V4 V5 V6, then the lead II rhythm strip
    labels = [label.toPlainText() for label in view.labels]
    grid_order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert labels == [LEADS[i] for i in grid_order] + ["Lead II"]
    assert [(t.x, t.baseline) for t in view.traces[:4]] == [
        (0.0, 15.0), (0.0, 45.0), (0.0, 75.0), (62.5, 15.0)]
    rhythm = view.traces[-1]
    assert (rhythm.start, rhythm.stop, rhythm.baseline) == (0, 10000, 105.0)
    assert len(view.curves) == 13
    # the annotations: text and measurements above the paper, each marked sample position
    # (1-based) as a tick under the four traces that show it (its column's three rows and the
    # rhythm strip)
    assert view.notes.text().startswith("RITMO SINUSALE · ECG NORMALE · RR Interval: 982 ms")
    assert "QT Interval: 368 ms" in view.notes.text()
    ds = pydicom.dcmread(get_testdata_file("waveform_ecg.dcm"))
    positions = [int(a.ReferencedSamplePositions) for a in ds.WaveformAnnotationSequence
                 if "ReferencedSamplePositions" in a]
    assert len(view.marks) == 4 * len(positions)
    assert tuple(view.marks[0]) == ((positions[0] - 1) / 1000 * 25.0, 15.0)
    view.group_box.setFocus()
    qtbot.keyClick(view.group_box, Qt.Key.Key_Down)  # MEDIAN BEAT, 1.2 s: one row per lead
    assert view.group_box.currentText() == "MEDIAN BEAT"
    assert [label.toPlainText() for label in view.labels] == LEADS
    assert [t.baseline for t in view.traces] == [15.0 + 30.0 * n for n in range(12)]
    assert len(view.marks) == 0  # the positions are of multiplex group 1, the rhythm


def test_trace_at_baseline_minus_value_times_gain(qtbot, tmp_path):
    # 1 mV peaks at 1 Hz: raw 400 x 2.5 uV x correction 1.0, baseline 0
    raw = sine(1000, 500.0, 1.0, 400)
    path = write_waveform(tmp_path / "ecg.dcm", [("RHYTHM", 500.0, [
        ChannelSpec(raw, 2.5, 1.0, 0.0, "uV", label="II"),
        ChannelSpec(raw, 0.005, 0.5, 0.25, "mV", label="V1")])])
    view = open_waveform(qtbot, path).waveform_view
    assert [label.toPlainText() for label in view.labels] == ["II", "V1"]
    for curve, trace in zip(view.curves, view.traces):
        x, y = curve.getData()
        # t = 0.25 s (sample 125, the positive peak) and t = 0.75 s (sample 375, the trough)
        assert x[125] == 0.25 * 25.0 and x[375] == 0.75 * 25.0
    (_, ii), (_, v1) = view.curves[0].getData(), view.curves[1].getData()
    assert ii[125] == 15.0 - 1.0 * 10.0 and ii[375] == 15.0 + 1.0 * 10.0
    # V1: 400 x 0.005 x 0.5 + 0.25 = 1.25 mV at the peak, -0.75 mV at the trough
    assert np.isclose(v1[125], 45.0 - 12.5) and np.isclose(v1[375], 45.0 + 7.5)
    # on screen: the ink is at the peak of lead II (x 6.25 mm, y 5 mm), not 5 mm below it
    plot = view.plot
    qtbot.waitUntil(lambda: plot.isVisible() and plot.width() > 100)
    image = plot.grab().toImage()
    ratio = image.devicePixelRatio()

    def dark_near(x_mm, y_mm):
        point = plot.mapFromScene(plot.getViewBox().mapViewToScene(QPointF(x_mm, y_mm)))
        return any(image.pixelColor(int((point.x() + dx) * ratio),
                                    int((point.y() + dy) * ratio)).lightness() < 90
                   for dx in range(-1, 2) for dy in range(-1, 2))

    assert dark_near(6.25, 5.0) and not dark_near(6.25, 10.0)


def test_short_waveform_says_why(qtbot, tmp_path):
    path = write_waveform(tmp_path / "short.dcm", [
        ("RHYTHM", 500.0, [ChannelSpec(sine(100, 500.0, 5.0, 100), 1.0, 1.0, 0.0)])],
        truncate=20)
    panel = open_waveform(qtbot, path)
    assert panel.waveform_view is None and panel.tags.isVisible()
    assert panel.explanation.text() == (
        "General ECG Waveform Storage: the waveform cannot be drawn (multiplex group 1: "
        "Waveform Data has 180 bytes, 1 channels x 100 samples need 200); its attributes:")


def test_ecg_imported_into_the_archive_opens_on_paper(qtbot, ui, tmp_path, main_env,
                                                      make_window):
    folder = tmp_path / "study"
    folder.mkdir()
    shutil.copy(get_testdata_file("waveform_ecg.dcm"), folder / "ecg.dcm")
    window = make_window()
    ui.import_study(qtbot, window, folder)
    strip = window.viewer.strip
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=30000)
    double_click_item(qtbot, strip, strip.indexFromItem(strip.item(0)))
    panel = window.viewer.active_viewport.object_panel
    qtbot.waitUntil(lambda: panel.waveform_view is not None and panel.waveform_view.isVisible())
    assert len(panel.waveform_view.labels) == 13
    assert panel.waveform_view.labels[-1].toPlainText() == "Lead II"


def test_speed_and_gain_rescale_the_paper(qtbot):
    view = open_waveform(qtbot, get_testdata_file("waveform_ecg.dcm")).waveform_view
    x, y = view.curves[0].xData, view.curves[0].yData  # the traces, not what is plotted
    for box in (view.speed_box, view.gain_box):
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Down)
    assert (view.speed_box.currentText(), view.gain_box.currentText()) == ("50 mm/s", "20 mm/mV")
    x2, y2 = view.curves[0].xData, view.curves[0].yData  # (peak downsampling varies with zoom)
    np.testing.assert_allclose(x2, 2 * x)
    np.testing.assert_allclose(y2 - 15.0, 2 * (y - 15.0))
    assert view.traces[3].x == 2.5 * 50.0  # aVR's column starts at 2.5 s


def test_calipers_measure_time_rate_and_amplitude(qtbot):
    view = open_waveform(qtbot, get_testdata_file("waveform_ecg.dcm")).waveform_view
    plot = view.plot
    qtbot.mouseClick(view.calipers, Qt.MouseButton.LeftButton)
    assert view.calipers.isChecked()
    box = plot.getViewBox()

    def at(x_mm, y_mm):
        return plot.mapFromScene(box.mapViewToScene(QPointF(x_mm, y_mm)))

    start, end = at(10.0, 15.0), at(30.0, 5.0)  # 20 mm right = 0.8 s, 10 mm up = +1 mV
    widget = plot.viewport()
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(widget, (start + end) / 2)
    qtbot.mouseMove(widget, end)
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=end)
    # the points the mouse could reach: one screen pixel is this many paper mm
    mm = box.mapSceneToView(QPointF(1, 0)).x() - box.mapSceneToView(QPointF(0, 0)).x()
    seconds, mv = view.caliper_values
    assert abs(seconds - 0.8) <= 2 * mm / 25.0 and abs(mv - 1.0) <= 2 * mm / 10.0
    assert view.caliper_text == f"{seconds * 1000:.0f} ms ({60 / seconds:.0f}/min), {mv:.2f} mV"
    assert box.viewRange()[0][0] < 1.0  # the drag measured; it did not pan the paper
