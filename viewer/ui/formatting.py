"""How DICOM values read in lists: person names, dates, modalities, counts."""

from __future__ import annotations

from PySide6.QtCore import QDate, QLocale


def person_name(value) -> str:
    """``Doe^John^^Dr`` -> ``Doe, John Dr``; the ideographic group follows in parentheses:
    ``Yamada^Tarou=山田^太郎=やまだ^たろう`` -> ``Yamada, Tarou (山田 太郎)``."""
    text = str(value or "").strip()
    if not text:
        return ""
    groups = [_one_group(g) for g in text.split("=")]
    shown = [g for g in groups if g]
    if not shown:
        return ""
    first, others = shown[0], shown[1:2]  # the phonetic group is rarely wanted in a list
    return f"{first} ({others[0]})" if others else first


def _one_group(group: str) -> str:
    parts = [p.strip() for p in group.split("^")]
    family = parts[0] if parts else ""
    given = " ".join(p for p in parts[1:3] if p)
    extra = " ".join(p for p in (parts[3:5] if len(parts) > 3 else []) if p)
    if any("\u3000" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef" for c in group):
        return " ".join(p for p in (family, given) if p)  # CJK: no comma
    name = f"{family}, {given}" if family and given else family or given
    return f"{name} {extra}".strip()


def date_pattern() -> str:
    """The default locale's short date pattern with a four-digit year (``yyyy/MM/dd`` in Japan,
    ``M/d/yyyy`` in the USA); ISO 8601 ``yyyy-MM-dd`` for the C locale."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:
        return "yyyy-MM-dd"
    pattern = locale.dateFormat(QLocale.FormatType.ShortFormat)
    return pattern if "yyyy" in pattern else pattern.replace("yy", "yyyy")


def dicom_date(value) -> str:
    """``20240102`` (or ISO ``2024-01-02``) in the locale's pattern (:func:`date_pattern`);
    other text unchanged."""
    text = str(value or "").strip().replace(".", "")
    if len(text) == 10 and text[4] == text[7] == "-":
        text = text.replace("-", "")
    date = QDate.fromString(text[:8], "yyyyMMdd") if len(text) >= 8 else QDate()
    if not date.isValid():
        return text
    return date.toString(date_pattern())


def dicom_time(value) -> str:
    text = str(value or "").strip().replace(":", "")
    if len(text) >= 4 and text[:4].isdigit():
        return f"{text[:2]}:{text[2:4]}"
    return text


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
