"""How DICOM values read in lists: person names, dates, modalities, counts."""

from __future__ import annotations

from PySide6.QtCore import QLocale

from viewer.dicom.dates import DATE_PATTERN, TIME_PATTERN, format_date, format_time
from viewer.dicom.names import format_person_name

_patterns = {"date": DATE_PATTERN, "time": TIME_PATTERN}


def use_locale(locale: QLocale | None) -> None:
    """Dates and times in *locale*'s short formats from now on (e.g. ``yyyy/MM/dd`` for
    Japanese); ``None``: ISO 8601 again (``YYYY-MM-DD``, ``HH:mm``), the default."""
    if locale is None:
        _patterns.update(date=DATE_PATTERN, time=TIME_PATTERN)
    else:
        short = QLocale.FormatType.ShortFormat
        _patterns.update(date=locale.dateFormat(short), time=locale.timeFormat(short))


def date_pattern() -> str:
    """The pattern dates are shown in (for viewer.dicom.dates.format_date)."""
    return _patterns["date"]


def time_pattern() -> str:
    return _patterns["time"]


def person_name(value) -> str:
    """The one display form of a Person Name (:func:`viewer.dicom.names.format_person_name`):
    ``Doe^John`` -> ``Doe, John``; ``Yamada^Tarou=山田^太郎=やまだ^たろう`` -> ``山田 太郎 (やまだ たろう)``."""
    return format_person_name(value)


def dicom_date(value) -> str:
    """A DA value in the UI's date pattern; what is not a date is shown as sent."""
    return format_date(value, _patterns["date"])


def dicom_time(value) -> str:
    """A TM value in the UI's time pattern; what is not a time is shown as sent."""
    return format_time(value, _patterns["time"])


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
