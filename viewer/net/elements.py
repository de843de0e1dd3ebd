"""Single data elements encoded by pydicom, for the messages and file heads the Storage SCP
writes per instance, where a Dataset around a handful of elements costs more than they do.

:func:`element_bytes` encodes one element (``write_data_element``); :func:`repeated_element`
is the same for values that recur from instance to instance (the SOP Class UID, a status,
a group length), remembered after their first encoding.
"""

from __future__ import annotations

from functools import lru_cache

from pydicom.dataelem import DataElement
from pydicom.filebase import DicomBytesIO
from pydicom.filewriter import write_data_element


def element_bytes(tag: int, vr: str, value, implicit: bool) -> bytes:
    """One element, Little Endian, Implicit or Explicit VR."""
    out = DicomBytesIO()
    out.is_little_endian, out.is_implicit_VR = True, implicit
    write_data_element(out, DataElement(tag, vr, value))
    return out.getvalue()


repeated_element = lru_cache(maxsize=512)(element_bytes)
