"""Lookup tables of the grayscale and palette pipelines: LUT Descriptor + LUT Data.

One decoder for every LUT in an image object (PS3.3):

- Modality LUT Sequence (C.11.1.1): first value mapped is US or SS per Pixel Representation.
- VOI LUT Sequence (C.11.2.1.1): first value mapped is SS when the input to the VOI LUT may be
  negative (Pixel Representation 1 without rescale, or a rescale whose output may be negative),
  US otherwise. 8-bit entries are "stored in a format equivalent to 8 bits allocated", i.e. two
  entries packed in each 16-bit word of an OW value; older objects pad each entry to 16 bits.
  Both are accepted, and entries are never wrapped modulo 256 (pydicom 3.0.2's ``apply_voi``
  does wrap when an 8-bit LUT has more than 256 entries).
- Presentation LUT Sequence (C.11.4.1): first value mapped is always 0 (US).
- Palette Color LUTs (C.7.6.3.1.5, C.7.9): same descriptor layout; segmented data is expanded
  with pydicom's ``_expand_segmented_lut`` (see :mod:`viewer.pipeline.colour`).

Common rules (C.11.1.1, C.11.2.1.1): a number of entries of 0 means 65536; inputs below the
first value mapped map to the first entry, inputs at or beyond first + entries map to the last.
The descriptor's three values are re-read as 16-bit patterns, so a descriptor decoded with the
wrong VR (US vs SS, e.g. 40000 entries read as SS) is still understood.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset


@dataclass(frozen=True, eq=False)
class LookupTable:
    """A decoded LUT: ``data[i]`` is the output for input ``first_mapped + i``.

    ``bits`` is the number of bits per entry: outputs range over 0 .. 2**bits - 1.
    """

    first_mapped: int
    bits: int
    data: np.ndarray
    explanation: str = ""

    def lookup(self, values) -> np.ndarray:
        """Entries for `values`, clamping inputs outside the table to the first/last entry.

        Non-integer inputs (e.g. after a fractional rescale) use the entry of floor(value).
        """
        pos = np.asarray(values, dtype=np.float64) - self.first_mapped
        pos = np.nan_to_num(pos, nan=0.0, posinf=len(self.data), neginf=0.0)
        index = np.clip(np.floor(pos), 0, len(self.data) - 1).astype(np.intp)
        return self.data[index]

    def describe(self) -> str:
        """One line for ``info``: explanation, size, first value mapped and entry depth."""
        text = f"{len(self.data)} entries from {self.first_mapped}, {self.bits} bit"
        return f"{self.explanation} ({text})" if self.explanation else text


def value_of(ds: Dataset, keyword: str, default=None):
    """``ds.get(keyword)``; any error pydicom raises while converting the raw value (wrong
    length, bad number, broken sequence) becomes a ValueError naming the keyword."""
    try:
        return ds.get(keyword, default)
    except Exception as exc:  # pydicom raises many types for malformed raw values
        raise ValueError(f"{keyword} cannot be read: {exc}") from None


def signed16(value: int) -> int:
    """A 16-bit pattern read as SS (two's complement)."""
    return ((int(value) & 0xFFFF) ^ 0x8000) - 0x8000


def unsigned16(value: int) -> int:
    """A 16-bit pattern read as US."""
    return int(value) & 0xFFFF


def is_little_endian(ds: Dataset) -> bool:
    """Byte order of OW values in `ds`: as read from the file, else its file meta, else little."""
    encoding = getattr(ds, "original_encoding", (None, None))
    if encoding[1] is not None:
        return bool(encoding[1])
    meta = getattr(ds, "file_meta", None)
    syntax = meta.get("TransferSyntaxUID") if meta is not None else None
    if syntax is not None and syntax.is_transfer_syntax:
        return bool(syntax.is_little_endian)
    return True


def lut_words(value, little_endian: bool) -> np.ndarray:
    """16-bit words of a LUT Data value: a list/int (VR US/SS) or raw bytes (VR OW)."""
    if value is None:
        return np.zeros(0, dtype=np.int64)
    if isinstance(value, (bytes, bytearray, memoryview)):
        raw = bytes(value)
        dtype = "<u2" if little_endian else ">u2"
        return np.frombuffer(raw[: len(raw) - len(raw) % 2], dtype=dtype).astype(np.int64)
    if isinstance(value, (int, np.integer)):
        value = [value]
    return np.asarray([int(v) for v in value], dtype=np.int64) & 0xFFFF


def unpack_bytes(words: np.ndarray) -> np.ndarray:
    """Bytes of 16-bit words, low byte first (8 bits allocated in OW, PS3.5 8.1.1)."""
    return np.stack([words & 0xFF, words >> 8], axis=-1).reshape(-1)


def lut_entries(words: np.ndarray, entries: int, bits: int, name: str) -> tuple[np.ndarray, int]:
    """The table's entries and their bit depth from the data words.

    Packed 8-bit data (two entries per word) is recognised by its length, ceil(entries / 2)
    words. Entries larger than the descriptor's depth allows widen the depth instead of being
    truncated (a descriptor that understates its data).
    """
    if len(words) == (entries + 1) // 2 and len(words) != entries:
        data, bits = unpack_bytes(words)[:entries], 8
    elif len(words) >= entries:
        data = words[:entries]
    else:
        raise ValueError(
            f"{name}: LUT Data has {len(words)} values but the LUT Descriptor declares "
            f"{entries} entries"
        )
    if len(data) and int(data.max()) > (1 << bits) - 1:
        bits = min(16, int(data.max()).bit_length())
    data = np.ascontiguousarray(data, dtype=np.int64)
    data.setflags(write=False)
    return data, bits


def read_descriptor(descriptor, signed_first: bool, name: str) -> tuple[int, int, int]:
    """(entries, first value mapped, bits per entry) from a 3-valued LUT Descriptor."""
    if isinstance(descriptor, (int, np.integer)) or descriptor is None:
        descriptor = [] if descriptor is None else [descriptor]
    values = list(descriptor)
    if len(values) != 3:
        raise ValueError(f"{name}: LUT Descriptor must have 3 values, got {values!r}")
    entries = unsigned16(values[0]) or 65536
    first = signed16(values[1]) if signed_first else unsigned16(values[1])
    bits = unsigned16(values[2])
    if not 1 <= bits <= 16:
        raise ValueError(f"{name}: LUT Descriptor bits per entry must be 1..16, got {bits}")
    return entries, first, bits


def read_lut(
    item: Dataset, little_endian: bool, *, signed_first: bool = False, name: str = "LUT"
) -> LookupTable:
    """Decode one LUT Sequence item (LUT Descriptor (0028,3002), LUT Data (0028,3006))."""
    if "LUTDescriptor" not in item or "LUTData" not in item:
        raise ValueError(f"{name}: item lacks LUT Descriptor (0028,3002) or LUT Data (0028,3006)")
    descriptor = value_of(item, "LUTDescriptor")
    entries, first, bits = read_descriptor(descriptor, signed_first, name)
    words = lut_words(value_of(item, "LUTData"), little_endian)
    data, bits = lut_entries(words, entries, bits, name)
    explanation = str(value_of(item, "LUTExplanation") or "").strip()
    return LookupTable(first, bits, data, explanation)


def read_luts(
    items: Sequence[Dataset] | None, little_endian: bool, *, signed_first: bool, name: str
) -> tuple[LookupTable, ...]:
    """Decode every item of a LUT Sequence, naming the item (1-based) in errors."""
    return tuple(
        read_lut(item, little_endian, signed_first=signed_first, name=f"{name} item {i + 1}")
        for i, item in enumerate(items or ())
    )


def reduce_depth(values: np.ndarray, bits: int) -> np.ndarray:
    """Values of `bits` bits brought to 0..255 as floats, the way DCMTK reduces depth.

    Deeper values keep their top 8 bits (``v >> (bits - 8)``; DCMTK 3.6.7 does the same for
    LUT outputs and colour samples, checked against dcm2pnm); shallower ones are stretched
    linearly to 255 (``255 * v / (2**bits - 1)``).
    """
    values = np.asarray(values)
    if bits >= 8:
        return np.floor_divide(values, 1 << (bits - 8)).astype(np.float64)
    return values.astype(np.float64) * (255.0 / ((1 << bits) - 1))
