"""``dicom-viewer --check``: start the real window and services, report, quit.

For checking an installation (the frozen build's test runs it offscreen): it proves that Qt's
platform plugin loads, the main window is constructed and shown, the local archive opens and
the Storage SCP binds its port; it also names the translation files loaded. Once the archive and the listener have both reported, one line
goes to stdout and the application quits, with status 0 only if all of them succeeded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QTranslator

GIVE_UP_MS = 120_000  # a service that never reports is a failure, not a hang


class StartupCheck(QObject):
    def __init__(self, window, app) -> None:
        super().__init__(window)
        self.window, self.app = window, app
        self.archive: str | None = None
        self.listener = None
        session = window.session
        session.archiveReady.connect(lambda: self._archive_state("ready"))
        session.archiveFailed.connect(lambda error: self._archive_state("failed: " + error))
        session.listenerChanged.connect(self._listener_state)
        QTimer.singleShot(GIVE_UP_MS, self._give_up)

    def _archive_state(self, text: str) -> None:
        self.archive = text
        self._finish_when_complete()

    def _listener_state(self, state) -> None:
        self.listener = state
        self._finish_when_complete()

    def _finish_when_complete(self) -> None:
        if self.archive is not None and self.listener is not None:
            self._report()

    def _translations(self) -> str:
        files = [Path(t.filePath()).name for t in self.app.findChildren(QTranslator)
                 if t.filePath()]
        return ", ".join(sorted(files)) or "none"

    def _give_up(self) -> None:
        self.archive = self.archive or "no answer"
        self._report()

    def _report(self) -> None:
        shown = self.window.isVisible()
        listening = self.listener is not None and self.listener.listening
        if self.listener is None:
            scp = "no answer"
        elif listening:
            scp = "listening as " + self.listener.address
        else:
            scp = f"not listening on port {self.listener.port}: {self.listener.reason}"
        size = self.window.size()
        print(f"check: main window {'shown' if shown else 'NOT shown'} "
              f"({self.window.windowTitle()}, {size.width()}x{size.height()}); "
              f"archive {self.archive}; Storage SCP {scp}; "
              f"translations: {self._translations()}", flush=True)
        self.app.exit(0 if shown and self.archive == "ready" and listening else 1)
