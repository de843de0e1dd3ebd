"""The transfers view: one row per job (retrieve, import, send, export) with a progress bar,
completed / remaining / failed counts, a Cancel button while it runs, its outcome, and Retry
for a job that can be asked again (a retrieve that failed in part or whole)."""

from __future__ import annotations

import time

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel,
                               QPlainTextEdit, QProgressBar, QPushButton, QScrollArea,
                               QSizePolicy, QToolButton, QVBoxLayout, QWidget)

RUNNING, DONE, FAILED, CANCELLED = "running", "done", "failed", "cancelled"
_COLOURS = {DONE: "#3fb950", FAILED: "#f85149", CANCELLED: "#d29922"}


class Job(QObject):
    """A transfer as the view shows it; updated from the GUI thread by its operation."""

    changed = Signal()
    cancelRequested = Signal()
    retryRequested = Signal()

    def __init__(self, kind: str, title: str, parent=None) -> None:
        super().__init__(parent)
        self.kind, self.title = kind, title
        self.state = RUNNING
        self.completed = self.failed = 0
        self.remaining: int | None = None
        self.detail = ""
        self.failures: list[tuple[str, str]] = []  # (what, why) of each item that failed
        self.started = time.monotonic()
        self.can_retry = False  # its operation answers retryRequested (once)

    @property
    def retry_offered(self) -> bool:
        return self.can_retry and self.state in (DONE, FAILED) and \
            (self.state == FAILED or self.failed > 0)

    @property
    def total(self) -> int | None:
        return None if self.remaining is None else self.completed + self.failed + self.remaining

    @property
    def percent(self) -> int | None:
        total = self.total
        if not total:
            return 100 if self.state == DONE else None
        return int(100 * (self.completed + self.failed) / total)

    def update(self, completed: int | None = None, remaining: int | None = None,
               failed: int | None = None, detail: str | None = None) -> None:
        if completed is not None:
            self.completed = completed
        if remaining is not None:
            self.remaining = remaining
        if failed is not None:
            self.failed = failed
        if detail is not None:
            self.detail = detail
        self.changed.emit()

    def add_failures(self, failures) -> None:
        """Items that failed, each ``(what, why)``: listed by the row's Details button."""
        if failures:
            self.failures.extend(failures)
            self.changed.emit()

    def finish(self, state: str, detail: str = "") -> None:
        self.state = state
        if state == DONE and self.remaining:
            self.remaining = 0
        if detail:
            self.detail = detail
        self.changed.emit()


