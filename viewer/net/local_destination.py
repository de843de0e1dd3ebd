"""Our own Storage SCP as the destination of a C-MOVE, started only when a retrieve needs it.

A C-MOVE to our AE title works only while something listens as us. If a listener already
answers (the GUI's, or ``dicom-viewer listen``), it receives and indexes the objects; otherwise
the application's listener (:class:`~viewer.net.listener_process.ListenerProcess`: the Storage
SCP in a child process, as the GUI runs it) is started for the retrieve and stopped afterwards.
If it cannot start (e.g. the port is taken by another program), :meth:`ensure` raises and the
retrieve falls back to C-GET, saying why.
"""

from __future__ import annotations

from viewer.net.common import NetworkError, Node
from viewer.net.echo import echo

# Listeners on the same machine answer a C-ECHO in milliseconds.
_PROBE_TIMEOUT_S = 3.0


class LocalDestination:
    """Callable ``ensure()`` for :func:`viewer.net.retrieve.retrieve`; a context manager.

    ``on_stored(path, dataset, header=row)`` (e.g. ``Archive.submit``) is called for each file
    our listener stores; it may be set after :meth:`start_early`, before the retrieve."""

    def __init__(self, settings, on_stored=None):
        self.settings = settings
        self.on_stored = on_stored
        self.scp = None
        self.reused = False

    def _listener_answers(self) -> bool:
        probe = Node(self.settings.aet, "127.0.0.1", self.settings.port)
        try:
            echo(probe, self.settings.aet, _PROBE_TIMEOUT_S)
        except NetworkError:
            return False
        return True

    def _stored(self, path, dataset=None, **kwargs) -> None:
        if self.on_stored is not None:
            self.on_stored(path, dataset, **kwargs)

    def _start(self) -> None:
        from viewer.net.listener_process import ListenerProcess

        scp = ListenerProcess.from_settings(self.settings, on_stored=self._stored)
        scp.start()
        self.scp = scp

    def start_early(self) -> None:
        """Start our listener now if we can (while the process has one thread, the child is
        forked without repeating the imports); if not, :meth:`ensure` finds out why later."""
        if self.scp is None:
            try:
                self._start()
            except NetworkError:
                pass

    def ensure(self) -> None:
        """Make sure our AE title is listening; raise NetworkError with the reason if not."""
        if self.scp is not None or self.reused:
            return
        if self._listener_answers():
            self.reused = True
            return
        self._start()

    def close(self) -> None:
        if self.scp is not None:
            self.scp.stop()
            self.scp = None

    def __enter__(self) -> "LocalDestination":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
