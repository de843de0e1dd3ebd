"""Translations: a QTranslator for the system locale when ``resources/translations`` has a
``dicom_viewer_<locale>.qm`` (see the README there), plus Qt's own for standard dialogs."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

from viewer.resources import resources_folder


def translations_folder() -> Path:
    """``$DICOM_VIEWER_TRANSLATIONS``, else ``translations`` of the application's resources
    (the source tree's ``resources/``, or the frozen build's copy)."""
    if os.environ.get("DICOM_VIEWER_TRANSLATIONS"):
        return Path(os.environ["DICOM_VIEWER_TRANSLATIONS"])
    return resources_folder() / "translations"


def install_translators(app, locale: QLocale | None = None) -> list[QTranslator]:
    """Install what exists for *locale* (default: the system's); returns the translators."""
    locale = locale or QLocale.system()
    installed = []
    ours = QTranslator(app)
    if ours.load(locale, "dicom_viewer", "_", str(translations_folder())):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed
