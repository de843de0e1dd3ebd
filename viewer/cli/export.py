"""``dicom-viewer export``: write exactly the pixels the viewer shows as PNG."""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli import CommandError

VOI_FUNCTIONS = ("linear", "linear_exact", "sigmoid")


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="render an image to PNG (no annotations)",
        description="Render a DICOM image exactly as the viewer shows it (modality LUT, VOI, "
                    "presentation LUT) and write an 8-bit gray or RGB PNG.")
    p.add_argument("input", type=Path, metavar="INPUT", help="a DICOM file")
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
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError
    from viewer.export import ExportOptions, export_file

    if args.frame < 1:
        raise CommandError(f"--frame must be 1 or more, not {args.frame}")
    if args.window_index < 1:
        raise CommandError(f"--window-index must be 1 or more, not {args.window_index}")
    options = ExportOptions(frame_index=args.frame - 1, all_frames=args.all_frames,
                            window=tuple(args.window) if args.window else None,
                            window_index=args.window_index - 1, voi_function=args.voi_function)
    try:
        export_file(args.input, args.output, options)
    except (DicomReadError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    return 0
