"""``dicom-viewer export``: write exactly the pixels the viewer shows as PNG; an encapsulated
document as its original file; a waveform as a PNG of the ECG paper."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from viewer.cli import CommandError, export_mpr

VOI_FUNCTIONS = ("linear", "linear_exact", "sigmoid")
WAVEFORM_ROOT = "1.2.840.10008.5.1.4.1.1.9."  # PS3.4 B.5: the waveform storage classes
AUDIO = ("1.2.840.10008.5.1.4.1.1.9.4.1", "1.2.840.10008.5.1.4.1.1.9.4.2")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="render an image to PNG (annotations only with --pr); save an "
                       "encapsulated document; draw a waveform on ECG paper",
        description="Render a DICOM image exactly as the viewer shows it (modality LUT, VOI, "
                    "presentation LUT) and write an 8-bit gray or RGB PNG. An encapsulated "
                    "document (PDF, CDA, STL, OBJ, MTL) is written as the original file, byte "
                    "for byte (Encapsulated Document Length long); the image options do not "
                    "apply to it. A waveform (ECG, hemodynamic, ...; not audio) is drawn on "
                    "ECG paper as the viewer shows it (1 mm grid, 25 mm/s, 10 mm/mV, 8 pixels "
                    "per mm) and written as an RGB PNG; --group picks its multiplex group.")
    p.add_argument("input", type=Path, nargs="+", metavar="INPUT",
                   help="a DICOM file (with --mpr: a folder or the files of one series)")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.png")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--frame", type=int, default=1, metavar="N", help="frame to render (1-based)")
    which.add_argument("--all-frames", action="store_true",
                       help="write every frame as OUT-0001.png, OUT-0002.png, ...")
    p.add_argument("--window", type=float, nargs=2, metavar=("CENTER", "WIDTH"),
                   help="VOI window (overrides the header's)")
    p.add_argument("--window-index", type=int, default=1, metavar="K",
                   help="which of the header's windows (or VOI LUTs) to use, 1-based")
    p.add_argument("--voi-function", choices=VOI_FUNCTIONS,
                   help="VOI LUT Function (default: the header's, else linear)")
    p.add_argument("--pr", type=Path, metavar="PS.dcm",
                   help="apply a presentation state: Grayscale (VOI, shutters, graphics and "
                        "text, rotation/flip, displayed area), Color (its ICC profile), "
                        "Pseudo-Color (its palette) or Blending (its superimposed series in "
                        "colour over the image)")
    p.add_argument("--superimposed", type=Path, nargs="+", metavar="PATH",
                   help="files or folders holding the superimposed series of a Blending "
                        "state given with --pr (default: the files next to INPUT)")
    p.add_argument("--group", type=int, metavar="N",
                   help="waveform: the multiplex group to draw, 1-based (default 1)")
    p.add_argument("--size", metavar="WxH",
                   help="output size in pixels; the image (or the displayed area) is scaled "
                        "to fit and centred")
    export_mpr.add_arguments(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError
    from viewer.dicom.document import is_encapsulated_document, sop_class_of
    from viewer.export import ExportOptions, export_file, parse_size

    export_mpr.check_options(args)
    if args.mpr is not None:
        return export_mpr.run_mpr(args)
    args.input = args.input[0]
    sop_class = sop_class_of(args.input)
    if is_encapsulated_document(sop_class):
        return _save_document(args)
    if sop_class.startswith(WAVEFORM_ROOT):
        return _save_waveform(args)
    if args.group is not None:
        raise CommandError(f"--group is for waveforms; {args.input} is not one")
    if args.frame < 1:
        raise CommandError(f"--frame must be 1 or more, not {args.frame}")
    if args.window_index < 1:
        raise CommandError(f"--window-index must be 1 or more, not {args.window_index}")
    if args.pr is not None and (args.window or args.voi_function):
        raise CommandError("--window and --voi-function cannot be combined with --pr")
    if args.superimposed and args.pr is None:
        raise CommandError("--superimposed needs a Blending presentation state given with --pr")
    try:
        size = parse_size(args.size) if args.size else None
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    options = ExportOptions(frame_index=args.frame - 1, all_frames=args.all_frames,
                            window=tuple(args.window) if args.window else None,
                            window_index=args.window_index - 1, voi_function=args.voi_function,
                            presentation_state=args.pr, size=size,
                            superimposed=tuple(args.superimposed or ()))
    if args.reference_line is not None:
        return _export_with_reference_line(args, options)
    try:
        export_file(args.input, args.output, options, painter=_painter)
    except (DicomReadError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _export_with_reference_line(args: argparse.Namespace, options) -> int:
    from viewer.dicom import DicomReadError, read_instance
    from viewer.export import load_presentation, render_instance_frame, write_png

    if args.all_frames or args.size or args.pr:
        raise CommandError("--reference-line cannot be combined with --all-frames, --size or "
                           "--pr")
    try:
        instance = read_instance(args.input)
        if not 0 <= options.frame_index < instance.number_of_frames:
            raise ValueError(f"frame {options.frame_index + 1} does not exist; {args.input} "
                             f"has {instance.number_of_frames} frame(s)")
        image = render_instance_frame(instance, options.frame_index, options,
                                      load_presentation(instance, options), painter=_painter)
        image = export_mpr.with_reference_line(image, instance.ds, options.frame_index,
                                               args.reference_line, _painter)
        write_png(args.output, image)
    except (DicomReadError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _save_document(args: argparse.Namespace) -> int:
    """Write the encapsulated document of *args.input* to *args.output* (never half-written)."""
    from viewer.dicom import DicomReadError
    from viewer.dicom.document import read_encapsulated_document
    from viewer.store.layout import write_atomically

    if _image_options(args) or args.group is not None:
        raise CommandError(f"{args.input} is an encapsulated document: the image options "
                           "(--frame, --all-frames, --window, --pr, --size, ...) do not apply")
    try:
        document = read_encapsulated_document(args.input)
        write_atomically(args.output, document.data)
    except (DicomReadError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _image_options(args: argparse.Namespace) -> bool:
    return bool(args.all_frames or args.frame != 1 or args.window or args.pr or args.size
                or args.voi_function or args.window_index != 1 or args.superimposed)


def _save_waveform(args: argparse.Namespace) -> int:
    """Draw a waveform's multiplex group on ECG paper into the PNG *args.output*."""
    import pydicom

    from viewer.dicom import DicomReadError
    from viewer.dicom.waveform import multiplex_groups, waveform_annotations
    from viewer.export import write_png

    if _image_options(args):
        raise CommandError(f"{args.input} is a waveform: the image options (--frame, "
                           "--all-frames, --window, --pr, --size, ...) do not apply")
    try:
        ds = pydicom.dcmread(args.input, force=True)
        if str(ds.SOPClassUID) in AUDIO:
            raise CommandError(f"{args.input} is an audio waveform: it has no ECG paper")
        groups = multiplex_groups(ds, args.input)
        number = args.group or 1
        if not 1 <= number <= len(groups):
            raise CommandError(f"--group {number}: {args.input} has {len(groups)} multiplex "
                               "group(s)")
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from viewer.ui.ecg_paint import paint_ecg

        write_png(args.output, paint_ecg(groups[number - 1], waveform_annotations(ds), number))
    except (DicomReadError, OSError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    return 0


def _painter(image, primitives):
    """A presentation state's graphics and text drawn with QPainter, offscreen: an export never
    needs a display (imported only when a state has something to draw)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from viewer.ui.annotations_paint import paint_primitives

    return paint_primitives(image, primitives)
