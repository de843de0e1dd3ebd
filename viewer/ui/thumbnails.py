"""Series thumbnails: the middle image of a series rendered by the pipeline, made small in a
worker; the GUI thread only wraps the bytes into a QPixmap."""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtGui import QImage, QPixmap

LOG = logging.getLogger(__name__)
SIZE = 72


def thumbnail_array(archive, series_uid: str, size: int = SIZE) -> np.ndarray | None:
    """uint8 HxW or HxWx3, at most *size* pixels a side; None when nothing renders."""
    from viewer.dicom import read_instance
    from viewer.export import ExportOptions, render_instance_frame

    images = [i for i in archive.list_instances(series_uid) if i.kind == "image"]
    if not images:
        return None
    chosen = images[len(images) // 2]
    try:
        instance = read_instance(chosen.path)
        frame = instance.number_of_frames // 2
        pixels = render_instance_frame(instance, frame, ExportOptions(frame_index=frame))
    except Exception as exc:  # a thumbnail is a nicety: an unreadable file just has none
        LOG.warning("no thumbnail for series %s: %s: %s", series_uid, chosen.path, exc)
        return None
    step = max(1, int(np.ceil(max(pixels.shape[:2]) / size)))
    return np.ascontiguousarray(pixels[::step, ::step])


def series_thumbnails(archive, series_uids, *, cancel):
    """Worker: yields (series UID, array or None)."""
    for uid in series_uids:
        if cancel.is_set():
            return
        yield uid, thumbnail_array(archive, uid)


def to_pixmap(pixels: np.ndarray | None) -> QPixmap:
    if pixels is None:
        return QPixmap()
    height, width = pixels.shape[:2]
    if pixels.ndim == 2:
        image = QImage(pixels.data, width, height, width, QImage.Format.Format_Grayscale8)
    else:
        image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return QPixmap.fromImage(image.copy())
