"""Presentation states in a viewport, Qt-free: what is offered, the default pick, per-frame
application, "modified" and "annotations only", and the view the state gives the viewport."""

import numpy as np
import pytest
from pydicom.sequence import Sequence

from gsps.gsps_builders import make_gsps, make_image, voi_item
from viewer.dicom import FrameRef, assemble_series, instance_from_dataset
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.viewing.display import Display
from viewer.viewing.presentation import (PresentationChoice, burn_overlays, default_state,
                                         offered_states, presentation_view)

PIXELS = (np.arange(16 * 12) * 20).reshape(16, 12)


def series_of(*datasets):
    instances = [instance_from_dataset(ds) for ds in datasets]
    image_series = [s for s in assemble_series(instances) if s.frames]
    assert len(image_series) == 1
    return image_series[0]


@pytest.fixture
def images():
    study, series = "1.2.826.0.1.3680043.8.498.71", "1.2.826.0.1.3680043.8.498.72"
    made = [make_image(PIXELS + i, stored=12, window=(1000, 2000), study_uid=study,
                       series_uid=series) for i in range(3)]
    for number, ds in enumerate(made, start=1):
        ds.InstanceNumber = number
    return made


def test_offered_states_reference_the_series_newest_first_once_each(images):
    old = make_gsps(images[0], label="OLD", date="20230101")
    new = make_gsps(images[2], label="NEW", date="20240101")
    other = make_gsps(make_image(PIXELS), label="OTHER", date="20250101")
    series = series_of(*images, old, new, other)
    infos = offered_states(series, list(series.study_objects) + [new])
    assert [i.label for i in infos] == ["NEW", "OLD"]


def test_default_is_the_newest_referencing_the_frame_else_the_newest(images):
    old = make_gsps(images[0], label="OLD", date="20230101")
    new = make_gsps(images[2], label="NEW", date="20240101")
    series = series_of(*images, old, new)
    infos = offered_states(series, series.study_objects)
    assert default_state(infos, series.frames[0]).label == "OLD"
    assert default_state(infos, series.frames[2]).label == "NEW"
    assert default_state(infos, series.frames[1]).label == "NEW"
    assert default_state([], series.frames[0]) is None


def test_state_applies_only_to_referenced_images(images):
    ps = make_gsps(images[0], images[1], label="TWO",
                   SoftcopyVOILUTSequence=Sequence([voi_item(100, 50)]))
    series = series_of(*images, ps)
    choice = PresentationChoice()
    assert choice.offer(offered_states(series, series.study_objects), series.frames[0])
    display = Display()
    first, third = series.frames[0], series.frames[2]
    stored = first.instance.frame(0)
    shown = choice.render(first, stored, None, display)
    expected = AppliedPresentation(choice.state, first.instance).render_image(stored)
    assert np.array_equal(shown.image, expected) and shown.window == (100, 50)
    assert choice.status(first) == ("TWO", "applied", "")
    assert choice.render(third, third.instance.frame(0), None, display) is None
    assert choice.status(third) == ("TWO", "not referenced", "")


