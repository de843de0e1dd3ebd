"""Pairing the series of a current study with a prior's, and linking their slice positions
(viewer.viewing.priors, viewer.viewing.prior_link), on generated studies."""

from __future__ import annotations

import numpy as np
import pytest

import prior_builders as pb
from viewer.dicom import assemble_series, open_paths
from viewer.viewing import priors
from viewer.viewing.geometry import Plane, stack_planes
from viewer.viewing.prior_link import PositionLink
from viewer.viewing.priors import SeriesTraits, pair_series


@pytest.fixture(scope="module")
def studies(tmp_path_factory):
    root = tmp_path_factory.mktemp("priors")
    folders = pb.write_patient(root)
    return {name: assemble_series(open_paths([folder]).instances)
            for name, folder in folders.items()}


def by_description(series_list):
    return {s.description: s for s in series_list}


def test_matching_series_are_paired_across_descriptions_and_order(studies):
    current, prior = studies["current"], studies["prior"]
    pairs = priors.pair_image_series(current, prior)
    names_now = {s.series_instance_uid: s.description for s in current}
    names_then = {s.series_instance_uid: s.description for s in prior}
    assert {names_now[p.current]: names_then[p.prior] for p in pairs} == pb.PAIRS
    # in the order of the current study
    assert [names_now[p.current] for p in pairs] == [d for d, *_ in pb.CURRENT[3]]
    # the sagittal of the prior has no partner: no current sagittal
    assert "Sagittal spine reformat" not in {names_then[p.prior] for p in pairs}


def test_traits_read_from_the_series(studies):
    series = by_description(studies["prior"])
    assert priors.traits_of(series["Coronal chest"]) == SeriesTraits(
        series["Coronal chest"].series_instance_uid, "CT", "CHEST", "CORONAL", "Coronal chest")
    assert priors.traits_of(series["Sagittal spine reformat"]).plane == "SAGITTAL"
    assert priors.traits_of(series["ABDOMEN 5.0MM"]).plane == "AXIAL"


def test_another_modality_never_pairs(studies):
    assert priors.pair_image_series(studies["current"], studies["older"]) == []


@pytest.mark.parametrize("cosines, plane", [
    ([1, 0, 0, 0, 1, 0], "AXIAL"), ([1, 0, 0, 0, 0, -1], "CORONAL"),
    ([0, 1, 0, 0, 0, -1], "SAGITTAL"), ([1, 0, 0, 0, 0.7071, -0.7071], "OBLIQUE"),
    ([0.9848, 0, -0.1736, 0, 1, 0], "AXIAL"),  # 10 degrees off axial is still axial
    ([1, 0, 0, 1, 0, 0], ""), ([1, 0, 0], ""), (None, ""), (["a"] * 6, "")])
def test_plane_from_image_orientation(cosines, plane):
    assert priors.plane_of(cosines) == plane


def test_score_weighs_plane_body_part_and_words():
    axial_chest = SeriesTraits("a", "CT", "CHEST", "AXIAL", "Chest 1.25mm")
    assert priors.score(axial_chest, SeriesTraits("b", "MR", "CHEST", "AXIAL")) is None
    assert priors.score(axial_chest, SeriesTraits("b", "CT", "CHEST", "CORONAL")) is None
    same_words = priors.score(axial_chest, SeriesTraits("b", "CT", "CHEST", "AXIAL",
                                                        "CHEST 1.25 MM"))
    other_part = priors.score(axial_chest, SeriesTraits("b", "CT", "ABDOMEN", "AXIAL",
                                                        "Chest 1.25mm"))
    unknown_part = priors.score(axial_chest, SeriesTraits("b", "CT", "", "AXIAL",
                                                          "Chest 1.25mm"))
    assert same_words == pytest.approx(4 + 3 + 2 + 3)  # the same words, case and spacing aside
    assert other_part < unknown_part < same_words
    assert priors.description_likeness("", "Chest") == 0.0


def test_greedy_pairs_give_the_best_match_first():
    current = [SeriesTraits("c1", "CT", "", "AXIAL", "bone"),
               SeriesTraits("c2", "CT", "", "AXIAL", "soft tissue")]
    prior = [SeriesTraits("p1", "CT", "", "AXIAL", "soft tissue"),
             SeriesTraits("p2", "CT", "", "AXIAL", "bone window")]
    assert [(p.current, p.prior) for p in pair_series(current, prior)] == [("c1", "p2"),
                                                                          ("c2", "p1")]
    # more current series than prior ones: the worst match stays alone
    assert [p.current for p in pair_series(current, prior[:1])] == ["c2"]


def planes(z_values, normal=(0, 0, 1)):
    n = np.asarray(normal, float)
    return [Plane(n * z, n) for z in z_values]


def test_position_link_with_overlapping_ranges_keeps_table_coordinates():
    link = PositionLink(planes([0, 5, 10, 15, 20]), planes([8, 10, 12, 14, 16, 18]))
    assert link.offset == 0.0
    assert [link.prior_index(i) for i in range(5)] == [0, 0, 1, 3, 5]
    assert link.current_index(3) == 3  # 14 -> 15
    link.anchor(0, 5)  # the reader lined up current z 0 with prior z 18
    assert link.offset == 18.0
    assert link.prior_index(0) == 5 and link.current_index(0) == 0  # 8 - 18 = -10 -> 0


def test_position_link_lines_up_distant_ranges_by_their_centres():
    link = PositionLink(planes([-100, -95, -90]), planes([200, 205, 210, 215, 220]))
    assert link.offset == pytest.approx(210 - (-95))
    assert [link.prior_index(i) for i in range(3)] == [1, 2, 3]


def test_position_link_without_geometry_follows_the_place_in_the_stack():
    link = PositionLink([None] * 5, planes([1, 2, 3]))
    assert not link.by_position
    assert [link.prior_index(i) for i in range(5)] == [0, 0, 1, 2, 2]
    assert link.current_index(2) == 4
    assert link.prior_index(7) is None


def test_position_link_on_the_generated_studies(studies):
    current = by_description(studies["current"])["Chest axial 1.25 mm"]
    prior = by_description(studies["prior"])["Chest axial 1.25mm"]
    link = PositionLink(stack_planes(current.frames), stack_planes(prior.frames))
    # current z = -100 + 5 i, prior z = -55 + 5 j: the ranges overlap, z kept
    z_now = [float(f.instance.ds.ImagePositionPatient[2]) for f in current.frames]
    z_then = [float(f.instance.ds.ImagePositionPatient[2]) for f in prior.frames]
    for i, z in enumerate(z_now):
        j = link.prior_index(i)
        assert abs(z_then[j] - z) == min(abs(v - z) for v in z_then)
