"""The series thumbnail strip: one entry per series, dragged into a viewport or double-clicked.

Thumbnails are decoded and rendered (through :func:`viewer.pipeline.render_frame`) in a
QThreadPool worker from the series' middle frame; the GUI thread only scales the result. A
series of objects that are not images gets an icon (:func:`.object_icon.object_icon`) and its
SOP class name; a series holding key images a star with their count
(:meth:`SeriesStrip.set_key_images`).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QMimeData, QObject, QRunnable, QSize, Qt, QThreadPool, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from viewer.dicom import DicomReadError, ObjectKind, Series
from viewer.pipeline import render_frame
from viewer.ui.viewing.object_icon import object_icon, sop_class_name, with_key_badge
from viewer.ui.viewing.report_view import document_icon, document_title, is_document_series
from viewer.ui.viewing.viewport import SERIES_MIME

THUMB = 96
UID_ROLE = Qt.ItemDataRole.UserRole


class _Signals(QObject):
    rendered = Signal(str, object)  # series uid, uint8 frame (or None)


class _ThumbnailJob(QRunnable):
    def __init__(self, uid: str, series: Series, signals: _Signals) -> None:
        super().__init__()
        self.uid, self.series, self.signals = uid, series, signals

    def run(self) -> None:
        frames = self.series.frames
        # a video decodes in order: its first frame, not half the video for a thumbnail
        ref = frames[0] if frames[0].instance.is_video else frames[len(frames) // 2]
        try:
            stored = ref.instance.frame(ref.frame_index)
            image = render_frame(ref.instance.ds, stored, frame_index=ref.frame_index)
        except (DicomReadError, ValueError):
            image = None
        try:
            self.signals.rendered.emit(self.uid, image)
        except RuntimeError:  # the strip is gone
            pass


def to_qimage(image: np.ndarray) -> QImage:
    image = np.ascontiguousarray(image)
    rows, columns = image.shape[:2]
    if image.ndim == 2:
        qimage = QImage(image.data, columns, rows, columns, QImage.Format.Format_Grayscale8)
    else:
        qimage = QImage(image.data, columns, rows, 3 * columns, QImage.Format.Format_RGB888)
    return qimage.copy()


class SeriesStrip(QListWidget):
    """Series list with thumbnails; ``seriesActivated(uid)`` on double-click."""

    seriesActivated = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListWidget.ViewMode.IconMode)
        self.setFlow(QListWidget.Flow.TopToBottom)
        self.setWrapping(False)
        self.setMovement(QListWidget.Movement.Static)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setWordWrap(True)
        self.setSpacing(4)
        self.setFixedWidth(THUMB + 48)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.series: dict[str, Series] = {}
        self._thumbs: dict[str, QPixmap] = {}
        self._keys: dict[str, tuple[int, str]] = {}  # uid -> (key images, KO titles)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _Signals(self)
        self._signals.rendered.connect(self._set_thumbnail)
        self.itemDoubleClicked.connect(lambda item: self.seriesActivated.emit(item.data(UID_ROLE)))

    def clear_series(self) -> None:
        self.clear()
        self.series.clear()
        self._thumbs.clear()
        self._keys.clear()

    def add(self, series: Series, first: bool = False) -> bool:
        """Add *series* (at the top when *first*), or replace the entry with the same UID; True
        when it is new."""
        uid = series.series_instance_uid
        is_new = uid not in self.series
        self.series[uid] = series
        item = self.item_for(uid) or QListWidgetItem()
        item.setData(UID_ROLE, uid)
        item.setText(self.label(series))
        item.setSizeHint(QSize(THUMB + 32, THUMB + 72))
        item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        if is_new:
            self.insertItem(0, item) if first else self.addItem(item)
            if series.frames:
                self._pool.start(_ThumbnailJob(uid, series, self._signals))
            elif is_document_series(series):
                item.setIcon(document_icon(self, series.kind))
            else:
                self._thumbs[uid] = object_icon(series, THUMB)
                self._decorate(uid)
        return is_new

    def remove(self, uid: str) -> None:
        item = self.item_for(uid)
        if item is not None:
            self.takeItem(self.row(item))
        self.series.pop(uid, None)
        self._thumbs.pop(uid, None)
        self._keys.pop(uid, None)

    def label(self, series: Series) -> str:
        number = "" if series.number is None else f"{series.number}: "
        if is_document_series(series):
            title = document_title(series) or series.description or self.tr("Report")
            kind = (self.tr("Key images") if series.kind is ObjectKind.KEY_OBJECT_SELECTION
                    else self.tr("Report"))
            return f"{number}{title}\n{kind}"
        title = str(series.instances[0].ds.get("DocumentTitle", "") or "")  # a PDF's, say
        name = series.description or title or series.modality or self.tr("Series")
        text = f"{number}{name}"
        if not series.frames:
            return text + "\n" + sop_class_name(series)
        text += "\n" + self.tr("%n image(s)", "", len(series.frames))
        count = self._keys.get(series.series_instance_uid, (0, ""))[0]
        if count:
            text += "\n" + self.tr("★ %n key image(s)", "", count)
        return text

    def set_key_images(self, uid: str, count: int, titles: str = "") -> None:
        """Mark series *uid* as holding *count* key images (0: none) selected by KOs *titles*."""
        if self._keys.get(uid, (0, "")) == (count, titles) or uid not in self.series:
            return
        self._keys[uid] = (count, titles)
        item = self.item_for(uid)
        item.setText(self.label(self.series[uid]))
        item.setToolTip(titles)
        self._decorate(uid)

    def key_images(self, uid: str) -> int:
        return self._keys.get(uid, (0, ""))[0]

    def _decorate(self, uid: str) -> None:
        item, pixmap = self.item_for(uid), self._thumbs.get(uid)
        if item is None or pixmap is None:
            return
        count = self.key_images(uid)
        item.setIcon(QIcon(with_key_badge(pixmap, count) if count else pixmap))

    def item_for(self, uid: str) -> QListWidgetItem | None:
        for index in range(self.count()):
            if self.item(index).data(UID_ROLE) == uid:
                return self.item(index)
        return None

    def _set_thumbnail(self, uid: str, image) -> None:
        item = self.item_for(uid)
        if item is None or image is None:
            return
        self._thumbs[uid] = QPixmap.fromImage(to_qimage(image)).scaled(
            THUMB, THUMB, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self._decorate(uid)

    def mimeData(self, items) -> QMimeData:
        mime = QMimeData()
        if items:
            mime.setData(SERIES_MIME, items[0].data(UID_ROLE).encode("utf-8"))
        return mime

    def mimeTypes(self) -> list[str]:
        return [SERIES_MIME]
