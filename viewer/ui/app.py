"""Starting the workstation: ``dicom-viewer [--demo] [PATH...]`` (see viewer.cli.gui).

The window appears at once; the local archive opens, the Storage SCP starts and (with
``--demo``) the demo archive starts in the background. PATHs are imported and opened once the
archive is ready.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from viewer import config
from viewer.resources import icon_files
from viewer.ui.i18n import install_translators, use_japanese_font
from viewer.ui.main_window import MainWindow
from viewer.ui.session import Session

APP_NAME = "DICOM Viewer"


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), styled and translated into the language of the
    settings (Settings > Language; the system's by default)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
        apply_style(app)
        localise(app)
        app.setWindowIcon(application_icon())
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("dicom-viewer")
    return app


def application_icon() -> QIcon:
    """The icon in every size rendered from resources/icons/dicom-viewer.svg."""
    icon = QIcon()
    for path in icon_files():
        icon.addFile(str(path))
    return icon


def localise(app: QApplication) -> list:
    """Translators (ours and Qt's) and, for Japanese, the font, for the language of the settings
    file (the system's by default); returns the translators installed."""
    installed = install_translators(app, language=load_settings()[0].language)
    use_japanese_font(app)
    return installed


def apply_style(app: QApplication) -> None:
    """Fusion with a dark palette: reading rooms are dark, and so is every viewer."""
    app.setStyle(QStyleFactory.create("Fusion"))
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#1f2226", QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#16181b", QPalette.ColorRole.AlternateBase: "#1d2024",
        QPalette.ColorRole.ToolTipBase: "#2b2f34", QPalette.ColorRole.ToolTipText: "#e6e6e6",
        QPalette.ColorRole.Text: "#e6e6e6", QPalette.ColorRole.Button: "#2a2e33",
        QPalette.ColorRole.ButtonText: "#e6e6e6", QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#2f6fb3", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#58a6ff", QPalette.ColorRole.PlaceholderText: "#7d8590",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6e7681"))
    app.setPalette(palette)


def load_settings() -> tuple[config.Settings, config.Settings, str]:
    """(effective settings, settings file alone, error text): defaults when the file is bad."""
    try:
        return config.load_settings(), config.read_settings_file(), ""
    except (config.ConfigError, OSError) as exc:
        defaults = config.Settings()
        return defaults, defaults, str(exc)


def tune_garbage_collector() -> None:
    """Keep full garbage collections out of the way of the event loop.

    A full (generation 2) collection holds the GIL for its whole run, whichever thread triggers
    it: with a 500-instance study's headers in memory it takes ~140 ms, during which the window
    cannot repaint. Objects alive after start-up are frozen (never scanned again) and the
    thresholds make collections of the young generations rare and full ones rarer still;
    reference counting frees nearly everything the viewer allocates anyway.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def create_window(paths=(), demo: bool = False) -> MainWindow:
    """A started window: session services launched, *paths* imported and opened when ready."""
    settings, file_settings, error = load_settings()
    session = Session(settings, settings_error=error, file_settings=file_settings)
    window = MainWindow(session)
    session.setParent(window)
    if paths:
        _when_archive_ready(session, lambda: window.import_paths([Path(p) for p in paths]))
    if demo:
        session.nodesChanged.connect(lambda: _choose_demo(window))
    session.start(demo=demo)
    tune_garbage_collector()
    return window


def _when_archive_ready(session: Session, callback) -> None:
    def once() -> None:
        session.archiveReady.disconnect(once)
        callback()

    session.archiveReady.connect(once)


def _choose_demo(window: MainWindow) -> None:
    """Once the demo archive runs: show it on Query / Retrieve with its studies listed (a first
    look needs no typing, and nothing is put in the local archive unasked)."""
    from viewer.net.demo_archive import DEMO_NODE_NAME

    if window.session.demo_node is None or getattr(window, "_demo_chosen", False):
        return
    window._demo_chosen = True
    window.query.form.node_box.setCurrentText(DEMO_NODE_NAME)
    window.show_query()
    window.query.search()


def run(args) -> int:
    """Entry point for ``viewer.cli.gui``: *args* has ``paths`` (list of str) and ``demo``."""
    app = application()
    window = create_window(getattr(args, "paths", []) or [], bool(getattr(args, "demo", False)))
    window.show()
    if getattr(args, "check", False):
        from viewer.ui.startup_check import StartupCheck

        window.startup_check = StartupCheck(window, app)
        status = app.exec()
        window.close()
        return status
    return app.exec()
