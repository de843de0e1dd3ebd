"""Retrieves from an archive, and moves from an archive to another node (three-device C-MOVE).

Both are one Transfers row per study or series, at most MAX_RETRIEVES at a time (archives limit
their associations), with the archive's sub-operation counts and Cancel (C-CANCEL). A retrieve
runs :func:`viewer.ui.jobs.retrieve_job` (to us, ``dicom-viewer retrieve``); a move to another
AE runs :func:`viewer.ui.jobs.move_job` (``dicom-viewer retrieve --dest``), whose outcome is
worded here (unknown destination, destination down, partial failures with their counts).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject

from viewer.net import move_outcome as mo
from viewer.net.nodes import is_web
from viewer.ui import jobs
from viewer.ui.transfers import CANCELLED, DONE, FAILED

MAX_RETRIEVES = 2


class Retrieves(QObject):
    """The queue of retrieves and moves of :class:`viewer.ui.operations.Operations`."""

    def __init__(self, operations) -> None:
        super().__init__(operations)
        self.ops = operations
        self._waiting: list[tuple] = []  # (job, start) not started yet
        self._running = 0

    def retrieve(self, node, requests, open_when_done: bool = False) -> list:
        """Retrieve each request to us; the retrieved study opens at the end if asked. A job
        that fails in whole or in part offers Retry (see :meth:`_retry`)."""
        jobs_queued = []
        for request in requests:
            job = self._queue(self.tr("Retrieve {what} from {node}").format(
                what=request.label, node=node.name or node.aet),
                lambda job, r=request: self._start_retrieve(job, node, r, open_when_done))
            job.can_retry = True
            job.retryRequested.connect(
                lambda job=job, r=request: self._retry(job, node, r, open_when_done))
            jobs_queued.append(job)
        return jobs_queued

    def _retry(self, job, node, request, open_when_done: bool) -> None:
        """Ask again, once per job: from a DICOMweb archive only the instances that failed
        when their UIDs are known (WADO-RS instance resources), else the whole request (what
        is stored already is not stored twice)."""
        if not job.can_retry:
            return
        job.can_retry = False
        job.changed.emit()
        last = getattr(job, "last_step", None)
        if is_web(node) and last is not None and last.failed_uids \
                and len(last.failed_uids) == last.failed:
            request = replace(request, level="IMAGE", keys={
                "StudyInstanceUID": request.study_uid,
                "SOPInstanceUID": "\\".join(last.failed_uids)},
                label=self.tr("%n failed instance(s) of {what}", "", len(last.failed_uids))
                .format(what=request.label))
        self.retrieve(node, [request], open_when_done)

    def move(self, node, requests, destination: str) -> list:
        """Ask *node* to send each request to the AE title *destination* (none comes to us)."""
        return [self._queue(self.tr("Send {what} from {node} to {destination}").format(
            what=request.label, node=node.name or node.aet, destination=destination),
            lambda job, r=request: self._start_move(job, node, r, destination), "move")
            for request in requests]

    def _queue(self, title: str, start, kind: str = "retrieve"):
        job = self.ops.transfers.add_job(kind, title)
        job.update(detail=self.tr("Waiting for another retrieve to end…"))
        job.cancelRequested.connect(lambda job=job: self._cancel_waiting(job))
        self._waiting.append((job, start))
        self._next()
        return job

    def _next(self) -> None:
        while self._waiting and self._running < MAX_RETRIEVES:
            job, start = self._waiting.pop(0)
            self._running += 1
            job.update(detail="")
            worker = start(job)
            worker.done.connect(self._ended)
            job.cancelRequested.connect(worker.cancel)
            job.worker = worker

    def _ended(self) -> None:
        self._running -= 1
        self._next()

    def _cancel_waiting(self, job) -> None:
        for entry in list(self._waiting):
            if entry[0] is job:
                self._waiting.remove(entry)
                job.finish(CANCELLED, self.tr("Cancelled"))

    def _steps(self, job, steps) -> None:
        for step in steps:
            if step.kind == "fallback":
                job.update(detail=str(step))
                self.ops.logMessage.emit(str(step))
        last = steps[-1]
        if last.kind != "fallback":
            job.update(completed=last.completed + last.warning, failed=last.failed,
                       remaining=last.remaining if last.remaining is not None else
                       (0 if last.kind == "final" else None))
            if last.kind == "final":
                job.last_step = last

    # --- to us ----------------------------------------------------------------------------------

    def _start_retrieve(self, job, node, request, open_when_done: bool):
        session = self.ops.session
        return self.ops.pool.run(
            jobs.retrieve_job, node, request, session.settings, session, name="retrieve",
            on_items=lambda steps: self._steps(job, steps),
            on_finished=lambda _: self._retrieve_done(job, request, open_when_done),
            on_failed=lambda text: self.ops.fail_job(job, text))

    def _retrieve_done(self, job, request, open_when_done: bool) -> None:
        last = getattr(job, "last_step", None)
        if job.worker.cancelled or (last is not None and last.cancelled):
            job.finish(CANCELLED, self.tr("Cancelled"))
            return
        failed = last.failed if last is not None else 0
        detail = last.message if last is not None else ""
        if last is not None and last.status == 0x0000 and not failed:
            detail = ""  # plain success: the full bar says it
        job.finish(FAILED if failed and not job.completed else DONE, detail)
        outcome = detail or self.tr("complete, %n instance(s)", "", job.completed)
        self.ops.log(job, outcome)
        self.ops.studyRetrieved.emit(request.study_uid)
        if open_when_done and job.completed and self.ops.live.study_uid != request.study_uid:
            self.ops.open_study(request.study_uid, request.label)  # (open already: it grew live)

    # --- to another node ------------------------------------------------------------------------

    def _start_move(self, job, node, request, destination: str):
        session = self.ops.session
        return self.ops.pool.run(
            jobs.move_job, node, request, destination, session.settings.aet, session.nodes(),
            name="move", on_items=lambda steps: self._steps(job, steps),
            on_finished=lambda outcome: self._move_done(job, outcome),
            on_failed=lambda text: self.ops.fail_job(job, text))

    def _move_done(self, job, outcome) -> None:
        if job.worker.cancelled and outcome.kind == mo.DONE:
            outcome = mo.MoveOutcome(mo.CANCELLED, outcome.destination, outcome.completed)
        job.update(completed=outcome.sent, failed=outcome.not_sent, remaining=0)
        job.add_failures([(uid, self.tr("not received by {destination} (the archive's Failed "
                                         "SOP Instance UID List)").format(
            destination=outcome.destination)) for uid in outcome.failed_uids])
        words = self.explain(outcome)
        state = {mo.DONE: DONE, mo.CANCELLED: CANCELLED}.get(outcome.kind, FAILED)
        job.finish(state, "" if outcome.ok else words)
        self.ops.log(job, words)

    def explain(self, outcome) -> str:
        """*outcome* (a MoveOutcome) in words."""
        dest, sent = outcome.destination, outcome.sent
        status = f" ({outcome.status_text})" if outcome.status_text else ""
        if outcome.kind == mo.DONE:
            return self.tr("%n instance(s) sent to {destination}", "", sent).format(
                destination=dest)
        if outcome.kind == mo.CANCELLED:
            return self.tr("Cancelled: %n instance(s) sent to {destination} before",
                           "", sent).format(destination=dest)
        if outcome.kind == mo.PARTIAL:
            return self.tr("%n of {total} instance(s) reached {destination}", "", sent).format(
                total=sent + outcome.not_sent, destination=dest) + status
        if outcome.kind == mo.UNKNOWN:
            return self.tr("The archive does not know the destination {destination}: add "
                           "{destination} (its host and port) to the archive's DICOM "
                           "nodes.").format(destination=dest) + status
        if outcome.kind == mo.DOWN:
            why = f" {outcome.reason}" if outcome.reason else ""
            return self.tr("The archive cannot reach the destination {destination}: is it "
                           "running?").format(destination=dest) + why + status
        return self.tr("The archive refused to send to {destination}: it does not know that "
                       "AE title, or cannot reach it.").format(destination=dest) + status
