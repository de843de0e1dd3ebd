"""``dicom-viewer report FILE``: a structured report or key object selection as text."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from viewer.cli import CommandError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "report", help="print a structured report, key object selection or RT object",
        description="The document header (title, patient, study, completion and verification "
                    "flags), then one line per content item in document order, indented two "
                    "spaces per nesting level: relationship, value type, concept name and "
                    "value. A malformed item keeps its place with the reason in brackets, and "
                    "the command then ends with status 1 and one line on stderr. An RT Plan "
                    "prints its label, prescription, fraction groups and beams; an RT Dose its "
                    "units, grid and maximum dose; an RT Structure Set its ROIs (colour, "
                    "contours) and what could not be read (status 1).")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the document as nested JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError
    from viewer.dicom.document import sop_class_of
    from viewer.dicom.rt_report import is_rt_object
    from viewer.dicom.sr_document import format_report, read_document

    if is_rt_object(sop_class_of(args.file)):
        return _rt_report(args)
    try:
        document = read_document(args.file)
    except (DicomReadError, OSError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        print(json.dumps(document.to_json(), ensure_ascii=False, indent=2))
    else:
        print(format_report(document))
    problems = document.problems()
    if problems:  # the document is printed as far as it goes; the status says it is broken
        position, problem = problems[0]
        raise CommandError(f"{args.file}: malformed content: {len(problems)} item(s), the first "
                           f"at {position}: {problem}")
    return 0


def _rt_report(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError
    from viewer.dicom.rt_report import rt_report

    if args.json:
        raise CommandError(f"{args.file}: --json is for structured reports, not RT objects")
    try:
        text, problems = rt_report(args.file)
    except (DicomReadError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    print(text)
    if problems:
        raise CommandError(f"{args.file}: {len(problems)} problem(s), the first: {problems[0]}")
    return 0
