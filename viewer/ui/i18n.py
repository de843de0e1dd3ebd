"""Translations: a QTranslator for the chosen language (Settings > Language: the system's, English
or Japanese) when ``resources/translations`` has a ``dicom_viewer_<locale>.qm`` (see the README
there), plus Qt's own ``qtbase_<locale>.qm`` for the standard dialogs and buttons. The locale
also decides how dates read (:func:`viewer.ui.formatting.date_pattern`) and, for Japanese, the
font: one whose Han glyphs are the Japanese forms."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase

# The language setting (viewer.config.LANGUAGES) -> the locale it stands for; "" = the system's.
LOCALES = {"en": "en_US", "ja": "ja_JP"}
# Fonts with Japanese glyph forms, best first (fonts-noto-cjk on Debian; Windows; macOS).
JAPANESE_FONTS = ("Noto Sans CJK JP", "Source Han Sans JP", "Yu Gothic UI", "Meiryo UI",
                  "Hiragino Sans", "IPAexGothic", "IPAGothic", "TakaoPGothic")

from viewer.resources import resources_folder


def translations_folder() -> Path:
    """``$DICOM_VIEWER_TRANSLATIONS``, else ``translations`` of the application's resources
    (the source tree's ``resources/``, or the frozen build's copy)."""
    if os.environ.get("DICOM_VIEWER_TRANSLATIONS"):
        return Path(os.environ["DICOM_VIEWER_TRANSLATIONS"])
    return resources_folder() / "translations"


def locale_for(language: str = "") -> QLocale:
    """The locale of a language setting: ``""`` is the system's."""
    return QLocale(LOCALES[language]) if language in LOCALES else QLocale.system()


def install_translators(app, locale: QLocale | None = None,
                        language: str = "") -> list[QTranslator]:
    """Install what exists for *locale* (default: that of *language*, see :func:`locale_for`)
    and make it the default locale (dates, numbers); returns the translators installed."""
    locale = locale or locale_for(language)
    QLocale.setDefault(locale)
    installed = []
    if locale.language() in (QLocale.Language.English, QLocale.Language.C):
        return installed  # the source strings are English; Qt's own are too
    ours = QTranslator(app)
    if ours.load(locale, "dicom_viewer", "_", str(translations_folder())):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    if qt.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def remove_translators(app, translators) -> None:
    for translator in translators:
        app.removeTranslator(translator)


def use_japanese_font(app, locale: QLocale | None = None) -> str | None:
    """For Japanese, the application font becomes one with Japanese glyph forms (a CJK font
    found by fallback may draw the Chinese forms of shared characters); returns its family."""
    locale = locale or QLocale()
    if locale.language() != QLocale.Language.Japanese:
        return None
    available = set(QFontDatabase.families(QFontDatabase.WritingSystem.Japanese))
    family = next((f for f in JAPANESE_FONTS if f in available), None)
    if family is None:
        return None  # glyphs still come from any CJK font by fallback
    font = QFont(app.font())
    font.setFamilies([family, *font.families()])
    app.setFont(font)
    return family
