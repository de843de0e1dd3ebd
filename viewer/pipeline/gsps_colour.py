"""Presentation-state colours: 16-bit P-values and CIELab values to 8-bit output. Qt-free.

- Recommended Display Grayscale Value, Shutter Presentation Value (PS3.3 C.10.7.1.1,
  C.7.6.11): a P-value on 0..0xFFFF, brought to 8 bits by its top 8 bits like every other
  16-bit output of the pipeline (0xFFFF -> 255, 0x8000 -> 128).
- Recommended Display CIELab Value, Shutter Presentation Color CIELab Value (PS3.3 C.10.7.1.1):
  L* 0..100 encoded 0..0xFFFF, a* and b* -128..127 encoded 0..0xFFFF (0x8080 is 0). Converted
  to sRGB with the D65 white point (CIE 15); on grayscale output L* is taken as a perceptually
  linear P-value, ``255 * L* / 100``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["cielab_to_gray", "cielab_to_rgb", "decode_cielab", "pvalue_to_gray"]

D65 = (0.95047, 1.0, 1.08883)


def pvalue_to_gray(value: int) -> int:
    """A 16-bit P-value as an 8-bit gray level (its top 8 bits)."""
    return (int(value) & 0xFFFF) >> 8


def decode_cielab(lab16) -> tuple[float, float, float]:
    """Encoded (L*, a*, b*) -> L* in 0..100, a*, b* in -128..127."""
    encoded_l, encoded_a, encoded_b = (int(v) & 0xFFFF for v in lab16)
    return (encoded_l * 100.0 / 0xFFFF, encoded_a * 255.0 / 0xFFFF - 128.0,
            encoded_b * 255.0 / 0xFFFF - 128.0)


def cielab_to_gray(lab16) -> int:
    """An encoded CIELab value as an 8-bit gray level from its lightness."""
    lightness = decode_cielab(lab16)[0]
    return int(np.floor(255.0 * lightness / 100.0 + 1e-9))


def _finv(t: float) -> float:
    return t ** 3 if t > 6.0 / 29.0 else 3.0 * (6.0 / 29.0) ** 2 * (t - 4.0 / 29.0)


def _gamma(u: float) -> float:
    u = min(max(u, 0.0), 1.0)
    return 12.92 * u if u <= 0.0031308 else 1.055 * u ** (1 / 2.4) - 0.055


def cielab_to_rgb(lab16) -> tuple[int, int, int]:
    """An encoded CIELab value as 8-bit sRGB (D65), rounded to nearest."""
    lightness, a, b = decode_cielab(lab16)
    fy = (lightness + 16.0) / 116.0
    x, y, z = (w * _finv(f) for w, f in zip(D65, (fy + a / 500.0, fy, fy - b / 200.0)))
    linear = (3.2406 * x - 1.5372 * y - 0.4986 * z,
              -0.9689 * x + 1.8758 * y + 0.0415 * z,
              0.0557 * x - 0.2040 * y + 1.0570 * z)
    return tuple(int(round(255 * _gamma(u))) for u in linear)
