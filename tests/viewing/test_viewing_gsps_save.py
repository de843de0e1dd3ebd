"""The viewport's view as a GSPS, Qt-free: label, polarity, displayed area of the visible
rectangle, measurements as graphics per image and frame; dciodvfy finds no error."""

import shutil
import subprocess

import numpy as np
import pytest

from gsps.gsps_builders import make_image
from viewer.dicom import FrameRef, instance_from_dataset
from viewer.dicom.gsps import read_presentation_state
from viewer.viewing.gsps_save import build_presentation_state, write_presentation_state
from viewer.pipeline.displayed_area import area_rectangle
from viewer.pipeline.spatial import SpatialTransform
from viewer.viewing.presentation_save import (SavedMeasurement, ViewFacts, describe_view,
                                              displayed_area, measurement_annotation, next_label,
                                              presentation_shape, referenced_images)
from viewer.viewing.state import ViewState, orientation_matrix

PIXELS = np.arange(48 * 64).reshape(48, 64) % 4096
SERIES = "1.2.826.0.1.3680043.8.498.81"
XA = "1.2.840.10008.5.1.4.1.1.12.1"


def test_next_label_skips_taken_ones():
    assert next_label([]) == "VIEW1"
    assert next_label(["view1", "VIEW2 ", "KEY"]) == "VIEW3"


@pytest.mark.parametrize("photometric, state, invert, expected", [
    ("MONOCHROME2", None, False, "IDENTITY"), ("MONOCHROME1", None, False, "INVERSE"),
    ("MONOCHROME2", None, True, "INVERSE"), ("MONOCHROME1", None, True, "IDENTITY"),
    ("MONOCHROME1", "IDENTITY", False, "IDENTITY"), ("MONOCHROME2", "INVERSE", True, "IDENTITY"),
])
def test_presentation_shape_gives_what_is_shown(photometric, state, invert, expected):
    assert presentation_shape(photometric, state, invert) == expected


def test_measurements_become_graphics_and_one_line_texts():
    line, text = measurement_annotation("distance", (1, 2), (5, 8), "7.2 mm")
    assert (line.graphic_type, line.points) == ("POLYLINE", ((1.0, 2.0), (5.0, 8.0)))
    assert (text.text, text.anchor, text.anchor_visible) == ("7.2 mm", (5.0, 8.0), False)
    box, text = measurement_annotation("rectangle", (6, 2), (2, 4), "Area 8 px²\nMean 3 SD 1")
    assert box.points == ((6, 2), (2, 2), (2, 4), (6, 4), (6, 2))
    assert text.text == "Area 8 px² Mean 3 SD 1"
    wide, _ = measurement_annotation("ellipse", (0, 0), (10, 4))
    tall, none = measurement_annotation("ellipse", (0, 0), (4, 10))
    assert wide.points == ((0, 2), (10, 2), (5, 0), (5, 4))  # major axis first
    assert tall.points == ((2, 0), (2, 10), (0, 5), (4, 5)) and none is None
    with pytest.raises(ValueError):
        measurement_annotation("angle", (0, 0), (1, 1))


@pytest.mark.parametrize("turns, flip_h", [(0, False), (1, False), (2, True), (3, True)])
def test_displayed_area_spans_the_visible_rectangle(turns, flip_h):
    state = ViewState(rotation=turns, flip_h=flip_h)
    matrix = orientation_matrix(state) @ np.diag([1.0, 1.0])
    # Visible: image x 10.4..30.2, y 5.5..20 (taken to view coordinates, any orientation).
    image_rect = np.array([[10.4, 5.5], [30.2, 20.0]])
    view = image_rect @ matrix.T
    rect = (view[:, 0].min(), view[:, 1].min(), view[:, 0].max(), view[:, 1].max())
    rotation, flip = (turns * 90) % 360, flip_h
    top_left, bottom_right = displayed_area(matrix, rect, 64, 48, rotation, flip)
    transform = SpatialTransform(64, 48, rotation, flip)
    left, top, right, bottom = area_rectangle(top_left, bottom_right, transform)
    back = transform.inverse_points([(left, top), (right, bottom)])
    assert back.min(axis=0).tolist() == [10.0, 5.0] and back.max(axis=0).tolist() == [31.0, 20.0]


