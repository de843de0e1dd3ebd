"""Images for the image boxes of a film (PS3.3 C.13.5, C.13.6): rendered as displayed.

A grayscale source goes through our rendering pipeline (Modality LUT -> VOI -> Presentation
LUT, :mod:`viewer.pipeline`) at the chosen window, or at its default one (the header's first
window, else its VOI LUT, else its value range). The result is in display polarity, so the
image box always gets MONOCHROME2 with Polarity NORMAL: 8 bits are the viewer's own displayed
values (``floor(255 f)``), 12 bits are ``floor(4095 f)`` of the same composed function f. A
colour source goes to a Basic Color Image Box as RGB when the printer offers colour, otherwise
it is printed as its luminance (ITU-R BT.601 weights). With a presentation state the frame is
rendered as the state shows it (:func:`presented_image`, 8 bits).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom import DicomReadError, read_instance
from viewer.pipeline import compose
from viewer.pipeline.colour import is_colour
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.pipeline.render import MALFORMED, render_frame
from viewer.pipeline.renderer import GrayscaleRenderer
from viewer.pipeline.spatial import transform_array

_LUMA = np.array([0.299, 0.587, 0.114])


@dataclass(frozen=True)
class PrintImage:
    """One image box's content: uint8 H x W (gray), uint16 H x W (12-bit gray) or H x W x 3."""

    pixels: np.ndarray
    source: str  # file name, for messages
    bits: int = 8

    @property
    def colour(self) -> bool:
        return self.pixels.ndim == 3


def render_gray12(ds: Dataset, stored, frame_index: int, window) -> np.ndarray:
    """The displayed function f of one grayscale frame as 12-bit values ``floor(4095 f)``."""
    renderer = GrayscaleRenderer(ds, frame_index, stored=stored, window=window)
    values = compose.evaluate(np.asarray(stored), renderer.params, renderer.voi)  # 0..255
    scaled = np.floor(np.clip(values / 255.0 * 4095.0 + compose.EPSILON, 0, 4095))
    return np.ascontiguousarray(scaled.astype(np.uint16))


def load_print_image(path, *, window: tuple[float, float] | None = None, frame_index: int = 0,
                     bits: int = 8, colour_ok: bool = False) -> PrintImage:
    """Render frame *frame_index* of the file at *path* for printing; DicomReadError/ValueError."""
    return print_image_of(read_instance(path), frame_index, window=window, bits=bits,
                          colour_ok=colour_ok)


def print_image_of(instance, frame_index: int = 0, *, window: tuple[float, float] | None = None,
                   bits: int = 8, colour_ok: bool = False) -> PrintImage:
    """One frame of an opened :class:`viewer.dicom.Instance`, rendered for an image box."""
    source = str(instance.path)
    if not 0 <= frame_index < instance.number_of_frames:
        raise ValueError(f"{source}: frame {frame_index + 1} does not exist")
    stored = instance.frame(frame_index)
    try:
        if is_colour(instance.ds):
            image = PrintImage(render_frame(instance.ds, stored, frame_index=frame_index), source)
            return image if colour_ok else as_gray(image)
        if bits == 12:
            return PrintImage(render_gray12(instance.ds, stored, frame_index, window), source, 12)
        return PrintImage(render_frame(instance.ds, stored, frame_index=frame_index,
                                       window=window), source)
    except MALFORMED as exc:
        raise DicomReadError(source, f"cannot render the image: {exc}") from exc
    except ValueError as exc:
        raise DicomReadError(source, str(exc)) from exc


@dataclass(frozen=True)
class ViewTransform:
    """How the viewer shows an image beyond its window: quarter turns clockwise, then the
    on-screen flips, and inversion (the viewer's Invert)."""

    rotation: int = 0
    flip_h: bool = False
    flip_v: bool = False
    invert: bool = False

    def apply(self, image: PrintImage) -> PrintImage:
        pixels = transform_array(image.pixels, (self.rotation % 4) * 90, self.flip_h)
        if self.flip_v:
            pixels = pixels[::-1]
        if self.invert and not image.colour:
            pixels = (4095 if image.bits == 12 else 255) - pixels
        return PrintImage(np.ascontiguousarray(pixels), image.source, image.bits)


def presented_image(instance, frame_index: int, ps, *,
                    window: tuple[float, float] | None = None) -> PrintImage:
    """One frame as the presentation state *ps* shows it (its modality LUT, VOI or the user's
    *window*, presentation LUT, shutters and overlays; 8 bits, before its rotation/flip, which
    the caller applies with the view), graphics and text left out."""
    source = str(instance.path)
    try:
        applied = AppliedPresentation(ps, instance, frame_index)
        if window is not None:
            applied.set_window(*window)
        image = applied.render_image(instance.frame(frame_index), instance.frame)
    except MALFORMED as exc:
        raise DicomReadError(source, f"cannot apply the presentation state: {exc}") from exc
    except ValueError as exc:
        raise DicomReadError(source, str(exc)) from exc
    return PrintImage(np.ascontiguousarray(image), source)


def as_gray(image: PrintImage) -> PrintImage:
    """A colour image as its luminance (ITU-R BT.601 weights); gray images unchanged."""
    if not image.colour:
        return image
    gray = np.floor(image.pixels.astype(np.float64) @ _LUMA + 0.5)
    return PrintImage(np.ascontiguousarray(gray.astype(np.uint8)), image.source)


def as_rgb(image: PrintImage) -> PrintImage:
    """A gray image as RGB (for a Basic Color Image Box; 12 bits brought to 8)."""
    if image.colour:
        return image
    gray = image.pixels >> 4 if image.bits == 12 else image.pixels
    rgb = np.repeat(gray.astype(np.uint8)[:, :, None], 3, axis=2)
    return PrintImage(np.ascontiguousarray(rgb), image.source)


def image_box_attributes(position: int, image: PrintImage, polarity: str = "NORMAL") -> Dataset:
    """The N-SET Modification List of a Basic Grayscale (or Color) Image Box."""
    pixels = image.pixels
    item = Dataset()
    item.SamplesPerPixel = 3 if image.colour else 1
    item.PhotometricInterpretation = "RGB" if image.colour else "MONOCHROME2"
    if image.colour:
        item.PlanarConfiguration = 0
    item.Rows, item.Columns = int(pixels.shape[0]), int(pixels.shape[1])
    item.PixelAspectRatio = [1, 1]
    item.BitsAllocated = 16 if image.bits == 12 else 8
    item.BitsStored = image.bits
    item.HighBit = image.bits - 1
    item.PixelRepresentation = 0
    data = pixels.astype("<u2") if image.bits == 12 else pixels.astype(np.uint8)
    raw = np.ascontiguousarray(data).tobytes()
    item.PixelData = raw + (b"\0" if len(raw) % 2 else b"")
    item["PixelData"].VR = "OW" if image.bits == 12 else "OB"
    ds = Dataset()
    ds.ImageBoxPosition = position
    if not image.colour:
        ds.Polarity = polarity
    sequence = "BasicColorImageSequence" if image.colour else "BasicGrayscaleImageSequence"
    setattr(ds, sequence, [item])
    return ds
