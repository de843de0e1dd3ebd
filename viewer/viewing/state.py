"""View state of one viewport, Qt-free: window, zoom, pan, rotation/flip, invert, frame.

The Qt viewport (``viewer.ui.viewing.viewport``) is a thin twin: it changes a :class:`ViewState`
through the functions here and then shows it. Coordinates:

- *image* coordinates are pyqtgraph's for a row-major ``ImageItem``: pixel (row r, column c)
  covers ``[c, c+1) x [r, r+1)``; x grows to the right, y downwards.
- *view* coordinates are what the screen shows before zooming: the image scaled by the pixel
  aspect (x by ``aspect``, the column/row spacing ratio), then rotated by quarter turns clockwise
  and flipped (:func:`orientation_matrix`).
- ``zoom`` is screen pixels per view unit, so at ``zoom == 1`` and ``aspect == 1`` one image pixel
  covers one screen pixel ("1:1"); ``zoom is None`` means "fit the viewport".
- ``center`` is the image point shown at the viewport's center (``None``: the image center).

Window drag (PS3.3 C.11.2.1.2 windows are in modality units, e.g. HU): a horizontal drag changes
the width, a vertical drag the center; right/down increase them. Each screen pixel moves them by
``sensitivity = value range / 1024`` (the range of the image's modality values), so a drag across a
typical 1000-pixel viewport sweeps about the whole range whatever the modality.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

ZOOM_LIMITS = (1 / 32, 64.0)
DRAG_STEPS = 1024
MIN_WIDTH = 1.0


@dataclass(frozen=True)
class ViewState:
    """What one viewport shows and how. ``window`` None: each frame's own default window."""

    frame: int = 0
    window: tuple[float, float] | None = None
    preset: str | None = None
    invert: bool = False
    rotation: int = 0  # quarter turns clockwise, 0..3
    flip_h: bool = False  # mirrored left-right on screen (after rotation)
    flip_v: bool = False  # mirrored top-bottom on screen (after rotation)
    zoom: float | None = None
    center: tuple[float, float] | None = None


def window_sensitivity(value_range: float) -> float:
    """Modality units per screen pixel of drag for an image spanning *value_range*."""
    return max(float(value_range), 1.0) / DRAG_STEPS


def drag_window(start: tuple[float, float], dx: float, dy: float, value_range: float):
    """(center, width) after dragging (dx, dy) screen pixels from the *start* window.

    Right (dx > 0) widens, down (dy > 0) raises the center; width never drops below 1.
    """
    step = window_sensitivity(value_range)
    center, width = start
    return center + dy * step, max(MIN_WIDTH, width + dx * step)


def set_window(state: ViewState, center: float, width: float, preset: str | None = None):
    return replace(state, window=(float(center), max(MIN_WIDTH, float(width))), preset=preset)


def reset_window(state: ViewState) -> ViewState:
    """Back to each frame's own (header or min-max) window."""
    return replace(state, window=None, preset=None)


def rotate(state: ViewState, quarter_turns: int) -> ViewState:
    """Rotate clockwise on screen (composed after the current rotation/flip)."""
    matrix = _rotation(quarter_turns) @ orientation_matrix(state)
    return _from_matrix(state, matrix)


def flip(state: ViewState, horizontal: bool) -> ViewState:
    """Mirror on screen, left-right (*horizontal*) or top-bottom."""
    mirror = np.diag([-1, 1]) if horizontal else np.diag([1, -1])
    return _from_matrix(state, mirror @ orientation_matrix(state))


def _rotation(quarter_turns: int) -> np.ndarray:
    # y points down, so a clockwise turn on screen maps (x, y) to (-y, x).
    matrix = np.eye(2, dtype=int)
    for _ in range(quarter_turns % 4):
        matrix = np.array([[0, -1], [1, 0]]) @ matrix
    return matrix


def orientation_matrix(state: ViewState) -> np.ndarray:
    """2x2 integer matrix taking (x, y) in the aspect-corrected image to view coordinates."""
    mirror = np.diag([-1 if state.flip_h else 1, -1 if state.flip_v else 1])
    return mirror @ _rotation(state.rotation)


def _from_matrix(state: ViewState, matrix: np.ndarray) -> ViewState:
    """The (rotation, flip_h) with flip_v False giving *matrix* (any of the 8 is reachable)."""
    for rotation in range(4):
        for flip_h in (False, True):
            candidate = replace(state, rotation=rotation, flip_h=flip_h, flip_v=False)
            if np.array_equal(orientation_matrix(candidate), matrix):
                return candidate
    raise ValueError(f"not a rotation/flip: {matrix.tolist()}")


def zoom_by(state: ViewState, factor: float, current_zoom: float) -> ViewState:
    """Multiply the zoom (starting from *current_zoom* when fitting), within ZOOM_LIMITS."""
    zoom = min(max(current_zoom * factor, ZOOM_LIMITS[0]), ZOOM_LIMITS[1])
    return replace(state, zoom=zoom)


def fit(state: ViewState) -> ViewState:
    return replace(state, zoom=None, center=None)


def actual_size(state: ViewState) -> ViewState:
    """One image pixel per screen pixel (vertically, and horizontally for square pixels)."""
    return replace(state, zoom=1.0)


def fit_zoom(view_size: tuple[float, float], screen_size: tuple[float, float]) -> float:
    """Largest zoom showing a *view_size* (width, height) box inside *screen_size*."""
    (vw, vh), (sw, sh) = view_size, screen_size
    if vw <= 0 or vh <= 0 or sw <= 0 or sh <= 0:
        return 1.0
    return min(sw / vw, sh / vh)


def pan_by(state: ViewState, center: tuple[float, float], dx: float, dy: float, aspect: float,
           zoom: float) -> ViewState:
    """Move the image with the mouse by (dx, dy) screen pixels; *center* is the current one."""
    inverse = np.linalg.inv(orientation_matrix(state))
    ux, uy = inverse @ np.array([dx, dy], dtype=float) / zoom
    return replace(state, center=(center[0] - ux / aspect, center[1] - uy))


def auto_window(values: np.ndarray, low: float = 1.0, high: float = 99.0):
    """(center, width) spanning the *low*..*high* percentiles of modality *values*."""
    finite = np.asarray(values, dtype=np.float64)
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        return None
    lo, hi = np.percentile(finite, [low, high])
    if hi <= lo:
        lo, hi = float(finite.min()), float(finite.max())
    width = max(MIN_WIDTH, hi - lo + 1)
    return (lo + hi + 1) / 2, width
