"""Render resources/icons/dicom-viewer.svg into the PNG sizes desktops ask for.

    python packaging/render_icons.py    # writes resources/icons/dicom-viewer-<N>.png

Qt's SVG renderer does the drawing, so no other tool is needed; run it after editing the SVG
and commit the PNGs (the window icon and the hicolor theme use them).
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"render_icons: {svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (fonts, SVG)
    svg = ICONS / "dicom-viewer.svg"
    for size in SIZES:
        out = ICONS / f"dicom-viewer-{size}.png"
        if not render(svg, size).save(str(out)):
            raise SystemExit(f"render_icons: cannot write {out}")
        print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
