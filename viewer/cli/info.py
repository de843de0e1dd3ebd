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
                    "photometric interpretation and windows of a DICOM file; for a presentation "
                    "state also its references, VOI, transform, area, shutters and layers.")
    p.add_argument("file", type=Path, metavar="FILE")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from viewer.dicom import DicomReadError, describe, format_description, read_instance
    from viewer.dicom.gsps_describe import format_presentation_state, presentation_state_summary
    from viewer.dicom.waveform import format_waveforms, multiplex_groups, waveform_summary

    try:
        instance = read_instance(args.file)
        summary = describe(instance)
        ps_summary = presentation_state_summary(instance)
        waveforms = waveform_summary(multiplex_groups(instance.ds, args.file))
    except (DicomReadError, OSError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if ps_summary is not None:
        summary["presentation_state"] = ps_summary
    if waveforms:
        summary["waveforms"] = waveforms
    summary["orientation_labels"] = orientation_labels(instance.ds)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    else:
        print(format_description(summary))
        if ps_summary is not None:
            print(format_presentation_state(ps_summary))
        if waveforms:
            print(format_waveforms(waveforms))
    return 0


def orientation_labels(ds) -> dict[str, str] | None:
    """The letters the viewer writes at the middle of each edge of the unrotated first frame
    (top, bottom, left, right), or None without orientation."""
    from viewer.viewing.orientation import edge_letters, image_axes

    axes = image_axes(ds, 0)
    edges = edge_letters(axes, ((1, 0), (0, 1)))
    return {edge: edges[edge] for edge in ("top", "bottom", "left", "right")} if edges else None
