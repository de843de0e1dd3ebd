"""Headless export: the exact pixels the viewer shows, written as PNG.

Without a presentation state no annotations are drawn; with one (``--pr``) the state is applied
by :mod:`viewer.gsps_export` (frames it does not reference are rendered without it).

Used by ``dicom-viewer export`` and by the GUI's export action. Qt-free: the PNG encoder below is
the few lines of PNG (ISO/IEC 15948) that an 8-bit gray or RGB image needs, so a headless
machine needs no GUI library to export.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from viewer.dicom import DicomReadError, read_instance
from viewer.pipeline.render import render_frame


@dataclass(frozen=True)
class ExportOptions:
    """How to render: 0-based frame (None with all_frames), window and VOI choices."""

    frame_index: int = 0
    all_frames: bool = False
    window: tuple[float, float] | None = None
    window_index: int = 0
    voi_function: str | None = None
    presentation_state: Path | None = None  # a GSPS file to apply (viewer.gsps_export)
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
    from viewer.store.layout import write_atomically

    write_atomically(Path(path), png_bytes(image))


def frame_output_path(out: Path, frame_number: int) -> Path:
    """``OUT.png`` -> ``OUT-0001.png`` for frame 1 of an --all-frames export."""
    out = Path(out)
    return out.with_name(f"{out.stem}-{frame_number:04d}{out.suffix or '.png'}")


def render_instance_frame(instance, frame_index: int, options: ExportOptions,
                          presentation=None) -> np.ndarray:
    """The displayed pixels of one frame: decode lazily, then run the pipeline.

    *presentation* (a parsed GSPS) is applied when it references the frame; *options.size*
    scales the result to fit that size.
    """
    from viewer import gsps_export

    if presentation is not None and presentation.applies_to(instance.sop_instance_uid,
                                                             frame_index + 1):
        return gsps_export.render_with_presentation_state(instance, presentation, frame_index,
                                                          options.size)
    stored = instance.frame(frame_index)
    try:
        image = render_frame(instance.ds, stored, frame_index=frame_index, window=options.window,
                             window_index=options.window_index, voi_function=options.voi_function)
    except ValueError as exc:
        raise DicomReadError(instance.path, str(exc)) from exc
    return gsps_export.fit_to_size(image, options.size) if options.size else image


def load_presentation(instance, options: ExportOptions):
    """The GSPS of *options*, checked to reference *instance*; None without one."""
    if options.presentation_state is None:
        return None
    from viewer.gsps_export import load_presentation_state

    presentation = load_presentation_state(options.presentation_state)
    if not presentation.applies_to(instance.sop_instance_uid):
        raise ValueError(f"{options.presentation_state} does not reference {instance.path} "
                         f"(SOP Instance UID {instance.sop_instance_uid})")
    return presentation


def export_file(source: Path, out: Path, options: ExportOptions) -> list[Path]:
    """Render *source* and write PNG(s); return the paths written.

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
    for index, target in zip(indices, targets):
        write_png(target, render_instance_frame(instance, index, options, presentation))
    return targets
