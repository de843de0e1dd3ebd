"""The ``dicom-viewer`` command line.

Each sub-command lives in its own module under ``viewer.cli`` and exposes
``add_parser(subparsers)``; the parser it adds sets ``func(args) -> int``. Commands call the same
domain functions the GUI uses. Any failure the user can cause (bad input, refused association)
ends with exit status 1 and one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# Sub-command modules, in the order they appear in --help.
COMMAND_MODULES = ("export", "info")


class CommandError(Exception):
    """A failure to report to the user as one line on stderr (exit status 1)."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dicom-viewer",
        description="DICOM viewer workstation. Without a command, starts the GUI.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"viewer.cli.{name}")
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    try:
        return int(args.func(args) or 0)
    except CommandError as exc:
        print(f"dicom-viewer {args.command}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"dicom-viewer {args.command}: interrupted", file=sys.stderr)
        return 130
