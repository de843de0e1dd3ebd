"""Media export: a PS3.11 General Purpose CD-R/DVD-RAM file-set (STD-GEN-CD) in a folder.

``export_media(inputs, out)`` writes ``out/DICOMDIR`` and the instances under PS3.10 file IDs
(``PT000000/ST000000/SE000000/IM000000``: components of at most 8 characters of A-Z, 0-9 and
_) with pydicom's :class:`~pydicom.fileset.FileSet`; the directory records come from
:mod:`viewer.store.media_records`. The profile's transfer syntax is Explicit VR Little Endian:
other encodings are rewritten in it (compressed pixel data decompressed; a file that cannot be
decompressed is left out and reported). An IHE PDI-style ``README.TXT`` and ``INDEX.HTM``
say what is on the medium and which program wrote it (:mod:`viewer.store.media_index`).

Nothing half-written is left behind: everything is written into a hidden temporary folder next
to *out*, which is renamed to *out* only when complete (and removed on any failure). *out* must
not exist or be an empty folder.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydicom import dcmread
from pydicom.errors import InvalidDicomError
from pydicom.fileset import FileSet
from pydicom.uid import ExplicitVRLittleEndian

from viewer.store.media_index import index_html, readme_text
from viewer.store.media_records import RecordMaker
from viewer.store.schema import StoreError

PROFILE = "STD-GEN-CD"
README, INDEX = "README.TXT", "INDEX.HTM"


class MediaError(StoreError):
    """The file-set could not be written; the message says why. Nothing was left behind."""


@dataclass
class MediaReport:
    out: Path
    written: list[Path] = field(default_factory=list)  # source files in the file-set
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # invented record values, conversions
    patients: int = 0
    studies: int = 0
    size: int = 0  # bytes in the folder


CD_BYTES, DVD_BYTES = 700 * 1024 * 1024, 4_700_000_000


def capacity_note(size: int) -> str | None:
    """What medium a folder of *size* bytes still fits on, when a CD is too small."""
    if size <= CD_BYTES:
        return None
    medium = "a DVD (4.7 GB)" if size <= DVD_BYTES else "no single-layer DVD; use a BD or split it"
    return f"{size / 1e6:.0f} MB is more than a CD holds (700 MB): it fits on {medium}"


def source_files(inputs) -> list[Path]:
    """Files under *inputs* (folders recursively, hidden files and DICOMDIRs left out); a
    DICOMDIR given directly stands for the files its records reference."""
    found: list[Path] = []
    for item in map(Path, inputs):
        if item.is_dir():
            found += sorted(p for p in item.rglob("*") if p.is_file() and _wanted(p))
        elif item.name.upper() == "DICOMDIR":
            found += _referenced_files(item)
        elif item.is_file():
            found.append(item)
        else:
            raise MediaError(f"{item} does not exist")
    return found


def _wanted(path: Path) -> bool:
    return not any(part.startswith(".") for part in path.parts) and path.name.upper() != "DICOMDIR"


def _referenced_files(dicomdir: Path) -> list[Path]:
    try:
        return [Path(instance.path) for instance in FileSet(dcmread(dicomdir))]
    except (InvalidDicomError, OSError, ValueError, AttributeError) as exc:
        raise MediaError(f"{dicomdir} is not a readable DICOMDIR: {exc}") from None


def _read(path: Path, report: MediaReport):
    """The data set of *path*, or None (the reason in the report)."""
    try:
        ds = dcmread(path)
        if "SOPInstanceUID" not in ds or "SOPClassUID" not in ds:
            raise ValueError("no SOP Class/Instance UID (not a DICOM instance)")
        return ds
    except (InvalidDicomError, OSError, ValueError, AttributeError, KeyError) as exc:
        report.skipped.append((path, str(exc) or type(exc).__name__))
        return None


def _to_profile_syntax(ds, path: Path, report: MediaReport) -> bool:
    """Bring *ds* to Explicit VR Little Endian; False (reason reported) when it cannot be."""
    try:
        syntax = ds.file_meta.get("TransferSyntaxUID")
        if syntax != ExplicitVRLittleEndian:
            if syntax is not None and syntax.is_compressed:
                ds.decompress(generate_instance_uid=False)  # same instance, new syntax
            ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
            report.notes.append(f"{path}: rewritten in Explicit VR Little Endian ({PROFILE})")
        return True
    except (ValueError, AttributeError, NotImplementedError, RuntimeError, KeyError) as exc:
        report.skipped.append((path, f"cannot be decompressed for {PROFILE}: {exc}"))
        return False


def _prepare_target(out: Path) -> Path:
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise MediaError(f"{out} already exists and is not an empty folder; choose a new folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.partial-", dir=out.parent))


def export_media(inputs, out, *, fileset_id: str = "", readme: bool = True,
                 writer: str = "dicom-viewer") -> MediaReport:
    """Write the file-set of the DICOM files under *inputs* into the new folder *out*;
    *writer* names the program in the README. MediaError when nothing could be written."""
    out = Path(out)
    files = source_files(inputs)
    staging = _prepare_target(out)
    try:
        report, fileset = _write(files, out, staging, fileset_id)
        if readme:
            text = readme_text(len(report.written), report.studies, report.patients,
                               fileset_id, writer)
            (staging / README).write_bytes(text.encode("ascii", "replace"))
            (staging / INDEX).write_text(index_html(fileset, writer), encoding="utf-8")
        report.size = sum(p.stat().st_size for p in staging.rglob("*") if p.is_file())
        note = capacity_note(report.size)
        if note:
            report.notes.append(note)
        if out.exists():
            out.rmdir()  # the empty folder the user chose
        os.replace(staging, out)
        return report
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _write(files: list[Path], out: Path, staging: Path, fileset_id: str):
    """(report, FileSet): the file-set written into *staging*."""
    report = MediaReport(out)
    fileset = FileSet()
    fileset.ID = fileset_id or None
    maker, seen = RecordMaker(), set()
    for path in files:
        ds = _read(path, report)
        if ds is None:
            continue
        if ds.SOPInstanceUID in seen:
            report.duplicates.append(path)
            continue
        if not _to_profile_syntax(ds, path, report):
            continue
        try:
            fileset.add_custom(ds, maker.leaf(ds, str(path)))
        except (ValueError, AttributeError, KeyError) as exc:
            report.skipped.append((path, f"no directory record can be made: {exc}"))
            continue
        seen.add(ds.SOPInstanceUID)
        report.written.append(path)
    if not report.written:
        raise MediaError("no DICOM instance to write"
                         + "".join(f"\n  {p}: {why}" for p, why in report.skipped[:10]))
    report.notes += maker.invented
    report.patients = len({i.PatientID for i in fileset})
    report.studies = len({i.StudyInstanceUID for i in fileset})
    try:
        fileset.write(staging)
    except (OSError, ValueError) as exc:
        raise MediaError(f"cannot write the file-set: {exc}") from exc
    return report, fileset
