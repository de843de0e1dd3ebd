"""``dicom-viewer [--demo] [PATH...]``: start the workstation's window.

The GUI (viewer.ui) is imported only here, so headless commands never load Qt.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys


def gui_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dicom-viewer", description="Start the DICOM workstation.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or DICOMDIRs to open")
    p.add_argument("--demo", action="store_true",
                   help="also start a built-in demo archive on loopback, configured as a node")
    p.add_argument("--check", action="store_true",
                   help="start the window and services, print one line saying whether the "
                        "window was shown, the archive opened and the Storage SCP listens, "
                        "then quit (status 0 only if all did)")
    return p


def run_gui(argv: list[str], commands: argparse.ArgumentParser) -> int:
    args = gui_parser().parse_args(argv)
    if importlib.util.find_spec("viewer.ui.app") is None:
        # The window is not built yet: show what the command line can do instead.
        commands.print_help()
        print("\nThe graphical workstation is not part of this build yet; "
              "the commands above work headless.", file=sys.stderr)
        return 0
    from viewer.ui.app import run

    return run(args)
