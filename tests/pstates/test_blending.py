"""Blending Softcopy Presentation State (PS3.4 N.2.4): the superimposed image through its
grayscale stages and the state's palette, resampled onto the underlying image and blended with
Relative Opacity; every pixel checked against ``floor(255 (Rs A + Yu (1 - A)))``."""

import numpy as np
import pytest

from pydicom.sequence import Sequence

from gsps_builders import item, make_image
from icc_profiles import srgb_profile
from ps_builders import make_blending, new_series_uid, place, set_palette
from viewer.dicom import instance_from_dataset
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation

V = np.arange(256)
CT = (np.arange(16).reshape(4, 4) * 16).astype(np.uint8)


def ct_image(pixels=CT, z=0.0, **keywords):
    return place(make_image(pixels, bits=8, modality="CT"), (0, 0, z), **keywords)


def pet_series(*arrays_and_places, bits=8):
    uid, study = new_series_uid(), None
    images = []
    for pixels, position, spacing, keywords in arrays_and_places:
        image = make_image(pixels, bits=bits, modality="PT", series_uid=uid, study_uid=study)
        study = image.StudyInstanceUID
        images.append(place(image, position, spacing, **keywords))
    return images


def state(underlying, superimposed, opacity=0.5, **keywords):
    ps = make_blending([underlying], superimposed, opacity, profile=srgb_profile(), **keywords)
    # red = v, green = 0, blue = 255 - v, 16-bit entries
    return set_palette(ps, V * 257, np.zeros(256), (255 - V) * 257)


def source(images):
    instances = [instance_from_dataset(ds) for ds in images]
    return lambda series_uid: [i for i in instances if i.ds.SeriesInstanceUID == series_uid]


def render(underlying, ps, images):
    applied = AppliedPresentation(read_presentation_state(ps), underlying,
                                  superimposed=source(images))
    return applied.render_image(underlying.pixel_array)


def expected(gray, red_index, inside, opacity):
    """floor(255 (Rs A + Yu (1 - A))) with Rs = red/65535 * 257 = v / 255, Bs = (255 - v) / 255."""
    yu = gray / 255.0
    rs, bs = red_index / 255.0, (255 - red_index) / 255.0
    out = np.empty(gray.shape + (3,))
    for channel, value in enumerate((rs, np.zeros_like(rs), bs)):
        mixed = value * opacity + yu * (1 - opacity)
        out[..., channel] = np.where(inside, mixed, yu)
    return np.floor(out * 255 + 1e-9).astype(int)


def test_same_grid_blends_every_pixel():
    pet = (255 - CT).astype(np.uint8)
    images = pet_series((pet, (0, 0, 0), (1, 1), {}))
    underlying = ct_image()
    out = render(underlying, state(underlying, images, 0.25), images)
    assert out.tolist() == expected(CT, pet, np.ones(CT.shape, bool), 0.25).tolist()


def test_coarser_offset_superimposed_image_is_resampled_nearest():
    """PET 2 x 2 pixels of 2 mm starting at (1.5, 0.5) mm: underlying pixel (r, c) at (c, r) mm
    takes PET pixel (floor((r - 0.5)/2 + 0.5), floor((c - 1.5)/2 + 0.5)) when on it."""
    pet = np.array([[10, 20], [30, 40]], dtype=np.uint8)
    images = pet_series((pet, (1.5, 0.5, 0), (2, 2), {}))
    underlying = ct_image()
    out = render(underlying, state(underlying, images, 0.5), images)
    rows = np.floor((np.arange(4) - 0.5) / 2 + 0.5).astype(int)
    cols = np.floor((np.arange(4) - 1.5) / 2 + 0.5).astype(int)
    inside = ((rows[:, None] >= 0) & (rows[:, None] < 2) & (cols[None, :] >= 0) & (cols[None, :] < 2))
    red = pet[np.clip(rows, 0, 1)[:, None], np.clip(cols, 0, 1)[None, :]]
    assert inside[:, 0].tolist() == [False] * 4 and inside[1:, 1:].all()  # column 0 is off it
    assert out.tolist() == expected(CT, red, inside, 0.5).tolist()


