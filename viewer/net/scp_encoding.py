"""Does a received data set parse in the transfer syntax it was sent on? A cheap check.

A sender may put an instance on a presentation context that does not match its encoding
(seen from PixelMed's StorageSOPClassSCU: an uncompressed MR on the JPEG-LS context, JPEG 2000
fragments on the Deflate context). Stored as received, such a file cannot be read back. Before
answering, the Storage SCP (and C-GET) therefore checks, without decoding any pixel:

- deflated syntaxes: the whole data set inflates (PS3.5 A.5);
- every element up to Pixel Data parses with the syntax's VR and byte order;
- encapsulated syntaxes (PS3.5 A.4): Pixel Data has undefined length, then an Item (the Basic
  Offset Table), fragment Items of defined length inside the data set, and a Sequence
  Delimitation Item;
- native syntaxes (PS3.5 A.1-A.3): Pixel Data has a defined length that fits in the data set
  and holds Rows x Columns x Samples x Bits Allocated x Frames (PS3.5 8.1.1).

A problem is answered 0xC002 ("cannot understand", PS3.4 B.2.3) with the reason as comment.
"""

from __future__ import annotations

import struct
import zlib
from io import BytesIO

from pydicom.filereader import data_element_generator, read_dataset
from pydicom.uid import UID

_PIXEL_TAGS = (0x7FE00008, 0x7FE00009, 0x7FE00010)  # Float, Double Float, Pixel Data
_COLUMNS, _BITS_ALLOCATED = 0x00280011, 0x00280100
_TRAILING = (0xFFFAFFFA, 0xFFFCFFFC)  # Digital Signatures Sequence, Data Set Trailing Padding
_ge, _gt, _eq = int.__ge__, int.__gt__, int.__eq__  # pydicom's Tag compares in Python; these in C
_ITEM, _SEQUENCE_END = 0xFFFEE000, 0xFFFEE0DD
_UNDEFINED = 0xFFFFFFFF
_MAX_INFLATED = 4 * 1024 ** 3


def encoding_problem(data_set: BytesIO, transfer_syntax: str, start: int = 0,
                     header=None) -> str | None:
    """Why *data_set* (the received bytes) is not encoded as *transfer_syntax* says, or None.

    *start* and *header*: where a parse of the data set's first elements stopped (at an
    element boundary) and what it found, so that only the elements after it are read again
    (the Storage SCP has parsed up to Columns for the index already)."""
    syntax = UID(transfer_syntax)
    source = data_set
    if syntax.is_deflated:
        try:
            source, start, header = BytesIO(_inflate(data_set.getbuffer())), 0, None
        except (zlib.error, ValueError) as exc:
            return f"data set is not deflated as {syntax.name} requires ({exc})"
    size = len(source.getbuffer())
    if start >= size:  # the first parse read to the end: maybe past it (pydicom does not say)
        start, header = 0, None
    try:
        source.seek(start)
        bits = _walk_to_pixels(source, syntax)
    except Exception as exc:  # pydicom raises many types on garbage
        return f"data set does not parse as {syntax.name} ({exc or type(exc).__name__})"
    element = _element_header(source, syntax)
    if isinstance(element, str):
        return element
    if element is None:
        return None  # no pixel data (or not at the top level): nothing more to check
    tag, length, value_at = element
    if syntax.is_encapsulated:
        return _encapsulation_problem(source, syntax, tag, length, value_at, size)
    if header is None:
        source.seek(0)
        header = read_dataset(source, syntax.is_implicit_VR, syntax.is_little_endian,
                              stop_when=lambda tag, vr, length: _gt(tag, _COLUMNS))
    return _native_problem(header, bits, syntax, tag, length, value_at, size)


