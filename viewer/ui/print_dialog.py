"""File > Print: the displayed image, or every image of the displayed series, on a DICOM printer,
as displayed: the viewport's window, the presentation state applied (without its graphics and
text), rotation, flips and inversion.

The film options start from the printer node's saved defaults; the preview draws the first film
(its shape from film size and orientation, the layout's boxes, the images at the window in use).
Printing runs as a job in Transfers (:meth:`viewer.ui.operations.Operations.print_frames`); the
Status button asks the printer for its status in the background.
"""

from __future__ import annotations

import re
from dataclasses import replace

import numpy as np
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
                               QLabel, QPushButton, QSpinBox, QVBoxLayout)

from viewer.dicom import DicomReadError
from viewer.net import print_film as film
from viewer.net.print_image import PrintImage, ViewTransform, presented_image
from viewer.pipeline.render import render_frame

PREVIEW = 260  # pixels of the preview's long side
_INCHES = re.compile(r"^(\d+(?:_\d)?)INX(\d+)IN$")
_CM = re.compile(r"^(\d+)CMX(\d+)CM$")
_PAPER = {"A4": (210, 297), "A3": (297, 420)}


def film_aspect(size_id: str, orientation: str) -> float:
    """Width / height of a film (1 for an unknown size ID), for the preview."""
    match = _INCHES.match(size_id) or _CM.match(size_id)
    if match:
        width, height = (float(v.replace("_", ".")) for v in match.groups())
    else:
        width, height = _PAPER.get(size_id, (1, 1))
    width, height = sorted((width, height))
    return height / width if orientation == "LANDSCAPE" else width / height


