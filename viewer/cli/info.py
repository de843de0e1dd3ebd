"""``dicom-viewer info FILE``: a one-screen summary of an object."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from viewer.cli import CommandError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "info", help="summarise a DICOM file",
        description="Patient, study, series, SOP class, transfer syntax, size, frames, bits, "
                    "photometric interpretation and windows of a DICOM file.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError, describe, format_description, read_instance

    try:
        summary = describe(read_instance(args.file))
    except (DicomReadError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_description(summary))
    return 0
