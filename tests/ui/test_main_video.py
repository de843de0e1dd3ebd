"""A real MPEG-2 video (ffmpeg-encoded, Video Photographic Image Storage, transfer syntax
1.2.840.10008.1.2.4.100), dropped on the window: imported, opened, and the viewport says in its
middle - painted, not only in a property - that this transfer syntax cannot be shown, instead of
staying black; the status bar says it too."""

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.mpeg2_video import write_mpeg2_video
from ui.real_input import press
from ui.test_main_dnd import drop, mime_of

SYNTAX = "MPEG2 Main Profile / Main Level (1.2.840.10008.1.2.4.100)"


def gray_of(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    data = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * image.height())
    return data.reshape(image.height(), image.bytesPerLine())[:, :image.width()]


def test_a_dropped_mpeg2_video_says_its_transfer_syntax_is_not_supported(qtbot, ui, tmp_path,
                                                                         main_env, make_window):
    path = write_mpeg2_video(tmp_path / "video.dcm")
    window = make_window()
    shown = []
    window.statusBar().messageChanged.connect(shown.append)
    assert drop(window, mime_of([path]))
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed, job.failed) == ("done", 1, 0), job.detail
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.canvas.message != "", timeout=30000)
    message = viewport.canvas.message
    assert message.startswith("This image cannot be shown:")
    assert f"transfer syntax {SYNTAX} is not supported" in message, message
    assert viewport.ref is None and viewport.canvas.image_item.image is None
    qtbot.waitUntil(lambda: any(SYNTAX in text for text in shown), timeout=30000)
    corners = viewport.annotation_text()
    assert "Im: 1/12" in corners and "Zoom" not in corners  # no zoom of an image not shown

    # the text is painted in the middle of the otherwise black canvas, annotations on or off
    canvas = viewport.canvas.viewport()
    for annotations in (True, False):
        assert viewport.show_annotations is annotations
        gray = gray_of(canvas.grab().toImage())
        height = gray.shape[0]
        middle, top = gray[height // 3: 2 * height // 3], gray[: height // 4]
        assert (middle > 128).sum() > 500, "no text in the middle of the viewport"
        assert (top > 128).sum() < (middle > 128).sum() / 4  # not an image: black around it
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton)
        press(qtbot, window, Qt.Key.Key_T)