def _walk_to_pixels(source: BytesIO, syntax: UID) -> int | None:
    """Read the raw elements from the reader's position to the first pixel data element (left
    at it); Bits Allocated if one of them. Sequences are read to their end, so their lengths
    and items are checked too; a value cut short by the end of the data set raises."""
    bits = None
    pixels = _PIXEL_TAGS[0]
    for raw in data_element_generator(source, syntax.is_implicit_VR, syntax.is_little_endian,
                                      stop_when=lambda tag, vr, length: _ge(tag, pixels)):
        if raw.value is not None and raw.length != _UNDEFINED and len(raw.value) < raw.length:
            raise ValueError(f"element ({raw.tag >> 16:04X},{raw.tag & 0xFFFF:04X}) runs past "
                             f"the end")
        if _eq(raw.tag, _BITS_ALLOCATED) and raw.value is not None and len(raw.value) == 2:
            bits = int.from_bytes(raw.value, "little" if syntax.is_little_endian else "big")
    return bits


def _inflate(buffer) -> bytes:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    data = inflater.decompress(buffer, _MAX_INFLATED)
    if not inflater.eof:
        raise ValueError("the deflated stream is incomplete")
    return data


def _element_header(source: BytesIO, syntax: UID) -> tuple[int, int, int] | str | None:
    """``(tag, length, offset of the value)`` of the element at the reader's position, if it
    is one of the pixel data elements; None at the end or at an element that may follow them;
    else what is wrong (an element no data set has there: the bytes were misread)."""
    start = source.tell()
    head = source.read(12)
    if len(head) < 8:
        return None
    order = "<" if syntax.is_little_endian else ">"
    group, elem = struct.unpack(order + "HH", head[:4])
    tag = group << 16 | elem
    if tag not in _PIXEL_TAGS:
        if group & 1 or tag in _TRAILING:
            return None  # private groups, signatures and padding come after pixel data
        return f"data set does not parse as {syntax.name} (element ({group:04X},{elem:04X}))"
    if syntax.is_implicit_VR:
        return tag, struct.unpack(order + "L", head[4:8])[0], start + 8
    if len(head) < 12:
        return tag, 0, len(head) + start  # truncated: no room for a length
    return tag, struct.unpack(order + "L", head[8:12])[0], start + 12


def _encapsulation_problem(source, syntax, tag, length, value_at, size) -> str | None:
    if tag != _PIXEL_TAGS[2]:
        return f"{syntax.name} needs encapsulated Pixel Data, not float pixel data"
    if length != _UNDEFINED:
        return (f"Pixel Data is not encapsulated (defined length {length}) as "
                f"{syntax.name} requires")
    position, items = value_at, 0
    buffer = source.getbuffer()
    while position + 8 <= size:
        item_tag, item_length = _item(buffer, position)
        if item_tag == _SEQUENCE_END:
            return None if items >= 1 else "encapsulated Pixel Data has no Basic Offset Table item"
        if item_tag != _ITEM or item_length == _UNDEFINED:
            return f"encapsulated Pixel Data has no valid item at byte {position}"
        position += 8 + item_length
        items += 1
    return "encapsulated Pixel Data ends without a Sequence Delimitation Item (truncated)"


def _item(buffer, position: int) -> tuple[int, int]:
    group, elem, length = struct.unpack_from("<HHL", buffer, position)  # always LE (A.4)
    return group << 16 | elem, length


def _native_problem(header, bits, syntax, tag, length, value_at, size) -> str | None:
    if length == _UNDEFINED:
        return f"Pixel Data is encapsulated, but {syntax.name} is not a compressed syntax"
    if value_at + length > size:
        return f"Pixel Data ({length} bytes) runs past the end of the data set ({size} bytes)"
    if tag != _PIXEL_TAGS[2]:
        return None
    expected = _expected_bytes(header, bits if bits is not None else header.get("BitsAllocated"))
    if expected is not None and length < expected:
        return (f"Pixel Data holds {length} bytes; Rows, Columns, Samples per Pixel, Bits "
                f"Allocated and Number of Frames need {expected}")
    return None


def _expected_bytes(header, bits) -> int | None:
    try:
        rows, columns = int(header.Rows), int(header.Columns)
        samples = int(header.get("SamplesPerPixel", 1) or 1)
        frames = int(header.get("NumberOfFrames", 1) or 1)
        bits = int(bits)
    except (AttributeError, TypeError, ValueError):
        return None  # the header is odd: the index reports it; nothing to compare with
    return (rows * columns * samples * frames * bits + 7) // 8
