"""A real MPEG-2 video (ffmpeg-encoded program stream, Video Photographic Image Storage,
transfer syntax 1.2.840.10008.1.2.4.100), dropped on the window: imported, opened, and its
frames painted - the first one equal to ffmpeg's own decode at grid points of the canvas, End
shows the last frame; cine plays at the object's frame rate (Frame Time 40 ms: 25 fps), and the
window/level tools are disabled with a tooltip saying why."""

import subprocess

import numpy as np
from pydicom import dcmread
from pydicom.encaps import generate_fragments
from PySide6.QtCore import Qt

from required_tools import require
from ui.mpeg2_video import FRAMES, HEIGHT, RATE, WIDTH, write_mpeg2_video
from ui.painted import assert_painted
from ui.real_input import press
from ui.test_main_dnd import drop, mime_of


def ffmpeg_frames(path, work) -> np.ndarray:
    """The video's frames as the ffmpeg command decodes them (rgb24): the independent oracle."""
    stream = work / "stream.mpg"
    stream.write_bytes(b"".join(generate_fragments(dcmread(path).PixelData)))
    raw = subprocess.run([require("ffmpeg"), "-nostdin", "-loglevel", "error", "-i", str(stream),
                          "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                         check=True, capture_output=True, timeout=120).stdout
    return np.frombuffer(raw, np.uint8).reshape(-1, HEIGHT, WIDTH, 3)


def test_a_dropped_mpeg2_video_plays_in_the_viewport(qtbot, ui, tmp_path, main_env, make_window):
    path = write_mpeg2_video(tmp_path / "video.dcm")
    expected = ffmpeg_frames(path, tmp_path)
    assert len(expected) == FRAMES
    window = make_window()
    assert drop(window, mime_of([path]))
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed, job.failed) == ("done", 1, 0), job.detail
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.ref is not None, timeout=30000)
    assert viewport.is_video and viewport.ref.frame_index == 0
    assert viewport.canvas.message == ""
    assert f"Im: 1/{FRAMES}" in viewport.annotation_text()
    qtbot.mouseClick(viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_T)  # corner text off: it would cover samples
    assert_painted(viewport, expected[0])

    # window/level does not apply: its tools are disabled and say why
    actions = window.viewer.action_map
    for name in ("tool_window", "auto_window"):
        assert not actions[name].isEnabled()
        assert "does not apply to video" in actions[name].toolTip()
    assert not window.viewer.presets_button.isEnabled()

    press(qtbot, window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: viewport.ref is not None
                    and viewport.ref.frame_index == FRAMES - 1, timeout=30000)
    assert_painted(viewport, expected[-1])
    press(qtbot, window, Qt.Key.Key_Home)  # seeking back re-decodes from the start
    qtbot.waitUntil(lambda: viewport.ref is not None and viewport.ref.frame_index == 0,
                    timeout=30000)
    assert_painted(viewport, expected[0])

    # cine at the object's rate (Frame Time 40 ms), advancing through the frames
    assert viewport.fps == RATE and window.viewer.fps_box.value() == RATE
    viewport.play()
    assert viewport.cine.interval() == 1000 // RATE
    seen = set()
    qtbot.waitUntil(lambda: seen.add(viewport.ref.frame_index) or len(seen) >= FRAMES // 2,
                    timeout=30000)
    viewport.stop_cine()
