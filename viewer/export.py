"""Headless export: the exact pixels the viewer shows, written as PNG.

Used by ``dicom-viewer export`` (``--pr`` applies a presentation state) and by the GUI's export
action. Qt-free: the PNG encoder below is the few lines of PNG (ISO/IEC 15948) that an 8-bit
gray or RGB image needs, so a headless machine needs no GUI library to export.

A presentation state (Grayscale, Color, Pseudo-Color or Blending) is rendered by the numpy
pipeline (:class:`viewer.pipeline.gsps_presentation.AppliedPresentation`: grayscale or colour
stages, shutters, overlays, spatial transformation, displayed area; a Blending state's
superimposed images are found by :func:`superimposed_source`);
its graphics and text are then rasterised by a :class:`Painter` the caller passes in (the CLI
and the GUI pass :func:`viewer.ui.annotations_paint.paint_primitives`, QPainter on a QImage,
because numpy has no text renderer). Frames the state does not reference are rendered without it.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from viewer.dicom import DicomReadError, read_instance
from viewer.dicom.loader import open_paths
from viewer.dicom.gsps import PresentationState, read_presentation_state
from viewer.pipeline.displayed_area import display_layout, resample
from viewer.pipeline.gsps_graphics import Primitive
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.pipeline.render import render_frame
from viewer.pipeline.spatial import SpatialTransform
from viewer.store.layout import write_atomically


class Painter(Protocol):
    """Draws *primitives* over a uint8 H x W (gray) or H x W x 3 (RGB) frame; returns a new
    array of the same shape."""

    def __call__(self, image: np.ndarray, primitives: Sequence[Primitive]) -> np.ndarray: ...


@dataclass(frozen=True)
class ExportOptions:
    """How to render: 0-based frame (None with all_frames), window and VOI choices."""

    frame_index: int = 0
    all_frames: bool = False
    window: tuple[float, float] | None = None
    window_index: int = 0
    voi_function: str | None = None
    presentation_state: Path | None = None  # a presentation state file to apply
    superimposed: tuple[Path, ...] = ()  # where a Blending state's superimposed images are
    size: tuple[int, int] | None = None  # output (width, height): scaled to fit, centred


def png_bytes(image: np.ndarray) -> bytes:
    """Encode a uint8 HxW (gray) or HxWx3 (RGB) array as a non-interlaced PNG."""
    if image.dtype != np.uint8 or image.ndim not in (2, 3) or (image.ndim == 3 and image.shape[2] != 3):
        raise ValueError(f"cannot write a {image.dtype} array of shape {image.shape} as PNG")
    height, width = image.shape[:2]
    colour_type = 0 if image.ndim == 2 else 2
    rows = image.reshape(height, -1)
    raw = np.empty((height, rows.shape[1] + 1), dtype=np.uint8)
    raw[:, 0] = 0  # filter type None for every scanline
    raw[:, 1:] = rows

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + chunk(b"IEND", b""))


def write_png(path: Path, image: np.ndarray) -> None:
    """Write *image* to *path* (temporary file then rename: never a half-written PNG)."""
    write_atomically(Path(path), png_bytes(image))


def frame_output_path(out: Path, frame_number: int) -> Path:
    """``OUT.png`` -> ``OUT-0001.png`` for frame 1 of an --all-frames export."""
    out = Path(out)
    return out.with_name(f"{out.stem}-{frame_number:04d}{out.suffix or '.png'}")


def parse_size(text: str) -> tuple[int, int]:
    """``"WxH"`` -> (width, height), both at least 1; ValueError otherwise."""
    try:
        width, height = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise ValueError(f"size must be WIDTHxHEIGHT, e.g. 512x512, not {text!r}") from None
    if width < 1 or height < 1 or width * height > 1 << 28:
        raise ValueError(f"size {text} is out of range")
    return width, height


def fit_to_size(image: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """A rendered frame scaled to fit *size* = (width, height), centred, black around."""
    transform = SpatialTransform(image.shape[1], image.shape[0])
    return resample(image, display_layout(None, transform, viewport=size))


def default_superimposed_paths(image_path: Path) -> list[Path]:
    """Where a Blending state's superimposed images are looked for without ``--superimposed``:
    the files in the folder of *image_path* (not in its subfolders)."""
    folder = Path(image_path).parent
    return sorted(p for p in folder.iterdir() if p.is_file())


def superimposed_source(paths: Sequence[Path]):
    """*source(series_uid)*: the Instances of that series among the files and folders (read
    recursively) *paths*, or None. Headers are read once, when the state first asks; files
    that are not DICOM are passed over."""
    found: dict[str, list] = {}
    read = False

    def source(series_uid: str) -> list | None:
        nonlocal read
        if not read:
            for instance in open_paths(paths).instances:
                found.setdefault(instance.series_instance_uid, []).append(instance)
            read = True
        return found.get(series_uid)

    return source


def load_presentation_state(path) -> PresentationState:
    """Read a presentation state file; DicomReadError when it is not readable or not one of
    the kinds the viewer applies."""
    instance = read_instance(path)
    try:
        return read_presentation_state(instance)
    except ValueError as exc:
        raise DicomReadError(str(path), str(exc)) from exc


def render_with_presentation_state(instance, ps: PresentationState, frame_index: int = 0,
                                   size: tuple[int, int] | None = None, *,
                                   painter: Painter | None = None,
                                   superimposed=None) -> np.ndarray:
    """The frame as the state presents it, graphics and text included: uint8 H x W (or
    H x W x 3 when the state uses colour), *size* = (width, height) or the area's.
    *superimposed(series_uid)* gives a Blending state's superimposed Instances.

    *painter* draws the state's graphics and text; a state that has some cannot be rendered
    without one (ValueError), rather than silently exported without its annotations.
    """
    try:
        applied = AppliedPresentation(ps, instance, frame_index, superimposed=superimposed)
        canvas, layout = applied.render(instance.frame(frame_index), size, instance.frame)
        primitives = applied.graphics(layout)
    except (ValueError, TypeError, KeyError, IndexError, DicomReadError) as exc:
        raise DicomReadError(instance.path, f"cannot apply the presentation state: {exc}") from exc
    if not primitives:
        return canvas
    if painter is None:
        raise ValueError("the presentation state has graphics or text, and no painter was given")
    return painter(canvas, primitives)


def render_instance_frame(instance, frame_index: int, options: ExportOptions,
                          presentation: PresentationState | None = None, *,
                          painter: Painter | None = None, superimposed=None) -> np.ndarray:
    """The displayed pixels of one frame: decode lazily, then run the pipeline.

    *presentation* (a parsed GSPS) is applied, graphics drawn by *painter*, when it references
    the frame; *options.size* scales the result to fit that size.
    """
    if presentation is not None and presentation.applies_to(instance.sop_instance_uid,
                                                             frame_index + 1):
        return render_with_presentation_state(instance, presentation, frame_index, options.size,
                                              painter=painter, superimposed=superimposed)
    stored = instance.frame(frame_index)
    try:
        image = render_frame(instance.ds, stored, frame_index=frame_index, window=options.window,
                             window_index=options.window_index, voi_function=options.voi_function)
    except ValueError as exc:
        raise DicomReadError(instance.path, str(exc)) from exc
    return fit_to_size(image, options.size) if options.size else image


def load_presentation(instance, options: ExportOptions) -> PresentationState | None:
    """The presentation state of *options*, checked to reference *instance*; None without
    one."""
    if options.presentation_state is None:
        return None
    presentation = load_presentation_state(options.presentation_state)
    if not presentation.applies_to(instance.sop_instance_uid):
        raise ValueError(f"{options.presentation_state} does not reference {instance.path} "
                         f"(SOP Instance UID {instance.sop_instance_uid})")
    return presentation


def export_file(source: Path, out: Path, options: ExportOptions, *,
                painter: Painter | None = None) -> list[Path]:
    """Render *source* and write PNG(s); return the paths written. *painter* draws a
    presentation state's graphics and text (needed only with one that has some).

    Raises DicomReadError (bad input) or ValueError (bad options) with a clear message.
    """
    instance = read_instance(source)
    frames = instance.number_of_frames
    if options.all_frames:
        indices = range(frames)
        targets = [frame_output_path(out, i + 1) for i in indices]
    else:
        if not 0 <= options.frame_index < frames:
            raise ValueError(f"frame {options.frame_index + 1} does not exist; "
                             f"{source} has {frames} frame(s)")
        indices, targets = [options.frame_index], [Path(out)]
    presentation = load_presentation(instance, options)
    superimposed = None
    if presentation is not None and presentation.kind == "BLENDING":
        superimposed = superimposed_source(options.superimposed or
                                           default_superimposed_paths(source))
    for index, target in zip(indices, targets):
        write_png(target, render_instance_frame(instance, index, options, presentation,
                                                painter=painter, superimposed=superimposed))
    return targets
