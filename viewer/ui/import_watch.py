"""What an import that is to be opened needs to remember while it runs (see
:meth:`viewer.ui.operations.Operations.import_paths`)."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class Once:
    """Calls *fn* from the event loop the first time it is called (never if *fn* is None)."""

    def __init__(self, fn) -> None:
        self.fn = fn

    def __call__(self) -> None:
        fn, self.fn = self.fn, None
        if fn is not None:
            QTimer.singleShot(0, fn)


class ImportWatch:
    """The studies an import to open changed so far, and the one opened while it ran."""

    def __init__(self, title: str) -> None:
        self.title = title
        self.studies: set[str] = set()
        self.opened: str | None = None
        self.source = None  # the worker opening the dropped paths where they are

    def shown_from_source(self, opening, report) -> bool:
        """The paths were opened where they are and either the reader has opened something
        else since, or that open found every object the import stored: opening the stored
        copies would show nothing new."""
        if self.source is None:
            return False
        if opening is not self.source or not opening.is_done:
            return True  # (still reading them: it shows everything it finds)
        series = (opening.result or ([], []))[0]
        read = sum(len(s.instances) for s in series)
        return read >= len(report.imported) + len(report.duplicates)

    def shown_live(self, followed: str | None, report) -> bool:
        """The import brought one study, already open and followed (nothing else to show)."""
        return (self.opened is not None and followed == self.opened
                and self.studies == {self.opened} and not report.duplicates)
