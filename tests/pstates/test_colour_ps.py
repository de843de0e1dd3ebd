"""Color Softcopy Presentation State (PS3.4 N.2.2): the image's RGB through the state's ICC
Profile to the sRGB display, plus the parts it shares with a GSPS (shutter, rotation)."""

import numpy as np
import pytest
from PIL import ImageCms
from pydicom import dcmread
from pydicom.data import get_palette_files

from gsps_builders import make_image
from icc_profiles import rgb_profile, srgb_encode, srgb_profile
from ps_builders import COLOR, PSEUDO_COLOR, make_rgb_image, make_state
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_colour import cielab_to_rgb
from viewer.pipeline.gsps_presentation import AppliedPresentation

RNG = np.random.default_rng(7)
PIXELS = RNG.integers(0, 256, (6, 8, 3), dtype=np.uint8)


def applied(image, ps, **keywords):
    return AppliedPresentation(read_presentation_state(ps), image, **keywords)


def test_srgb_profile_shows_the_image_as_stored():
    image = make_rgb_image(PIXELS)
    out = applied(image, make_state(COLOR, image, profile=srgb_profile())).render_image(
        image.pixel_array)
    assert out.tolist() == PIXELS.tolist()


def test_linear_profile_is_encoded_to_srgb():
    """Device RGB with linear tone curves and sRGB primaries: the display value is the sRGB
    encoding of v / 255 (IEC 61966-2-1). littleCMS evaluates through 16-bit tables, so a value
    may land one level off the exactly rounded one."""
    gray = np.repeat(np.arange(256, dtype=np.uint8).reshape(16, 16)[:, :, None], 3, axis=2)
    image = make_rgb_image(gray)
    out = applied(image, make_state(COLOR, image, profile=rgb_profile(1.0))).render_image(
        image.pixel_array)
    expected = np.floor(255 * np.vectorize(srgb_encode)(gray / 255.0) + 0.5)
    difference = np.abs(out.astype(int) - expected)
    assert difference.max() <= 1
    assert np.count_nonzero(difference) <= 3 * 8  # almost all exact
    assert out[8, 0, 0] == 188  # v = 128: 255 * (1.055 * (128/255) ** (1/2.4) - 0.055) = 187.85
    assert (out[..., 0] == out[..., 1]).all() and (out[..., 1] == out[..., 2]).all()


def test_real_world_profile_of_a_dicom_palette():
    """The sRGB IEC61966-2.1 profile that PixelMed put in pydicom's HOT_IRON palette: within one
    level of littleCMS's own sRGB (two realisations of the same standard)."""
    palette = dcmread(next(p for p in get_palette_files() if p.endswith("hotiron.dcm")))
    image = make_rgb_image(PIXELS)
    out = applied(image, make_state(COLOR, image, profile=palette.ICCProfile)).render_image(
        image.pixel_array)
    assert np.abs(out.astype(int) - PIXELS).max() <= 1


def test_shutter_and_rotation_are_applied_like_a_gsps():
    image = make_rgb_image(PIXELS)
    lab = [0xFFFF, 0x8080, 0x8080]  # L* 100: white
    ps = make_state(COLOR, image, profile=srgb_profile(), ShutterShape="RECTANGULAR",
                    ShutterLeftVerticalEdge=2, ShutterRightVerticalEdge=8,
                    ShutterUpperHorizontalEdge=1, ShutterLowerHorizontalEdge=6,
                    ShutterPresentationColorCIELabValue=lab, ImageRotation=90)
    state = applied(image, ps)
    canvas, layout = state.render(image.pixel_array, viewport=(6, 8))
    expected = PIXELS.copy()
    expected[:, 0] = cielab_to_rgb(lab)  # column 1 is outside the shutter
    assert canvas.shape == (8, 6, 3)
    assert canvas.tolist() == np.rot90(expected, -1).tolist()  # 90 degrees clockwise


def test_window_changes_nothing_on_colour():
    image = make_rgb_image(PIXELS)
    state = applied(image, make_state(COLOR, image, profile=srgb_profile()))
    state.set_window(100, 10)
    assert state.window is None
    assert state.render_image(image.pixel_array).tolist() == PIXELS.tolist()


@pytest.mark.parametrize("profile, message", [
    (b"not a profile" * 20, r"ICC Profile \(0028,2000\) of the presentation state cannot be read"),
    (ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB")).tobytes(), "describes Lab data, not RGB"),
])
def test_unusable_profile_is_refused_by_name(profile, message):
    image = make_rgb_image(PIXELS)
    with pytest.raises(ValueError, match=message):
        applied(image, make_state(COLOR, image, profile=profile))


@pytest.mark.parametrize("kind", ["COLOR", "PSEUDO-COLOR"])
def test_missing_profile_is_refused_by_name(kind):
    image = make_rgb_image(PIXELS) if kind == "COLOR" else make_image(PIXELS[..., 0], bits=8)
    ps = make_state(COLOR if kind == "COLOR" else PSEUDO_COLOR, image, profile=None)
    with pytest.raises(ValueError, match=r"has no ICC Profile \(0028,2000\), which "
                                         f"{kind.title()} Softcopy"):
        applied(image, ps)


def test_a_grayscale_image_is_refused():
    image = make_image(np.zeros((2, 2), dtype=np.uint8), bits=8)
    with pytest.raises(ValueError, match="applies to colour images"):
        applied(image, make_state(COLOR, image, profile=srgb_profile()))


def test_annotations_only_keeps_the_colour_image():
    image = make_rgb_image(PIXELS)
    state = applied(image, make_state(COLOR, image, profile=rgb_profile(1.0), ImageRotation=90),
                    annotations_only=True)
    assert state.render_image(image.pixel_array).tolist() == PIXELS.tolist()
