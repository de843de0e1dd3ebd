"""Series assembly: grouping, order along the slice normal, fallbacks, frames, study objects."""

from __future__ import annotations

import random

import numpy as np
import pytest
from pydicom.uid import (
    BasicTextSRStorage,
    GrayscaleSoftcopyPresentationStateStorage,
    KeyObjectSelectionDocumentStorage,
    generate_uid,
)

from dicom_builders import ct_slice, image_dataset, sample
from viewer.dicom import (
    FrameRef,
    ObjectKind,
    assemble_series,
    instance_from_dataset,
    open_path,
    read_instance,
)

STUDY = "1.2.826.0.1.3680043.8.498.1"
SERIES = "1.2.826.0.1.3680043.8.498.1.1"


def _slices(positions, numbers, orientation=(1, 0, 0, 0, 1, 0), series=SERIES):
    return [
        instance_from_dataset(
            ct_slice(STUDY, series, position=p, number=n, orientation=orientation)
        )
        for p, n in zip(positions, numbers)
    ]


def test_axial_slices_without_a_steady_instance_number_run_head_first():
    z = [30.0, -10.0, 0.0, 10.0, 20.0]
    instances = _slices([(0, 0, v) for v in z], numbers=[1, 2, 3, 4, 5])
    (series,) = assemble_series(instances)
    assert series.ordered_by == "position"
    assert [i.ds.ImagePositionPatient[2] for i in series.instances] == [30, 20, 10, 0, -10]
    assert series.frames == [FrameRef(i, 0) for i in series.instances]


@pytest.mark.parametrize("numbers_run", ["down", "up"])  # head-first and feet-first acquisitions
def test_a_steady_instance_number_gives_the_direction_whatever_the_file_order(numbers_run):
    """Instance Number 1 at the head (z falling as it grows) opens at the head; Instance Number
    1 at the feet opens at the feet: image 1 is Instance Number 1, files in any order."""
    z = [-5.0 * k for k in range(8)] if numbers_run == "down" else [5.0 * k for k in range(8)]
    instances = _slices([(0, 0, v) for v in z], numbers=range(1, 9))
    random.Random(3).shuffle(instances)
    (series,) = assemble_series(instances)
    assert series.ordered_by == "position"
    assert [i.instance_number for i in series.instances] == list(range(1, 9))
    assert [i.ds.ImagePositionPatient[2] for i in series.instances] == z


def test_reversed_instance_numbers_keep_the_stack_in_geometric_order():
    """Instance Numbers counted the other way (8 at the head): still one geometric stack,
    running the way the numbers grow."""
    z = [-5.0 * k for k in range(8)]
    instances = _slices([(0, 0, v) for v in z], numbers=range(8, 0, -1))
    random.Random(4).shuffle(instances)
    (series,) = assemble_series(instances)
    assert [i.instance_number for i in series.instances] == list(range(1, 9))
    assert [i.ds.ImagePositionPatient[2] for i in series.instances] == z[::-1]


@pytest.mark.parametrize("orientation, axis, expected", [
    ((1, 0, 0, 0, 1, 0), 2, [9, 6, 3, -3, -6, -9]),  # axial: head (+z) first
    ((1, 0, 0, 0, 0, 1), 1, [-9, -6, -3, 3, 6, 9]),  # coronal (normal -y): anterior (-y) first
    ((0, 1, 0, 0, 0, -1), 0, [-9, -6, -3, 3, 6, 9]),  # sagittal: right (-x) first
])
def test_without_instance_numbers_stacks_run_the_anatomical_way(orientation, axis, expected):
    values = [-6.0, 3.0, -9.0, 9.0, 6.0, -3.0]
    positions = [tuple(v if k == axis else 0.0 for k in range(3)) for v in values]
    instances = _slices(positions, numbers=[None] * 6, orientation=orientation)
    (series,) = assemble_series(instances)
    assert series.ordered_by == "position"
    assert [float(i.ds.ImagePositionPatient[axis]) for i in series.instances] == expected


def test_oblique_stack_uses_the_slice_normal():
    """Rows along x, columns along (0, cos 30, -sin 30): normal (0, sin 30, cos 30). In-plane
    offsets make the z order differ from the order along the normal."""
    c, s = np.cos(np.radians(30)), np.sin(np.radians(30))
    row, column, normal = np.array([1, 0, 0]), np.array([0, c, -s]), np.array([0, s, c])
    distances = [5.0, -5.0, 0.0, 15.0, 10.0]
    offsets = [-30.0, 20.0, 0.0, 40.0, -25.0]
    positions = [tuple(d * normal + 7 * row + b * column) for d, b in zip(distances, offsets)]
    by_z = sorted(range(5), key=lambda k: positions[k][2])
    assert by_z != sorted(range(5), key=distances.__getitem__)
    instances = _slices(positions, numbers=[5, 4, 3, 2, 1], orientation=(*row, *column))
    (series,) = assemble_series(instances)
    assert series.ordered_by == "position"
    ordered = [float(np.dot(normal, i.ds.ImagePositionPatient)) for i in series.instances]
    assert ordered == pytest.approx([15, 10, 5, 0, -5])  # mostly axial: head first


def test_missing_geometry_falls_back_to_instance_number():
    instances = _slices([(0, 0, 3), None, (0, 0, 1)], numbers=[2, 3, 1])
    (series,) = assemble_series(instances)
    assert series.ordered_by == "instance number"
    assert [i.instance_number for i in series.instances] == [1, 2, 3]


