"""Rendering pipeline: pure numpy stages in PS3.4 Annex N order. Qt-free.

Modality LUT (PS3.3 C.11.1) -> VOI LUT (C.11.2) -> Presentation LUT (C.11.4/C.11.6) for
grayscale, composed into one table and truncated once like DCMTK (``floor(255 * f(x))``);
colour and palette frames are reduced to 8-bit RGB. Entry points are re-exported here.
"""

from viewer.pipeline.modality import modality_values
from viewer.pipeline.render import WindowPreset, describe_windows, render_frame
from viewer.pipeline.renderer import GrayscaleRenderer

__all__ = [
    "GrayscaleRenderer",
    "WindowPreset",
    "describe_windows",
    "modality_values",
    "render_frame",
]
