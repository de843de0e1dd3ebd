"""A guard against deflate bombs (Deflated Explicit VR Little Endian, PS3.5 A.5).

pydicom inflates a deflated data set whole, in memory, while reading it. A few kilobytes can
inflate to gigabytes, so before pydicom reads such a file its inflated size is measured in
bounded steps and refused above :data:`MAX_INFLATED`.
"""

from __future__ import annotations

import zlib
from typing import BinaryIO

from pydicom.filereader import read_file_meta_info
from pydicom.uid import DeflatedExplicitVRLittleEndian

__all__ = ["MAX_INFLATED", "deflate_problem"]

MAX_INFLATED = 1 << 30  # 1 GiB: far beyond any real deflated object
_UID = DeflatedExplicitVRLittleEndian.encode()
_CHUNK = 1 << 20
# VRs with a 2-byte reserved field and a 4-byte length (PS3.5 Table 7.1-1)
_LONG_VRS = {
    b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"
}


def deflate_problem(path: str, fh: BinaryIO, head: bytes) -> str | None:
    """Why the deflated data set of the file at *path* is refused, or ``None``.

    *head* is the start of the file: only a file naming the deflated transfer syntax there is
    measured. *fh* is left at its start.
    """
    if _UID not in head:
        return None
    meta = read_file_meta_info(path)
    if meta.get("TransferSyntaxUID") != DeflatedExplicitVRLittleEndian:
        return None
    fh.seek(_meta_end(fh))
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    inflated = 0
    try:
        while chunk := fh.read(_CHUNK):
            while chunk:
                inflated += len(inflater.decompress(chunk, _CHUNK))
                if inflated > MAX_INFLATED:
                    return f"the deflated data set inflates beyond {MAX_INFLATED >> 20} MiB"
                chunk = inflater.unconsumed_tail
    except zlib.error as exc:
        return f"corrupt DICOM data: the deflated data set cannot be inflated ({exc})"
    finally:
        fh.seek(0)
    return None


def _meta_end(fh: BinaryIO) -> int:
    """Offset just after the File Meta group, walking its explicit VR little endian elements
    from the end of the preamble (PS3.10 7.1, PS3.5 7.1.2); the Group Length is not trusted."""
    fh.seek(132)
    while len(head := fh.read(8)) == 8:
        if int.from_bytes(head[:2], "little") != 0x0002:
            break
        if head[4:6] in _LONG_VRS:
            length = int.from_bytes(fh.read(4), "little")
        else:
            length = int.from_bytes(head[6:8], "little")
        fh.seek(length, 1)
    return fh.tell() - len(head)
