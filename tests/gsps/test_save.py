"""Saving the view as a GSPS: valid for dciodvfy, and reopening it reproduces the view."""

import subprocess

import numpy as np
import pytest

from gsps_builders import make_image, save
from required_tools import require
from viewer.dicom import read_instance
from viewer.dicom.gsps import read_presentation_state
from viewer.export import render_with_presentation_state
from viewer.pipeline import render_frame
from viewer.pipeline.displayed_area import display_layout, resample
from viewer.pipeline.spatial import SpatialTransform
from viewer.ui.annotations_paint import paint_primitives
from viewer.viewing.gsps_save import (AnnotationGraphic, AnnotationText, ViewDescription,
                                      build_presentation_state, displayed_area_corners,
                                      orientation, write_presentation_state)

RNG = np.random.default_rng(7)
CT = RNG.integers(0, 4096, size=(48, 64)).astype(np.int16)

VIEW = ViewDescription(
    window_center=1500, window_width=800, voi_function="LINEAR", rotation=90, flip=True,
    top_left=(5, 40), bottom_right=(44, 9), size_mode="MAGNIFY", magnification=2.0,
    graphics=(AnnotationGraphic("POLYLINE", ((10.5, 10.5), (30.5, 10.5))),
              AnnotationGraphic("ELLIPSE", ((20, 30), (40, 30), (30, 25), (30, 35)), filled=True),
              AnnotationGraphic("CIRCLE", ((32, 24), (36, 24))),
              AnnotationGraphic("POINT", ((5, 5),)),
              AnnotationGraphic("INTERPOLATED", ((1, 40), (10, 44), (20, 40)))),
    texts=(AnnotationText("長さ 12 mm", anchor=(30.5, 10.5), bounding_box=((10, 14), (50, 22))),
           AnnotationText("note", anchor=(50, 40))))


@pytest.fixture
def ct(tmp_path):
    ds = make_image(CT, bits=16, stored=12, signed=True, rescale=(1, -1024), window=(40, 400),
                    pixel_spacing=(0.5, 0.5), modality="CT", sop_class="1.2.840.10008.5.1.4.1.1.2")
    ds.PatientName = "山田^太郎"
    ds.SpecificCharacterSet = "ISO_IR 192"
    return read_instance(save(ds, tmp_path / "ct.dcm"))


def saved(tmp_path, ct, view=VIEW):
    ds = build_presentation_state(view, [ct], "Saved view", "Doe^Jane", "from the test")
    return write_presentation_state(ds, tmp_path / "ps.dcm")


@pytest.mark.parametrize("view", [VIEW, ViewDescription(), ViewDescription(
    window_center=10, window_width=100, voi_function="SIGMOID", rotation=270,
    size_mode="TRUE SIZE", texts=(AnnotationText("x", bounding_box=((1, 1), (9, 9))),))])
def test_dciodvfy_reports_no_errors(tmp_path, ct, view):
    result = subprocess.run([require("dciodvfy"), str(saved(tmp_path, ct, view))],
                            capture_output=True, text=True, timeout=60)
    report = result.stdout + result.stderr
    assert "Error" not in report, report


def test_reopened_state_holds_the_view(tmp_path, ct):
    state = read_presentation_state(read_instance(saved(tmp_path, ct)))
    assert state.info.label == "SAVED VIEW" and state.info.creator == "Doe^Jane"
    assert state.applies_to(ct.sop_instance_uid)
    voi = state.voi_for(ct.sop_instance_uid)
    assert voi.windows == ((1500.0, 800.0, ""),) and voi.function == "LINEAR"
    assert (state.rotation, state.flip, state.rescale) == (90, True, (1.0, -1024.0))
    area = state.displayed_area_for(ct.sop_instance_uid)
    assert (area.size_mode, area.magnification, area.pixel_spacing) == ("MAGNIFY", 2.0, (0.5, 0.5))
    transform = SpatialTransform(64, 48, 90, True)
    assert (area.top_left, area.bottom_right) == displayed_area_corners(transform, 8, 4, 40, 44)
    (annotation,) = state.annotations
    assert [g.graphic_type for g in annotation.graphics] == [
        "POLYLINE", "ELLIPSE", "CIRCLE", "POINT", "INTERPOLATED"]
    assert annotation.graphics[1].filled and annotation.graphics[0].points == ((10.5, 10.5), (30.5, 10.5))
    assert [t.text for t in annotation.texts] == ["長さ 12 mm", "note"]
    assert str(read_instance(tmp_path / "ps.dcm").ds.PatientName) == "山田^太郎"


def test_reopened_state_renders_the_view(tmp_path, ct):
    state = read_presentation_state(read_instance(saved(tmp_path, ct, ViewDescription(
        window_center=1500, window_width=800, rotation=90, flip=True, top_left=(5, 40),
        bottom_right=(44, 9), size_mode="MAGNIFY", magnification=2.0))))
    out = render_with_presentation_state(ct, state)
    # the same view made directly: the image's window, then rotate/flip, then the area at x2
    expected = render_frame(ct.ds, ct.frame(0), window=(1500, 800))
    transform = SpatialTransform(64, 48, 90, True)
    from viewer.dicom.gsps import DisplayedArea
    area = DisplayedArea(None, (5, 40), (44, 9), "MAGNIFY", magnification=2.0)
    expected = resample(transform.array(expected), display_layout(area, transform))
    assert out.shape == (80, 64) and out.tolist() == expected.tolist()  # 32 x 40 transposed, x2


def test_saving_twice_renders_identically(tmp_path, ct):
    first = read_presentation_state(read_instance(saved(tmp_path, ct)))
    again = render_with_presentation_state(ct, first, painter=paint_primitives)
    rebuilt = ViewDescription(window_center=1500, window_width=800, rotation=first.rotation, flip=first.flip,
                              top_left=first.displayed_areas[0].top_left,
                              bottom_right=first.displayed_areas[0].bottom_right,
                              size_mode="MAGNIFY", magnification=2.0, graphics=VIEW.graphics, texts=VIEW.texts)
    (tmp_path / "2").mkdir()
    second = read_presentation_state(read_instance(saved(tmp_path / "2", ct, rebuilt)))
    assert render_with_presentation_state(ct, second, painter=paint_primitives).tolist() == again.tolist()


def test_orientation_from_quarter_turns_and_mirrors():
    assert orientation(1, False) == (90, False)
    assert orientation(0, False, True) == (180, True)  # vertical mirror
    assert orientation(3, True, True) == (90, False)


def test_a_state_needs_images_and_agreeing_modality_luts(ct, tmp_path):
    with pytest.raises(ValueError, match="at least one image"):
        build_presentation_state(VIEW, [], "x")
    other = make_image(CT, bits=16, stored=12, signed=True, rescale=(2, 0))
    with pytest.raises(ValueError, match="different modality LUTs"):
        build_presentation_state(VIEW, [ct, other], "x")
