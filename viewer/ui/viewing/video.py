"""Video in a viewport (MPEG-2, H.264, HEVC objects; decoded by :mod:`viewer.dicom.video`).

A video is shown like a multi-frame image, with three differences: cine plays at the object's
own rate (Frame Time or Cine Rate); the frame loader decodes forward only - the frame asked for
and a window of frames after it - because a video decodes in order (going back restarts the
decode) and the whole video need not be held in memory; and window/level does not apply (the
frames are RGB), so the W/L tool, Auto window and the presets are disabled with a tooltip
saying why. Decoding stays in the loader's worker thread, never in the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from viewer.viewing import stack

AHEAD = 32  # frames decoded ahead of the one shown (about a second of video)
WINDOW_ACTIONS = ("tool_window", "auto_window")


def no_window_reason() -> str:
    return QCoreApplication.translate(
        "VideoControls", "Window/level does not apply to video: its frames are colour (RGB).")


class VideoPlayback:
    """Viewport mixin: forward-only prefetch and the object's frame rate for video series."""

    @property
    def is_video(self) -> bool:
        frames = self.series.frames if self.series is not None else []
        return bool(frames) and getattr(frames[0].instance, "is_video", False)

    def video_rate(self) -> float | None:
        """The frame rate of the video shown (frames/s), or ``None``."""
        return self.series.frames[0].instance.frame_rate if self.is_video else None

    def adopt_video_rate(self) -> None:
        """Play a video at its own rate (the cine speed otherwise stays as the user set it)."""
        rate = self.video_rate()
        if rate is not None:
            self.fps = stack.clamp_fps(rate)

    def video_ahead(self, index: int) -> list:
        """The frames the loader decodes for a video at *index*: it, then the next ones."""
        end = min(index + AHEAD + 1, self.frame_count)
        return [self.series.frames[i] for i in range(index, end)]


def refresh_window_actions(area) -> None:
    """Enable the window/level actions for images, disable them (saying why) for video."""
    video = area.active_viewport.is_video
    for name in WINDOW_ACTIONS:
        action = area.action_map[name]
        if not hasattr(action, "image_tooltip"):
            action.image_tooltip = action.toolTip()
        action.setEnabled(not video)
        action.setToolTip(no_window_reason() if video else action.image_tooltip)
    presets = getattr(area, "presets_button", None)
    if presets is not None:
        presets.setEnabled(not video)
        presets.setToolTip(no_window_reason() if video else "")
    area.fps_box.blockSignals(True)
    area.fps_box.setValue(area.active_viewport.fps)
    area.fps_box.blockSignals(False)
