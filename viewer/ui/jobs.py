"""What the GUI's background jobs do, Qt-free: each is a function run by a Worker with a
``cancel`` event, calling the same domain functions as the command line."""

from __future__ import annotations

import time
from pathlib import Path

from viewer.dicom import DicomReadError, ObjectKind, assemble_series, open_paths
from viewer.viewing.opening import iter_instance_batches


def retrieve_job(node, request, settings, session, *, cancel):
    """Retrieve one study or series (``dicom-viewer retrieve``): RetrieveProgress steps
    (C-MOVE/C-GET, or WADO-RS for a DICOMweb node)."""
    from viewer.net.nodes import retrieve

    yield from retrieve(node, request.keys, request.level, getattr(node, "retrieve", "move"),
                        store_dir=settings.store, calling_aet=settings.aet,
                        ensure_destination=session.ensure_destination,
                        on_stored=session.store_received, cancel=cancel)
    session.index_caught_up()  # the study opens with every instance retrieved


def move_job(node, request, destination: str, aet: str, nodes, *, cancel):
    """Ask *node* to send a study or series to the AE *destination* (a three-device C-MOVE,
    ``dicom-viewer retrieve --dest``): RetrieveProgress steps; returns the MoveOutcome, a
    refusal probed with a C-ECHO when *destination* is one of *nodes*."""
    from viewer.net.move_outcome import outcome_of, probe_destination
    from viewer.net.qr_progress import RetrieveError
    from viewer.net.retrieve import retrieve

    last = seen = None
    try:
        for last in retrieve(node, request.keys, request.level, "move", calling_aet=aet,
                             destination=destination, cancel=cancel):
            seen = last if last.kind == "pending" else seen
            yield last
    except RetrieveError as exc:
        last = exc
    return probe_destination(outcome_of(last, destination, seen), nodes, aet)


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
    """Open files/folders/DICOMDIRs progressively: yields every series read so far (assembled
    here, not on the GUI thread), first after one object, then every 150 ms - less often when
    assembling a big study takes long, so that it costs at most a fifth of the time; the last
    yield holds every object. Returns (series list, skipped) ([], [] when cancelled)."""
    instances, skipped, snapshot = [], [], []
    shown, due = 0, 0.0
    for new, bad in iter_instance_batches([str(p) for p in paths], cancelled=cancel.is_set):
        instances.extend(new)
        skipped.extend(bad)
        if new and time.monotonic() >= due:
            started = time.monotonic()
            snapshot = assemble_series(instances)
            due = time.monotonic() + 4 * (time.monotonic() - started)
            shown = len(instances)
            yield snapshot
    if cancel.is_set():
        return [], []
    if shown < len(instances):
        snapshot = assemble_series(instances)
        yield snapshot
    return snapshot, skipped


def study_paths(archive, study_uid: str) -> list[Path]:
    """The files of a study in the local archive, series by series."""
    archive.flush(10.0)  # rows of files just received are committed first
    return [i.path for s in archive.list_series(study_uid)
            for i in archive.list_instances(s.series_uid)]


def load_study(archive, study_uid: str, *, cancel):
    """The series of a local study, progressively (see :func:`load_paths`)."""
    return (yield from load_paths(study_paths(archive, study_uid), cancel=cancel))


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


def delete_instance(archive, sop_instance_uid: str, *, cancel):
    """Remove one object we made (a reader's emptied key object selection) from the store."""
    return archive.delete_instance(sop_instance_uid)


def share_studies(archive, study_uids, output: Path, anonymizer=None, *, as_zip: bool = True,
                  include_burned_in: bool = False, cancel):
    """Copies of studies (``dicom-viewer export-zip`` / ``anonymize``): a zip of the original
    files, or anonymized copies (folder or zip) when an *anonymizer* is given. Returns the
    ShareReport; a cancelled zip is not written at all."""
    from viewer.share import anonymize_files, export_zip

    def progress(_done, _total, _path):
        if cancel.is_set():
            raise Cancelled()

    paths = [p for uid in study_uids for p in study_paths(archive, uid)]
    if anonymizer is None:
        return export_zip(paths, output, progress=progress)
    return anonymize_files(paths, output, anonymizer, as_zip=as_zip,
                           include_burned_in=include_burned_in, progress=progress)


def send_job(node, archive, study_uid: str, aet: str, series_uid: str | None = None, *,
             cancel):
    """C-STORE (or STOW-RS) a study, or one series of it, to *node* (``dicom-viewer send``):
    SendProgress per file."""
    from viewer.net.nodes import send

    if series_uid is None:
        paths = study_paths(archive, study_uid)
    else:
        archive.flush(10.0)
        paths = [i.path for i in archive.list_instances(series_uid)]
    yield from send(node, paths, aet, cancel=cancel)


def media_export_job(archive, study_uids, out: Path, *, cancel):
    """A CD/DVD folder of studies (``dicom-viewer media-export``): returns the MediaReport.
    Not cancellable once started: the file-set appears whole at the end, or not at all."""
    from viewer import __version__
    from viewer.store.media import export_media

    paths = [p for uid in study_uids for p in study_paths(archive, uid)]
    return export_media(paths, out, writer=f"dicom-viewer {__version__}")


def print_job(node, frames, window, options, aet: str, view=None, presentation=None, *,
              cancel):
    """Print frames (``dicom-viewer print``) as rendered at *window* (None: each one's default,
    or the presentation state's VOI), through *presentation* (a PresentationState) for the
    frames it references, turned, flipped or inverted as *view* (a ViewTransform) says: yields
    (films done, films total); returns the PrintResult."""
    from viewer.net.print_image import ViewTransform, presented_image, print_image_of
    from viewer.net.print_scu import print_images

    view = view or ViewTransform()
    images = []
    for ref in frames:
        if cancel.is_set():
            return None
        if presentation is not None and presentation.applies_to(ref.instance.sop_instance_uid,
                                                                ref.frame_index + 1):
            image = presented_image(ref.instance, ref.frame_index, presentation, window=window)
        else:
            image = print_image_of(ref.instance, ref.frame_index, window=window,
                                   bits=options.bits, colour_ok=True)
        images.append(view.apply(image))
    steps = []
    result = print_images(node, images, options, aet, progress=lambda *step: steps.append(step))
    yield from steps
    return result


def printer_status_job(node, aet: str, *, cancel):
    """The printer's N-GET status as one line (``dicom-viewer printer-status``)."""
    from viewer.net.print_scu import printer_status

    return str(printer_status(node, aet, timeout=10.0))
