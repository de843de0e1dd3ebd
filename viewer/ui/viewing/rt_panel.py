"""The ROI list of an RT Structure Set, shown in a viewport in place of the tag browser.

Its header names the set (label, name, date); below, one checkable line per ROI in its display
colour ("name (interpreted type): n contours"); unchecking an ROI hides its contours on every
image shown (:mod:`.rt_controls` draws them); double-clicking one shows the first slice it is
drawn on. What could not be read (an ROI reference the set
does not define, empty contour data, ...) is listed in red; whether the contours found images
to lie on is said in :attr:`StructureSetPanel.note`. The set is read in a worker thread (a
clinical set holds up to millions of coordinates); ``structureSetRead`` says when it is there.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from viewer.dicom.rt_struct import StructureSet, read_structure_set
from viewer.ui import formatting
from viewer.ui.viewing.placeholders import fill

ROI_ROLE = Qt.ItemDataRole.UserRole


def colour_icon(rgb: tuple[int, int, int], size: int = 14) -> QIcon:
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(*rgb))
    return QIcon(pixmap)


class _Signals(QObject):
    read = Signal(object, object)  # series, StructureSet or the reason it could not be read


class _ReadJob(QRunnable):
    def __init__(self, series, signals: _Signals) -> None:
        super().__init__()
        self.series, self.signals = series, signals

    def run(self) -> None:
        try:
            found = read_structure_set(self.series.instances[0].ds)
        except Exception as exc:  # noqa: BLE001 - e.g. a deferred value in a truncated file
            found = str(exc) or type(exc).__name__
        try:
            self.signals.read.emit(self.series, found)
        except RuntimeError:  # the panel is gone
            pass


class StructureSetPanel(QWidget):
    structureSetRead = Signal()
    roisToggled = Signal()
    roiActivated = Signal(int)  # ROI Number: double-clicked (or Enter), to go to its contours

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("structureSetPanel")
        self.title = QLabel(self)
        self.title.setStyleSheet("color: #ebebeb;")
        self.title.setWordWrap(True)
        self.note = QLabel(self)
        self.note.setStyleSheet("color: #f0c040;")
        self.note.setWordWrap(True)
        self.problems = QLabel(self)
        self.problems.setStyleSheet("color: #ff7070;")
        self.problems.setWordWrap(True)
        self.problems.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.roi_list = QListWidget(self)
        self.roi_list.itemChanged.connect(lambda _item: self.roisToggled.emit())
        self.roi_list.itemActivated.connect(lambda item: self.roiActivated.emit(item.data(ROI_ROLE)))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.title, self.note, self.problems):
            layout.addWidget(widget)
        layout.addWidget(self.roi_list, 1)
        self.structure_set: StructureSet | None = None
        self.series = None
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.read.connect(self._read)

    def show_series(self, series) -> None:
        """Read the series' first structure set (in a worker), then list its ROIs."""
        self.series, self.structure_set = series, None
        self.title.setText(escape(self.tr("Reading the structure set…")))
        for label in (self.problems, self.note):
            label.setVisible(False)
        self.roi_list.clear()
        self._pool.start(_ReadJob(series, self._signals))

    def _read(self, series, found) -> None:
        if series is not self.series:  # another series was shown meanwhile
            return
        if isinstance(found, str):
            self.title.setText(escape(fill(self.tr("The structure set cannot be read: %1"),
                                           found)))
            return
        self._list(found)
        self.structureSetRead.emit()

    def _list(self, found: StructureSet) -> None:
        self.structure_set = found
        name = " — ".join(x for x in (found.label, found.name) if x) or self.tr("Structure set")
        date = formatting.dicom_date(found.date)
        rois = self.tr("%n ROI(s)", "", len(found.rois))
        self.title.setText(f"<b>{escape(name)}</b> {escape(date)} · {escape(rois)}")
        self.problems.setText("<br/>".join(escape(p) for p in found.problems))
        self.problems.setVisible(bool(found.problems))
        self.set_note("")
        self.roi_list.blockSignals(True)
        self.roi_list.clear()
        for roi in found.rois:
            text = roi.name + (f" ({roi.interpreted_type})" if roi.interpreted_type else "")
            text = fill(self.tr("%1: %2"), text,
                        self.tr("%n contour(s)", "", len(roi.contours)))
            item = QListWidgetItem(colour_icon(roi.colour), text, self.roi_list)
            item.setData(ROI_ROLE, roi.number)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
        self.roi_list.blockSignals(False)

    def hidden(self) -> frozenset[int]:
        """The numbers of the ROIs switched off."""
        return frozenset(self.roi_list.item(i).data(ROI_ROLE) for i in range(self.roi_list.count())
                         if self.roi_list.item(i).checkState() != Qt.CheckState.Checked)

    def set_roi_visible(self, number: int, visible: bool) -> None:
        for i in range(self.roi_list.count()):
            item = self.roi_list.item(i)
            if item.data(ROI_ROLE) == number:
                item.setCheckState(Qt.CheckState.Checked if visible else Qt.CheckState.Unchecked)

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))
