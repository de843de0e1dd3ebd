"""ICC Profile of a presentation state applied to its RGB output (PS3.4 N.2.2.1). Qt-free.

Color, Pseudo-Color and Blending Softcopy Presentation States carry an ICC Profile (0028,2000)
(PS3.3 C.11.15) that describes their RGB output: the device-independent Profile Connection
Space values are what the user is meant to see (PS3.4 N.2.2.1, N.2.4). The viewer
assumes an sRGB display (Qt shows 8-bit RGB unmanaged on it), so the output is transformed from
the state's profile to sRGB with the profile's own rendering intent: an sRGB profile leaves the
pixels as they are.

The transform is littleCMS through Pillow's ``ImageCms`` (there is no maintained pure-Python
colour management module); transforms are kept per profile (:func:`profile_transform`).
A profile littleCMS cannot read, or one that does not describe RGB data, is a ValueError that
names the attribute.
"""

from __future__ import annotations

import io
from functools import lru_cache

import numpy as np
from PIL import Image, ImageCms

__all__ = ["apply_icc_profile", "profile_transform"]

SRGB = ImageCms.createProfile("sRGB")


def _read_profile(data: bytes) -> ImageCms.ImageCmsProfile:
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ValueError, TypeError) as exc:
        raise ValueError(f"the ICC Profile (0028,2000) of the presentation state cannot be "
                         f"read ({len(data)} bytes): {exc}") from None
    space = profile.profile.xcolor_space.strip()
    if space != "RGB":
        raise ValueError(f"the ICC Profile (0028,2000) of the presentation state describes "
                         f"{space or 'no'} data, not RGB")
    return profile


@lru_cache(maxsize=8)
def _transform(data: bytes) -> ImageCms.ImageCmsTransform:
    profile = _read_profile(data)
    intent = ImageCms.getDefaultIntent(profile)
    try:
        return ImageCms.buildTransform(profile, SRGB, "RGB", "RGB", renderingIntent=intent)
    except ImageCms.PyCMSError as exc:
        raise ValueError(f"the ICC Profile (0028,2000) of the presentation state cannot be "
                         f"used: {exc}") from None


def profile_transform(data: bytes) -> ImageCms.ImageCmsTransform:
    """The transform from the profile *data* to sRGB (checked; kept for reuse)."""
    return _transform(bytes(data))


def apply_icc_profile(rgb: np.ndarray, data: bytes) -> np.ndarray:
    """uint8 H x W x 3 in the profile's RGB -> sRGB."""
    transform = profile_transform(data)
    image = Image.fromarray(np.ascontiguousarray(rgb, dtype=np.uint8), "RGB")
    return np.asarray(ImageCms.applyTransform(image, transform)).copy()
