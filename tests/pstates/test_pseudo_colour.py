"""Pseudo-Color Softcopy Presentation State (PS3.4 N.2.3): the state's Modality and VOI LUT,
then its Palette Color LUT over the VOI output, checked pixel by pixel against hand-computed
values and against pydicom's own palette lookup."""

import numpy as np
import pytest
from pydicom.data import get_palette_files
from pydicom import dcmread
from pydicom.pixels import apply_color_lut
from pydicom.sequence import Sequence

from gsps_builders import make_image, voi_item
from ps_builders import PSEUDO_COLOR, make_rgb_image, make_state, set_palette, set_segmented_palette
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation

V = np.arange(256)


def rendered(image, ps):
    applied = AppliedPresentation(read_presentation_state(ps), image)
    return applied.render_image(image.pixel_array)


def ramp_palette(ps, first=0, bits=16):
    """red = v, green = 255 - v, blue = 0 (16-bit entries: v * 257)."""
    scale = 257 if bits == 16 else 1
    return set_palette(ps, V * scale, (255 - V) * scale, np.zeros(256), first=first, bits=bits)


def test_palette_over_the_identity_voi_of_an_8_bit_image():
    pixels = (np.arange(16).reshape(4, 4) * 16).astype(np.uint8)
    image = make_image(pixels, bits=8)
    out = rendered(image, ramp_palette(make_state(PSEUDO_COLOR, image)))
    assert out.dtype == np.uint8 and out.shape == (4, 4, 3)
    # identity VOI on 8 bits: v itself; 256-entry palette indexed by v, 16-bit entries >> 8
    assert out[..., 0].tolist() == pixels.tolist()
    assert out[..., 1].tolist() == (255 - pixels).tolist()
    assert (out[..., 2] == 0).all()


def test_state_window_then_a_4096_entry_palette():
    pixels = np.array([[0, 1000, 1500, 2000], [2047, 2048, 3000, 4095]], dtype=np.uint16)
    image = make_image(pixels, bits=16, stored=12)
    ps = make_state(PSEUDO_COLOR, image, SoftcopyVOILUTSequence=Sequence([voi_item(2048, 4096)]))
    entries = np.arange(4096)
    set_palette(ps, entries * 16, entries[::-1] * 16, (entries % 256) * 257)
    out = rendered(image, ps)
    # LINEAR window c=2048 w=4096 (C.11.2.1.2.1): v = floor(((x - 2047.5) / 4095 + 0.5) * 255)
    voi = np.floor(((pixels - 2047.5) / 4095 + 0.5) * 255 + 1e-9).astype(int)
    index = np.floor(voi * 4095 / 255 + 1e-9).astype(int)  # onto the palette's input range
    assert out[..., 0].tolist() == ((index * 16) >> 8).tolist()
    assert out[..., 1].tolist() == (((4095 - index) * 16) >> 8).tolist()
    assert out[..., 2].tolist() == (((index % 256) * 257) >> 8).tolist()


def test_first_value_mapped_and_8_bit_entries():
    image = make_image(np.array([[0, 100, 255]], dtype=np.uint8), bits=8)
    out = rendered(image, ramp_palette(make_state(PSEUDO_COLOR, image), first=10, bits=8))
    # inputs 0..255 scaled onto 10..265: index - 10 = v, the same entries
    assert out[0, :, 0].tolist() == [0, 100, 255]


def test_segmented_palette():
    image = make_image(np.array([[0, 1, 2, 3, 4, 5, 6, 7]], dtype=np.uint8) * 36, bits=8)
    ps = make_state(PSEUDO_COLOR, image)
    # discrete 2 entries (0, 100), then linear 6 entries up to 700 (PS3.3 C.7.9.2)
    segments = [0, 2, 0, 100, 1, 6, 700]
    set_segmented_palette(ps, {"Red": segments, "Green": segments, "Blue": [0, 8] + [256] * 8},
                          entries=8)
    out = rendered(image, ps)
    expanded = [0, 100, 200, 300, 400, 500, 600, 700]
    # v = 36 k, index = floor(36 k * 7 / 255): 0, 0, 1, 2, 3, 4, 5, 6
    index = [int(np.floor(36 * k * 7 / 255 + 1e-9)) for k in range(8)]
    assert out[0, :, 0].tolist() == [expanded[i] >> 8 for i in index]
    assert (out[0, :, 2] == 1).all()


def test_monochrome1_is_not_inverted_before_the_palette():
    image = make_image(np.array([[0, 128, 255]], dtype=np.uint8), bits=8, photometric="MONOCHROME1")
    out = rendered(image, ramp_palette(make_state(PSEUDO_COLOR, image)))
    assert out[0, :, 0].tolist() == [0, 128, 255]


@pytest.mark.filterwarnings("ignore:Invalid value for VR UI")  # pydicom's palette file's own UID
def test_pydicom_hot_iron_palette_gives_pydicoms_colours():
    """The HOT_IRON well-known palette (PS3.6 B.1, pydicom's copy: 8-bit entries packed two per
    word) through the state agrees with pydicom's apply_color_lut."""
    palette = dcmread(next(p for p in get_palette_files() if p.endswith("hotiron.dcm")))
    image = make_image(V.reshape(16, 16).astype(np.uint8), bits=8)
    ps = make_state(PSEUDO_COLOR, image)
    for keyword in ("Red", "Green", "Blue"):
        for suffix in ("Descriptor", "Data"):
            name = f"{keyword}PaletteColorLookupTable{suffix}"
            ps[name] = palette[name]
    out = rendered(image, ps)
    expected = apply_color_lut(V.reshape(16, 16).astype(np.uint8), palette="HOT_IRON")
    assert out.tolist() == expected.tolist()


def test_descriptors_that_disagree_are_refused_by_name():
    image = make_image(np.zeros((2, 2), dtype=np.uint8), bits=8)
    ps = ramp_palette(make_state(PSEUDO_COLOR, image))
    ps.BluePaletteColorLookupTableDescriptor = [128, 0, 16]
    ps.BluePaletteColorLookupTableData = np.zeros(128, "<u2").tobytes()
    with pytest.raises(ValueError, match="Palette Color Lookup Table Descriptors of the "
                                         "presentation state disagree.*Blue 128 entries"):
        rendered(image, ps)


def test_missing_palette_data_is_named():
    image = make_image(np.zeros((2, 2), dtype=np.uint8), bits=8)
    ps = ramp_palette(make_state(PSEUDO_COLOR, image))
    del ps.GreenPaletteColorLookupTableData
    with pytest.raises(ValueError, match="presentation state has no Green Palette Color Lookup "
                                         "Table Data"):
        rendered(image, ps)


def test_a_colour_image_is_refused():
    image = make_rgb_image(np.zeros((2, 2, 3)))
    with pytest.raises(ValueError, match="applies to grayscale images"):
        rendered(image, ramp_palette(make_state(PSEUDO_COLOR, image)))
