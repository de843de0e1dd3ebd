"""The running services behind the window: settings, local archive, Storage SCP, demo archive.

Opening the archive, binding the SCP's port, generating the demo data and saving settings all
touch the disk or the network, so they run one after the other on a service thread; the window
learns the outcome through signals. The archive's listeners run on its writer thread and the
SCP's (the SCP runs in a child process, viewer.net.listener_process) on a reader thread: both
are handed to the GUI thread as queued signals.
"""

from __future__ import annotations

import concurrent.futures
import logging
from dataclasses import dataclass, replace

from PySide6.QtCore import QObject, Signal, Slot

from viewer import config
from viewer.net.common import NetworkError
from viewer.store import Archive, StoreError
from viewer.ui.workers import BatchRelay

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class ListenerState:
    """What the status bar says about the Storage SCP."""

    listening: bool
    aet: str
    port: int
    reason: str = ""  # why it is not listening
    restarted: str = ""  # listening again after its process stopped unexpectedly: why it did

    @property
    def address(self) -> str:
        return f"{self.aet}@{self.port}"


def listener_identity(settings: config.Settings) -> tuple:
    """What the Storage SCP is started with: a change restarts it."""
    return (settings.aet, settings.port, settings.bind, settings.allowed_calling_aets,
            settings.tls, settings.min_free_mb)


