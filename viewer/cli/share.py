"""``dicom-viewer anonymize | export-zip``: copies of studies to hand out.

``anonymize`` applies the PS3.15 Basic Application Level Confidentiality Profile to files,
folders, DICOMDIRs or zips and writes the copies into a folder (or one zip with ``--zip``).
``export-zip`` zips studies of the local archive, as they are or (``--anonymize``) anonymized.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from viewer.cli import CommandError


def add_parser(subparsers) -> None:
    from viewer.share.profile import PROFILE_OPTIONS

    p = subparsers.add_parser(
        "anonymize", help="write anonymized copies (PS3.15 Basic Confidentiality Profile)",
        description="De-identify DICOM files (folders, DICOMDIRs and zips are searched) with the "
                    "Basic Application Level Confidentiality Profile of PS3.15 Annex E: "
                    "identifying attributes removed or emptied, UIDs replaced consistently "
                    "across everything written, private attributes removed. Images whose "
                    "pixels may show burned-in text are skipped unless --include-burned-in.")
    p.add_argument("paths", nargs="+", type=Path, metavar="INPUT")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                   help="folder for the copies (with --zip: the zip file)")
    p.add_argument("--zip", action="store_true", help="write one zip instead of a folder")
    _anonymize_options(p, PROFILE_OPTIONS)
    p.set_defaults(func=run_anonymize)

    p = subparsers.add_parser(
        "export-zip", help="zip studies of the local archive (original or anonymized)",
        description="Write the studies' instances into one zip, under "
                    "<Study>/<Series>/<SOP>.dcm; with --anonymize, de-identified as the "
                    "anonymize command does.")
    p.add_argument("study_uids", nargs="+", metavar="STUDY_UID")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.zip")
    p.add_argument("--anonymize", action="store_true", help="de-identify the copies")
    _anonymize_options(p, PROFILE_OPTIONS)
    p.add_argument("--store", type=Path, default=None, metavar="DIR",
                   help="store folder (default: $DICOM_VIEWER_STORE, else the settings' store)")
    p.set_defaults(func=run_export_zip)


def _anonymize_options(p: argparse.ArgumentParser, options) -> None:
    p.add_argument("--patient-name", default="", metavar="NAME",
                   help="Patient's Name of the copies (default: empty)")
    p.add_argument("--patient-id", default="", metavar="ID",
                   help="Patient ID of the copies (default: ANONYMIZED, the profile's dummy)")
    p.add_argument("--option", action="append", default=[], choices=sorted(options),
                   metavar="OPTION", dest="options",
                   help="a profile option, repeatable: " + ", ".join(
                       f"{name} ({o.code})" for name, o in options.items()))
    p.add_argument("--include-burned-in", action="store_true",
                   help="also copy images that may show identifying text in their pixels")


def run_anonymize(args: argparse.Namespace) -> int:
    output = _zip_name(args.output) if args.zip else args.output
    _check_output(output, args.zip)
    report = _anonymize(args.paths, output, args, as_zip=args.zip)
    return _finish(report)


def run_export_zip(args: argparse.Namespace) -> int:
    from viewer.cli.store import _open
    from viewer.share import export_zip

    output = _zip_name(args.output)
    _check_output(output, True)
    with _open(args, readonly=True) as archive:
        unknown = [uid for uid in args.study_uids if archive.get_study(uid) is None]
        if unknown:
            raise CommandError(f"no study {unknown[0]} in the archive")
        paths = [instance.path for uid in args.study_uids
                 for series in archive.list_series(uid)
                 for instance in archive.list_instances(series.series_uid)]
    report = (_anonymize(paths, output, args, as_zip=True) if args.anonymize
              else export_zip(paths, output))
    return _finish(report)


def _anonymize(paths, output: Path, args, *, as_zip: bool):
    from viewer.share import Anonymizer, anonymize_files

    try:
        anonymizer = Anonymizer(args.options, patient_name=args.patient_name,
                                patient_id=args.patient_id)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    return anonymize_files(paths, output, anonymizer, as_zip=as_zip,
                           include_burned_in=args.include_burned_in)


def _zip_name(path: Path) -> Path:
    return path if path.suffix.lower() == ".zip" else path.with_name(path.name + ".zip")


def _check_output(output: Path, as_zip: bool) -> None:
    if as_zip:
        if output.is_dir():
            raise CommandError(f"{output} is a folder, not a zip file name")
        if not output.parent.is_dir():
            raise CommandError(f"no folder {output.parent} to write {output.name} into")
    elif output.exists() and not output.is_dir():
        raise CommandError(f"{output} exists and is not a folder")


def _finish(report) -> int:
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}")
    for path, reason in report.burned_in:
        print(f"skipped {path}: {reason} (--include-burned-in to copy it)")
    print(report.summary())
    if not report.written:
        raise CommandError("nothing written")
    return 0
