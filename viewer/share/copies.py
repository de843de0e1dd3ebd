"""Copies of studies to hand out: anonymized into a folder or a zip, or original files zipped.

Inputs are files, folders, DICOMDIRs and zips (expanded as an import expands them). An input
that cannot be read, or an image refused for burned-in annotation, is reported and skipped; the
rest goes on. Every output file is named by its (new) UIDs, ``<Study>/<Series>/<SOP>.dcm``
under the chosen folder (UIDs are validated before they name a path, so nothing lands outside
it), and written atomically; a zip is written whole or not at all.
"""

from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import dcmread
from pydicom.filewriter import dcmwrite

from viewer.share.anonymize import Anonymizer, BurnedInAnnotation
from viewer.store.importer import collect_sources, shown_path
from viewer.store.layout import instance_relpath, write_atomically
from viewer.store.zipped import write_zip


@dataclass
class ShareReport:
    written: list[Path] = field(default_factory=list)  # output files (or zip members)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # unreadable inputs and such
    burned_in: list[tuple[Path, str]] = field(default_factory=list)  # refused images
    output: Path | None = None  # the folder or the zip written
    zips: dict = field(default_factory=dict)  # extraction folder -> zip, of zipped inputs

    def summary(self) -> str:
        return (f"wrote {len(self.written)} file(s) to {self.output}, skipped "
                f"{len(self.skipped)} unreadable, {len(self.burned_in)} with burned-in "
                "annotation")


def anonymize_files(paths, output: Path, anonymizer: Anonymizer, *, as_zip: bool = False,
                    include_burned_in: bool = False, progress=None) -> ShareReport:
    """Anonymize every instance found in *paths* into folder *output* (or zip *output*).

    *progress(done, total, path)* is called after each input file.
    """
    report = ShareReport(output=Path(output))
    with tempfile.TemporaryDirectory(prefix="dicom-viewer-zip-") as unzipped:
        sources = _sources(paths, Path(unzipped), report)
        members = _anonymized(sources, anonymizer, include_burned_in, report, progress)
        _write(members, Path(output), as_zip, report)
    return _named(report)


def export_zip(paths, output: Path, progress=None) -> ShareReport:
    """Zip the instances found in *paths* as they are (each under its UIDs) into *output*."""
    report = ShareReport(output=Path(output))
    with tempfile.TemporaryDirectory(prefix="dicom-viewer-zip-") as unzipped:
        sources = _sources(paths, Path(unzipped), report)
        _write(_originals(sources, report, progress), Path(output), True, report)
    return _named(report)


def _sources(paths, unzipped: Path, report: ShareReport) -> list[Path]:
    report.zips = {}
    sources, report.skipped = collect_sources(paths, unzip_into=unzipped, zips=report.zips)
    return sources


def _named(report: ShareReport) -> ShareReport:
    """Inputs extracted from a zip named as ``x.zip/member`` (the extracted files are gone)."""
    report.skipped = [(shown_path(p, report.zips), r) for p, r in report.skipped]
    report.burned_in = [(shown_path(p, report.zips), r) for p, r in report.burned_in]
    return report


def _anonymized(sources, anonymizer, include_burned_in, report, progress):
    """Yield ``(relative path, bytes)`` of each anonymized instance."""
    for done, source in enumerate(sources, 1):
        try:
            ds = dcmread(source)
            ds.SOPInstanceUID  # noqa: B018 - an object without one is no instance
            anonymizer.anonymize(ds, include_burned_in=include_burned_in)
            yield _relpath(ds), _encoded(ds)
        except BurnedInAnnotation as exc:
            report.burned_in.append((source, str(exc)))
        except Exception as exc:  # unreadable, not DICOM, broken values: reported, skipped
            report.skipped.append((source, _reason(exc)))
        if progress is not None:
            progress(done, len(sources), source)


def _originals(sources, report, progress):
    for done, source in enumerate(sources, 1):
        try:
            ds = dcmread(source, stop_before_pixels=True)
            yield _relpath(ds), source
        except Exception as exc:
            report.skipped.append((source, _reason(exc)))
        if progress is not None:
            progress(done, len(sources), source)


def _write(members, output: Path, as_zip: bool, report: ShareReport) -> None:
    def counted():
        seen = set()
        for relpath, content in members:
            if relpath in seen:  # one instance found twice: the first one is kept
                continue
            seen.add(relpath)
            report.written.append(relpath)
            yield relpath.as_posix(), content

    if as_zip:
        write_zip(output, counted())
        return
    for name, content in counted():
        write_atomically(output / name, content)


def _relpath(ds) -> Path:
    return instance_relpath(str(ds.StudyInstanceUID), str(ds.SeriesInstanceUID),
                            str(ds.SOPInstanceUID))


def _encoded(ds) -> bytes:
    buffer = io.BytesIO()
    dcmwrite(buffer, ds, enforce_file_format=True)
    return buffer.getvalue()


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]
