"""``dicom-viewer echo | listen | send``: verification, our Storage SCP, and C-STORE to a node.

NODE is a saved node name (settings file), ``AET@host:port`` or a DICOMweb service root URL
(``echo`` is then a one-result QIDO-RS search, ``send`` a STOW-RS; viewer.net.nodes chooses). Every command takes ``--aet``,
``--port`` and ``--store``, which override the settings file and the environment
(``DICOM_VIEWER_AET``, ``DICOM_VIEWER_PORT``, ``DICOM_VIEWER_STORE``).
"""

from __future__ import annotations

import argparse
import dataclasses
import signal
import sys
import threading
import time

from viewer import config
from viewer.cli import CommandError


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("echo", help="C-ECHO a node (is it there, does it accept us?)",
                              description="Send a C-ECHO to NODE and print the round trip time.")
    p.add_argument("node", metavar="NODE", help="saved node name, AET@host:port or a DICOMweb "
                   "URL http(s)://host[:port]/path")
    _identity_options(p)
    p.add_argument("--timeout", type=float, default=10.0, metavar="S")
    p.set_defaults(func=run_echo)

    p = subparsers.add_parser("listen", help="run the Storage SCP in the foreground",
                              description="Receive instances (C-STORE) into the store until "
                              "Ctrl-C, printing association and instance events.")
    _identity_options(p)
    p.add_argument("--bind", metavar="ADDRESS", help="address to listen on (default: settings)")
    p.add_argument("--check-called-aet", action="store_true", default=None,
                   help="refuse associations addressed to another AE title (default: settings)")
    p.add_argument("--no-index", action="store_true",
                   help="only write files; do not add them to the store's index")
    p.set_defaults(func=run_listen)

    p = subparsers.add_parser("send", help="C-STORE files or folders to a node",
                              description="Send DICOM files (folders recursively) to NODE in "
                              "their stored transfer syntax, decompressing only files the node "
                              "accepts in no syntax we have.")
    p.add_argument("node", metavar="NODE", help="saved node name, AET@host:port or a DICOMweb "
                   "URL http(s)://host[:port]/path")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _identity_options(p)
    p.add_argument("--timeout", type=float, default=30.0, metavar="S")
    p.add_argument("-q", "--quiet", action="store_true", help="print failures and the summary only")
    p.set_defaults(func=run_send)


def _identity_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--aet", help="our AE title (default: settings, else DICOMVIEWER)")
    p.add_argument("--port", help="our listening port (default: settings, else 11112)")
    p.add_argument("--store", help="store folder (default: settings, else the user data folder)")


def effective_settings(args: argparse.Namespace) -> config.Settings:
    """Settings file + environment + this command's --aet/--port/--store."""
    try:
        return config.with_overrides(config.load_settings(), aet=args.aet, port=args.port,
                                     store=args.store)
    except config.ConfigError as exc:
        raise CommandError(str(exc)) from None


def _node(args, settings):
    try:
        return config.resolve_node(args.node, settings)
    except config.ConfigError as exc:
        raise CommandError(str(exc)) from None


def run_echo(args: argparse.Namespace) -> int:
    from viewer.net.common import NetworkError
    from viewer.net.nodes import echo

    settings = effective_settings(args)
    try:
        result = echo(_node(args, settings), settings.aet, args.timeout)
    except NetworkError as exc:
        raise CommandError(str(exc)) from None
    print(result)
    return 0


def run_send(args: argparse.Namespace) -> int:
    from viewer.net.common import NetworkError
    from viewer.net.nodes import send

    settings = effective_settings(args)
    node = _node(args, settings)
    last = None
    try:
        for last in send(node, args.paths, settings.aet, timeout=args.timeout):
            if not last.ok or not args.quiet:
                state = "sent" if last.ok else f"FAILED: {last.message}"
                print(f"[{last.sent + last.failed}/{last.total}] {last.path}: {state}", flush=True)
    except (NetworkError, FileNotFoundError) as exc:
        raise CommandError(str(exc)) from None
    if last is None:
        raise CommandError("no files to send")
    print(f"{last.sent} of {last.total} files sent to {node}")
    if last.failed:
        raise CommandError(f"{last.failed} of {last.total} files were not stored")
    return 0


def _index_callback(settings, args):
    """(on_stored, close) indexing received files in the store's archive, unless --no-index."""
    if args.no_index:
        return None, lambda: None
    from viewer.store import Archive, StoreError

    try:
        archive = Archive.open(settings.store)
    except (StoreError, OSError) as exc:
        raise CommandError(f"{exc} (use --no-index to receive without indexing)") from None
    return archive.submit, archive.close


def run_listen(args: argparse.Namespace, stop: threading.Event | None = None) -> int:
    """Serve until Ctrl-C or SIGTERM (or until *stop* is set, for embedding and tests)."""
    from viewer.net.common import NetworkError
    from viewer.net.listener_process import ListenerProcess

    settings = effective_settings(args)
    if args.bind:
        settings = dataclasses.replace(settings, bind=args.bind)
    if args.check_called_aet:
        settings = dataclasses.replace(settings, check_called_aet=True)
    # started before the index's writer thread exists, so it is forked (no fork server, no
    # imports repeated); what it stores meanwhile is held until the index takes it
    scp = ListenerProcess(settings, on_event=_print_event, on_restart=_print_restart,
                          hold_stored=True)
    try:
        scp.start()
    except NetworkError as exc:
        raise CommandError(str(exc)) from None
    try:
        on_stored, close_index = _index_callback(settings, args)
    except CommandError:
        scp.stop()
        raise
    scp.deliver_stored(on_stored)
    host, port = scp.address
    print(f"listening as {settings.aet} on {host}:{port}, storing into {settings.store} "
          f"(Ctrl-C stops)", flush=True)
    stop = stop or threading.Event()
    restore = _stop_on_sigterm(stop)
    try:
        _wait(stop)
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        scp.stop()
        close_index()
    print("stopped", flush=True)
    return 0


def _wait(stop: threading.Event) -> None:
    while not stop.wait(0.5):  # short waits: Ctrl-C is delivered between them
        pass


def _stop_on_sigterm(stop: threading.Event):
    """Make SIGTERM (a service manager, ``kill``) stop cleanly; returns the undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())
    return lambda: signal.signal(signal.SIGTERM, previous)


def _print_restart(reason: str, error) -> None:
    state = f"not listening: {error}" if error else "restarted"
    print(f"{time.strftime('%H:%M:%S')} {reason}; {state}", file=sys.stderr, flush=True)


def _print_event(event) -> None:
    stamp = time.strftime("%H:%M:%S", time.localtime(event.time))
    print(f"{stamp} {event}", file=sys.stdout, flush=True)
