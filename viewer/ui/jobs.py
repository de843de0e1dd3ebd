"""What the GUI's background jobs do, Qt-free: each is a function run by a Worker with a
``cancel`` event, calling the same domain functions as the command line."""

from __future__ import annotations

from pathlib import Path

from viewer.dicom import DicomReadError, ObjectKind, assemble_series, open_paths


class Cancelled(Exception):
    """Raised inside a loading callback to stop it."""


def retrieve_job(node, request, settings, session, *, cancel):
    """Retrieve one study or series (``dicom-viewer retrieve``): RetrieveProgress steps
    (C-MOVE/C-GET, or WADO-RS for a DICOMweb node)."""
    from viewer.net.nodes import retrieve

    yield from retrieve(node, request.keys, request.level, getattr(node, "retrieve", "move"),
                        store_dir=settings.store, calling_aet=settings.aet,
                        ensure_destination=session.ensure_destination,
                        on_stored=session.store_received, cancel=cancel)


def import_job(archive, paths, *, cancel):
    """Import files/folders/DICOMDIRs (``dicom-viewer import``): ImportProgress steps; returns
    the ImportReport."""
    job = archive.iter_import([Path(p) for p in paths])
    for step in job:
        if cancel.is_set():
            job.cancel()  # stops after this file
        yield step
    return job.report


def load_paths(paths, *, cancel):
    """Open files/folders/DICOMDIRs and assemble their series: (series list, skipped)."""
    def progress(_path):
        if cancel.is_set():
            raise Cancelled()

    try:
        result = open_paths([str(p) for p in paths], progress=progress)
    except Cancelled:
        return [], []
    return assemble_series(result.instances), list(result.skipped)


def study_paths(archive, study_uid: str) -> list[Path]:
    """The files of a study in the local archive, series by series."""
    archive.flush(10.0)  # rows of files just received are committed first
    return [i.path for s in archive.list_series(study_uid)
            for i in archive.list_instances(s.series_uid)]


def load_study(archive, study_uid: str, *, cancel):
    """The series of a local study, ready for ``ViewerArea.show_series_list``."""
    return load_paths(study_paths(archive, study_uid), cancel=cancel)


def study_update(archive, study_uid: str, known: frozenset, instances: tuple, *, cancel):
    """The files of a study indexed since it was opened (*known*: paths read or skipped).

    Returns (new instances, skipped, changed series): the series that gained instances,
    assembled with the *instances* already shown, whose objects are kept (so the viewer's
    frames compare equal and a viewport stays on its frame). A new presentation state or report
    changes every series (they carry the study's objects).
    """
    fresh = [str(p) for p in study_paths(archive, study_uid) if str(p) not in known]
    if not fresh or cancel.is_set():
        return [], [], []
    result = open_paths(fresh)
    new = list(result.instances)
    every = assemble_series([*instances, *new])
    if any(i.kind is not ObjectKind.IMAGE for i in new):
        return new, list(result.skipped), every
    touched = {i.series_instance_uid for i in new}
    return new, list(result.skipped), [s for s in every if s.series_instance_uid in touched]


def list_local(archive, *, cancel):
    """Every study of the local archive (newest first)."""
    return archive.list_studies()


def list_local_series(archive, study_uid: str, *, cancel):
    return archive.list_series(study_uid)


def delete_studies(archive, study_uids, *, cancel):
    """Delete studies (``dicom-viewer delete``); yields (uid, instances removed)."""
    for uid in study_uids:
        if cancel.is_set():
            return
        yield uid, archive.delete_study(uid)


def export_study_pngs(archive, study_uid: str, out: Path, *, cancel):
    """Every frame of a study as PNG (``dicom-viewer export``) under *out*/<series>/;
    yields (done, total, failure or None)."""
    from viewer.export import ExportOptions, export_file

    archive.flush(10.0)
    work = []
    for series in archive.list_series(study_uid):
        folder = Path(out) / _series_folder(series)
        for n, inst in enumerate(archive.list_instances(series.series_uid), 1):
            number = inst.instance_number if inst.instance_number is not None else n
            work.append((inst, folder / f"{number:04d}.png"))
    for done, (inst, target) in enumerate(work, 1):
        if cancel.is_set():
            return
        failure = None
        if inst.kind == "image":
            try:
                export_file(inst.path, target, ExportOptions(all_frames=(inst.number_of_frames or 1) > 1))
            except (DicomReadError, ValueError, OSError) as exc:
                failure = f"{inst.path.name}: {exc}"
        yield done, len(work), failure


def _series_folder(series) -> str:
    number = f"{series.series_number:03d}" if series.series_number is not None else "000"
    words = "".join(c if c.isalnum() else "_" for c in (series.series_description or ""))[:40]
    return "-".join(p for p in (number, series.modality or "", words.strip("_")) if p)


def export_frame_png(instance, frame_index: int, window, out: Path, *, cancel):
    """The displayed frame as PNG, rendered by the pipeline (viewer.export)."""
    from viewer.export import ExportOptions, render_instance_frame, write_png

    options = ExportOptions(frame_index=frame_index, window=window)
    write_png(Path(out), render_instance_frame(instance, frame_index, options))
    return Path(out)


def store_file(archive, path: Path, data: bytes, *, cancel):
    """Write a file we made (a saved presentation state) into the store and index it."""
    from viewer.store.layout import write_atomically

    write_atomically(Path(path), data)
    archive.submit(Path(path))
    return Path(path)


def send_job(node, archive, study_uid: str, aet: str, *, cancel):
    """C-STORE (or STOW-RS) a study to *node* (``dicom-viewer send``): SendProgress per file."""
    from viewer.net.nodes import send

    yield from send(node, study_paths(archive, study_uid), aet, cancel=cancel)
