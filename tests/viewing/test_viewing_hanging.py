"""Hanging protocols without Qt: the built-in protocol chosen for each built-in case, the
series and images each viewport gets, mirroring, stages with priors, the JSON file."""

import json

import pytest

from viewer.viewing.hanging import (FILE_NAME, ProtocolError, effective_protocols,
                                    protocol_from, protocols_from, read_protocol_file,
                                    write_protocol_file)
from viewer.viewing.hanging_builtin import builtin_protocols
from viewer.viewing.hanging_match import choose, place_stage, stages_possible
from viewer.viewing.hanging_views import image_laterality, image_view

from viewing.hanging_builders import (as_series, chest_xr, ct_chest, ct_head, mammogram,
                                      mr_brain)
from viewing.viewing_builders import ct_dataset, ramp


def chosen(datasets, priors=0):
    protocol = choose(builtin_protocols(), as_series(datasets), priors)
    return None if protocol is None else protocol.name


def shown(placements):
    """(series description, views, preset, flip, reformat) per viewport."""
    return [None if p is None else
            (p.series.description, [image_view(i.ds) + image_laterality(i.ds)
                                    for i in p.series.instances], p.preset, p.flip, p.reformat)
            for p in placements]


def test_each_built_in_case_gets_its_protocol():
    assert chosen(ct_chest()) == "CT chest"
    assert chosen(ct_head()) == "CT head"
    assert chosen(mr_brain()) == "MR brain"
    assert chosen(chest_xr()) == "CR/DX chest PA + lateral"
    assert chosen(chest_xr(), priors=1) == "CR/DX chest PA + lateral with prior"
    assert chosen(mammogram()) == "Mammography 4-up"
    assert chosen(mammogram(view_codes=False), priors=1) == "Mammography 4-up"


def test_a_study_no_protocol_is_for_gets_none():
    plain = [ct_dataset(ramp(), number=1)]  # CT without body part or a study description
    assert chosen(plain) is None
    chest_ct_without_body_part = ct_chest()
    for ds in chest_ct_without_body_part:
        del ds.BodyPartExamined
    assert chosen(chest_ct_without_body_part) == "CT chest"  # the description is enough


def stage(name, number=0):
    return next(p for p in builtin_protocols() if p.name == name).stages[number]


def test_ct_chest_soft_tissue_lung_and_coronal_reformats():
    placements = place_stage(stage("CT chest"), [as_series(ct_chest())])
    assert shown(placements) == [
        ("Thorax 2.0 Br40 mediastinum", [""] * 16, "", False, ""),
        ("Thorax 1.0 Bl57 LUNG", [""] * 16, "ct.lung", False, ""),
        ("Thorax 1.0 Bl57 LUNG", [""] * 16, "ct.lung", False, "coronal")]
    assert [p.series.description for p in place_stage(stage("CT chest", 1),
                                                      [as_series(ct_chest())])] == [
        "Thorax 2.0 Br40 mediastinum", "Thorax 1.0 Bl57 LUNG"]


def test_ct_chest_without_a_lung_series_has_the_soft_tissue_reformat_in_the_lung_window():
    datasets = [ds for ds in ct_chest() if "LUNG" not in ds.SeriesDescription]
    placements = place_stage(stage("CT chest"), [as_series(datasets)])
    # the soft tissue again, in the lung window (its own preset: another view of it), never
    # the topogram
    assert (placements[1].series.description, placements[1].preset) == (
        "Thorax 2.0 Br40 mediastinum", "ct.lung")
    assert [(p.series.description, p.preset, p.reformat) for p in placements[2:]] == [
        ("Thorax 2.0 Br40 mediastinum", "ct.lung", "coronal")]


def test_ct_head_and_mr_brain():
    head = place_stage(stage("CT head"), [as_series(ct_head())])
    assert [(p.series.description, p.preset) for p in head] == [
        ("Head 5.0 H30s", "ct.brain"), ("Head 2.0 H70h BONE", "ct.bone")]
    brain = place_stage(stage("MR brain"), [as_series(mr_brain())])
    assert [p.series.description for p in brain] == [
        "ax T1 SE", "ax T2 TSE", "ax FLAIR", "ax DWI trace b1000"]


