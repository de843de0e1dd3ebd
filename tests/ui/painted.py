"""What a viewport really painted: its canvas grabbed as an image and sampled on a grid of
screen points, each compared with the expected frame's pixel that the view shows there.

The image point under a screen pixel's centre comes from the canvas's view transform (the
pyqtgraph ViewBox's) and the ImageItem's mapping from the scene; points near an image pixel's
edge are skipped so the comparison can be exact. Corner annotations are hidden (``T``) by the
callers, so the text does not cover the samples.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

GRID = 24  # 24 x 24 screen points across the canvas, each cell's at a random place
EDGE = 0.2  # skip samples within this fraction of an image pixel's edge


def image_point(viewport, x: int, y: int) -> tuple[float, float]:
    """(column, row) in image pixels shown at the centre of canvas pixel (x, y)."""
    canvas = viewport.canvas
    scene = canvas.viewportTransform().inverted()[0].map(QPointF(x + 0.5, y + 0.5))
    at = canvas.image_item.mapFromScene(scene)
    return at.x(), at.y()


def samples(viewport, expected: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, row, column): canvas points on the grid that show the inside of an image pixel."""
    widget = viewport.canvas.viewport()
    width, height = widget.width(), widget.height()
    rows, columns = expected.shape[:2]
    jitter = np.random.default_rng(0).uniform(0.05, 0.95, (GRID, GRID, 2))  # no aliasing
    found = []
    for i in range(GRID):
        for j in range(GRID):
            x = int((i + jitter[i, j, 0]) * width / GRID)
            y = int((j + jitter[i, j, 1]) * height / GRID)
            column, row = image_point(viewport, x, y)
            if not (0 <= column < columns and 0 <= row < rows):
                continue
            if min(column % 1, 1 - column % 1, row % 1, 1 - row % 1) < EDGE:
                continue
            found.append((x, y, math.floor(row), math.floor(column)))
    return found


def assert_painted(viewport, expected: np.ndarray, *, tolerance: int = 0,
                   minimum: int = 100) -> int:
    """The canvas shows *expected* (H x W gray or H x W x 3 RGB uint8) at every grid sample;
    returns how many points were compared."""
    points = samples(viewport, expected)
    assert len(points) >= minimum, f"only {len(points)} grid points fall inside image pixels"
    grabbed = viewport.canvas.viewport().grab().toImage()
    ratio = grabbed.devicePixelRatio()
    wrong = []
    for x, y, row, column in points:
        colour = QColor(grabbed.pixel(int(x * ratio), int(y * ratio)))
        got = (colour.red(), colour.green(), colour.blue())
        want = expected[row, column]
        want = tuple(int(v) for v in want) if expected.ndim == 3 else (int(want),) * 3
        if max(abs(a - b) for a, b in zip(got, want)) > tolerance:
            wrong.append(((x, y), (row, column), got, want))
    assert not wrong, f"{len(wrong)} of {len(points)} samples differ, e.g. {wrong[:5]}"
    return len(points)
