"""Person Names (PN, PS3.5 6.2.1) as people read them: one display form for every view.

A PN value has up to three component groups separated by ``=``: alphabetic, ideographic (kanji,
hanzi, hanja) and phonetic (kana, hangul); each has up to five ``^``-separated components:
family name, given name, middle name, prefix, suffix. The display form is:

- alphabetic group: ``Prefix Family, Given Middle, Suffix`` with empty parts left out
  (``Doe^John^A^Dr^Jr`` -> ``Dr Doe, John A, Jr``; ``Doe`` -> ``Doe``; ``^John`` -> ``John``);
- a group written in CJK characters has no comma: ``山田^太郎`` -> ``山田 太郎``;
- groups: the ideographic one first, the phonetic one in parentheses after it, the alphabetic
  one only when there is no ideographic one (what a Japanese reader expects):
  ``Yamada^Tarou=山田^太郎=やまだ^たろう`` -> ``山田 太郎 (やまだ たろう)``,
  ``Yamada^Tarou`` -> ``Yamada, Tarou``, ``ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう`` -> ``山田 太郎 (やまだ たろう)``;
- several values (VM > 1) are joined by ``; ``.

Letter case is kept as sent. Empty or missing values read ``""``. Qt-free.
"""

from __future__ import annotations

__all__ = ["format_person_name"]

# Scripts written without a comma between family and given name (CJK, kana, hangul; the
# half-width katakana of the FF00 block too).
_CJK_RANGES = ((0x3000, 0x9FFF), (0xAC00, 0xD7AF), (0xF900, 0xFAFF), (0xFF00, 0xFFEF),
               (0x20000, 0x2FFFF))


def format_person_name(value) -> str:
    """The display form of a PN value (str, pydicom ``PersonName`` or a list of them)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return "; ".join(t for t in (format_person_name(v) for v in value) if t)
    text = str(value).strip()
    if "\\" in text:  # a multi-valued element read as one text
        return format_person_name(text.split("\\"))
    groups = [_group(g) for g in (text.split("=") + ["", ""])[:3]]
    alphabetic, ideographic, phonetic = groups
    main = ideographic or alphabetic or phonetic
    if phonetic and main != phonetic:
        return f"{main} ({phonetic})"
    return main


def _group(group: str) -> str:
    parts = [" ".join(p.split()) for p in group.split("^")]
    parts += [""] * (5 - len(parts))
    family, given, middle, prefix, suffix = parts[:5]
    given = " ".join(p for p in (given, middle, *parts[5:]) if p)  # (more than 5: kept)
    if _is_cjk(group):
        return " ".join(p for p in (prefix, family, given, suffix) if p)
    name = ", ".join(p for p in (family, given) if p)
    name = " ".join(p for p in (prefix, name) if p)
    return ", ".join(p for p in (name, suffix) if p)


def _is_cjk(text: str) -> bool:
    return any(low <= ord(c) <= high for c in text for low, high in _CJK_RANGES)
