"""Specific Character Set of queries and decoding of responses.

A query whose values are all ASCII goes out without (0008,0005). Otherwise the node's configured
character set is used: ``ISO_IR 192`` (UTF-8, the default), ``ISO_IR 100`` (Latin-1) or Japanese
``ISO 2022 IR 87`` (sent as ``\\ISO 2022 IR 87``, the form of PS3.5 H.3.1; Orthanc 1.10
matches nothing when the first value is spelled ``ISO 2022 IR 6``) / ``ISO 2022 IR 13`` (sent as
``ISO 2022 IR 13\\ISO 2022 IR 87``). pydicom does the encoding and decoding.

Archives answer in the character set of each stored record, which may differ from result to
result (dcmqrscp) or be a single configured one (Orthanc's ``DefaultEncoding``); pydicom decodes
every response with its own (0008,0005).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from pydicom.charset import convert_encodings
from pydicom.dataset import Dataset

LOG = logging.getLogger(__name__)

# Configured name -> the (0008,0005) value sent.
QUERY_CHARSETS = {
    "ISO_IR 192": "ISO_IR 192",
    "ISO_IR 100": "ISO_IR 100",
    "ISO 2022 IR 87": ["", "ISO 2022 IR 87"],
    "ISO 2022 IR 13": ["ISO 2022 IR 13", "ISO 2022 IR 87"],
}
_ALIASES = {"UTF-8": "ISO_IR 192", "UTF8": "ISO_IR 192", "LATIN1": "ISO_IR 100",
            "ISO 2022 IR 6\\ISO 2022 IR 87": "ISO 2022 IR 87",
            "\\ISO 2022 IR 87": "ISO 2022 IR 87",
            "ISO 2022 IR 13\\ISO 2022 IR 87": "ISO 2022 IR 13"}


def charset_value(configured: str | Iterable[str] = "ISO_IR 192") -> str | list[str]:
    """The (0008,0005) value for a configured character set name; ValueError if unsupported."""
    name = configured if isinstance(configured, str) else "\\".join(configured)
    name = _ALIASES.get(name.strip().upper(), name.strip())
    if name not in QUERY_CHARSETS:
        raise ValueError(f"query character set {configured!r} is not supported; "
                         f"use one of {', '.join(QUERY_CHARSETS)}")
    return QUERY_CHARSETS[name]


def query_charset(values: Iterable[str], configured: str | Iterable[str] = "ISO_IR 192"):
    """(0008,0005) for a query with *values*: None when all are ASCII.

    Raises ValueError naming the first value the configured character set cannot carry.
    """
    texts = [v for v in values if v and not v.isascii()]
    if not texts:
        return None
    value = charset_value(configured)
    encodings = convert_encodings([value] if isinstance(value, str) else value)
    for text in texts:
        if not _encodable(text, value, encodings):
            shown = value if isinstance(value, str) else "\\".join(value)
            raise ValueError(f"{text!r} cannot be written in the character set {shown}; "
                             "configure ISO_IR 192 (UTF-8) for this node")
    return value


def _encodable(text: str, value, encodings: list[str]) -> bool:
    if value == "ISO_IR 192":
        return True
    if not isinstance(value, str):  # ISO 2022: ASCII + JIS X 0208 (+ JIS X 0201 katakana)
        return all(c.isascii() or _in_codec(c, "iso2022_jp")
                   or ("shift_jis" in encodings and "\uff61" <= c <= "\uff9f") for c in text)
    return all(_in_codec(c, encodings[0]) for c in text)


def _in_codec(char: str, codec: str) -> bool:
    try:
        char.encode(codec)
        return True
    except (UnicodeEncodeError, LookupError):
        return False


def decode_all(ds: Dataset) -> Dataset:
    """Convert every raw element of a received data set now (pydicom decodes text with the
    data set's own (0008,0005)); a worker thread calls this so the GUI thread does not."""
    for elem in ds:
        if elem.VR == "SQ":
            for item in elem.value:
                decode_all(item)
    return ds