@pytest.mark.parametrize("one_series", [False, True])
def test_chest_pa_and_lateral_with_prior(one_series):
    current = as_series(chest_xr())
    prior = as_series(chest_xr(views=("LL", "PA"), one_series=one_series, date="20230101"))
    placements = place_stage(stage("CR/DX chest PA + lateral with prior"), [current, prior])
    assert [v for (_, v, *_rest) in shown(placements)] == [["PA"], ["LAT"], ["PA"], ["LAT"]]
    assert [p.series.study_instance_uid for p in placements] == [
        current[0].study_instance_uid] * 2 + [prior[0].study_instance_uid] * 2
    second = place_stage(stage("CR/DX chest PA + lateral with prior", 1), [current, prior])
    assert [p.series.instances[0].ds.StudyDate for p in second] == ["20240610", "20230101"]


def test_mammography_four_up_mirrored_so_the_chest_walls_face_each_other():
    for view_codes in (True, False):
        placements = place_stage(stage("Mammography 4-up"), [as_series(mammogram(view_codes))])
        assert [(v, flip) for (_, v, _, flip, _) in shown(placements)] == [
            (["CCR"], True), (["CCL"], False), (["MLOR"], False), (["MLOL"], True)]


def test_mammography_prior_stages_only_with_a_prior():
    protocol = next(p for p in builtin_protocols() if p.name == "Mammography 4-up")
    assert stages_possible(protocol, 0) == [0]
    assert stages_possible(protocol, 1) == [0, 1, 2]
    current = as_series(mammogram())
    prior = as_series(mammogram(date="20220101"))
    placements = place_stage(protocol.stages[2], [current, prior])
    assert [p.series.instances[0].ds.StudyDate for p in placements] == [
        "20240610", "20240610", "20220101", "20220101"]
    assert [image_view(p.series.instances[0].ds) for p in placements] == ["MLO"] * 4
    assert place_stage(protocol.stages[1], [current])[2] is None  # no prior: nothing there


def test_a_user_protocol_replaces_the_built_in_of_its_name_and_wins_ties():
    user = protocol_from({"name": "ct chest", "match": {"modality": "CT", "body_part": "CHEST",
                                                        "study_description": "*THORAX*"},
                          "stages": [{"layout": [1, 1], "viewports": [{}]}]})
    protocols = effective_protocols(builtin_protocols(), [user])
    assert [p.name for p in protocols].count("CT chest") == 0 and protocols[0] is user
    assert choose(protocols, as_series(ct_chest()), 0) is user


def test_protocol_file_round_trip(tmp_path):
    path = tmp_path / "config" / FILE_NAME
    assert read_protocol_file(path) == []
    protocols = builtin_protocols()
    write_protocol_file(path, [p.__class__(p.name + " (mine)", p.match, p.stages)
                               for p in protocols])
    back = read_protocol_file(path)
    assert [p.name for p in back] == [p.name + " (mine)" for p in protocols]
    assert [p.stages for p in back] == [p.stages for p in protocols]
    assert not list(tmp_path.glob("config/.tmp*"))


