"""Display shutters (PS3.3 C.7.6.11, C.7.6.15): shapes, intersection, presentation value."""

import numpy as np
from pydicom.sequence import Sequence

from gsps_builders import make_gsps, make_image, voi_item
from viewer.dicom import instance_from_dataset
from viewer.dicom.gsps import Shutters, read_presentation_state
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.pipeline.shutter import (circular_opening, polygonal_opening, rectangular_opening,
                                     shutter_colour, shutter_opening)

FLAT = np.full((6, 8), 100, dtype=np.uint8)


def render(ps, image, stored):
    applied = AppliedPresentation(read_presentation_state(ps), instance_from_dataset(image))
    return applied.render(stored)[0]


def test_rectangle_edges_are_inclusive_1_based():
    opening = rectangular_opening((6, 8), 2, 4, 3, 5)
    assert np.argwhere(opening).min(axis=0).tolist() == [2, 1]  # 0-based row 2, column 1
    assert np.argwhere(opening).max(axis=0).tolist() == [4, 3]
    assert opening.sum() == 9


def test_circle_centre_is_row_then_column():
    opening = circular_opening((9, 9), 3, 6, 1)  # row 3, column 6
    assert sorted(map(tuple, np.argwhere(opening).tolist())) == [(1, 5), (2, 4), (2, 5), (2, 6), (3, 5)]


def test_polygon_vertices_are_row_column_and_edges_are_open():
    # triangle rows 1..5 along column 1, apex at row 1 column 5
    opening = polygonal_opening((5, 6), [(1, 1), (5, 1), (1, 5)])
    assert opening[:, 0].all()  # the edge column 1
    assert opening[0, :5].all() and not opening[0, 5]  # the edge row 1
    assert opening[2, 2] and not opening[4, 4]
    assert opening.sum() == 15


def test_several_shapes_keep_their_intersection():
    shutters = Shutters(("RECTANGULAR", "CIRCULAR"), rectangle=(1, 8, 1, 3), circle=(3, 4, 2))
    opening = shutter_opening(shutters, (6, 8))
    expected = rectangular_opening((6, 8), 1, 8, 1, 3) & circular_opening((6, 8), 3, 4, 2)
    assert (opening == expected).all()
    assert opening.sum() == 9


def test_shutter_value_ffff_is_white_whatever_the_presentation_lut():
    image = make_image(FLAT, bits=8)
    for shape in ("IDENTITY", "INVERSE"):
        ps = make_gsps(image, shape=shape, ShutterShape="RECTANGULAR", ShutterLeftVerticalEdge=2,
                       ShutterRightVerticalEdge=7, ShutterUpperHorizontalEdge=2,
                       ShutterLowerHorizontalEdge=5, ShutterPresentationValue=0xFFFF)
        out = render(ps, image, FLAT)
        inside = 100 if shape == "IDENTITY" else 155  # identity VOI: 8-bit values unchanged
        assert out[0].tolist() == [255] * 8 and out[:, 0].tolist() == [255] * 6
        assert (out[1:5, 1:7] == inside).all()


def test_shutter_value_is_a_p_value_top_8_bits():
    assert shutter_colour(Shutters(("RECTANGULAR",), presentation_value=0x8000)) == 128
    assert shutter_colour(Shutters(("RECTANGULAR",), presentation_value=0x00FF)) == 0
    assert shutter_colour(Shutters(("RECTANGULAR",))) == 0  # absent: black


def test_cielab_shutter_colour_on_rgb_output():
    white = Shutters(("RECTANGULAR",), cielab=(0xFFFF, 0x8080, 0x8080))
    assert shutter_colour(white, colour=True) == (255, 255, 255)
    assert shutter_colour(white, colour=False) == 255
    image = make_image(FLAT, bits=8)
    ps = make_gsps(image, ShutterShape="CIRCULAR", CenterOfCircularShutter=[3, 4],
                   RadiusOfCircularShutter=2, ShutterPresentationColorCIELabValue=[0, 0x8080, 0x8080])
    out = render(ps, image, FLAT)
    assert out.shape == (6, 8, 3) and out[0, 0].tolist() == [0, 0, 0]
    assert out[2, 3].tolist() == [100, 100, 100]


def test_bitmap_shutter_uses_the_overlay_of_the_state():
    image = make_image(FLAT, bits=8)
    bits = np.zeros((6, 8), dtype=np.uint8)
    bits[:, :2] = 1
    ps = make_gsps(image, ShutterShape="BITMAP", ShutterOverlayGroup=0x6000,
                   ShutterPresentationValue=0x0000)
    add_overlay(ps, 0x6000, bits)
    out = render(ps, image, FLAT)
    assert (out[:, :2] == 0).all() and (out[:, 2:] == 100).all()


def test_shutter_is_applied_before_the_spatial_transform():
    image = make_image(FLAT, bits=8)
    ps = make_gsps(image, ImageRotation=90, ShutterShape="RECTANGULAR", ShutterLeftVerticalEdge=1,
                   ShutterRightVerticalEdge=8, ShutterUpperHorizontalEdge=1,
                   ShutterLowerHorizontalEdge=1, ShutterPresentationValue=0xFFFF,
                   SoftcopyVOILUTSequence=Sequence([voi_item(128, 256)]))
    out = render(ps, image, FLAT)
    assert out.shape == (8, 6)
    assert (out[:, 5] == 100).all() and (out[:, :5] == 255).all()  # row 1 became the last column


def add_overlay(ds, group, bits):
    from pydicom.dataelem import DataElement
    from pydicom.tag import Tag

    rows, columns = bits.shape
    packed = np.packbits(bits.reshape(-1), bitorder="little")
    if len(packed) % 2:
        packed = np.concatenate([packed, np.zeros(1, np.uint8)])
    for element, vr, value in ((0x0010, "US", rows), (0x0011, "US", columns), (0x0040, "CS", "G"),
                               (0x0050, "SS", [1, 1]), (0x0100, "US", 1), (0x0102, "US", 0),
                               (0x3000, "OW", packed.tobytes())):
        ds[Tag(group, element)] = DataElement(Tag(group, element), vr, value)