class Session(QObject):
    """Owns the services; every method is called on the GUI thread."""

    archiveReady = Signal()
    archiveFailed = Signal(str)
    indexChanged = Signal(object)  # viewer.store.IndexChange
    listenerChanged = Signal(object)  # ListenerState
    scpEvents = Signal(list)  # viewer.net.scp_events.SCPEvent, those of one event-loop turn
    nodesChanged = Signal()
    settingsSaved = Signal()
    settingsFailed = Signal(str)
    demoFailed = Signal(str)
    _gui = Signal(object)  # a callable to run on the GUI thread

    def __init__(self, settings: config.Settings | None = None, parent=None,
                 settings_error: str = "", file_settings: config.Settings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else config.Settings()
        # what the settings file says (without environment overrides): what Settings edits
        self.file_settings = file_settings if file_settings is not None else self.settings
        self.settings_error = settings_error
        self.archive: Archive | None = None
        self.archive_error = ""
        self.listener = ListenerState(False, self.settings.aet, self.settings.port,
                                      "starting")
        self.demo = None
        self.demo_node: config.RemoteNode | None = None
        self._scp = None
        self._service = concurrent.futures.ThreadPoolExecutor(1, "ui-services")
        self._gui.connect(self._run_on_gui)
        self._scp_events = BatchRelay(self)  # the listener's reader thread -> scpEvents, batched
        self._scp_events.items.connect(self.scpEvents)
        self._closed = False

    # --- nodes and identity -------------------------------------------------------------------

    def nodes(self) -> list[config.RemoteNode]:
        """The saved archives (printers left out), then the demo archive when it runs."""
        archives = [n for n in self.settings.nodes if n.kind != "printer"]
        return [*archives, *([self.demo_node] if self.demo_node else [])]

    def printers(self) -> list[config.RemoteNode]:
        """The saved printer nodes (``kind: "printer"`` in the settings file)."""
        return [n for n in self.settings.nodes if n.kind == "printer"]

    def node(self, name: str) -> config.RemoteNode | None:
        return next((n for n in self.nodes() if n.name == name), None)

    # --- start / stop -------------------------------------------------------------------------

    def start(self, demo: bool = False) -> None:
        """Open the archive, start the Storage SCP (and the demo archive), in the background."""
        self._service.submit(self._guarded, self._open_archive)
        self._service.submit(self._guarded, self._start_listener)
        if demo:
            self._service.submit(self._guarded, self._start_demo)

    def close(self) -> None:
        """Stop everything (the window is closing)."""
        if self._closed:
            return
        self._closed = True
        self._service.submit(self._shutdown)
        self._service.shutdown(wait=True)

    def _shutdown(self) -> None:
        for stop in (self._stop_demo, self._stop_listener, self._close_archive):
            try:
                stop()
            except Exception:
                LOG.exception("stopping a service failed")

    # --- settings -----------------------------------------------------------------------------

    def apply_settings(self, edited: config.Settings) -> None:
        """Save *edited* (the settings file's values) and restart what they change."""
        self._service.submit(self._guarded, self._apply, edited)

    def _apply(self, edited: config.Settings) -> None:
        try:
            config.save_settings(edited)
            effective = config.load_settings()
        except (config.ConfigError, OSError) as exc:
            self._gui.emit(lambda: self.settingsFailed.emit(str(exc)))
            return
        old, self.settings, self.file_settings = self.settings, effective, config.validate(edited)
        self._gui.emit(lambda: (self.settingsSaved.emit(), self.nodesChanged.emit()))
        if effective.store != old.store:
            self._stop_listener()
            self._close_archive()
            self._open_archive()
            self._start_listener()
        elif listener_identity(effective) != listener_identity(old) or not self.listener.listening:
            self._stop_listener()
            self._start_listener()

    # --- service thread ---------------------------------------------------------------------------

    def _guarded(self, fn, *args) -> None:
        try:
            fn(*args)
        except Exception:
            LOG.exception("service step %s failed", getattr(fn, "__name__", fn))

    @Slot(object)
    def _run_on_gui(self, fn) -> None:
        fn()

    def _open_archive(self) -> None:
        try:
            archive = Archive.open(self.settings.store)
        except (StoreError, OSError) as exc:
            self.archive, self.archive_error = None, str(exc)
            self._gui.emit(lambda: self.archiveFailed.emit(self.archive_error))
            return
        archive.add_listener(self._on_index_change)
        self.archive, self.archive_error = archive, ""
        self._gui.emit(self.archiveReady.emit)

    def _close_archive(self) -> None:
        archive, self.archive = self.archive, None
        if archive is not None:
            archive.close()

    def _start_listener(self) -> None:
        from viewer.net.listener_process import ListenerProcess

        settings = self.settings
        scp = ListenerProcess(settings, on_stored=self._on_stored,
                              on_event=self._scp_events.push,
                              on_restart=self._listener_restarted)
        try:
            scp.start()
        except NetworkError as exc:
            state = ListenerState(False, settings.aet, settings.port, str(exc))
        else:
            self._scp = scp
            state = ListenerState(True, settings.aet, scp.address[1])
        self._gui.emit(lambda: self._set_listener(state))

    def _listener_restarted(self, reason: str, error) -> None:  # the listener's reader thread
        settings, scp = self.settings, self._scp
        if error is None:
            port = scp.address[1] if scp is not None and scp.address else settings.port
            state = ListenerState(True, settings.aet, port, restarted=reason)
        else:
            state = ListenerState(False, settings.aet, settings.port, f"{reason}; {error}")
        self._gui.emit(lambda: self._set_listener(state))

    def _set_listener(self, state: ListenerState) -> None:
        """On the GUI thread: the state and its signal change together."""
        self.listener = state
        self.listenerChanged.emit(state)

    def _stop_listener(self) -> None:
        scp, self._scp = self._scp, None
        if scp is not None:
            scp.stop()
        self.listener = replace(self.listener, listening=False, reason="stopped")

    def _start_demo(self) -> None:
        from viewer.net.demo_archive import DEMO_NODE_NAME, DemoArchive
        from viewer.net.demo_data import ensure_demo_data

        try:
            demo = DemoArchive(ensure_demo_data(), resolve_destination=self.resolve_destination)
            demo.start()
        except (OSError, ValueError) as exc:
            self._gui.emit(lambda: self.demoFailed.emit(str(exc)))
            return
        self.demo = demo
        node = demo.node
        self.demo_node = config.RemoteNode(node.aet, node.host, node.port, name=DEMO_NODE_NAME,
                                           retrieve="move")
        self._gui.emit(self.nodesChanged.emit)

    def _stop_demo(self) -> None:
        demo, self.demo, self.demo_node = self.demo, None, None
        if demo is not None:
            demo.stop()

    # --- called from other threads ------------------------------------------------------------

    def resolve_destination(self, aet: str):
        """The demo archive's C-MOVE destinations: our own AE title, on loopback."""
        state = self.listener
        if state.listening and aet.upper() == state.aet.upper():
            return "127.0.0.1", state.port
        return None

    def ensure_destination(self) -> None:
        """For C-MOVE to us: raise (so the retrieve falls back to C-GET) if we do not listen."""
        state = self.listener
        if not state.listening:
            raise NetworkError(state.reason or "the Storage SCP is not running")

    def index_caught_up(self, timeout: float = 10.0) -> None:
        """Wait (on a worker) until what the listener stored so far is in the index, e.g.
        before opening a study just retrieved."""
        scp, archive = self._scp, self.archive
        if scp is not None:
            scp.sync(timeout)
        if archive is not None:
            try:
                archive.flush(timeout)
            except StoreError:
                pass

    def store_received(self, path, dataset=None, header=None) -> None:
        """Index a file written by the SCP or a C-GET (any thread); *header*: its index row
        when the listener made it."""
        archive = self.archive
        if archive is not None:
            try:
                archive.submit(path, dataset, header=header)
            except StoreError:
                LOG.warning("cannot index %s: the archive is closed", path)

    def _on_stored(self, path, dataset, header=None) -> None:  # the listener's reader thread
        self.store_received(path, dataset, header)

    def _on_index_change(self, change) -> None:  # the archive's writer thread
        self.indexChanged.emit(change)
