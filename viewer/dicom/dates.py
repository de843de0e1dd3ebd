"""Dates and times (DA, TM, DT; PS3.5 6.2) as people read them, in a pattern the caller chooses.

The pattern is the caller's (the UI passes its locale's short date format, e.g. Qt's
``QLocale.dateFormat(QLocale.ShortFormat)``: ``yyyy/MM/dd`` for Japanese); the default is
ISO 8601, ``YYYY-MM-DD``, unambiguous in every locale. Pattern letters, Qt style, the case of
``y``/``Y`` and ``d``/``D`` free: ``yyyy`` year, ``yy`` two-digit year, ``MM``/``M`` month with /
without leading zero, ``dd``/``d`` day; in times ``HH``/``H`` hour, ``mm`` minute, ``ss``
second. Text in single quotes is literal (``yyyy'年'M'月'd'日'``), as is any other character.

A value that is not a valid date or time is shown as it was sent (the reader sees what is
there); an empty or missing value reads ``""``. Qt-free.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DATE_PATTERN", "TIME_PATTERN", "format_date", "format_datetime", "format_time"]

DATE_PATTERN = "YYYY-MM-DD"
TIME_PATTERN = "HH:mm"

_TOKENS = re.compile(r"'[^']*'|([yYMdDHms])\1*|.", re.DOTALL)
_DT = re.compile(r"(\d{4,8})(\d{2,6}(?:\.\d{1,6})?)?([+-]\d{4})?$")


def format_date(value, pattern: str = DATE_PATTERN) -> str:
    """A DA value (``YYYYMMDD``; the old ``YYYY.MM.DD`` too) in *pattern*."""
    text = _text(value)
    day = parse_date(text)
    return text if day is None else _render(pattern, day)


def format_time(value, pattern: str = TIME_PATTERN) -> str:
    """A TM value (``HH``, ``HHMM``, ``HHMMSS.FFFFFF``; the old ``HH:MM:SS`` too) in *pattern*."""
    text = _text(value)
    moment = parse_time(text)
    return text if moment is None else _render(pattern, moment)


def format_datetime(value, date_pattern: str = DATE_PATTERN,
                    time_pattern: str = TIME_PATTERN) -> str:
    """A DT value (``YYYY[MM[DD[HH[MM[SS[.F]]]]]][&ZZXX]``): the date, then the time if any,
    then the UTC offset as sent; a year or year-month alone is shown as it is."""
    text = _text(value)
    match = _DT.match(text)
    if not match:
        return text
    date_part, time_part, offset = match.groups()
    if len(date_part) != 8:
        return text if time_part or len(date_part) not in (4, 6) else _year_month(date_part)
    shown = format_date(date_part, date_pattern)
    if shown == date_part:
        return text
    if time_part:
        clock = format_time(time_part, time_pattern)
        if clock == time_part:
            return text
        shown = f"{shown} {clock}"
    return f"{shown} {offset}" if offset else shown


def parse_date(text: str) -> dt.date | None:
    """The date of a DA value, or None."""
    compact = text.replace(".", "") if len(text) == 10 and text[4] == text[7] == "." else text
    if len(compact) != 8 or not compact.isdigit():
        return None
    try:
        return dt.date(int(compact[:4]), int(compact[4:6]), int(compact[6:]))
    except ValueError:
        return None


def parse_time(text: str) -> dt.time | None:
    """The time of a TM value, or None."""
    compact = text.replace(":", "") if ":" in text else text
    whole, _, fraction = compact.partition(".")
    if len(whole) not in (2, 4, 6) or not whole.isdigit() or (fraction and not fraction.isdigit()):
        return None
    hour, minute, second = (int(whole[i:i + 2] or 0) for i in (0, 2, 4))
    try:
        return dt.time(hour, minute, min(second, 59))  # 60: a leap second (PS3.5 6.2)
    except ValueError:
        return None


def _year_month(text: str) -> str:
    return text if len(text) == 4 else f"{text[:4]}-{text[4:]}"


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _render(pattern: str, value: dt.date | dt.time) -> str:
    out = []
    for match in _TOKENS.finditer(pattern):
        token = match.group(0)
        if token.startswith("'"):
            out.append(token[1:-1] if len(token) > 1 else "'")
        elif match.group(1):
            out.append(_field(token, value))
        else:
            out.append(token)
    return "".join(out)


def _field(token: str, value: dt.date | dt.time) -> str:
    letter, width = token[0], len(token)
    if isinstance(value, dt.date):
        fields = {"y": value.year, "Y": value.year, "M": value.month, "d": value.day,
                  "D": value.day, "m": value.month}
    else:
        fields = {"H": value.hour, "m": value.minute, "s": value.second}
    number = fields.get(letter)
    if number is None:
        return ""  # a letter of the other kind (a time letter in a date pattern), or a weekday
    if letter in "yY":
        return f"{number % 100:02d}" if width == 2 else f"{number:04d}"
    if width > 2:
        return ""  # MMM, dddd: month and weekday names belong to the locale, not here
    return f"{number:0{width}d}"
