"""The window's actions on studies: retrieve, import, open, delete, send, export.

Each runs a function of :mod:`viewer.ui.jobs` in a worker and shows its progress as a row of the
transfers view; what the user must see afterwards comes out as signals.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from viewer.store.zipped import is_zip
from viewer.ui import jobs
from viewer.ui.import_watch import ImportWatch, Once
from viewer.ui.live_study import LiveStudy
from viewer.ui.retrieving import Retrieves
from viewer.ui.transfers import CANCELLED, DONE, FAILED, RUNNING


class Operations(QObject):
    seriesReady = Signal(list, str)  # assembled series, what was opened: the first read
    seriesGrew = Signal(list)  # the series read so far of what seriesReady began to show
    statusMessage = Signal(str)
    notice = Signal(str, str)  # title, text: shown without blocking
    logMessage = Signal(str)
    studyRetrieved = Signal(str)  # study UID

    def __init__(self, session, pool, transfers, parent=None) -> None:
        super().__init__(parent)
        self.session, self.pool, self.transfers = session, pool, transfers
        self.opening = None  # the worker of the open in progress (or last ended)
        self._shown = False  # it has shown its first series
        self.live = LiveStudy(session, pool, self)  # the open study grows while it arrives
        self.retrieves = Retrieves(self)
        self._import_watch: ImportWatch | None = None  # the import to open while it runs
        session.indexChanged.connect(self._index_changed)

    def _archive(self):
        archive = self.session.archive
        if archive is None:
            reason = self.session.archive_error or self.tr("it is still opening")
            self.notice.emit(self.tr("Local archive unavailable"),
                             self.tr("The local archive cannot be used: {reason}").format(reason=reason))
        return archive

    def _track(self, job, worker) -> None:
        job.cancelRequested.connect(worker.cancel)

    # --- retrieve, and send from an archive to another node (viewer.ui.retrieving) ----------

    def retrieve(self, node, requests, open_when_done: bool = False) -> list:
        return self.retrieves.retrieve(node, requests, open_when_done)

    def move(self, node, requests, destination: str) -> list:
        """Ask *node* to send *requests* to the AE title *destination* (three-device C-MOVE)."""
        return self.retrieves.move(node, requests, destination)

    def fail_job(self, job, text: str) -> None:
        job.finish(FAILED, text)
        self.log(job, text)

    def log(self, job, outcome: str) -> None:
        self.logMessage.emit(self.tr("{title}: {outcome}").format(title=job.title, outcome=outcome))

    # --- import and open ----------------------------------------------------------------------

    def import_paths(self, paths, open_after: bool = True):
        """Import into the archive with progress; then open what was dropped."""
        archive = self._archive()
        if archive is None:
            return None
        names = ", ".join(p.name or str(p) for p in map(_path, paths[:3]))
        more = len(paths) - 3
        title = self.tr("Import {names}").format(names=names) + (f" (+{more})" if more > 0 else "")
        job = self.transfers.add_job("import", title)
        job.watch = self._import_watch = ImportWatch(job.title) if open_after else None
        job.cancelRequested.connect(lambda: self._cancel_unstarted(job))
        if open_after and not any(map(is_zip, map(_path, paths))):
            # shown from where they are at once; the copy into the store begins once the first
            # image is on its way (before, its thread would slow the reading of that image)
            self.open_paths(paths, job.title,
                            then=lambda: self._start_import(job, archive, paths, open_after))
            job.watch.source = self.opening
        else:
            self._start_import(job, archive, paths, open_after)
        return job

    @staticmethod
    def _cancel_unstarted(job) -> None:
        if job.state == RUNNING and getattr(job, "worker", None) is None:
            job.finish(CANCELLED)

    def _start_import(self, job, archive, paths, open_after: bool) -> None:
        if job.state != RUNNING:
            return  # cancelled before it began
        job.worker = worker = self.pool.run(
            jobs.import_job, archive, list(paths), name="import",
            on_items=lambda steps: job.update(
                completed=steps[-1].done, remaining=steps[-1].total - steps[-1].done,
                failed=sum(1 for s in steps if s.outcome == "skipped") + job.failed),
            on_finished=lambda report: self._import_done(job, worker, report, paths, open_after),
            on_failed=lambda text: self.fail_job(job, text))
        self._track(job, worker)

    def _import_done(self, job, worker, report, paths, open_after: bool) -> None:
        if report is None:
            job.finish(FAILED)
            return
        summary = self.tr("{imported} imported, {duplicates} already there, {skipped} skipped").format(
            imported=len(report.imported), duplicates=len(report.duplicates),
            skipped=len(report.skipped))
        job.update(failed=len(report.skipped))
        job.finish(CANCELLED if worker.cancelled else DONE, summary)
        self.log(job, summary)
        if report.skipped:
            lines = [f"{path}: {reason}" for path, reason in report.skipped[:50]]
            if len(report.skipped) > 50:
                lines.append(self.tr("… and {n} more").format(n=len(report.skipped) - 50))
            self.notice.emit(self.tr("Some files were not imported"),
                             self.tr("These files are not DICOM images the viewer can use:") +
                             "\n\n" + "\n".join(lines))
        watch = job.watch  # (a later import watches for itself)
        if self._import_watch is watch:
            self._import_watch = None
        if open_after and not worker.cancelled and (report.imported or report.duplicates):
            if watch is not None and watch.shown_from_source(self.opening, report):
                return  # read where they are (or the reader moved on), nothing more stored
            if watch is not None and watch.shown_live(self.live.study_uid, report):
                return  # open since its first files were indexed; LiveStudy adds the rest
            self.open_paths(list(report.imported) + list(report.duplicates), job.title)

    def _index_changed(self, change) -> None:
        """During an import to open: its first study indexed opens at once (as a study being
        retrieved does); the rest of its files are added as they are indexed (LiveStudy)."""
        watch = self._import_watch
        if watch is None or watch.source is not None or not change.changed_studies:
            return
        watch.studies.update(change.changed_studies)
        if watch.opened is None:
            watch.opened = sorted(change.changed_studies)[0]
            self.open_study(watch.opened, watch.title)

    def open_paths(self, paths, title: str = "", then=None) -> None:
        self.live.stop()
        self._open(jobs.load_paths, [str(p) for p in paths], title=title, then=then)

    def open_study(self, study_uid: str, title: str = "") -> None:
        """Open a local study, even one still arriving: later files are added (LiveStudy)."""
        archive = self._archive()
        if archive is not None:
            self.live.follow(study_uid)
            self._open(jobs.load_study, archive, study_uid, title=title, study_uid=study_uid)

    def _open(self, fn, *args, title: str, study_uid: str | None = None, then=None) -> None:
        """Run *fn* (jobs.load_paths or load_study): its first snapshot of series read so far
        is shown at once (``seriesReady``), later ones grow it (``seriesGrew``). *then* is
        called (once, from the event loop) after the first snapshot is shown or the open ends."""
        if self.opening is not None and not self.opening.is_done:
            self.opening.cancel()
        self.statusMessage.emit(self.tr("Opening {what}…").format(what=title))
        self._shown = False
        worker = None
        after = Once(then)

        def arrived(snapshots) -> None:
            if worker is self.opening and not worker.cancelled:
                self._arrived(snapshots[-1], title)
            after()

        def ended(result) -> None:
            if worker is self.opening:
                self._opened(result, title, study_uid)
            after()

        def failed(text: str) -> None:
            self.notice.emit(self.tr("Cannot open"), text)
            after()

        worker = self.pool.run(fn, *args, name="open", on_items=arrived, on_finished=ended,
                               on_failed=failed)
        self.opening = worker

    def _arrived(self, series: list, title: str) -> None:
        if self._shown:
            self.seriesGrew.emit(series)
        elif any(s.frames for s in series):
            self._shown = True
            self.seriesReady.emit(series, title)

    def _opened(self, result, title: str, study_uid: str | None = None) -> None:
        series, skipped = result
        if study_uid is not None:
            self.live.opened(study_uid, series, skipped)
        if not series:
            if skipped:
                self.notice.emit(self.tr("Nothing to show"), "\n".join(map(str, skipped[:20])))
            return
        self.statusMessage.emit(self.tr("Opened {what}").format(what=title))
        if not self._shown:  # (shown: the last snapshot already held every object)
            self.seriesReady.emit(series, title)

    # --- delete, send, export -----------------------------------------------------------------

    def delete_studies(self, study_uids: list[str], labels: dict | None = None) -> None:
        """Delete local studies in a worker; each one deleted is logged."""
        archive = self._archive()
        if archive is None:
            return
        labels = labels or {}
        self.pool.run(jobs.delete_studies, archive, list(study_uids), name="delete",
                      on_items=lambda done: self._deleted(done, labels),
                      on_failed=lambda text: self.notice.emit(self.tr("Delete failed"), text))

    def _deleted(self, done, labels: dict) -> None:
        for uid, count in done:
            text = self.tr("Deleted {what} (%n instance(s))", "", count).format(
                what=labels.get(uid, uid))
            self.logMessage.emit(text)
            self.statusMessage.emit(text)

    def send_study(self, node, study_uid: str, label: str, series_uid: str | None = None) -> None:
        """C-STORE (or STOW-RS) a local study, or one of its series, to *node*."""
        archive = self._archive()
        if archive is None:
            return
        job = self.transfers.add_job("send", self.tr("Send {what} to {node}").format(
            what=label, node=node.name))
        worker = self.pool.run(jobs.send_job, node, archive, study_uid, self.session.settings.aet,
                               series_uid, name="send", on_items=lambda steps: self._send_steps(job, steps),
                               on_finished=lambda _: self._ended(job, worker, self.tr(
                                   "{sent} sent, {failed} failed").format(
                                   sent=job.completed, failed=job.failed)),
                               on_failed=lambda text: self.fail_job(job, text))
        self._track(job, worker)

    @staticmethod
    def _send_steps(job, steps) -> None:
        """viewer.net.send.SendProgress: sent, failed, total after each file; nothing is
        retried, each file that failed is listed with its status meaning."""
        last = steps[-1]
        failures = [(str(s.path), s.message) for s in steps if not s.ok]
        job.add_failures(failures)  # each one listed by the row's Details button
        job.update(completed=last.sent, failed=last.failed,
                   remaining=last.total - last.sent - last.failed,
                   detail=f"{failures[-1][0]}: {failures[-1][1]}" if failures else None)

    def _ended(self, job, worker, outcome: str, detail: str = "") -> None:
        """A send or export ran to its end: failed when nothing succeeded; logged."""
        if worker.cancelled:
            state = CANCELLED
        else:
            state = FAILED if job.failed and not job.completed else DONE
        job.finish(state, detail)
        self.log(job, outcome)

    def export_study(self, study_uid: str, label: str, folder) -> None:
        """Every image of a study as PNG under *folder* (the row's detail says where)."""
        archive = self._archive()
        if archive is None:
            return
        job = self.transfers.add_job("export", self.tr("Export {what}").format(what=label))
        job.update(detail=str(folder))
        failures = []

        def steps(batch):
            failures.extend(f for _, _, f in batch if f)
            done, total, _ = batch[-1]
            job.update(completed=done - len(failures), failed=len(failures), remaining=total - done)

        worker = self.pool.run(jobs.export_study_pngs, archive, study_uid, folder, name="export",
                               on_items=steps,
                               on_finished=lambda _: self._ended(job, worker, self.tr(
                                   "%n image(s) written to {folder}, {failed} failed", "",
                                   job.completed).format(folder=folder, failed=job.failed),
                                   failures[0] if failures else ""),
                               on_failed=lambda text: self.fail_job(job, text))
        self._track(job, worker)

    def share_studies(self, labels: dict, output, anonymizer=None, *, as_zip: bool = True,
                      include_burned_in: bool = False) -> None:
        """Copies of the studies (*labels*: UID -> label) as one zip of the original files, or
        anonymized (folder or zip) with *anonymizer*; the row's detail says where."""
        archive = self._archive()
        if archive is None:
            return
        names = ", ".join(labels.values())
        title = (self.tr("Export {what} anonymized").format(what=names) if anonymizer
                 else self.tr("Export {what} as zip").format(what=names))
        job = self.transfers.add_job("export", title)
        job.update(detail=str(output))
        worker = self.pool.run(
            jobs.share_studies, archive, list(labels), output, anonymizer, as_zip=as_zip,
            include_burned_in=include_burned_in, name="share",
            on_finished=lambda report: self._shared(job, worker, report),
            on_failed=lambda text: self._ended(job, worker, text) if worker.cancelled
            else self.fail_job(job, text))
        self._track(job, worker)

    def _shared(self, job, worker, report) -> None:
        job.update(completed=len(report.written),
                   failed=len(report.skipped) + len(report.burned_in), remaining=0)
        outcome = self.tr("%n file(s) written to {output}; {unreadable} unreadable, {burned} "
                          "skipped for burned-in annotation", "", len(report.written)).format(
            output=report.output, unreadable=len(report.skipped), burned=len(report.burned_in))
        notes = [f"{path.name}: {reason}" for path, reason in report.skipped + report.burned_in]
        self._ended(job, worker, outcome, notes[0] if notes else outcome)

    def export_media(self, study_uids: list[str], label: str, folder) -> None:
        """The studies as a PS3.11 file-set with DICOMDIR in *folder* (new or empty)."""
        archive = self._archive()
        if archive is None:
            return
        job = self.transfers.add_job("export", self.tr("CD/DVD folder of {what}").format(
            what=label))
        job.update(detail=str(folder))

        def finished(report) -> None:
            job.update(completed=len(report.written), failed=len(report.skipped))
            self._ended(job, worker, self.tr("%n instance(s) written to {folder}, {failed} "
                                             "skipped", "", job.completed).format(
                folder=folder, failed=job.failed),
                report.skipped[0][1] if report.skipped else "")

        worker = self.pool.run(jobs.media_export_job, archive, study_uids, folder, name="media",
                               on_finished=finished, on_failed=lambda text: self.fail_job(job, text))
        self._track(job, worker)

    def print_frames(self, node, frames, window, options, view=None, presentation=None) -> None:
        """Print *frames* on the printer *node* at *window*, through *presentation* (a GSPS)
        where it applies, turned/flipped/inverted as *view* (a ViewTransform): a Transfers row,
        the result in the log."""
        job = self.transfers.add_job("print", self.tr("Print %n image(s) on {node}", "",
                                                      len(frames)).format(node=node.name))
        job.update(remaining=len(frames))

        def finished(result) -> None:
            if result is None:
                return self._ended(job, worker, self.tr("cancelled"))
            job.update(completed=result.images, remaining=0)
            self._ended(job, worker, self.tr("%n film(s) printed", "", result.films),
                        "; ".join(result.warnings))

        worker = self.pool.run(jobs.print_job, node, frames, window, options,
                               self.session.settings.aet, view, presentation, name="print",
                               on_finished=finished,
                               on_failed=lambda text: self.fail_job(job, text))
        self._track(job, worker)

    def printer_status(self, node, show) -> None:
        """Ask *node* for its status; *show(text)* gets the answer or the failure."""
        self.pool.run(jobs.printer_status_job, node, self.session.settings.aet, name="printer",
                      on_finished=show, on_failed=show)

    def export_frame(self, instance, frame_index: int, window, out) -> None:
        self.pool.run(jobs.export_frame_png, instance, frame_index, window, out, name="export-frame",
                      on_finished=lambda path: self.statusMessage.emit(
                          self.tr("Saved {path}").format(path=path)),
                      on_failed=lambda text: self.notice.emit(self.tr("Export failed"), text))


def _path(value):
    from pathlib import Path

    return Path(value)