def frames_of(instance):
    return [FrameRef(instance, i) for i in range(instance.number_of_frames)]


def facts(**changes):
    values = dict(window=(40.0, 400.0), voi_function="LINEAR", quarter_turns=1, flip_h=False,
                  flip_v=False, invert=False, state_shape=None, fits=False,
                  matrix=orientation_matrix(ViewState(rotation=1)),
                  view_rect=(-40.0, 4.0, -8.0, 60.0))
    values.update(changes)
    return ViewFacts(**values)


@pytest.fixture
def three(tmp_path):
    images = [make_image(PIXELS, stored=12, rescale=(1, -1024), series_uid=SERIES,
                         modality="CT", sop_class="1.2.840.10008.5.1.4.1.1.2",
                         pixel_spacing=(0.5, 0.5)) for _ in range(2)]
    images.append(make_image(np.stack([PIXELS, PIXELS]), stored=12, rescale=(1, -1024),
                             series_uid=SERIES, modality="CT", pixel_spacing=(0.5, 0.5),
                             sop_class=XA))  # a multi-frame SOP class (frames referenced)
    for ds in images:
        ds.StudyInstanceUID = images[0].StudyInstanceUID
    return [instance_from_dataset(ds) for ds in images]


def test_saved_view_references_the_series_and_each_measurement_its_frame(tmp_path, three):
    first, second, multi = three
    measurements = [
        SavedMeasurement(frames_of(first)[0], "distance", (10, 10), (20, 10), "5.0 mm"),
        SavedMeasurement(frames_of(multi)[1], "ellipse", (5, 5), (15, 9), "Area 1 mm²"),
    ]
    view = describe_view(frames_of(first)[0], facts(), measurements)
    assert (view.window_center, view.window_width, view.rotation, view.flip) == (40, 400, 90,
                                                                                  False)
    # Image x 4..60, y 8..40, turned 90: TLHC = pixel (5, 40), BRHC = pixel (60, 9).
    assert (view.top_left, view.bottom_right) == ((5, 40), (60, 9))
    series = type("S", (), {"instances": three})()
    ds = build_presentation_state(view, referenced_images(series, first), "MY VIEW")
    state = read_presentation_state(ds)
    assert [len(state.annotations_for(first.sop_instance_uid)),
            len(state.annotations_for(second.sop_instance_uid)),
            len(state.annotations_for(multi.sop_instance_uid, 1)),
            len(state.annotations_for(multi.sop_instance_uid, 2))] == [1, 0, 0, 1]
    graphic = state.annotations_for(first.sop_instance_uid)[0].graphics[0]
    assert graphic.graphic_type == "POLYLINE" and graphic.points == ((10, 10), (20, 10))
    assert state.layers[0].name == "MEASUREMENTS" and state.rotation == 90
    assert all(state.applies_to(i.sop_instance_uid) for i in three)
    path = write_presentation_state(ds, tmp_path / "view.dcm")
    if shutil.which("dciodvfy"):
        result = subprocess.run(["dciodvfy", str(path)], capture_output=True, text=True,
                                timeout=60)
        assert "Error" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_a_fitted_view_saves_the_whole_image(three):
    view = describe_view(frames_of(three[0])[0], facts(fits=True, quarter_turns=0))
    assert (view.top_left, view.bottom_right) == (None, None) and view.image_annotations == ()


def test_images_with_another_modality_lut_or_size_are_not_referenced(three):
    other = make_image(PIXELS, stored=12, rescale=(2, -1024), series_uid=SERIES)
    small = make_image(PIXELS[:10], stored=12, rescale=(1, -1024), series_uid=SERIES)
    instances = three + [instance_from_dataset(other), instance_from_dataset(small)]
    series = type("S", (), {"instances": instances})()
    assert referenced_images(series, three[0]) == three
