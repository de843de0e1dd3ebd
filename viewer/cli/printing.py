"""``dicom-viewer print | printer-status``: film printing (Basic Grayscale Print SCU).

PRINTER is a saved node (its ``film`` defaults apply; see docs/conformance.md) or
``AET@host:port``. Without ``--window`` each image is printed at its default window: the
header's first window, else its VOI LUT, else its value range.
"""

from __future__ import annotations

import argparse
import dataclasses

from viewer.cli import CommandError
from viewer.cli.net_local import _identity_options, _node, effective_settings


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "print", help="print images on film (DICOM Basic Grayscale Print)",
        description="Print each FILE (first frame) as displayed, LAYOUT images per film, on a "
                    "DICOM printer. Every refusal is explained.")
    p.add_argument("node", metavar="PRINTER", help="saved printer name or AET@host:port")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--layout", metavar="CxR", help="columns x rows per film, 1x1 to 4x5")
    p.add_argument("--film-size", metavar="ID", help="film size ID, e.g. 14INX17IN, 8INX10IN")
    p.add_argument("--orientation", choices=("portrait", "landscape"))
    p.add_argument("--medium", help="PAPER, CLEAR FILM, BLUE FILM, ...")
    p.add_argument("--magnification", help="REPLICATE, BILINEAR, CUBIC or NONE")
    p.add_argument("--copies", type=int)
    p.add_argument("--priority", choices=("high", "med", "low"))
    p.add_argument("--border-density", metavar="D", help="BLACK, WHITE or hundredths of OD")
    p.add_argument("--empty-density", metavar="D", help="BLACK, WHITE or hundredths of OD")
    p.add_argument("--bits", type=int, choices=(8, 12), help="bits per pixel sent (default 8)")
    p.add_argument("--window", type=float, nargs=2, metavar=("C", "W"),
                   help="window center and width for every image")
    _identity_options(p)
    p.add_argument("--timeout", type=float, default=30.0, metavar="S")
    p.set_defaults(func=run_print)

    p = subparsers.add_parser("printer-status", help="ask a DICOM printer for its status",
                              description="N-GET the Printer SOP instance: status, status "
                                          "info, name, manufacturer and model.")
    p.add_argument("node", metavar="PRINTER", help="saved printer name or AET@host:port")
    _identity_options(p)
    p.add_argument("--timeout", type=float, default=10.0, metavar="S")
    p.set_defaults(func=run_status)


_OPTION_FIELDS = ("film_size", "orientation", "medium", "magnification", "copies", "priority",
                  "border_density", "empty_density", "bits")


def film_options(args: argparse.Namespace, node):
    """The node's saved film defaults, overridden by this command's options."""
    from viewer.net.print_film import FilmError, FilmOptions, parse_layout

    options = getattr(node, "film", None) or FilmOptions()
    changes = {name: getattr(args, name) for name in _OPTION_FIELDS
               if getattr(args, name) is not None}
    try:
        if args.layout:
            changes["layout"] = parse_layout(args.layout)
        return dataclasses.replace(options, **changes).checked()
    except FilmError as exc:
        raise CommandError(str(exc)) from None


def run_print(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError
    from viewer.net.common import NetworkError
    from viewer.net.print_image import load_print_image
    from viewer.net.print_scu import print_images

    settings = effective_settings(args)
    node = _node(args, settings)
    options = film_options(args, node)
    window = tuple(args.window) if args.window else None
    try:
        images = [load_print_image(path, window=window, bits=options.bits, colour_ok=True)
                  for path in args.files]
    except (DicomReadError, ValueError, OSError) as exc:
        raise CommandError(f"nothing printed: {exc}") from None
    try:
        result = print_images(node, images, options, settings.aet, timeout=args.timeout,
                              progress=lambda done, total: print(f"film {done} of {total} "
                                                                 "printed", flush=True))
    except NetworkError as exc:
        raise CommandError(str(exc)) from None
    print(result)
    return 0


def run_status(args: argparse.Namespace) -> int:
    from viewer.net.common import NetworkError
    from viewer.net.print_scu import printer_status

    settings = effective_settings(args)
    try:
        print(printer_status(_node(args, settings), settings.aet, args.timeout))
    except NetworkError as exc:
        raise CommandError(str(exc)) from None
    return 0
