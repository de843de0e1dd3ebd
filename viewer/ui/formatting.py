"""How DICOM values read in lists: person names, dates, modalities, counts."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from viewer.dicom.dates import DATE_PATTERN, TIME_PATTERN, format_date, format_time
from viewer.dicom.names import format_person_name


def date_pattern() -> str:
    """The default locale's short date pattern with a four-digit year (``yyyy/MM/dd`` in Japan,
    ``M/d/yyyy`` in the USA); ISO 8601 for the C locale. viewer.ui.i18n sets the default locale
    from the language setting at start."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return DATE_PATTERN
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def time_pattern() -> str:
    """Hours and minutes, 24-hour, as radiology reports write them in every locale."""
    return TIME_PATTERN


def person_name(value) -> str:
    """The one display form of a Person Name (:func:`viewer.dicom.names.format_person_name`):
    ``Doe^John`` -> ``Doe, John``; ``Yamada^Tarou=山田^太郎=やまだ^たろう`` -> ``山田 太郎 (やまだ たろう)``."""
    return format_person_name(value)


def dicom_date(value) -> str:
    """A DA value in the locale's date pattern (:func:`date_pattern`); what is not a date is
    shown as sent."""
    return format_date(value, date_pattern())


def dicom_time(value) -> str:
    """A TM value in the UI's time pattern; what is not a time is shown as sent."""
    return format_time(value, time_pattern())


def multi(value) -> str:
    """A multi-valued attribute as ``CT, SR``."""
    if value is None:
        return ""
    if isinstance(value, str):
        items = value.split("\\")
    else:
        try:
            items = [str(v) for v in value]
        except TypeError:
            items = [str(value)]
    return ", ".join(i for i in items if i)


def as_int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def plain(value) -> str:
    if value is None:
        return ""
    return str(value).strip()
