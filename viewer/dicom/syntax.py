"""Transfer syntaxes (PS3.5 section 10 and Annex A): names for messages, decodability.

The viewer decodes whatever pydicom's pixel decoders (with the pylibjpeg plugins) decode; any
other transfer syntax (MPEG-2, MPEG-4, HEVC video, JPIP, ...) is reported with its name and UID.
"""

from __future__ import annotations

from pydicom.pixels import get_decoder
from pydicom.uid import (
    UID,
    DeflatedExplicitVRLittleEndian,
    ExplicitVRBigEndian,
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
)

__all__ = [
    "decode_problem",
    "infer_native_syntax",
    "is_deflated",
    "transfer_syntax_label",
    "transfer_syntax_name",
]


def transfer_syntax_name(uid: str | None) -> str:
    """Return the registered name of transfer syntax *uid* (PS3.6 Annex A), or a placeholder."""
    if not uid:
        return "no transfer syntax"
    name = UID(uid).name
    if name == uid or not UID(uid).is_transfer_syntax:
        return "unknown transfer syntax"
    return name


def transfer_syntax_label(uid: str | None) -> str:
    """Return ``"Name (UID)"`` for messages, e.g. ``"JPEG Baseline (Process 1) (1.2.840...)"``."""
    if not uid:
        return "no transfer syntax"
    return f"{transfer_syntax_name(uid)} ({uid})"


def is_deflated(uid: str | None) -> bool:
    """True for Deflated Explicit VR Little Endian (PS3.5 A.5): the data set is zlib-compressed."""
    return uid == DeflatedExplicitVRLittleEndian


def infer_native_syntax(is_implicit_vr: bool, is_little_endian: bool) -> UID:
    """The native transfer syntax of a data set encoded as detected (PS3.5 A.1, A.2, A.3)."""
    if is_implicit_vr:
        return ImplicitVRLittleEndian
    return ExplicitVRLittleEndian if is_little_endian else ExplicitVRBigEndian


def decode_problem(uid: str | None) -> str | None:
    """Why Pixel Data in transfer syntax *uid* cannot be decoded here, or ``None`` if it can."""
    if not uid:
        return "cannot decode Pixel Data: the transfer syntax is unknown"
    try:
        decoder = get_decoder(uid)
    except NotImplementedError:
        label = transfer_syntax_label(uid)
        return f"cannot decode Pixel Data: transfer syntax {label} is not supported"
    if not decoder.is_available:
        missing = "; ".join(decoder.missing_dependencies)
        return (
            f"cannot decode Pixel Data: no decoder installed for transfer syntax "
            f"{transfer_syntax_label(uid)} (needs one of: {missing})"
        )
    return None
