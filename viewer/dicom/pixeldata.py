"""Checks of the Pixel Data element against the header, before any decoding.

Cheap structural checks done when an object is opened: the encoding of the element (native or
encapsulated, PS3.5 section 8 and Annex A.4) must agree with the transfer syntax, a native value
must hold Rows x Columns x Samples per Pixel x Bits Allocated x Number of Frames bits
(PS3.5 8.1.1, PS3.3 C.7.6.3), and encapsulated data must be a well-formed sequence of fragment
items that ends inside the file (PS3.5 A.4). Problems found here are reported when a frame is
requested; a value that runs past the end of the file is a truncated file.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, replace
from typing import BinaryIO

from pydicom.dataset import Dataset
from pydicom.pixels.utils import get_expected_length
from pydicom.uid import UID

from .syntax import decode_problem, transfer_syntax_label
from .video import is_video_syntax, video_problem
from .values import get_int, get_str, get_value

__all__ = [
    "PIXEL_KEYWORDS",
    "PixelElement",
    "element_from_dataset",
    "number_of_frames",
    "pixel_problem",
    "read_element_header",
    "read_element_start",
]

PIXEL_KEYWORDS = {
    0x7FE00010: "PixelData",
    0x7FE00008: "FloatPixelData",
    0x7FE00009: "DoubleFloatPixelData",
}
_ITEM, _SEQUENCE_DELIMITER = 0xFFFEE000, 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_REQUIRED = ("Rows", "Columns", "SamplesPerPixel", "BitsAllocated")


@dataclass(frozen=True)
class PixelElement:
    """How the pixel data element is encoded: ``length`` is ``None`` when undefined (encapsulated,
    PS3.5 A.4); ``fragments`` counts the fragment items after the Basic Offset Table; in a file,
    ``value_offset`` is where the value starts and ``vr`` the explicit VR (``None`` if implicit)."""

    keyword: str
    length: int | None
    fragments: int | None = None
    value_offset: int | None = None
    vr: str | None = None


def read_element_header(fh: BinaryIO, syntax: UID, file_size: int) -> PixelElement | None:
    """Read the pixel data element header at the current position of *fh* (PS3.5 7.1.1, 7.1.2)
    and, for encapsulated data, walk its fragment items (PS3.5 A.4).

    Returns ``None`` at end of file (no pixel data). Raises :class:`ValueError` if the element's
    value runs past the end of the file (a truncated file) or its items are malformed.
    """
    element = read_element_start(fh, syntax, file_size)
    if element is None or element.length is not None:
        return element
    endian = "<" if syntax.is_little_endian else ">"
    return replace(element, fragments=count_fragments(fh, file_size, endian))


def read_element_start(fh: BinaryIO, syntax: UID, file_size: int) -> PixelElement | None:
    """The pixel data element's tag, VR and length at the current position of *fh*, which is
    left at the start of its value; ``None`` when no pixel data element is there. Raises
    :class:`ValueError` when a defined length runs past the end of the file (truncated)."""
    endian = "<" if syntax.is_little_endian else ">"
    head = fh.read(8)
    if len(head) < 8:
        return None
    group, elem = struct.unpack(f"{endian}HH", head[:4])
    keyword = PIXEL_KEYWORDS.get(group << 16 | elem)
    if keyword is None:
        return None
    vr = None
    if syntax.is_implicit_VR:
        length = struct.unpack(f"{endian}L", head[4:])[0]
    else:  # OB/OW/OF/OD have a 2-byte reserved field and a 4-byte length
        vr = head[4:6].decode("latin-1")
        extra = fh.read(4)
        if len(extra) < 4:
            raise ValueError("the file ends inside the Pixel Data element header")
        length = struct.unpack(f"{endian}L", extra)[0]
    start = fh.tell()
    if length == _UNDEFINED:
        return PixelElement(keyword, None, value_offset=start, vr=vr)
    if start + length > file_size:
        raise ValueError(
            f"the file is truncated: Pixel Data declares {length} bytes, "
            f"the file holds {max(file_size - start, 0)}"
        )
    return PixelElement(keyword, length, value_offset=start, vr=vr)


def count_fragments(fh: BinaryIO, end: int, endian: str = "<", delimited: bool = True) -> int:
    """Walk the items of encapsulated pixel data up to the Sequence Delimitation Item.

    Reads only the 8-byte item headers (PS3.5 A.4). Returns the number of fragments after the
    Basic Offset Table; raises :class:`ValueError` if the structure is broken or truncated.
    With ``delimited=False`` the items may also simply end at *end* (an in-memory value).
    """
    items = 0
    while True:
        head = fh.read(8)
        if not head and not delimited:
            return max(items - 1, 0)
        if len(head) < 8:
            raise ValueError(
                "the file is truncated: encapsulated Pixel Data has no Sequence Delimitation Item"
            )
        group, elem, length = struct.unpack(f"{endian}HHL", head)
        tag = group << 16 | elem
        if tag == _SEQUENCE_DELIMITER:
            return max(items - 1, 0)
        if tag != _ITEM or length == _UNDEFINED:
            raise ValueError(
                f"encapsulated Pixel Data is malformed: unexpected ({group:04X},{elem:04X}) "
                f"at item {items + 1} (PS3.5 A.4)"
            )
        if fh.tell() + length > end:
            raise ValueError(
                f"the file is truncated: Pixel Data fragment {items} declares {length} bytes, "
                f"{max(end - fh.tell(), 0)} remain"
            )
        fh.seek(length, 1)
        items += 1


def element_from_dataset(ds: Dataset) -> PixelElement | None:
    """The pixel data element of an in-memory data set (e.g. received by C-STORE)."""
    for keyword in PIXEL_KEYWORDS.values():
        if keyword not in ds:
            continue
        elem = ds[keyword]
        value = elem.value if elem.value is not None else b""
        if not getattr(elem, "is_undefined_length", False):
            return PixelElement(keyword, len(value))
        # pydicom keeps the items but not the closing Sequence Delimitation Item
        buffer = io.BytesIO(value)
        return PixelElement(keyword, None, count_fragments(buffer, len(value), delimited=False))
    return None


def number_of_frames(ds: Dataset) -> tuple[int, str | None]:
    """Number of Frames (PS3.3 C.7.6.6): 1 when absent, empty or 0; ``(1, problem)`` if invalid."""
    value = get_value(ds, "NumberOfFrames")
    if value is None:
        return 1, None
    number = get_int(ds, "NumberOfFrames")
    if number is None or number < 0:
        return 1, f"Number of Frames {str(value)!r} is not a valid frame count (PS3.3 C.7.6.6)"
    return max(number, 1), None


def pixel_problem(ds: Dataset, syntax: UID | None, element: PixelElement | None) -> str | None:
    """Why the frames of *ds* cannot be decoded, found without decoding; ``None`` if none."""
    if element is None:
        return "the object has no Pixel Data"
    if is_video_syntax(syntax):
        return video_problem() or _video_element_problem(element)
    if problem := decode_problem(syntax):
        return problem
    assert syntax is not None
    if problem := _header_problem(ds, element.keyword):
        return problem
    frames, problem = number_of_frames(ds)
    if problem:
        return problem
    label = transfer_syntax_label(syntax)
    if syntax.is_encapsulated:
        return _encapsulated_problem(element, frames, label)
    return _native_problem(ds, element, label)


def _video_element_problem(element: PixelElement) -> str | None:
    if element.length is not None:
        return "video Pixel Data must be encapsulated (undefined length, PS3.5 A.4)"
    if not element.fragments:
        return "encapsulated Pixel Data holds no fragments (PS3.5 A.4)"
    return None


def _header_problem(ds: Dataset, keyword: str) -> str | None:
    integer = ("PixelRepresentation", "BitsStored") if keyword == "PixelData" else ()
    required = _REQUIRED + integer
    for name in required:
        value = get_int(ds, name)
        if value is None:
            return f"the Image Pixel module lacks a valid {name} (PS3.3 C.7.6.3)"
        if value <= 0 and name not in ("PixelRepresentation",):
            return f"{name} is {value}, it must be positive (PS3.3 C.7.6.3)"
    if get_str(ds, "PhotometricInterpretation") is None:
        return "the Image Pixel module lacks Photometric Interpretation (PS3.3 C.7.6.3)"
    return None


def _encapsulated_problem(element: PixelElement, frames: int, label: str) -> str | None:
    if element.length is not None:
        return (
            f"transfer syntax {label} requires encapsulated Pixel Data, but the element has a "
            f"defined length of {element.length} bytes (wrong transfer syntax?, PS3.5 A.4)"
        )
    if not element.fragments:
        return "encapsulated Pixel Data holds no fragments (PS3.5 A.4)"
    if element.fragments < frames:
        return (
            f"encapsulated Pixel Data holds {element.fragments} fragment(s) "
            f"for {frames} frames (PS3.5 A.4)"
        )
    return None


def _native_problem(ds: Dataset, element: PixelElement, label: str) -> str | None:
    if element.length is None:
        return (
            f"Pixel Data is encapsulated (undefined length) but transfer syntax {label} "
            "is not a compressed one (wrong transfer syntax?, PS3.5 A.4)"
        )
    if element.length == 0:
        return f"{element.keyword} is empty (0 bytes)"
    try:
        expected = get_expected_length(ds, unit="bytes")
    except Exception:  # noqa: BLE001 - inconsistent header values
        return "the Image Pixel module values are inconsistent (PS3.3 C.7.6.3)"
    if element.length < expected:
        return (
            f"{element.keyword} holds {element.length} bytes, but Rows x Columns x Samples per "
            f"Pixel x Bits Allocated x Number of Frames needs {expected} (PS3.5 8.1.1)"
        )
    return None
