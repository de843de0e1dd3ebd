"""Graphic annotations (PS3.3 C.10.5, C.10.7): where objects land, layers, colours, painting."""

import numpy as np
import pytest
from pydicom.sequence import Sequence

from gsps_builders import annotation, graphic, item, layer, make_gsps, make_image
from viewer.dicom import instance_from_dataset
from viewer.dicom.gsps import read_presentation_state
from viewer.pipeline.gsps_graphics import catmull_rom
from viewer.pipeline.gsps_presentation import AppliedPresentation

BLACK = np.zeros((512, 512), dtype=np.uint8)


def applied(image, **attributes):
    state = read_presentation_state(make_gsps(image, **attributes))
    return AppliedPresentation(state, instance_from_dataset(image))


def points_state(rotation, units="PIXEL", point=(256, 128)):
    image = make_image(BLACK, bits=8)
    return applied(image, ImageRotation=rotation,
                   GraphicLayerSequence=Sequence([layer("L", 1)]),
                   GraphicAnnotationSequence=Sequence([annotation("L", [graphic("POINT", [point], units)])]))


def test_pixel_point_turns_with_the_image_display_point_does_not():
    assert points_state(0).graphics(target="image")[0].points.tolist() == [[256, 128]]
    assert points_state(90).graphics(target="image")[0].points.tolist() == [[384, 256]]
    before = points_state(0, "DISPLAY", (0.5, 0.25)).graphics()[0].points.tolist()
    after = points_state(90, "DISPLAY", (0.5, 0.25)).graphics()[0].points.tolist()
    assert before == after == [[256, 128]]


def test_display_units_follow_the_displayed_area_not_the_image():
    image = make_image(BLACK, bits=8)
    area = item(DisplayedAreaTopLeftHandCorner=[101, 201], DisplayedAreaBottomRightHandCorner=[300, 400],
                PresentationSizeMode="MAGNIFY", PresentationPixelMagnificationRatio=2.0,
                PresentationPixelAspectRatio=[1, 1])
    a = applied(image, DisplayedAreaSelectionSequence=Sequence([area]),
                GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", [
                    graphic("POINT", [(0.0, 0.0), (1.0, 1.0)], "DISPLAY"),
                    graphic("POINT", [(150.0, 250.0)], "PIXEL")])]))
    layout = a.layout()
    assert (layout.canvas_width, layout.canvas_height) == (400, 400)
    display, pixel = a.graphics(layout)
    assert display.points.tolist() == [[0, 0], [400, 400]]
    assert pixel.points.tolist() == [[100, 100]]  # (150 - 100) * 2


def test_circle_and_ellipse_are_sampled_on_their_outline():
    image = make_image(BLACK, bits=8)
    a = applied(image, ImageRotation=90, GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", [
                    graphic("CIRCLE", [(100, 100), (110, 100)]),
                    graphic("ELLIPSE", [(200, 300), (240, 300), (220, 290), (220, 310)], filled=True)])]))
    circle, ellipse = a.graphics(target="image")
    centre = np.array([512 - 100, 100])  # rotated 90
    assert circle.kind == "polygon" and np.allclose(np.hypot(*(circle.points - centre).T), 10)
    # after a 90 degree turn the ellipse's 40-long axis is vertical
    assert np.isclose(np.ptp(ellipse.points[:, 1]), 40) and np.isclose(np.ptp(ellipse.points[:, 0]), 20)
    assert ellipse.filled


def test_interpolated_passes_through_its_points_and_closed_polylines_are_polygons():
    pts = np.array([[0.0, 0.0], [10.0, 5.0], [20.0, 0.0], [30.0, 5.0]])
    curve = catmull_rom(pts)
    for p in pts:
        assert np.min(np.hypot(*(curve - p).T)) < 1e-9
    image = make_image(BLACK, bits=8)
    a = applied(image, GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", [
                    graphic("POLYLINE", [(1, 1), (5, 1), (5, 5), (1, 1)]),
                    graphic("POLYLINE", [(1, 1), (5, 1)])])]))
    assert [p.kind for p in a.graphics()] == ["polygon", "polyline"]


def test_layers_are_drawn_in_graphic_layer_order_with_their_colours():
    image = make_image(BLACK, bits=8)
    a = applied(image, GraphicLayerSequence=Sequence([layer("TOP", 5, gray=0x4000),
                                                      layer("BOTTOM", 2, gray=None, lab=(0xFFFF, 0x8080, 0x8080))]),
                GraphicAnnotationSequence=Sequence([
                    annotation("TOP", [graphic("POINT", [(1, 1)])]),
                    annotation("BOTTOM", [graphic("POINT", [(2, 2)])])]))
    bottom, top = a.graphics()
    assert (bottom.gray, top.gray) == (255, 64)
    assert bottom.rgb == (255, 255, 255)
    assert a.colour  # a CIELab value makes the output RGB


