"""A waveform (12-lead ECG, hemodynamic, ...) drawn on ECG paper with pyqtgraph.

The paper has a 1 mm grid with every fifth line bolder; the layout and the scale come from
:mod:`viewer.viewing.ecg_layout` (25 mm/s and 10 mm/mV unless chosen otherwise). A combo box
picks the multiplex group (e.g. RHYTHM, MEDIAN BEAT); the wheel and drag zoom and pan the paper
with millimetres kept square; with Calipers on, a drag measures time, rate and amplitude.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QToolButton, QVBoxLayout, QWidget

from viewer.dicom.waveform import MultiplexGroup, WaveformAnnotation
from viewer.ui.viewing.gsps_controls import ListKeys
from viewer.viewing.ecg_layout import (MM_PER_MILLIVOLT, MM_PER_SECOND, ROW_HEIGHT, Trace,
                                       caliper, ecg_layout, mark_positions, trace_points)

PAPER = "#fff6f4"
MINOR = "#f6c9c4"
MAJOR = "#e2817a"
INK = "#101010"
CALIPER = "#0a8a3a"
MARK = "#1f5fbf"  # annotated sample positions (P onset, QRS offset, ...)
SPEEDS = (12.5, 25.0, 50.0)  # mm/s
GAINS = (5.0, 10.0, 20.0)  # mm/mV


class WaveformView(QWidget):
    """Every multiplex group of one waveform object, one group shown at a time."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("waveformView")
        self.groups: list[MultiplexGroup] = []
        self.annotations: list[WaveformAnnotation] = []
        self.marks = np.empty((0, 2))  # (x, baseline) in mm of each drawn position mark
        self.traces: list[Trace] = []
        self.curves: list[pg.PlotDataItem] = []
        self.labels: list[pg.TextItem] = []
        self.speed, self.gain = MM_PER_SECOND, MM_PER_MILLIVOLT
        self.group_box = QComboBox(self)
        self.group_box.currentIndexChanged.connect(lambda *_: self.draw())
        self.speed_box = self._choice(SPEEDS, MM_PER_SECOND, self.tr("%1 mm/s"))
        self.gain_box = self._choice(GAINS, MM_PER_MILLIVOLT, self.tr("%1 mm/mV"))
        self.caption = QLabel(self)
        self.caption.setStyleSheet("color: #ebebeb;")  # on the viewport's black
        self.notes = QLabel(self)  # free text and measurements of the annotations
        self.notes.setWordWrap(True)
        self.notes.setStyleSheet("color: #ebebeb;")
        self.calipers = QToolButton(self)
        self.calipers.setText(self.tr("Calipers"))
        self.calipers.setCheckable(True)
        self.calipers.setToolTip(self.tr("Drag on the paper to measure time and amplitude"))
        self.caliper_values: tuple[float, float] | None = None  # (seconds, mV)
        self.caliper_text = ""
        self._caliper_items = ()
        self.plot = pg.PlotWidget(self, background=PAPER, viewBox=PaperBox(self))
        for axis in ("left", "bottom"):
            self.plot.hideAxis(axis)
        self.plot.setMenuEnabled(False)
        # peak downsampling keeps every QRS spike when a pixel covers many samples
        self.plot.setDownsampling(auto=True, mode="peak")
        self.plot.setClipToView(True)
        self.plot.getViewBox().invertY(True)
        self.plot.getViewBox().setAspectLocked(True)
        bar = QHBoxLayout()
        self.keys = ListKeys(self)  # arrows choose in a box, not scroll the viewer
        for widget in (self.group_box, self.speed_box, self.gain_box):
            widget.installEventFilter(self.keys)
            bar.addWidget(widget)
        bar.addWidget(self.calipers)
        bar.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.notes)
        layout.addWidget(self.plot, 1)

    def _choice(self, values, default: float, text: str) -> QComboBox:
        box = QComboBox(self)
        for value in values:
            box.addItem(text.replace("%1", f"{value:g}"), value)
        box.setCurrentIndex(values.index(default))
        box.currentIndexChanged.connect(lambda *_: self._rescale())
        return box

    def _rescale(self) -> None:
        self.speed, self.gain = self.speed_box.currentData(), self.gain_box.currentData()
        self.draw()

    def show_groups(self, groups: list[MultiplexGroup],
                    annotations: list[WaveformAnnotation] = ()) -> None:
        self.groups, self.annotations = groups, list(annotations)
        self.notes.setText(" · ".join(a.text for a in self.annotations
                                      if a.is_measurement_or_text))
        self.notes.setVisible(bool(self.notes.text()))
        self.group_box.blockSignals(True)
        self.group_box.clear()
        for number, group in enumerate(groups, 1):
            self.group_box.addItem(group.label or self.tr("Group %1").replace("%1", str(number)))
        self.group_box.setVisible(len(groups) > 1)
        self.group_box.blockSignals(False)
        self.draw()

    @property
    def group(self) -> MultiplexGroup | None:
        index = self.group_box.currentIndex()
        return self.groups[index] if 0 <= index < len(self.groups) else None

    def draw(self) -> None:
        self.plot.clear()
        self._caliper_items = ()
        group = self.group
        self.traces = [] if group is None else ecg_layout(group, self.speed)
        self.curves, self.labels = [], []
        if group is None:
            return
        width = max(group.duration * self.speed, 1.0)
        height = ROW_HEIGHT * (max(t.baseline for t in self.traces) // ROW_HEIGHT + 1)
        box = self.plot.getViewBox()
        box.disableAutoRange()  # placed once, before the items: none re-fits the view as added
        box.setRange(xRange=(0, width), yRange=(0, height), padding=0.02)
        self._grid(width, height)
        for trace in self.traces:
            x, y = trace_points(group, trace, self.speed, self.gain)
            curve = pg.PlotDataItem(x, y, pen=pg.mkPen(INK, width=1.2))
            self.plot.addItem(curve)
            label = pg.TextItem(trace.label, color=INK, anchor=(0, 1))
            label.setPos(trace.x + 1.0, trace.baseline - ROW_HEIGHT * 0.3)
            self.plot.addItem(label)
            self.curves.append(curve)
            self.labels.append(label)
        self._marks()
        text = self.tr("%1 Hz, %2 s, %3 mm/s, %4 mm/mV")
        for n, value in enumerate((group.sampling_frequency, group.duration, self.speed,
                                   self.gain), 1):
            text = text.replace(f"%{n}", f"{value:g}")
        self.caption.setText(text)

    def measure(self, start, end) -> None:
        """Draw the caliper from *start* to *end* (paper mm) with its time, rate and amplitude."""
        seconds, mv = caliper((start.x(), start.y()), (end.x(), end.y()), self.speed, self.gain)
        self.caliper_values = (seconds, mv)
        text = self.tr("%1 ms (%2/min), %3 mV")
        rate = f"{60 / seconds:.0f}" if seconds > 0 else "-"
        self.caliper_text = (text.replace("%1", f"{seconds * 1000:.0f}").replace("%2", rate)
                             .replace("%3", f"{mv:.2f}"))
        for item in self._caliper_items:
            self.plot.removeItem(item)
        line = pg.PlotCurveItem([start.x(), end.x()], [start.y(), end.y()],
                                pen=pg.mkPen(CALIPER, width=2))
        label = pg.TextItem(self.caliper_text, color=CALIPER, anchor=(0, 1))
        label.setPos(end.x() + 1.0, end.y())
        self._caliper_items = (line, label)
        for item in self._caliper_items:
            self.plot.addItem(item)

    def _marks(self) -> None:
        """A short blue tick under each trace at every annotated sample position it shows."""
        self.marks = mark_positions(self.group, self.traces, self.annotations,
                                    self.group_box.currentIndex() + 1, self.speed)
        if len(self.marks):
            x = np.repeat(self.marks[:, 0], 2)
            y = np.column_stack([self.marks[:, 1] + 0.3 * ROW_HEIGHT,
                                 self.marks[:, 1] + 0.4 * ROW_HEIGHT]).ravel()
            self.plot.addItem(pg.PlotCurveItem(x, y, connect="pairs",
                                               pen=pg.mkPen(MARK, width=1.5)))

    def _grid(self, width: float, height: float) -> None:
        """1 mm lines, every fifth one bolder, over the paper."""
        for step, colour, pen_width in ((1, MINOR, 0.5), (5, MAJOR, 1.0)):
            xs = np.arange(0.0, width + step / 2, step)
            ys = np.arange(0.0, height + step / 2, step)
            x = np.concatenate([np.repeat(xs, 2), np.tile([0.0, width], len(ys))])
            y = np.concatenate([np.tile([0.0, height], len(xs)), np.repeat(ys, 2)])
            self.plot.addItem(pg.PlotCurveItem(x, y, connect="pairs",
                                               pen=pg.mkPen(colour, width=pen_width)))


class PaperBox(pg.ViewBox):
    """The paper: with Calipers on, a left drag measures instead of panning."""

    def __init__(self, view: WaveformView) -> None:
        super().__init__()
        self.view = view

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() == Qt.MouseButton.LeftButton and self.view.calipers.isChecked():
            ev.accept()
            self.view.measure(self.mapSceneToView(ev.buttonDownScenePos()),
                              self.mapSceneToView(ev.scenePos()))
        else:
            super().mouseDragEvent(ev, axis)
