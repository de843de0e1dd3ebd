"""Translations: a QTranslator for the system locale when ``resources/translations`` has a
``dicom_viewer_<locale>.qm`` (see the README there), plus Qt's own for standard dialogs."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator


def translations_folder() -> Path:
    """``$DICOM_VIEWER_TRANSLATIONS``, else ``resources/translations`` of the source tree."""
    if os.environ.get("DICOM_VIEWER_TRANSLATIONS"):
        return Path(os.environ["DICOM_VIEWER_TRANSLATIONS"])
    return Path(__file__).resolve().parents[2] / "resources" / "translations"


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
