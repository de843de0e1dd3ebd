"""The ``dicom-viewer`` command line.

Each sub-command lives in its own module under ``viewer.cli`` and exposes
``add_parser(subparsers)``; the parser it adds sets ``func(args) -> int``. Commands call the same
domain functions the GUI uses. Any failure the user can cause (bad input, refused association)
ends with exit status 1 and one line on stderr, never a traceback; a first word that is neither
a command nor an existing file or folder is a usage error (exit status 2).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import traceback
import warnings

from viewer.cli.version import VersionAction

# Sub-command modules, in the order they appear in --help.
COMMAND_MODULES = ("export", "info", "report", "net_local", "net_qr", "store", "share", "printing", "media")


class CommandError(Exception):
    """A failure to report to the user as one line on stderr (exit status 1)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dicom-viewer",
        description="DICOM viewer workstation. Without a command, starts the GUI.",
    )
    parser.add_argument("--version", action=VersionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"viewer.cli.{name}")
        module.add_parser(sub)
    parser.command_names = tuple(sub.choices)  # in --help order
    return parser


def quiet_library_chatter() -> None:
    """pydicom warns about every odd value it meets; the user gets our one line instead."""
    if os.environ.get("DICOM_VIEWER_DEBUG"):
        return
    warnings.filterwarnings("ignore", module=r"pydicom(\.|$)")
    for name in ("pydicom", "pynetdicom"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


def is_gui_invocation(argv: list[str], parser: argparse.ArgumentParser) -> bool:
    """``dicom-viewer [--demo] [PATH...]`` starts the GUI; a known command word does not."""
    if argv and argv[0] in ("-h", "--help", "--version"):
        return False
    return not argv or argv[0] not in parser.command_names


def unknown_command(argv: list[str], parser: argparse.ArgumentParser) -> str | None:
    """The error for ``dicom-viewer WORD ...`` when WORD is neither a command nor an existing
    file or folder (a typo must not start the GUI); None otherwise."""
    if not argv or argv[0].startswith("-") or argv[0] in parser.command_names \
            or os.path.exists(argv[0]):
        return None
    return (f"dicom-viewer: unknown command {argv[0]!r} (and no such file or folder); "
            f"commands: {', '.join(parser.command_names)}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    quiet_library_chatter()
    parser = build_parser()
    error = unknown_command(argv, parser)
    if error is not None:
        print(error, file=sys.stderr)
        return 2
    if is_gui_invocation(argv, parser):
        from viewer.cli.gui import run_gui

        return run_gui(argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"dicom-viewer {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"dicom-viewer {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug of ours: still one line, traceback only on request
        if os.environ.get("DICOM_VIEWER_DEBUG"):
            traceback.print_exc()
        print(f"dicom-viewer {args.command}: internal error: {type(exc).__name__}: {exc} "
              "(set DICOM_VIEWER_DEBUG=1 for details)", file=sys.stderr)
        return 2
