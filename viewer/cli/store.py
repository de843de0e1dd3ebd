"""``dicom-viewer import | list | rescan | delete``: the local archive from the command line.

Every command takes ``--store DIR`` (default: $DICOM_VIEWER_STORE, else the settings file's
store folder, else ~/.local/share/dicom-viewer/store). ``list`` opens the index read-only, so it also works while
the viewer is running; the others need the store's write lock.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import warnings
from pathlib import Path

from viewer.cli import CommandError

STORE_ENV = "DICOM_VIEWER_STORE"


def add_parser(subparsers) -> None:
    p = subparsers.add_parser(
        "import", help="copy files, folders, DICOMDIRs or zips into the local archive",
        description="Copy DICOM files (folders are searched recursively; a DICOMDIR brings the "
                    "files it references; a zip is extracted, refused if a member would land "
                    "outside its folder or it expands too far) into the archive and index them. "
                    "An instance already in the archive is a duplicate and is not copied again.")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--in-place", action="store_true",
                   help="index the files where they are instead of copying them")
    p.add_argument("-v", "--verbose", action="store_true", help="one line per file")
    _store_option(p, run_import)

    p = subparsers.add_parser(
        "list", help="list studies, the series of a study, or the instances of a series",
        description="List the archive's studies (newest first), filtered by the options; with "
                    "--study the series of one study; with --series the instances of one "
                    "series. Text filters take DICOM wildcards: * and ?.")
    which = p.add_mutually_exclusive_group()
    which.add_argument("--study", metavar="UID", help="list the series of this study")
    which.add_argument("--series", metavar="UID", help="list the instances of this series")
    p.add_argument("--patient-name", default="", metavar="PATTERN")
    p.add_argument("--patient-id", default="", metavar="PATTERN")
    p.add_argument("--date", default="", metavar="RANGE",
                   help="study date YYYYMMDD or range YYYYMMDD-YYYYMMDD (either end may be open)")
    p.add_argument("--modality", default="", metavar="MODALITY")
    p.add_argument("--description", default="", metavar="PATTERN")
    p.add_argument("--accession", default="", metavar="PATTERN")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    _store_option(p, run_list)

    p = subparsers.add_parser(
        "rescan", help="rebuild the archive's index from its files",
        description="Index files in the store that have no row, drop rows whose file is gone, "
                    "delete temporary files left by an interrupted write.")
    _store_option(p, run_rescan)

    p = subparsers.add_parser(
        "delete", help="delete studies from the archive",
        description="Delete the studies' files from the store and their rows from the index "
                    "(files indexed in place are left where they are).")
    p.add_argument("study_uids", nargs="+", metavar="STUDY_UID")
    _store_option(p, run_delete)


def _store_option(parser: argparse.ArgumentParser, func) -> None:
    parser.add_argument("--store", type=Path, default=None, metavar="DIR",
                        help=f"store folder (default: ${STORE_ENV}, else the settings' store)")
    parser.set_defaults(func=func)


def store_dir(args: argparse.Namespace) -> Path:
    """--store, else the settings (the settings file with $DICOM_VIEWER_STORE applied)."""
    from viewer import config

    if args.store is not None:
        return args.store.expanduser()
    try:
        return config.load_settings().store
    except config.ConfigError as exc:
        raise CommandError(str(exc)) from None


def _open(args: argparse.Namespace, readonly: bool = False):
    from viewer.store import Archive, StoreError

    try:
        return Archive.open(store_dir(args), readonly=readonly)
    except StoreError as exc:
        raise CommandError(str(exc)) from exc


def run_import(args: argparse.Namespace) -> int:
    with _quiet_pydicom(), _open(args) as archive:
        job = archive.iter_import(args.paths, copy=not args.in_place)
        for step in job:
            if args.verbose:
                reason = f": {step.reason}" if step.reason else ""
                print(f"[{step.done}/{step.total}] {step.outcome} {step.path}{reason}")
    report = job.report
    if not args.verbose:
        for path, reason in report.skipped:
            print(f"skipped {path}: {reason}")
    print(f"imported {len(report.imported)}, duplicates {len(report.duplicates)}, "
          f"skipped {len(report.skipped)}")
    if report.skipped and not (report.imported or report.duplicates):
        path, reason = report.skipped[0]
        raise CommandError(f"nothing imported; {len(report.skipped)} file(s) skipped, "
                           f"e.g. {path}: {reason}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from viewer.store import StudyFilter

    with _open(args, readonly=True) as archive:
        if args.study:
            rows = archive.list_series(args.study)
        elif args.series:
            rows = archive.list_instances(args.series)
        else:
            date_from, date_to = _date_range(args.date)
            study_filter = StudyFilter(
                patient_name=args.patient_name, patient_id=args.patient_id,
                date_from=date_from, date_to=date_to, modality=args.modality,
                description=args.description, accession_number=args.accession)
            try:
                rows = archive.list_studies(study_filter)
            except ValueError as exc:
                raise CommandError(str(exc)) from exc
    if args.json:
        json.dump([dataclasses.asdict(r) for r in rows], sys.stdout, default=str,
                  ensure_ascii=False, indent=1)
        print()
    else:
        _print_table(rows)
    return 0


def run_rescan(args: argparse.Namespace) -> int:
    with _quiet_pydicom(), _open(args) as archive:
        # This process holds the store's lock: nobody else is writing, so every .tmp-* is stale.
        report = archive.rescan(tmp_min_age=0.0)
    for path, reason in report.skipped:
        print(f"skipped {path}: {reason}")
    print(f"indexed {report.indexed}, removed {report.removed}, "
          f"temporary files deleted {report.swept}, skipped {len(report.skipped)}")
    return 0


def run_delete(args: argparse.Namespace) -> int:
    with _open(args) as archive:
        unknown = [uid for uid in args.study_uids if archive.get_study(uid) is None]
        if unknown:
            raise CommandError(f"no study {unknown[0]} in the archive")
        for uid in args.study_uids:
            count = archive.delete_study(uid)
            print(f"deleted study {uid} ({count} instance(s))")
    return 0


def _date_range(text: str) -> tuple[str, str]:
    text = text.strip()
    if not text:
        return "", ""
    start, dash, end = text.partition("-")
    if not dash:
        end = start
    for value in (start, end):
        if value and not (len(value) == 8 and value.isdigit()):
            raise CommandError(f"--date {text!r}: expected YYYYMMDD or YYYYMMDD-YYYYMMDD")
    return start, end


_COLUMNS = {
    "StudySummary": ("study_date", "patient_name", "patient_id", "modalities",
                     "study_description", "number_of_series", "number_of_instances",
                     "study_uid"),
    "SeriesSummary": ("series_number", "modality", "series_description",
                      "number_of_instances", "series_uid"),
    "InstanceSummary": ("instance_number", "kind", "number_of_frames", "file_size", "path"),
}


def _print_table(rows) -> None:
    if not rows:
        return
    columns = _COLUMNS[type(rows[0]).__name__]
    cells = [[_cell(getattr(row, c)) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    print("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths)).rstrip())
    for row in cells:
        print("  ".join(v.ljust(w) for v, w in zip(row, widths)).rstrip())


def _cell(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, tuple):
        return "\\".join(value)
    return str(value)


class _quiet_pydicom(warnings.catch_warnings):
    """pydicom warns about every oddity in a header; these commands report skips themselves."""

    def __enter__(self):
        super().__enter__()
        warnings.simplefilter("ignore")
        return self
