"""Mask subtraction (PS3.3 C.7.6.10) and overlay activation (C.11.7) under a GSPS."""

import numpy as np
from pydicom.sequence import Sequence

from gsps_builders import XA, item, layer, make_gsps, make_image, voi_item
from test_shutter import add_overlay
from viewer.dicom import instance_from_dataset
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation

FRAMES = np.stack([np.full((4, 4), v, dtype=np.uint16) for v in (100, 110, 130, 160, 200)])
FRAMES[3, 0, 0] = 300


def render_frame_with(ps, image, frame_index):
    instance = instance_from_dataset(image)
    applied = AppliedPresentation(read_presentation_state(ps), instance, frame_index)
    return applied.render(instance.frame(frame_index), frame=instance.frame)[0]


def xa_state(mask_item):
    image = make_image(FRAMES, bits=16, stored=10, sop_class=XA, modality="XA")
    # window 0 +- 128: difference d shows as floor(((d + 0.5) / 255 + 0.5) * 255)
    ps = make_gsps(image, MaskSubtractionSequence=Sequence([mask_item]), RecommendedViewingMode="SUB",
                   SoftcopyVOILUTSequence=Sequence([voi_item(0, 256, function="LINEAR_EXACT")]))
    return image, ps


def exact(d):
    return min(255, int(np.floor((d / 256 + 0.5) * 255 + 1e-9)))


def test_avg_sub_subtracts_the_mean_of_the_mask_frames():
    image, ps = xa_state(item(MaskOperation="AVG_SUB", MaskFrameNumbers=[1, 2],
                              ApplicableFrameRange=[3, 5]))
    out = render_frame_with(ps, image, 3)  # frame 4: 160 - (100 + 110) / 2 = 55
    assert out[1, 1] == exact(55) and out[0, 0] == exact(195)
    assert render_frame_with(ps, image, 4)[1, 1] == exact(95)


def test_frames_outside_the_applicable_range_are_not_subtracted():
    image, ps = xa_state(item(MaskOperation="AVG_SUB", MaskFrameNumbers=[1],
                              ApplicableFrameRange=[3, 5]))
    assert render_frame_with(ps, image, 1)[1, 1] == exact(110)


def test_tid_subtracts_the_frame_tid_offset_before():
    image, ps = xa_state(item(MaskOperation="TID", TIDOffset=2))
    assert render_frame_with(ps, image, 4)[1, 1] == exact(200 - 130)
    assert render_frame_with(ps, image, 0)[1, 1] == exact(100)  # no frame -1: no subtraction


def test_activated_overlay_shows_in_its_layer_colour_and_others_stay_hidden():
    pixels = np.full((4, 6), 50, dtype=np.uint8)
    image = make_image(pixels, bits=8)
    shown, hidden = np.zeros((4, 6), np.uint8), np.zeros((4, 6), np.uint8)
    shown[0, :] = 1
    hidden[3, :] = 1
    add_overlay(image, 0x6000, shown)
    add_overlay(image, 0x6002, hidden)
    ps = make_gsps(image, GraphicLayerSequence=Sequence([layer("OVL", 1, gray=0x8000)]))
    from pydicom.tag import Tag
    ps.add_new(Tag(0x6000, 0x1001), "CS", "OVL")
    out = render_frame_with(ps, image, 0)
    assert out[0].tolist() == [128] * 6
    assert out[3].tolist() == [50] * 6  # 6002 has no activation layer in the state


def test_overlay_origin_places_the_plane():
    pixels = np.full((5, 5), 10, dtype=np.uint8)
    image = make_image(pixels, bits=8)
    bits = np.ones((2, 2), np.uint8)
    add_overlay(image, 0x6000, bits)
    image[0x6000, 0x0050].value = [3, 4]  # row 3, column 4
    ps = make_gsps(image, GraphicLayerSequence=Sequence([layer("OVL", 1, gray=0xFFFF)]))
    ps.add_new(0x60001001, "CS", "OVL")
    out = render_frame_with(ps, image, 0)
    assert sorted(map(tuple, np.argwhere(out == 255).tolist())) == [(2, 3), (2, 4), (3, 3), (3, 4)]
