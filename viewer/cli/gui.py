"""``dicom-viewer [--demo] [PATH...]``: start the workstation's window.

The GUI (viewer.ui) is imported only here, so headless commands never load Qt.
"""

from __future__ import annotations

import argparse


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


def run_gui(argv: list[str]) -> int:
    args = gui_parser().parse_args(argv)
    from viewer.ui.app import run

    return run(args)
