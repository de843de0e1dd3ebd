"""Orientation letters (hand-worked for axial, coronal, sagittal, oblique planes and a
projection image's Patient Orientation, through every rotation/flip) and the scale bar."""

import pytest
from pydicom.dataset import Dataset

from viewer.viewing.geometry import Spacing
from viewer.viewing.orientation import (direction_letters, edge_letters, image_axes,
                                        round_length, scale_bar)
from viewer.viewing.state import ViewState, flip, orientation_matrix, rotate

AXIAL = [1, 0, 0, 0, 1, 0]
CORONAL = [1, 0, 0, 0, 0, -1]
SAGITTAL = [0, 1, 0, 0, 0, -1]


def dataset(orientation=None, patient_orientation=None) -> Dataset:
    ds = Dataset()
    if orientation is not None:
        ds.ImageOrientationPatient = orientation
    if patient_orientation is not None:
        ds.PatientOrientation = patient_orientation
    return ds


def edges(ds, state=ViewState()):
    found = edge_letters(image_axes(ds), orientation_matrix(state))
    return found["top"], found["bottom"], found["left"], found["right"]


def test_direction_letters_major_component_first():
    assert direction_letters([1, 0, 0]) == "L"
    assert direction_letters([-1, 0, 0]) == "R"
    assert direction_letters([0, 1, 0]) == "P"
    assert direction_letters([0, -1, 0]) == "A"
    assert direction_letters([0, 0, 1]) == "H"
    assert direction_letters([0, 0, -1]) == "F"
    assert direction_letters([0.8, 0, 0.6]) == "LH"
    assert direction_letters([-0.36, 0.8, 0.48]) == "PHR"
    assert direction_letters([0.9999995, 0.0001, 0]) == "L"  # rounding noise is not oblique


@pytest.mark.parametrize("orientation, expected", [
    (AXIAL, ("A", "P", "R", "L")),  # top, bottom, left, right
    (CORONAL, ("H", "F", "R", "L")),
    (SAGITTAL, ("H", "F", "A", "P")),
    ([0.8, 0, 0.6, -0.36, 0.8, 0.48], ("AFL", "PHR", "RF", "LH")),
    ([0.866025, 0.5, 0, 0, 0, -1], ("H", "F", "RA", "LP")),
])
def test_unrotated_planes(orientation, expected):
    assert edges(dataset(orientation)) == expected


# The axial image through every rotation (clockwise quarter turns) and flip, worked by hand:
# a clockwise turn takes screen right (L) to the bottom and screen down (P) to the left.
AXIAL_VIEWS = [
    (0, False, False, ("A", "P", "R", "L")),
    (1, False, False, ("R", "L", "P", "A")),
    (2, False, False, ("P", "A", "L", "R")),
    (3, False, False, ("L", "R", "A", "P")),
    (0, True, False, ("A", "P", "L", "R")),
    (1, True, False, ("R", "L", "A", "P")),
    (2, True, False, ("P", "A", "R", "L")),
    (3, True, False, ("L", "R", "P", "A")),
    (0, False, True, ("P", "A", "R", "L")),
    (1, False, True, ("L", "R", "P", "A")),
    (0, True, True, ("P", "A", "L", "R")),
]


@pytest.mark.parametrize("rotation, flip_h, flip_v, expected", AXIAL_VIEWS)
def test_axial_through_every_rotation_and_flip(rotation, flip_h, flip_v, expected):
    state = ViewState(rotation=rotation, flip_h=flip_h, flip_v=flip_v)
    assert edges(dataset(AXIAL), state) == expected


def test_letters_follow_the_view_operations():
    state = rotate(ViewState(), 1)
    assert edges(dataset(CORONAL), state) == ("R", "L", "F", "H")
    state = flip(state, horizontal=True)
    assert edges(dataset(CORONAL), state) == ("R", "L", "H", "F")
    state = rotate(state, -1)  # turn, mirror, turn back: a top-bottom mirror
    assert edges(dataset(SAGITTAL), state) == ("F", "H", "A", "P")


def test_projection_image_uses_patient_orientation():
    chest_pa = dataset(patient_orientation=["L", "F"])
    assert edges(chest_pa) == ("H", "F", "R", "L")
    assert edges(chest_pa, ViewState(rotation=1)) == ("R", "L", "F", "H")
    lateral_oblique = dataset(patient_orientation=["A", "FR"])
    assert edges(lateral_oblique) == ("HL", "FR", "P", "A")
    assert edges(lateral_oblique, ViewState(flip_h=True)) == ("HL", "FR", "A", "P")


def test_image_orientation_wins_and_unusable_values_give_no_letters():
    both = dataset(CORONAL, ["A", "F"])
    assert edges(both)[2:] == ("R", "L")
    assert image_axes(dataset()) is None
    assert image_axes(dataset(patient_orientation=["CR", "D"])) is None  # quadruped terms
    assert image_axes(dataset(patient_orientation=["L"])) is None
    assert image_axes(dataset([0, 0, 0, 0, 0, 0])) is None
    assert edge_letters(None, orientation_matrix(ViewState())) == {}


@pytest.mark.parametrize("limit, expected", [
    (1, 1), (9.99, 5), (10, 10), (0.37, 0.2), (175, 100), (43.75, 20), (250, 200),
    (0.0049, 0.002), (0, None), (-3, None),
])
def test_round_length(limit, expected):
    assert round_length(limit) == expected


def test_scale_bar_follows_zoom():
    spacing = Spacing(0.5, 0.5, "pixel")
    assert scale_bar(spacing, 2.0, 800) == (50.0, 200.0, "pixel")  # 0.25 mm per pixel
    assert scale_bar(spacing, 1.0, 800) == (100.0, 200.0, "pixel")
    assert scale_bar(spacing, 2.0, 700) == (20.0, 80.0, "pixel")  # 175 px = 43.75 mm -> 20
    bar = scale_bar(Spacing(0.7, 0.35, "imager"), 1.0, 1000)
    assert bar.millimetres == 100 and bar.pixels == pytest.approx(100 / 0.7) and bar.source == "imager"
    assert scale_bar(None, 1.0, 800) is None
    assert scale_bar(spacing, 1.0, 0) is None
