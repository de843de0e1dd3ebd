"""Defensive access to data element values (PS3.5 section 6.2: value representations).

A header from outside may hold values that do not convert (an IS of ``"1A"``, a US of the wrong
length, undecodable text). pydicom converts lazily and raises on access; these helpers turn any
such failure into ``None`` so that reading a header never fails on one bad value.
"""

from __future__ import annotations

from typing import Any

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

__all__ = ["get_value", "get_int", "get_float", "get_floats", "get_str", "get_strs"]


def get_value(ds: Dataset, keyword: str) -> Any:
    """The value of *keyword* in *ds*, or ``None`` if absent, empty or not convertible."""
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - any conversion failure means "unusable"
        return None
    if value is None or value == "" or (isinstance(value, (list, MultiValue)) and not value):
        return None
    return value


def _first(value: Any) -> Any:
    if isinstance(value, (list, MultiValue)):
        return value[0] if value else None
    return value


def get_int(ds: Dataset, keyword: str) -> int | None:
    """*keyword* as an ``int`` (first value if multi-valued), or ``None``."""
    try:
        value = _first(get_value(ds, keyword))
        return None if value is None else int(value)
    except (TypeError, ValueError, OverflowError):
        return None


def get_float(ds: Dataset, keyword: str) -> float | None:
    """*keyword* as a ``float`` (first value if multi-valued), or ``None``."""
    try:
        value = _first(get_value(ds, keyword))
        return None if value is None else float(value)
    except (TypeError, ValueError, OverflowError):
        return None


def get_floats(ds: Dataset, keyword: str) -> list[float] | None:
    """All values of *keyword* as floats, or ``None`` if absent or any is not a number."""
    value = get_value(ds, keyword)
    if value is None:
        return None
    values = value if isinstance(value, (list, MultiValue)) else [value]
    try:
        return [float(v) for v in values]
    except (TypeError, ValueError, OverflowError):
        return None


def get_str(ds: Dataset, keyword: str) -> str | None:
    """*keyword* as text (a Person Name decoded per Specific Character Set), or ``None``."""
    value = get_value(ds, keyword)
    if value is None:
        return None
    if isinstance(value, (list, MultiValue)):
        return "\\".join(str(v) for v in value)
    try:
        return str(value).strip() or None
    except Exception:  # noqa: BLE001 - an undecodable value is unusable
        return None


def get_strs(ds: Dataset, keyword: str) -> list[str]:
    """All values of *keyword* as text (empty list if absent)."""
    value = get_value(ds, keyword)
    if value is None:
        return []
    values = value if isinstance(value, (list, MultiValue)) else [value]
    return [str(v) for v in values]
