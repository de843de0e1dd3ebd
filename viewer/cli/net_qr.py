"""``dicom-viewer query`` and ``dicom-viewer retrieve``: C-FIND, C-MOVE and C-GET from a shell.

NODE is a saved node name (viewer.config), ``AET@host:port`` or a DICOMweb service root URL
(QIDO-RS and WADO-RS then; viewer.net.nodes chooses). ``query`` prints a table (names in
Unicode) or, with ``--json``, a list in the DICOM JSON model (PS3.18 F.2). ``retrieve`` prints
its progress on stderr; a move our archive refuses falls back to C-GET and says why.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import unicodedata
from pathlib import Path

from viewer.cli import CommandError

LEVELS = ("PATIENT", "STUDY", "SERIES", "IMAGE")
_HIDDEN = {"QueryRetrieveLevel", "SpecificCharacterSet", "RetrieveAETitle"}


def add_parser(subparsers) -> None:
    q = subparsers.add_parser("query", help="C-FIND: search a remote archive",
                              description="Search a remote archive (C-FIND). Keys are "
                              "Keyword=Value (wildcards * ?, ranges 20240101-20241231); "
                              "Keyword alone (or Keyword=) asks for that attribute.")
    _common(q)
    q.add_argument("--level", type=str.upper, choices=LEVELS, default="STUDY")
    q.add_argument("--json", action="store_true", help="print the DICOM JSON model")
    q.add_argument("--limit", type=int, metavar="N", help="stop (C-CANCEL) after N results")
    q.add_argument("--charset", default="ISO_IR 192",
                   help="character set for non-ASCII query values: ISO_IR 192 (default), "
                        "ISO_IR 100, ISO 2022 IR 87, ISO 2022 IR 13")
    q.add_argument("--fuzzy", action="store_true",
                   help="DICOMweb nodes: ask for the server's fuzzy matching of names")
    q.set_defaults(func=run_query)
    r = subparsers.add_parser("retrieve", help="C-MOVE or C-GET: fetch from a remote archive",
                              description="Fetch a study, series or instance (C-MOVE to us, "
                              "falling back to C-GET when the archive refuses us; or C-GET).")
    _common(r)
    r.add_argument("--level", type=str.upper, choices=LEVELS, default="STUDY")
    r.add_argument("--method", choices=("move", "get"), help="default: the node's setting, "
                   "else move")
    r.add_argument("--dest", metavar="AET", help="C-MOVE destination (default: our AE title)")
    r.add_argument("--store", metavar="DIR", help="where C-GET writes (default: the store)")
    r.add_argument("--port", metavar="PORT", help="our listening port, the C-MOVE destination's "
                   "(default: settings, else 11112)")
    r.set_defaults(func=run_retrieve)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("node", metavar="NODE", help="saved node name, AET@host:port or a DICOMweb "
                   "URL http(s)://host[:port]/path")
    p.add_argument("--root", choices=("study", "patient"), default="study")
    p.add_argument("-k", "--key", action="append", default=[], metavar="KEY=VALUE")
    p.add_argument("--aet", help="our (calling) AE title (default: from the settings)")
    p.add_argument("--timeout", type=float, default=30.0, metavar="S")


def _node_and_aet(args):
    """The node (saved name or AET@host:port), our AE title and the settings."""
    from viewer import config

    try:
        settings = config.load_settings()
        node = config.resolve_node(args.node, settings)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    return node, args.aet or settings.aet, settings


def run_query(args: argparse.Namespace) -> int:
    from viewer.net.common import NetworkError
    from viewer.net.find import to_json
    from viewer.net.nodes import find

    node, aet, _ = _node_and_aet(args)
    if args.limit is not None and args.limit < 1:
        raise CommandError(f"--limit must be 1 or more, not {args.limit}")
    try:
        results = list(find(node, args.key, args.level, root=args.root, calling_aet=aet,
                            charset=args.charset, limit=args.limit, timeout=args.timeout,
                            on_warning=_warn, fuzzy=args.fuzzy))
    except (NetworkError, ValueError) as exc:
        raise CommandError(str(exc)) from exc
    if args.json:
        json.dump([to_json(ds) for ds in results], sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print(table(results))
        print(f"{len(results)} result(s)", file=sys.stderr)
    return 0


def _warn(sentence: str) -> None:
    print(f"warning: {sentence}", file=sys.stderr, flush=True)


def run_retrieve(args: argparse.Namespace) -> int:
    from viewer.net.common import NetworkError
    from viewer.net.local_destination import LocalDestination
    from viewer.net.nodes import is_web, retrieve
    from viewer.net.qr_progress import RetrieveError

    node, aet, settings = _node_and_aet(args)
    method = args.method or getattr(node, "retrieve", "move")
    settings = dataclasses.replace(settings, aet=aet)
    if args.port is not None:
        from viewer import config

        try:
            settings = config.with_overrides(settings, port=args.port)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    if args.store:
        settings = dataclasses.replace(settings, store=Path(args.store).expanduser())
    store = str(settings.store)
    ours = LocalDestination(settings)
    if not is_web(node) and method == "move" and not args.dest:
        ours.start_early()  # before the index writer's thread: the listener is forked
    try:
        archive = _open_index(settings)
    except CommandError:
        ours.close()
        raise
    on_stored = ours.on_stored = archive.submit if archive is not None else None
    last = None
    try:
        if is_web(node):
            for last in retrieve(node, args.key, args.level, store_dir=store,
                                 on_stored=on_stored, timeout=args.timeout):
                print(last, file=sys.stderr, flush=True)
        else:
            with ours:
                for step in retrieve(node, args.key, args.level, method, store_dir=store,
                                     calling_aet=aet, destination=args.dest, root=args.root,
                                     ensure_destination=None if args.dest else ours.ensure,
                                     on_stored=on_stored, timeout=args.timeout):
                    print(step, file=sys.stderr, flush=True)
                    last = step
    except RetrieveError as exc:
        if args.dest and not is_web(node):
            _moved_elsewhere(exc, args.dest, settings)
        raise CommandError(str(exc)) from exc
    except (NetworkError, ValueError, OSError) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        if archive is not None:
            archive.close()
    if args.dest and not is_web(node):
        _moved_elsewhere(last, args.dest, settings)
    elif last is not None and (last.failed or last.cancelled):
        raise CommandError(f"retrieve incomplete: {last}")
    return 0


def _moved_elsewhere(result, destination: str, settings) -> None:
    """A three-device move's outcome in the GUI's categories (unknown destination, destination
    down - a saved node is asked with a C-ECHO -, partial): printed, or a CommandError."""
    from viewer.net.move_outcome import outcome_of, probe_destination

    outcome = probe_destination(outcome_of(result, destination), settings.nodes, settings.aet)
    if not outcome.ok:
        raise CommandError(outcome.sentence())
    print(outcome.sentence(), file=sys.stderr)


def _open_index(settings):
    """The store's index for what arrives, or None when another program holds it (the GUI:
    then its own listener receives and indexes C-MOVE results)."""
    from viewer.store import Archive, StoreBusyError, StoreError

    try:
        return Archive.open(settings.store)
    except StoreBusyError:
        print(f"note: the store {settings.store} is in use by another program; it indexes "
              "what its listener receives (C-GET files are indexed at its next rescan)",
              file=sys.stderr)
        return None
    except (StoreError, OSError) as exc:
        raise CommandError(str(exc)) from exc


def table(results) -> str:
    """A plain-text table of C-FIND results, one column per returned attribute."""
    from viewer.net.query_keys import DEFAULT_KEYS

    order = [k for level in LEVELS for k in DEFAULT_KEYS[level] if not k.endswith("UID")]
    found = {e.keyword for ds in results for e in ds if e.keyword and e.keyword not in _HIDDEN}
    columns = sorted(found, key=lambda k: (k.endswith("UID"), order.index(k) if k in order
                                           else len(order), k))
    rows = [[_cell(ds, c) for c in columns] for ds in results]
    widths = [max([_width(c)] + [_width(r[i]) for r in rows]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths))]
    lines += ["  ".join(_pad(v, w) for v, w in zip(row, widths)) for row in rows]
    return "\n".join(line.rstrip() for line in lines)


def _cell(ds, keyword: str) -> str:
    value = ds.get(keyword)
    if value is None:
        return ""
    if ds[keyword].VR == "SQ":
        return f"<{len(value)} item(s)>"
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "\\".join(str(v) for v in value)
    return str(value)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
