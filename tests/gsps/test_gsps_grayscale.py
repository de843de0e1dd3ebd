"""The grayscale stages of a GSPS (PS3.4 N.2.1): the state's modality LUT, VOI per image/frame,
presentation LUT overriding Photometric Interpretation. Exact expected values."""

import numpy as np
import pytest
from pydicom.sequence import Sequence

from gsps_builders import item, make_gsps, make_image, ramp, voi_item
from viewer.dicom import instance_from_dataset
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline import render_frame
from viewer.pipeline.gsps_presentation import AppliedPresentation

BYTE = ramp(16, 16).astype(np.uint8)  # every 8-bit value once


def render(ps_ds, image_ds, frame_index=0):
    instance = instance_from_dataset(image_ds)
    applied = AppliedPresentation(read_presentation_state(ps_ds), instance, frame_index)
    canvas, _ = applied.render(instance.frame(frame_index), frame=instance.frame)
    return canvas


def linear(x, center, width):
    """PS3.3 C.11.2.1.2.1 onto 0..255, truncated."""
    x = np.asarray(x, dtype=float)
    out = ((x - (center - 0.5)) / (width - 1) + 0.5) * 255
    out = np.where(x <= center - 0.5 - (width - 1) / 2, 0, out)
    out = np.where(x > center - 0.5 + (width - 1) / 2, 255, out)
    return np.floor(out + 1e-9).astype(np.uint8)


def test_voi_window_of_the_state_applies():
    image = make_image(BYTE, bits=8, window=(10, 20))
    ps = make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64)]))
    assert render(ps, image).tolist() == linear(BYTE, 128, 64).tolist()


def test_voi_item_for_image_a_leaves_image_b_with_identity_voi():
    a, b = make_image(BYTE, bits=8), make_image(BYTE, bits=8)
    ps = make_gsps(a, b, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64, a)]))
    assert render(ps, a).tolist() == linear(BYTE, 128, 64).tolist()
    assert render(ps, b).tolist() == BYTE.tolist()  # identity VOI on 8 bits is the identity


def test_identity_voi_spreads_the_modality_range_in_256_equal_bins():
    values = np.array([[0, 15, 16, 2047, 2048, 4079, 4080, 4095]])
    image = make_image(values, bits=16, stored=12, window=(100, 10))
    ps = make_gsps(image)
    assert render(ps, image).tolist() == [[0, 0, 1, 127, 128, 254, 255, 255]]


def test_referenced_frame_numbers_2_and_3_only():
    frames = np.stack([BYTE, BYTE, BYTE, BYTE])
    image = make_image(frames, bits=8, sop_class="1.2.840.10008.5.1.4.1.1.7.2")
    ps = make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64, image, frames=[2, 3])]))
    windowed = linear(BYTE, 128, 64).tolist()
    assert [render(ps, image, i).tolist() == windowed for i in range(4)] == [False, True, True, False]
    assert render(ps, image, 0).tolist() == BYTE.tolist()


def test_state_that_references_frames_2_and_3_does_not_apply_to_frame_1():
    frames = np.stack([BYTE, BYTE, BYTE])
    image = make_image(frames, bits=8, sop_class="1.2.840.10008.5.1.4.1.1.7.2")
    state = read_presentation_state(make_gsps(image, frames=[2, 3]))
    assert [state.applies_to(image.SOPInstanceUID, f) for f in (1, 2, 3)] == [False, True, True]
    with pytest.raises(ValueError, match="does not reference"):
        AppliedPresentation(state, instance_from_dataset(image), 0)


def test_identity_on_monochrome1_shows_the_minimum_black():
    image = make_image(BYTE, bits=8, photometric="MONOCHROME1")
    own = render_frame(image, BYTE)
    assert own[0, 0] == 255  # the image on its own: MONOCHROME1 minimum is white
    assert render(make_gsps(image, shape="IDENTITY"), image)[0, 0] == 0
    assert render(make_gsps(image, shape="INVERSE"), image)[0, 0] == 255


def test_modality_lut_of_the_state_and_identity_when_absent():
    image = make_image(BYTE, bits=8, rescale=(2, -100))
    ps_none = make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64)]))
    assert render(ps_none, image).tolist() == linear(BYTE, 128, 64).tolist()  # image rescale unused
    ps_rescale = make_gsps(image, RescaleSlope=2, RescaleIntercept=-100, RescaleType="US",
                           SoftcopyVOILUTSequence=Sequence([voi_item(128, 64)]))
    assert render(ps_rescale, image).tolist() == linear(2.0 * BYTE - 100, 128, 64).tolist()


def test_modality_lut_sequence_of_the_state():
    image = make_image(BYTE, bits=8)
    lut = item(LUTDescriptor=[256, 0, 8], LUTData=list(range(255, -1, -1)), ModalityLUTType="US")
    ps = make_gsps(image, ModalityLUTSequence=Sequence([lut]))
    # modality output 255 - x over a LUT whose output range is 0..255; identity VOI keeps it
    assert render(ps, image).tolist() == (255 - BYTE).tolist()


def test_softcopy_voi_lut_sequence():
    image = make_image(BYTE, bits=8)
    data = [min(255, 2 * v) for v in range(256)]
    voi = item(VOILUTSequence=Sequence([item(LUTDescriptor=[256, 0, 8], LUTData=data)]))
    ps = make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi]))
    assert render(ps, image).tolist() == np.minimum(255, 2 * BYTE.astype(int)).tolist()


def test_presentation_lut_sequence_overrides_the_shape():
    image = make_image(BYTE, bits=8)
    plut = item(LUTDescriptor=[256, 0, 8], LUTData=list(range(255, -1, -1)))
    ps = make_gsps(image, shape=None, PresentationLUTSequence=Sequence([plut]))
    assert render(ps, image).tolist() == (255 - BYTE).tolist()


def test_sigmoid_function_of_the_state():
    image = make_image(BYTE, bits=8)
    ps = make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64, function="SIGMOID")]))
    expected = np.floor(255 / (1 + np.exp(-4 * (BYTE - 128.0) / 64)) + 1e-9)
    assert render(ps, image).tolist() == expected.astype(np.uint8).tolist()


def test_user_window_marks_the_view_modified():
    image = make_image(BYTE, bits=8)
    state = read_presentation_state(make_gsps(image, SoftcopyVOILUTSequence=Sequence([voi_item(128, 64)])))
    applied = AppliedPresentation(state, instance_from_dataset(image))
    assert applied.window == (128, 64) and not applied.modified
    applied.set_window(100, 50)
    assert applied.modified
    assert applied.render_image(BYTE).tolist() == linear(BYTE, 100, 50).tolist()


def test_annotations_only_keeps_the_image_pipeline():
    image = make_image(BYTE, bits=8, window=(64, 32))
    state = read_presentation_state(make_gsps(image, ImageRotation=90,
                                              SoftcopyVOILUTSequence=Sequence([voi_item(128, 64)])))
    applied = AppliedPresentation(state, instance_from_dataset(image), annotations_only=True)
    canvas, _ = applied.render(BYTE)
    assert canvas.tolist() == render_frame(image, BYTE).tolist()
    applied.set_window(100, 50)
    assert not applied.modified  # the user's own window is the point of this mode