def test_nearest_plane_of_the_superimposed_series_is_used():
    planes = [(np.full((4, 4), 50 * k, np.uint8), (0, 0, 5.0 * k), (1, 1), {}) for k in range(3)]
    images = pet_series(*planes)
    underlying = ct_image(z=6.0)  # nearest: z = 5 (1 mm away, within half the 5 mm gap)
    out = render(underlying, state(underlying, images, 1.0), images)
    assert (out[..., 0] == 50).all() and (out[..., 2] == 205).all()


def test_superimposed_voi_and_rescale_of_its_item():
    pet = np.array([[0, 1000], [2000, 4000]], dtype=np.uint16)
    # 2 mm pixels centred at 0.5 and 2.5 mm: each covers 2 x 2 underlying pixels
    images = pet_series((pet, (0.5, 0.5, 0), (2, 2), {}), bits=16)
    underlying = ct_image()
    ps = state(underlying, images, 1.0)
    ps.BlendingSequence[1].RescaleSlope, ps.BlendingSequence[1].RescaleIntercept = 2, 0
    ps.BlendingSequence[1].RescaleType = "US"
    ps.BlendingSequence[1].SoftcopyVOILUTSequence = Sequence([item(WindowCenter=4000,
                                                                   WindowWidth=8000)])
    out = render(underlying, ps, images)
    voi = np.floor(((2 * pet - 3999.5) / 7999 + 0.5) * 255 + 1e-9).astype(int).clip(0, 255)
    red = voi.repeat(2, axis=0).repeat(2, axis=1)
    assert out[..., 0].tolist() == red.tolist()


def test_absent_superimposed_series_is_said():
    images = pet_series((CT, (0, 0, 0), (1, 1), {}))
    underlying = ct_image()
    with pytest.raises(ValueError, match="superimposed series is not available: open it in the "
                                         "viewer, or give its files .series " +
                                         images[0].SeriesInstanceUID):
        render(underlying, state(underlying, images), [])


def test_another_frame_of_reference_is_refused():
    images = pet_series((CT, (0, 0, 0), (1, 1), {"frame_of_reference": "9.9.9"}))
    underlying = ct_image()
    with pytest.raises(ValueError, match="do not share the Frame of Reference"):
        render(underlying, state(underlying, images), images)


def test_no_superimposed_plane_near_enough():
    images = pet_series((CT, (0, 0, 10), (1, 1), {"thickness": 4.0}))
    underlying = ct_image()
    with pytest.raises(ValueError, match="nearest is 10.00 mm away"):
        render(underlying, state(underlying, images), images)


@pytest.mark.parametrize("opacity", [1.5, -0.1])
def test_relative_opacity_outside_0_1_is_refused(opacity):
    images = pet_series((CT, (0, 0, 0), (1, 1), {}))
    underlying = ct_image()
    with pytest.raises(ValueError, match=r"Relative Opacity \(0070,0403\) must be within 0..1"):
        read_presentation_state(state(underlying, images, opacity))


def test_state_applies_to_its_underlying_images_only():
    images = pet_series((CT, (0, 0, 0), (1, 1), {}))
    underlying = ct_image()
    ps = read_presentation_state(state(underlying, images))
    assert ps.applies_to(underlying.SOPInstanceUID)
    assert not ps.applies_to(images[0].SOPInstanceUID)
    assert ps.blending.superimposed.series_instance_uids == (images[0].SeriesInstanceUID,)


def test_multi_frame_superimposed_images_are_refused_by_name():
    images = pet_series((CT, (0, 0, 0), (1, 1), {}))
    images[0].NumberOfFrames, images[0].PixelData = 2, CT.tobytes() * 2
    underlying = ct_image()
    with pytest.raises(ValueError, match="superimposed images of the Blending state are "
                                         "multi-frame"):
        render(underlying, state(underlying, images), images)
