"""Client-side matching of C-FIND results against the user's matching keys (PS3.4 C.2.2.2).

Archives ignore some matching keys (dcmqrscp: ModalitiesInStudy, higher-level keys in a
hierarchical query). Each result is checked again here, leniently: a result is dropped only when
it carries the key with a value that clearly does not match. Text compares case- and
accent-insensitively (Orthanc matches that way; dcmqrscp is stricter, so it never returns more);
PN values also match on any component group (alphabetic, ideographic, phonetic).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from pydicom.dataset import Dataset

_NOT_FILTERS = {"QueryRetrieveLevel", "SpecificCharacterSet", "TimezoneOffsetFromUTC"}
_RANGE_VRS = {"DA", "TM", "DT"}
_NUMBER_VRS = {"IS", "DS", "US", "UL", "SS", "SL", "FL", "FD", "SV", "UV"}


def matches(result: Dataset, keys: Mapping[str, str]) -> bool:
    """False when *result* carries a matching key whose value does not match the query."""
    for path, query in keys.items():
        if not query or "." in path or path in _NOT_FILTERS or path not in result:
            continue
        elem = result[path]
        values = _values(elem.value)
        if not values:
            continue  # returned empty: the archive did not judge; neither can we
        if not any(_match_one(elem.VR, q, v) for q in query.split("\\") for v in values):
            return False
    return True


def _values(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)) or type(value).__name__ == "MultiValue":
        return [str(v) for v in value if str(v) != ""]
    text = str(value)
    return [text] if text.strip() else []


def _match_one(vr: str, query: str, value: str) -> bool:
    query, value = query.strip(), value.strip()
    if not query:
        return True
    if vr in _RANGE_VRS and "*" not in query and "?" not in query:
        return _in_range(vr, query, value)
    if vr == "PN":
        return any(_text_match(query, group) for group in [value, *value.split("=")])
    if vr in _NUMBER_VRS and not any(c in query for c in "*?"):
        try:
            return float(query) == float(value)
        except ValueError:
            pass
    if vr == "UI":
        return query == value
    return _text_match(query, value)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().rstrip("^ ")


def _text_match(query: str, value: str) -> bool:
    q, v = _fold(query), _fold(value)
    if "*" in q or "?" in q:
        pattern = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in q)
        return re.fullmatch(pattern, v, re.DOTALL) is not None
    return q == v


def _norm(vr: str, text: str) -> str:
    text = text.strip().replace(":", "") if vr == "TM" else text.strip()
    return text.replace(".", "") if vr == "DA" else text


def _in_range(vr: str, query: str, value: str) -> bool:
    value = _norm(vr, value)
    if "-" not in query:
        single = _norm(vr, query)
        return value == single if vr == "DA" else value.startswith(single)
    low, _, high = query.partition("-")
    low, high = _norm(vr, low), _norm(vr, high)
    if low and value[:len(low)] < low:
        return False
    if high and value[:len(high)] > high:
        return False
    return True
