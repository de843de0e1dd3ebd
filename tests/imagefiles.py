"""Reading images back in tests, with decoders independent of our PNG writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np


def read_pnm(path: Path) -> np.ndarray:
    """Read a binary PGM (P5) or PPM (P6) with maxval 255, as DCMTK writes them."""
    data = Path(path).read_bytes()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    pos += 1  # the single whitespace after maxval
    magic, width, height, maxval = fields[0], int(fields[1]), int(fields[2]), int(fields[3])
    assert maxval == 255, f"{path}: maxval {maxval}"
    channels = {b"P5": 1, b"P6": 3}[magic]
    pixels = np.frombuffer(data, np.uint8, count=width * height * channels, offset=pos)
    return pixels.reshape((height, width, channels) if channels == 3 else (height, width))


def read_png_with_qt(path: Path) -> np.ndarray:
    """Decode a PNG with Qt's decoder (independent of viewer.export's encoder)."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"Qt cannot read {path}"
    gray = image.format() in (QImage.Format.Format_Grayscale8, QImage.Format.Format_Indexed8) \
        and image.isGrayscale()
    image = image.convertToFormat(QImage.Format.Format_Grayscale8 if gray else QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), np.uint8, count=stride * height).reshape(height, stride)
    channels = 1 if gray else 3
    pixels = buffer[:, : width * channels].copy()
    return pixels if gray else pixels.reshape(height, width, 3)