class PrintDialog(QDialog):
    """Choose printer, what and how; ``printRequested(node, frames, options)`` on Print."""

    printRequested = Signal(object, object, object)
    statusRequested = Signal(object)

    def __init__(self, parent, printers, frames, displayed_index: int, window,
                 view=None, presentation=None) -> None:
        super().__init__(parent)
        self.view, self.presentation = view or ViewTransform(), presentation
        self.setWindowTitle(self.tr("Print on film"))
        self.printers, self.frames, self.window_used = list(printers), list(frames), window
        self.displayed_index = displayed_index
        self._thumbs: dict[int, np.ndarray] = {}
        self.printer = QComboBox()
        for node in self.printers:
            self.printer.addItem(f"{node.name} ({node.aet}@{node.host}:{node.port})", node)
        self.what = QComboBox()
        self.what.addItem(self.tr("The displayed image"), "image")
        self.what.addItem(self.tr("All images of the series (%n)", "", len(self.frames)), "series")
        self.layout_box = self._combo([f"{c}x{r}" for r in range(1, film.MAX_ROWS + 1)
                                       for c in range(1, film.MAX_COLUMNS + 1)])
        self.film_size = self._combo(film.FILM_SIZES, editable=True)
        self.orientation = QComboBox()
        self.orientation.addItem(self.tr("Portrait"), "PORTRAIT")
        self.orientation.addItem(self.tr("Landscape"), "LANDSCAPE")
        self.medium = self._combo(film.MEDIUMS)
        self.magnification = self._combo(film.MAGNIFICATIONS)
        self.priority = QComboBox()
        for text, value in ((self.tr("High"), "HIGH"), (self.tr("Medium"), "MED"),
                            (self.tr("Low"), "LOW")):
            self.priority.addItem(text, value)
        self.border = self._combo(film.DENSITIES)
        self.empty = self._combo(film.DENSITIES)
        self.bits = QComboBox()
        self.bits.addItem(self.tr("8 bits"), 8)
        self.bits.addItem(self.tr("12 bits"), 12)
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.preview = QLabel()
        self.preview.setMinimumSize(PREVIEW + 10, PREVIEW + 10)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.print_button = self.buttons.addButton(self.tr("Print"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.status_button = QPushButton(self.tr("Printer status"))
        self.buttons.accepted.connect(self._print)
        self.buttons.rejected.connect(self.reject)
        self.status_button.clicked.connect(lambda: self.statusRequested.emit(self.node()))
        self._build()
        self.printer.currentIndexChanged.connect(self._load_defaults)
        for box in (self.what, self.layout_box, self.film_size, self.orientation):
            box.currentIndexChanged.connect(self.update_preview)
        self._load_defaults()

    @staticmethod
    def _combo(values, editable: bool = False) -> QComboBox:
        box = QComboBox()
        box.addItems(list(values))
        box.setEditable(editable)
        return box

    def _build(self) -> None:
        form = QFormLayout()
        for label, widget in ((self.tr("Printer:"), self.printer), (self.tr("Print:"), self.what),
                              (self.tr("Layout (columns x rows):"), self.layout_box),
                              (self.tr("Film size:"), self.film_size),
                              (self.tr("Orientation:"), self.orientation),
                              (self.tr("Medium:"), self.medium),
                              (self.tr("Magnification:"), self.magnification),
                              (self.tr("Copies:"), self.copies),
                              (self.tr("Priority:"), self.priority),
                              (self.tr("Border density:"), self.border),
                              (self.tr("Empty image density:"), self.empty),
                              (self.tr("Bits per pixel:"), self.bits)):
            form.addRow(label, widget)
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.preview)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_button)
        bottom.addWidget(self.buttons, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addLayout(bottom)

    def node(self):
        return self.printer.currentData()

    def _load_defaults(self) -> None:
        options = getattr(self.node(), "film", None) or film.FilmOptions()
        self.layout_box.setCurrentText(f"{options.layout[0]}x{options.layout[1]}")
        self.film_size.setCurrentText(options.film_size)
        for box, value in ((self.orientation, options.orientation), (self.priority, options.priority),
                           (self.bits, options.bits)):
            box.setCurrentIndex(max(0, box.findData(value)))
        for box, value in ((self.medium, options.medium), (self.magnification, options.magnification),
                           (self.border, options.border_density), (self.empty, options.empty_density)):
            if box.findText(value) < 0:
                box.addItem(value)
            box.setCurrentText(value)
        self.copies.setValue(options.copies)
        self.update_preview()

    def options(self) -> film.FilmOptions:
        """The chosen film options, checked (FilmError with the reason)."""
        base = getattr(self.node(), "film", None) or film.FilmOptions()
        return replace(base, layout=film.parse_layout(self.layout_box.currentText()),
                       film_size=self.film_size.currentText(),
                       orientation=self.orientation.currentData(), medium=self.medium.currentText(),
                       magnification=self.magnification.currentText(),
                       copies=self.copies.value(), priority=self.priority.currentData(),
                       border_density=self.border.currentText(),
                       empty_density=self.empty.currentText(), bits=self.bits.currentData()).checked()

    def chosen_frames(self) -> list:
        if self.what.currentData() == "image":
            return [self.frames[self.displayed_index]]
        return self.frames

    def _print(self) -> None:
        try:
            options = self.options()
        except film.FilmError as exc:
            self.message.setText(str(exc))
            return
        self.printRequested.emit(self.node(), self.chosen_frames(), options)
        self.accept()

    def show_status(self, text: str) -> None:
        self.message.setText(text)

    # --- preview ------------------------------------------------------------------------------

    def _thumbnail(self, index: int) -> np.ndarray | None:
        frames = self.chosen_frames()
        if index not in self._thumbs:
            ref = frames[index]
            try:
                image = self._render(ref)
            except (ValueError, OSError, DicomReadError):
                return None
            self._thumbs[index] = self.view.apply(image).pixels
        return self._thumbs[index]

    def _render(self, ref) -> PrintImage:
        ps = self.presentation
        if ps is not None and ps.applies_to(ref.instance.sop_instance_uid, ref.frame_index + 1):
            return presented_image(ref.instance, ref.frame_index, ps, window=self.window_used)
        return PrintImage(render_frame(ref.instance.ds, ref.instance.frame(ref.frame_index),
                                       frame_index=ref.frame_index, window=self.window_used), "")

    def update_preview(self) -> None:
        try:
            columns, rows = film.parse_layout(self.layout_box.currentText())
        except film.FilmError:
            return
        self._thumbs.clear()
        aspect = film_aspect(self.film_size.currentText().strip().upper(),
                             self.orientation.currentData())
        width, height = (PREVIEW, round(PREVIEW / aspect)) if aspect >= 1 else \
            (round(PREVIEW * aspect), PREVIEW)
        pixmap = QPixmap(width, height)
        pixmap.fill(QColor("black"))
        painter = QPainter(pixmap)
        painter.setPen(QColor(90, 90, 90))
        cell_w, cell_h = width / columns, height / rows
        count = min(columns * rows, len(self.chosen_frames()))
        for index in range(columns * rows):
            cell = QRectF((index % columns) * cell_w, (index // columns) * cell_h, cell_w, cell_h)
            painter.drawRect(cell.adjusted(1, 1, -1, -1))
            image = self._thumbnail(index) if index < count else None
            if image is not None:
                self._draw(painter, cell.adjusted(2, 2, -2, -2), image)
        painter.end()
        self.preview.setPixmap(pixmap)
        films = -(-len(self.chosen_frames()) // (columns * rows))
        self.message.setText(self.tr("%n film(s)", "", films))

    @staticmethod
    def _draw(painter: QPainter, cell: QRectF, image: np.ndarray) -> None:
        fmt = QImage.Format.Format_RGB888 if image.ndim == 3 else QImage.Format.Format_Grayscale8
        qimage = QImage(image.data, image.shape[1], image.shape[0], image.strides[0], fmt)
        scale = min(cell.width() / image.shape[1], cell.height() / image.shape[0])
        w, h = image.shape[1] * scale, image.shape[0] * scale
        target = QRectF(cell.center().x() - w / 2, cell.center().y() - h / 2, w, h)
        painter.drawImage(target, qimage)