class JobRow(QFrame):
    """One job: title, progress bar, counts, Cancel."""

    def __init__(self, job: Job, parent=None) -> None:
        super().__init__(parent)
        self.job = job
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel(job.title)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setToolTip(job.title)
        self.title.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.counts = QLabel()
        self.counts.setMinimumWidth(230)
        self.counts.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setFixedWidth(80)
        self.cancel_button.clicked.connect(job.cancelRequested)
        self.details_button = QToolButton()
        self.details_button.setText(self.tr("Details…"))
        self.details_button.setToolTip(self.tr("What failed, and why"))
        self.details_button.clicked.connect(self.show_failures)
        self.details_dialog: QDialog | None = None
        self.retry_button = QPushButton(self.tr("Retry"))
        self.retry_button.setToolTip(self.tr("Ask again for what failed"))
        self.retry_button.clicked.connect(job.retryRequested)
        self.bar.setFixedWidth(280)
        self.title.setMinimumWidth(200)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.bar)
        top.addWidget(self.counts)
        top.addWidget(self.details_button)
        top.addWidget(self.retry_button)
        top.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(0)
        layout.addLayout(top)
        layout.addWidget(self.detail)
        self._shown: dict = {}
        job.changed.connect(self.refresh)
        self.refresh()

    def _state_word(self) -> str:
        return {DONE: self.tr("Done"), FAILED: self.tr("Failed"),
                CANCELLED: self.tr("Cancelled")}.get(self.job.state, "")

    def refresh(self) -> None:
        """Show the job; only what changed is touched (a retrieve updates its row on every
        event-loop turn, and a style sheet change restyles the label)."""
        job = self.job
        percent = job.percent
        running = job.state == RUNNING
        if percent is None:  # busy while the total is unknown; empty if it ended so
            bar = (0, 0 if running else 100, 0, False)
        else:
            bar = (0, 100, percent, True)
        remaining = "?" if job.remaining is None else str(job.remaining)
        colour = _COLOURS.get(job.state)
        shown = {
            "bar": bar,
            "counts": self.tr("{done} done · {left} remaining · {failed} failed").format(
                done=job.completed, left=remaining, failed=job.failed),
            "detail": job.detail,
            "state": (running, self.tr("Cancel") if running else self._state_word()),
            "colour": f"color: {colour}" if colour else "",
            "failures": len(job.failures),
            "retry": job.retry_offered,
        }
        for key, value in shown.items():
            if self._shown.get(key) != value:
                self._shown[key] = value
                getattr(self, f"_show_{key}")(value)

    def _show_bar(self, value) -> None:
        low, high, percent, text = value
        self.bar.setRange(low, high)
        self.bar.setValue(percent)
        self.bar.setTextVisible(text)

    def _show_counts(self, text: str) -> None:
        self.counts.setText(text)

    def _show_detail(self, text: str) -> None:
        self.detail.setText(text)
        self.detail.setVisible(bool(text))

    def _show_state(self, value) -> None:
        running, word = value
        self.cancel_button.setEnabled(running)
        self.cancel_button.setText(word)

    def _show_colour(self, sheet: str) -> None:
        self.detail.setStyleSheet(sheet)

    def _show_retry(self, offered: bool) -> None:
        self.retry_button.setVisible(offered)

    def _show_failures(self, count: int) -> None:
        self.details_button.setVisible(bool(count))
        if self.details_dialog is not None:
            self._fill_failures()

    def show_failures(self) -> None:
        """A window listing each failed item and why (not modal: the transfers go on)."""
        if self.details_dialog is None:
            dialog = QDialog(self)
            dialog.setWindowTitle(self.tr("Failed: {title}").format(title=self.job.title))
            self._failure_text = QPlainTextEdit()
            self._failure_text.setReadOnly(True)
            self._failure_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
            buttons.rejected.connect(dialog.close)
            layout = QVBoxLayout(dialog)
            layout.addWidget(self._failure_text)
            layout.addWidget(buttons)
            dialog.resize(720, 320)
            self.details_dialog = dialog
        self._fill_failures()
        self.details_dialog.show()
        self.details_dialog.raise_()

    def _fill_failures(self) -> None:
        self._failure_text.setPlainText("\n".join(
            self.tr("{what}: {why}").format(what=what, why=why) for what, why in self.job.failures))


class TransfersView(QWidget):
    """The list of jobs, newest first; finished ones can be cleared."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.jobs: list[Job] = []
        self.rows: dict[Job, JobRow] = {}
        self._list = QVBoxLayout()
        self._list.setContentsMargins(0, 0, 0, 0)
        self._list.addStretch(1)
        holder = QWidget()
        holder.setLayout(self._list)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.empty_label = QLabel(self.tr("No transfers yet. Retrieve, import, send or export "
                                          "studies: each job shows its progress here."))
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: gray")
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Clear finished"))
        self.clear_button.clicked.connect(self.clear_finished)
        bar = QHBoxLayout()
        bar.addWidget(self.empty_label, 1)
        bar.addStretch(0)
        bar.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

    def add_job(self, kind: str, title: str) -> Job:
        job = Job(kind, title, self)
        row = JobRow(job)
        self.jobs.append(job)
        self.rows[job] = row
        self._list.insertWidget(0, row)
        self.empty_label.setVisible(False)
        return job

    def running(self) -> list[Job]:
        return [j for j in self.jobs if j.state == RUNNING]

    def clear_finished(self) -> None:
        for job in [j for j in self.jobs if j.state != RUNNING]:
            row = self.rows.pop(job)
            self._list.removeWidget(row)
            row.deleteLater()
            self.jobs.remove(job)
            job.deleteLater()
        self.empty_label.setVisible(not self.jobs)
