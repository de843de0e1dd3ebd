"""Decoding one frame straight from a file, at the pixel data offset found when opening it.

``pydicom.pixels.pixel_array(path, index=i)`` re-parses the whole header up to the pixel data on
every call, which for an enhanced multi-frame object with thousands of undefined-length
Per-Frame Functional Groups items (PS3.3 C.7.6.16) costs about as much as opening the file. This
does what ``pixel_array`` does after that parse - the same public decoder API
(``get_decoder(uid).as_array(file, index=i, **as_pixel_options(ds))``) on a file positioned at the
start of the value - with the header and offset kept from opening. Native data: only that
frame's bytes are read; encapsulated data: the item headers, then that frame's fragments
(PS3.5 A.4).
"""

from __future__ import annotations

import os

import numpy as np
from pydicom.dataset import Dataset
from pydicom.pixels import as_pixel_options, get_decoder
from pydicom.uid import UID

from .pixeldata import PixelElement

__all__ = ["FramesInFile"]


class FramesInFile:
    """The frames of the pixel data element at ``element.value_offset`` in the file *path*."""

    def __init__(self, path: str, element: PixelElement, syntax: UID | None) -> None:
        self.path = path
        self.element = element
        self.syntax = syntax
        self._signature = _signature(path)

    def decode(self, header: Dataset, index: int) -> np.ndarray:
        """Frame *index*, decoded with the Image Pixel module values of *header*."""
        if _signature(self.path) != self._signature:
            raise OSError("the file changed since it was opened; open it again")
        decoder = get_decoder(self.syntax)
        options = as_pixel_options(
            header, transfer_syntax_uid=self.syntax, pixel_keyword=self.element.keyword
        )
        if self.element.vr is not None:
            options["pixel_vr"] = self.element.vr
        with open(self.path, "rb") as fh:
            fh.seek(self.element.value_offset)
            return decoder.as_array(fh, index=index, validate=True, **options)[0]


def _signature(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_size, info.st_mtime_ns