@pytest.mark.parametrize("text, message", [
    ("{", "is not valid JSON (line 1"),
    ('{"protocols": [{"name": "X", "stages": []}]}', "protocol 'X': 'stages' must list"),
    ('{"protocols": [{"name": "X", "stages": [{"layout": [3, 3], "viewports": [{}]}]}]}',
     "protocol 'X', stage 1: 'layout' must be one of [1, 1], [1, 2], [2, 1], [2, 2], [1, 3]"),
    ('{"protocols": [{"name": "X", "stages": [{"layout": [1, 1], "viewports": [{}, {}]}]}]}',
     "stage 1: 'viewports' must list 1 to 1 viewports for a 1x1 layout"),
    ('{"protocols": [{"name": "X", "stages": [{"layout": [1, 1], '
     '"viewports": [{"preset": "ct.lungs"}]}]}]}',
     "protocol 'X', stage 1, viewport 1: 'preset' must be one of default, ct.brain"),
    ('{"protocols": [{"name": "X", "stages": [{"layout": [1, 1], '
     '"viewports": [{"reformat": "oblique"}]}]}]}',
     "'reformat' must be one of axial, coronal, sagittal (not 'oblique')"),
    ('{"protocols": [{"name": "X", "stages": [{"layout": [1, 1], '
     '"viewports": [{"series": {"modalty": "CT"}}]}]}]}',
     "viewport 1, series rule 1: unknown field 'modalty'"),
    ('{"protocols": [{"name": "X", "match": {"min_priors": -1}, '
     '"stages": [{"layout": [1, 1], "viewports": [{}]}]}]}',
     "protocol 'X', match: 'min_priors' must be a whole number from 0 to 9"),
    ('{"protocols": [{"name": "A", "stages": [{"layout": [1, 1], "viewports": [{}]}]},'
     ' {"name": "a", "stages": [{"layout": [1, 1], "viewports": [{}]}]}]}',
     "two protocols are named 'a'"),
])
def test_a_malformed_file_gets_a_clear_message(tmp_path, text, message):
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ProtocolError) as caught:
        read_protocol_file(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_the_built_in_set_reads_back_from_its_json_form():
    from viewer.viewing.hanging import protocols_to_text

    protocols = builtin_protocols()
    assert protocols_from(json.loads(protocols_to_text(protocols))) == protocols


def test_captured_layout_hangs_the_same_study_the_same_way():
    from viewer.viewing.hanging import protocols_to_text
    from viewer.viewing.hanging_capture import Shown, capture

    current, prior = as_series(mammogram()), as_series(mammogram(date="20220101"))
    placements = place_stage(stage("Mammography 4-up", 1), [current, prior])
    shown = [Shown(p.series, "default", p.flip) for p in placements]
    protocol = capture(" Mine ", (2, 2), shown, [current, prior])
    assert protocol.name == "Mine" and protocol.match.modality == ("MG",)
    assert protocol.match.study_description == ("MAMMO SCREENING BILATERAL",)
    assert [v.prior for v in protocol.stages[0].viewports] == [0, 0, 1, 1]
    assert [v.chest_wall for v in protocol.stages[0].viewports] == ["right", "left"] * 2
    again = protocols_from(json.loads(protocols_to_text([protocol])))[0]
    assert choose([again, *builtin_protocols()], current, 1) is again
    replayed = place_stage(again.stages[0], [current, prior])
    assert [p.key for p in replayed] == [p.key[:2] + ("default", p.flip, "")
                                         for p in placements]


def test_capture_escapes_wildcards_in_descriptions():
    from viewer.viewing.hanging_capture import Shown, capture

    datasets = ct_head()
    for ds in datasets:
        ds.StudyDescription = "HEAD [ROUTINE] *"
    series = as_series(datasets)
    protocol = capture("X", (1, 1), [Shown(series[0], "ct.brain")], [series])
    assert protocol.match.study_description == ("HEAD [[]ROUTINE] [*]",)
    assert choose([protocol], series, 0) is protocol


def test_priors_are_the_patients_earlier_studies_sharing_a_modality(tmp_path):
    from viewer.store import Archive
    from viewer.viewing.hanging_priors import archive_priors, split_studies, study_key

    from viewing.hanging_builders import write_study

    write_study(tmp_path / "in" / "old", chest_xr(date="20200101"))
    write_study(tmp_path / "in" / "newer", chest_xr(date="20230101"))
    write_study(tmp_path / "in" / "later", chest_xr(date="20250101"))  # after the current one
    write_study(tmp_path / "in" / "other", chest_xr(date="20220101", patient="SOMEONE"))
    write_study(tmp_path / "in" / "ct", ct_chest(date="20220101"))  # no modality in common
    current = as_series(chest_xr())
    with Archive.open(tmp_path / "store") as archive:
        archive.import_paths([tmp_path / "in"])
        archive.flush(10)
        key = study_key(current)
        found = archive_priors(archive, key, 5)
        assert [p[0].instances[0].ds.StudyDate for p in found] == ["20230101", "20200101"]
        assert len(archive_priors(archive, key, 1)) == 1
        skip = frozenset({found[0][0].study_instance_uid})
        assert [p[0].instances[0].ds.StudyDate
                for p in archive_priors(archive, key, 5, skip)] == ["20200101"]
    opened, priors = split_studies(as_series(chest_xr(date="20190101") + chest_xr()
                                             + ct_head()))
    assert opened[0].instances[0].ds.StudyDate == "20240610"
    assert [p[0].instances[0].ds.StudyDate for p in priors] == ["20190101"]


def test_a_reformat_needs_a_volume_of_slices_ordered_by_position():
    from viewer.viewing.hanging_match import MIN_REFORMAT_SLICES

    short = [ds for ds in ct_chest() if int(ds.InstanceNumber) < MIN_REFORMAT_SLICES]
    placements = place_stage(stage("CT chest"), [as_series(short)])
    assert [p is None for p in placements] == [False, False, True]
    unordered = ct_chest()
    for ds in unordered:  # ordered by Instance Number: no geometry to reformat
        ds.pop("ImagePositionPatient", None)
    assert place_stage(stage("CT chest"), [as_series(unordered)])[2:] == [None]
