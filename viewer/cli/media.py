"""``dicom-viewer media-export``: a CD/DVD folder (PS3.11 STD-GEN-CD file-set with DICOMDIR)."""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli import CommandError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "media-export", help="write a CD/DVD folder with a DICOMDIR (PS3.11 STD-GEN-CD)",
        description="Copy DICOM files (folders recursively, or the files of a DICOMDIR) into a "
                    "new folder as a PS3.11 General Purpose CD-R/DVD-RAM file-set: a DICOMDIR, "
                    "the instances under PS3.10 file IDs, a README.TXT and an INDEX.HTM. Burn the folder's "
                    "contents to the root of the disc.")
    p.add_argument("inputs", nargs="+", type=Path, metavar="INPUT")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                   help="new (or empty) folder to write")
    p.add_argument("--fileset-id", default="", metavar="ID",
                   help="File-set ID (up to 16 of A-Z, 0-9, _ and space)")
    p.add_argument("--no-readme", action="store_true", help="do not write README.TXT and INDEX.HTM")
    p.add_argument("-q", "--quiet", action="store_true", help="print only the summary")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer import __version__
    from viewer.store.media import MediaError, export_media

    fileset_id = args.fileset_id.strip().upper()
    if len(fileset_id) > 16 or any(not (c.isascii() and (c.isalnum() or c in "_ "))
                                   for c in fileset_id):
        raise CommandError(f"--fileset-id {args.fileset_id!r}: up to 16 of A-Z, 0-9, _ and space")
    try:
        report = export_media(args.inputs, args.output, fileset_id=fileset_id,
                              readme=not args.no_readme, writer=f"dicom-viewer {__version__}")
    except (MediaError, OSError) as exc:
        raise CommandError(f"{exc} (nothing was written)") from None
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}")
    if not args.quiet:
        for note in report.notes:
            print(f"note: {note}")
    print(f"{len(report.written)} instance(s) of {report.studies} study(ies), "
          f"{report.patients} patient(s) written to {report.out} (DICOMDIR)"
          + (f"; {len(report.duplicates)} duplicate(s) left out" if report.duplicates else "")
          + (f"; {len(report.skipped)} file(s) skipped" if report.skipped else ""))
    return 0
