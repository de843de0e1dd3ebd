"""The MPR crosshair, Qt-free: where the three planes cross and how they are turned.

The three planes (axial, coronal, sagittal) stay mutually perpendicular and pass through
``centre``. Moving a plane moves it along its own normal to a point (the centre follows);
turning the crosshair in one view by an angle turns the other two planes about that view's
normal (oblique reformats), the view itself unchanged. Angles are measured in the view's image
coordinates (x right, y down), so a positive angle turns clockwise on an unflipped screen.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from viewer.viewing.crossref import ImagePlane
from viewer.viewing.mpr import PLANES, unit

REACH = 1e5  # mm: a plane drawn as this big a square cuts any image it meets


def rotation(axis, angle: float) -> np.ndarray:
    """3x3 rotation by *angle* radians about unit *axis* (right-handed, Rodrigues)."""
    k = unit(axis)
    cross = np.array([[0, -k[2], k[1]], [k[2], 0, -k[0]], [-k[1], k[0], 0]])
    return np.eye(3) + np.sin(angle) * cross + (1 - np.cos(angle)) * cross @ cross


@dataclass
class MprCursor:
    centre: np.ndarray
    axes: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=lambda: {
        plane: (np.asarray(r, float), np.asarray(d, float)) for plane, (r, d) in PLANES.items()})

    def normal(self, plane: str) -> np.ndarray:
        right, down = self.axes[plane]
        return np.cross(right, down)

    def move_to(self, point, planes) -> None:
        """Move each of *planes* along its normal so that it passes through *point*."""
        point = np.asarray(point, dtype=float)
        for plane in planes:
            n = self.normal(plane)
            self.centre = self.centre + n * float(np.dot(n, point - self.centre))

    def rotate(self, plane: str, angle: float) -> None:
        """Turn the two other planes about *plane*'s normal by *angle* radians."""
        turn = rotation(self.normal(plane), angle)
        for other in self.axes:
            if other != plane:
                right, down = self.axes[other]
                self.axes[other] = (turn @ right, turn @ down)

    def image_plane(self, plane: str) -> ImagePlane:
        """*plane* as a huge image centred on the crosshair (for reference lines)."""
        right, down = self.axes[plane]
        corner = self.centre - REACH / 2 * (right + down)
        return ImagePlane(corner, right, down, (1.0, 1.0), int(REACH), int(REACH))


def image_angle(centre_pixel, point) -> float:
    """Angle of *point* about *centre_pixel* in image coordinates (radians)."""
    return float(np.arctan2(point[1] - centre_pixel[1], point[0] - centre_pixel[0]))
