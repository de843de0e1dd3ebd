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

from viewer.dicom.pixeldata import PixelElement, count_fragments, read_element_start

_PIXEL_TAGS = (0x7FE00008, 0x7FE00009, 0x7FE00010)  # Float, Double Float, Pixel Data
_COLUMNS, _BITS_ALLOCATED = 0x00280011, 0x00280100
_TRAILING = (0xFFFAFFFA, 0xFFFCFFFC)  # Digital Signatures Sequence, Data Set Trailing Padding
_ge, _gt, _eq = int.__ge__, int.__gt__, int.__eq__  # pydicom's Tag compares in Python; these in C
_SEQUENCE_END_TAG = b"\xfe\xff\xdd\xe0"  # (FFFE,E0DD), little endian as items always are
_UNDEFINED = 0xFFFFFFFF
_MAX_INFLATED = 4 * 1024 ** 3


def encoding_problem(data_set, transfer_syntax: str, start: int = 0,
                     header=None) -> str | None:
    """Why *data_set* (the received bytes: a BytesIO, or a seekable binary file positioned
    from the data set's start) is not encoded as *transfer_syntax* says, or None.

    *start* and *header*: where a parse of the data set's first elements stopped (at an
    element boundary) and what it found, so that only the elements after it are read again
    (the Storage SCP has parsed up to Columns for the index already)."""
    syntax = UID(transfer_syntax)
    source = data_set
    if syntax.is_deflated:
        try:
            data_set.seek(0)
            source, start, header = BytesIO(_inflate(data_set.read())), 0, None
        except (zlib.error, ValueError) as exc:
            return f"data set is not deflated as {syntax.name} requires ({exc})"
    size = source.seek(0, 2)
    if start >= size:  # the first parse read to the end: maybe past it (pydicom does not say)
        start, header = 0, None
    try:
        source.seek(start)
        bits = _walk_to_pixels(source, syntax)
    except Exception as exc:  # pydicom raises many types on garbage
        return f"data set does not parse as {syntax.name} ({exc or type(exc).__name__})"
    misread = _misread_element(source, syntax)
    if misread:
        return misread
    try:
        element = read_element_start(source, syntax, size)
    except ValueError as exc:  # a defined length past the end of the data set
        return f"Pixel Data runs past the end of the data set: {exc}"
    if element is None:
        return None  # no pixel data (or not at the top level): nothing more to check
    if syntax.is_encapsulated:
        return _encapsulation_problem(source, syntax, element, size)
    if header is None:
        source.seek(0)
        header = read_dataset(source, syntax.is_implicit_VR, syntax.is_little_endian,
                              stop_when=lambda tag, vr, length: _gt(tag, _COLUMNS))
    return _native_problem(header, bits, syntax, element)


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


def _misread_element(source: BytesIO, syntax: UID) -> str | None:
    """What is wrong when the element where the walk stopped (the reader is left there) is
    one no data set has there - the bytes were misread in the wrong encoding - else None: a
    pixel data element, the end, or an element that may follow pixel data."""
    head = source.read(4)
    source.seek(-len(head), 1)
    if len(head) < 4:
        return None
    group, elem = struct.unpack(("<" if syntax.is_little_endian else ">") + "HH", head)
    tag = group << 16 | elem
    if tag in _PIXEL_TAGS or group & 1 or tag in _TRAILING:
        return None  # private groups, signatures and padding come after pixel data
    return f"data set does not parse as {syntax.name} (element ({group:04X},{elem:04X}))"


def _encapsulation_problem(source, syntax, element: PixelElement, size: int) -> str | None:
    if element.keyword != "PixelData":
        return f"{syntax.name} needs encapsulated Pixel Data, not float pixel data"
    if element.length is not None:
        return (f"Pixel Data is not encapsulated (defined length {element.length}) as "
                f"{syntax.name} requires")
    first = source.read(4)
    if first == _SEQUENCE_END_TAG:
        return "encapsulated Pixel Data has no Basic Offset Table item"
    source.seek(-len(first), 1)
    try:
        count_fragments(source, size)  # item headers only (PS3.5 A.4, always little endian)
    except ValueError as exc:
        return str(exc)
    return None


def _native_problem(header, bits, syntax, element: PixelElement) -> str | None:
    if element.length is None:
        return f"Pixel Data is encapsulated, but {syntax.name} is not a compressed syntax"
    if element.keyword != "PixelData":
        return None
    expected = _expected_bytes(header, bits if bits is not None else header.get("BitsAllocated"))
    if expected is not None and element.length < expected:
        return (f"Pixel Data holds {element.length} bytes; Rows, Columns, Samples per Pixel, "
                f"Bits Allocated and Number of Frames need {expected}")
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