def test_inconsistent_orientation_falls_back_to_instance_number():
    axial = _slices([(0, 0, 9), (0, 0, 1)], numbers=[1, 3])
    sagittal = _slices([(5, 0, 0)], numbers=[2], orientation=(0, 1, 0, 0, 0, -1))
    (series,) = assemble_series(axial + sagittal)
    assert series.ordered_by == "instance number"
    assert [i.instance_number for i in series.instances] == [1, 2, 3]


def test_equal_positions_then_instance_number_then_sop_uid():
    uids = ["1.2.3.9", "1.2.3.10", "1.2.3.2"]
    instances = [
        instance_from_dataset(ct_slice(STUDY, SERIES, position=(0, 0, 0), number=7, sop_uid=u))
        for u in uids
    ] + _slices([(0, 0, 0)], numbers=[1])
    random.Random(5).shuffle(instances)
    (series,) = assemble_series(instances)
    assert [i.instance_number for i in series.instances] == [1, 7, 7, 7]
    assert [i.sop_instance_uid for i in series.instances[1:]] == sorted(uids)


def test_instances_without_instance_number_go_last():
    instances = _slices([None, None, None], numbers=[None, 2, 1])
    (series,) = assemble_series(instances)
    assert [i.instance_number for i in series.instances] == [1, 2, None]


def test_series_are_grouped_by_uid_and_carry_their_attributes():
    a = _slices([(0, 0, 1), (0, 0, 2)], numbers=[1, 2], series="1.2.3.1")
    b = _slices([(0, 0, 1)], numbers=[1], series="1.2.3.2")
    for instance, number in zip(a + b, (2, 2, 1)):
        instance.ds.SeriesNumber = number
        instance.ds.SeriesDescription = f"series {number}"
        instance.ds.FrameOfReferenceUID = "1.2.3.99"
    series = assemble_series([a[1], b[0], a[0]])
    assert [s.series_instance_uid for s in series] == ["1.2.3.2", "1.2.3.1"]
    first = assemble_series(a)[0]
    assert (first.number, first.description, first.modality) == (2, "series 2", "CT")
    assert first.study_instance_uid == STUDY and first.frame_of_reference_uid == "1.2.3.99"


def test_multiframe_object_lists_each_frame():
    instance = read_instance(sample("emri_small.dcm"))
    (series,) = assemble_series([instance])
    assert series.frames == [FrameRef(instance, n) for n in range(10)]
    ref = series.frames[4]
    np.testing.assert_array_equal(ref.instance.frame(ref.frame_index), instance.frame(4))


def test_duplicate_sop_instance_uid_is_kept_once():
    ds = ct_slice(STUDY, SERIES, position=(0, 0, 0), number=1)
    (series,) = assemble_series([instance_from_dataset(ds), instance_from_dataset(ds)])
    assert len(series.instances) == 1


def _object(sop_class, series_uid, study=STUDY):
    ds = image_dataset(sop_class=sop_class)
    del ds.PixelData
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series_uid
    return instance_from_dataset(ds)


def test_presentation_states_reports_and_key_objects_are_study_objects():
    images = _slices([(0, 0, 1)], numbers=[1])
    ps = _object(GrayscaleSoftcopyPresentationStateStorage, "1.2.3.50")
    sr = _object(BasicTextSRStorage, "1.2.3.51")
    ko = _object(KeyObjectSelectionDocumentStorage, "1.2.3.51")  # same series as the SR
    other_study = _object(BasicTextSRStorage, "1.2.3.60", study=generate_uid())
    series = assemble_series([ko, sr, other_study, ps] + images)
    assert [s.kind for s in series if s.study_instance_uid == STUDY] == [
        ObjectKind.IMAGE,
        ObjectKind.PRESENTATION_STATE,
        ObjectKind.STRUCTURED_REPORT,
        ObjectKind.KEY_OBJECT_SELECTION,
    ]
    image_series = series[[s.kind for s in series].index(ObjectKind.IMAGE)]
    assert {i.sop_instance_uid for i in image_series.study_objects} == {
        ps.sop_instance_uid,
        sr.sop_instance_uid,
        ko.sop_instance_uid,
    }
    assert all(s.frames == [] for s in series if s.kind is not ObjectKind.IMAGE)


def test_dicomdir_sample_series_order():
    """pydicom's dicomdirtests CT series 'SmartScore' is ordered by position: instance numbers
    10..6 lie at increasing z, so the stack runs from 6 (the head) down."""
    result = open_path(sample("DICOMDIR"))
    by_description = {s.description: s for s in assemble_series(result.instances)}
    smartscore = by_description["SmartScore - Gated 0.5 sec"]
    assert smartscore.ordered_by == "position"
    assert [i.instance_number for i in smartscore.instances] == [6, 7, 8, 9, 10]
    z = [float(i.ds.ImagePositionPatient[2]) for i in smartscore.instances]
    assert z == sorted(z, reverse=True)


def test_a_stack_reversed_for_a_hanging_protocol_stays_one_geometric_stack():
    from viewer.dicom.series import reversed_stack

    z = [-5.0 * k for k in range(6)]
    (series,) = assemble_series(_slices([(0, 0, v) for v in z], numbers=range(1, 7)))
    feet_first = reversed_stack(series)
    assert [i.ds.ImagePositionPatient[2] for i in feet_first.instances] == z[::-1]
    assert feet_first.frames == series.frames[::-1]
    assert feet_first.ordered_by == "position" and series.frames[0].instance.instance_number == 1
