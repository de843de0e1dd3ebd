"""ICC profiles for tests, written byte by byte (ICC.1:2001-04, version 2.1): an RGB display
profile with the sRGB primaries and white point of littleCMS's own sRGB profile but *linear*
tone curves (gamma 1.0), so its transform to sRGB is the sRGB encoding of v / 255, computable
by hand."""

from __future__ import annotations

import struct

from PIL import ImageCms

D50 = (0.9642, 1.0, 0.8249)


def s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def xyz_tag(xyz) -> bytes:
    return b"XYZ " + bytes(4) + b"".join(s15(v) for v in xyz)


def gamma_tag(gamma: float) -> bytes:
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)


def desc_tag(text: str) -> bytes:
    ascii_text = text.encode("ascii") + b"\0"
    return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">II", 0, 0) + struct.pack(">HB", 0, 0) + bytes(67))


def srgb_colorants():
    """The D50-adapted red, green and blue colorants of littleCMS's sRGB profile."""
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).profile
    return [getattr(profile, f"{c}_colorant")[0] for c in ("red", "green", "blue")]


def rgb_profile(gamma: float = 1.0, description: str = "linear sRGB primaries") -> bytes:
    """An RGB display profile with sRGB primaries and the tone curve v ** gamma."""
    red, green, blue = srgb_colorants()
    tags = [(b"desc", desc_tag(description)), (b"wtpt", xyz_tag(D50)),
            (b"rXYZ", xyz_tag(red)), (b"gXYZ", xyz_tag(green)), (b"bXYZ", xyz_tag(blue)),
            (b"rTRC", gamma_tag(gamma)), (b"gTRC", gamma_tag(gamma)), (b"bTRC", gamma_tag(gamma))]
    offset = 128 + 4 + 12 * len(tags)
    table, data = [], b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table.append(struct.pack(">4sII", signature, offset + len(data), len(body)))
        data += body
    size = offset + len(data)
    header = (struct.pack(">I4sI4s4s4s", size, b"lcms", 0x02100000, b"mntr", b"RGB ", b"XYZ ")
              + struct.pack(">6H", 2024, 1, 1, 0, 0, 0) + b"acsp" + bytes(4 + 4 + 4 + 4 + 8)
              + struct.pack(">I", 0) + b"".join(s15(v) for v in D50) + bytes(4 + 16 + 28))
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + b"".join(table) + data


def srgb_profile() -> bytes:
    """littleCMS's sRGB profile, as Pillow writes it."""
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def srgb_encode(linear: float) -> float:
    """IEC 61966-2-1 sRGB encoding of a linear value in 0..1."""
    return 12.92 * linear if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055
