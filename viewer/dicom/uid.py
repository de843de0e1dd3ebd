"""UID validation (PS3.5 section 9.1): components of digits separated by '.', at most 64 chars.

A UID that arrives from outside (a file, a C-STORE) names files in the store, so it must never be
trusted before it passes :func:`is_valid_uid`.
"""

from __future__ import annotations

import re

# PS3.5 9.1: each component is "0" or a number without a leading zero; total length <= 64.
_UID_RE = re.compile(r"(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*")


def is_valid_uid(value: object) -> bool:
    """True when *value* is a syntactically valid DICOM UID (PS3.5 9.1)."""
    if not isinstance(value, str):
        return False
    return 0 < len(value) <= 64 and _UID_RE.fullmatch(value) is not None