def test_per_frame_references_of_a_multi_frame_image():
    image = make_image(np.stack([PIXELS, PIXELS + 1, PIXELS + 2]), stored=12)
    ps = make_gsps(image, frames=[2], label="FRAME2")
    series = series_of(image, ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    assert choice.info.label == "FRAME2"  # the only one, though not for frame 1
    assert [choice.applied(ref) is not None for ref in series.frames] == [False, True, False]
    assert choice.applied(series.frames[1]).frame_number == 2


def test_user_window_marks_modified_and_none_goes_back_to_the_state(images):
    ps = make_gsps(images[0], SoftcopyVOILUTSequence=Sequence([voi_item(100, 50)]))
    series = series_of(images[0], ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    ref, display = series.frames[0], Display()
    stored = ref.instance.frame(0)
    choice.mark_modified(geometry=False)
    shown = choice.render(ref, stored, (300.0, 200.0), display)
    applied = AppliedPresentation(choice.state, ref.instance)
    applied.set_window(300, 200)
    assert np.array_equal(shown.image, applied.render_image(stored))
    assert choice.status(ref).kind == "modified" and not choice.moved
    assert choice.render(ref, stored, None, display).window == (100, 50)
    choice.mark_modified(geometry=True)
    assert choice.moved
    choice.reapply()
    assert choice.status(ref).kind == "applied"


def test_annotations_only_uses_the_plain_pipeline_and_is_never_modified(images):
    ps = make_gsps(images[0], SoftcopyVOILUTSequence=Sequence([voi_item(100, 50)]))
    series = series_of(images[0], ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    choice.set_annotations_only(True)
    ref, display = series.frames[0], Display()
    stored = ref.instance.frame(0)
    shown = choice.render(ref, stored, (500.0, 1000.0), display)
    assert np.array_equal(shown.image, Display().render(ref, stored, (500.0, 1000.0)).image)
    choice.mark_modified(geometry=True)
    choice.mark_modified(geometry=False)
    assert choice.status(ref) == (choice.info.label, "annotations only", "")


def test_a_new_state_arriving_replaces_only_an_automatic_unmodified_pick(images):
    old = make_gsps(images[0], label="OLD", date="20230101")
    new = make_gsps(images[0], label="NEW", date="20240101")
    series = series_of(images[0], old)
    choice = PresentationChoice()
    choice.offer(offered_states(series, [old]), series.frames[0])
    assert choice.offer(offered_states(series, [old, new]), series.frames[0])
    assert choice.info.label == "NEW"
    choice.pick(None)
    assert not choice.offer(offered_states(series, [old, new]), series.frames[0])
    assert choice.info is None and not choice.active


def test_offering_nothing_again_changes_nothing(images):
    series = series_of(*images)
    choice = PresentationChoice()
    assert not choice.offer([], series.frames[0])
    assert not choice.offer([], series.frames[1]) and choice.info is None


def test_unreadable_state_is_an_error_status(images):
    ps = make_gsps(images[0], ImageRotation=45)
    series = series_of(images[0], ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    status = choice.status(series.frames[0])
    assert status.kind == "error" and "Image Rotation" in status.detail


def test_overlays_burn_in_with_the_layer_value():
    applied = type("A", (), {"colour": False,
                             "overlays": [(0, 200, (200, 200, 200), np.eye(3, dtype=bool))]})()
    image = np.zeros((3, 3), np.uint8)
    out = burn_overlays(image, applied)
    assert out.tolist() == [[200, 0, 0], [0, 200, 0], [0, 0, 200]] and image.max() == 0


@pytest.mark.parametrize("rotation, flip", [(0, "N"), (90, "N"), (90, "Y"), (180, "N"),
                                            (270, "Y")])
def test_presentation_view_centres_the_displayed_area(rotation, flip):
    # Corner pixels (4, 5) and (9, 13) span x 3..9, y 4..13 of the image whatever the turn.
    image = make_image(PIXELS)
    ps = make_gsps(image, ImageRotation=rotation, ImageHorizontalFlip=flip)
    area = ps.DisplayedAreaSelectionSequence[0]
    area.DisplayedAreaTopLeftHandCorner, area.DisplayedAreaBottomRightHandCorner = [4, 5], [9, 13]
    area.PresentationSizeMode = "MAGNIFY"
    area.PresentationPixelMagnificationRatio = 3.0
    series = series_of(image, ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    turns, flipped, zoom, center = presentation_view(choice.applied(series.frames[0]), (400, 300))
    assert (turns, flipped, zoom) == (rotation // 90, flip == "Y", 3.0)
    assert center == pytest.approx((6.0, 8.5))


def test_scale_to_fit_zoom_fills_the_viewport_with_the_area():
    image = make_image(PIXELS)  # 12 columns x 16 rows
    ps = make_gsps(image, ImageRotation=90)
    series = series_of(image, ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    # Turned, the image is 16 wide and 12 high: 320 x 120 fits it at 7.5 (height-bound).
    assert presentation_view(choice.applied(series.frames[0]), (320, 90))[2] == 7.5
    assert presentation_view(choice.applied(series.frames[0]), (64, 900))[2] == 4.0


def test_offered_states_ignore_other_study_objects(images):
    sr = make_image(PIXELS)
    sr.SOPClassUID = "1.2.840.10008.5.1.4.1.1.88.11"
    del sr.PixelData
    assert offered_states(series_of(*images), [instance_from_dataset(sr)]) == []


def test_frame_ref_is_the_key_of_applied_states(images):
    ps = make_gsps(images[0])
    series = series_of(images[0], ps)
    choice = PresentationChoice()
    choice.offer(offered_states(series, series.study_objects), series.frames[0])
    ref = series.frames[0]
    assert choice.applied(ref) is choice.applied(FrameRef(ref.instance, 0))
