"""``dicom-viewer --version``: the application's version and those of its components."""

from __future__ import annotations

import argparse

from viewer.about import version_text


def running_qt_version() -> str | None:
    """The Qt the PySide6 in use is linked against (loads QtCore only), None without Qt."""
    try:
        from PySide6.QtCore import qVersion
    except ImportError:
        return None
    return qVersion()


class VersionAction(argparse.Action):
    """Like argparse's "version" action, but the text is gathered only when asked for."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="print the versions of the application and its components, then exit"):
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        print(version_text(running_qt_version()))
        parser.exit()