def test_annotation_items_apply_to_their_images_only():
    a_image, b_image = make_image(BLACK[:8, :8], bits=8), make_image(BLACK[:8, :8], bits=8)
    ps = read_presentation_state(make_gsps(
        a_image, b_image, GraphicLayerSequence=Sequence([layer("L", 1)]),
        GraphicAnnotationSequence=Sequence([annotation("L", [graphic("POINT", [(1, 1)])], images=[a_image])])))
    assert len(AppliedPresentation(ps, instance_from_dataset(a_image)).graphics()) == 1
    assert AppliedPresentation(ps, instance_from_dataset(b_image)).graphics() == []


def text_object(**kw):
    return item(UnformattedTextValue=kw.pop("text", "Hi"), **kw)


def test_text_box_is_mapped_and_kept_upright_with_an_anchor_line():
    image = make_image(BLACK, bits=8)
    text = text_object(BoundingBoxAnnotationUnits="PIXEL", BoundingBoxTopLeftHandCorner=[100.0, 50.0],
                       BoundingBoxBottomRightHandCorner=[200.0, 70.0],
                       BoundingBoxTextHorizontalJustification="RIGHT",
                       AnchorPointAnnotationUnits="PIXEL", AnchorPoint=[150.0, 150.0],
                       AnchorPointVisibility="Y")
    a = applied(image, ImageRotation=90, GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", texts=[text])]))
    line, label = a.graphics(target="image")
    assert label.kind == "text" and label.rect == (442.0, 100.0, 462.0, 200.0)
    assert label.justification == "RIGHT"
    assert line.points.tolist() == [[362.0, 150.0], [442.0, 150.0]]  # anchor to nearest box point


def test_invisible_anchor_draws_no_line():
    image = make_image(BLACK, bits=8)
    text = text_object(AnchorPointAnnotationUnits="PIXEL", AnchorPoint=[10.0, 10.0], AnchorPointVisibility="N")
    a = applied(image, GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", texts=[text])]))
    assert [p.kind for p in a.graphics()] == ["text"]


@pytest.fixture
def paint():
    from viewer.ui.annotations_paint import paint_primitives

    return paint_primitives


def test_painted_shapes_carry_the_layer_value_exactly(paint):
    image = make_image(BLACK[:32, :32], bits=8)
    a = applied(image, GraphicLayerSequence=Sequence([layer("L", 1, gray=0xC800)]),
                GraphicAnnotationSequence=Sequence([annotation("L", [
                    graphic("POLYLINE", [(2.5, 4.5), (20.5, 4.5)]),
                    graphic("POLYLINE", [(10, 10), (20, 10), (20, 20), (10, 20), (10, 10)], filled=True)])]))
    canvas, layout = a.render(BLACK[:32, :32])
    out = paint(canvas, a.graphics(layout))
    assert set(np.unique(out).tolist()) == {0, 200}
    assert (out[4, 3:20] == 200).all() and out[5, 3:20].max() == 0
    assert (out[12:19, 12:19] == 200).all()


def test_annotations_stay_visible_over_the_shutter(paint):
    image = make_image(BLACK[:32, :32], bits=8)
    a = applied(image, ShutterShape="RECTANGULAR", ShutterLeftVerticalEdge=10, ShutterRightVerticalEdge=20,
                ShutterUpperHorizontalEdge=10, ShutterLowerHorizontalEdge=20, ShutterPresentationValue=0x8000,
                GraphicLayerSequence=Sequence([layer("L", 1, gray=0xFFFF)]),
                GraphicAnnotationSequence=Sequence([annotation("L", [graphic("POLYLINE", [(0.5, 2.5), (30.5, 2.5)])])]))
    canvas, layout = a.render(BLACK[:32, :32])
    assert (canvas[2] == 128).all()
    out = paint(canvas, a.graphics(layout))
    assert (out[2, 1:30] == 255).all() and out[3, 0] == 128


def test_text_including_japanese_is_drawn_inside_its_box(paint):
    image = make_image(BLACK[:64, :200], bits=8)
    text = text_object(text="測定 ABC", BoundingBoxAnnotationUnits="PIXEL",
                       BoundingBoxTopLeftHandCorner=[20.0, 20.0], BoundingBoxBottomRightHandCorner=[180.0, 44.0])
    a = applied(image, GraphicLayerSequence=Sequence([layer("L", 1)]),
                GraphicAnnotationSequence=Sequence([annotation("L", texts=[text])]))
    canvas, layout = a.render(BLACK[:64, :200])
    out = paint(canvas, a.graphics(layout))
    lit = np.argwhere(out > 0)
    assert len(lit) > 100
    assert lit[:, 0].min() >= 20 and lit[:, 0].max() < 44 and lit[:, 1].min() >= 20 and lit[:, 1].max() < 180
    kanji = out[20:44, 20:60]
    assert (kanji > 0).sum() > 40  # the two kanji come first (left justified), not blanks
