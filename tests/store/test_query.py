"""Queries for the study browser and the query panel: filters, order, plain dataclasses."""

import dataclasses
import datetime
import json

import pytest
from store_helpers import CHARSET_FILES, DICOMDIR, write_instance

from viewer.store import StudyFilter


@pytest.fixture
def filled(archive, tmp_path):
    archive.import_paths([DICOMDIR, CHARSET_FILES / "chrH31.dcm", CHARSET_FILES / "chrRuss.dcm"])
    write_instance(tmp_path / "x" / "a.dcm", PatientName="Doe^Jane", StudyDate="20240301",
                   StudyDescription="Knee LEFT", Modality="MR", AccessionNumber="A77")
    archive.import_paths([tmp_path / "x"])
    return archive


def names(studies):
    return sorted({s.patient_name for s in studies})


def test_patient_name_wildcards_are_case_insensitive(filled):
    assert names(filled.list_studies(patient_name="doe*")) == [
        "Doe^Archibald", "Doe^Jane", "Doe^Peter"]
    assert names(filled.list_studies(patient_name="DOE^P?TER")) == ["Doe^Peter"]
    assert names(filled.list_studies(patient_name="doe peter")) == ["Doe^Peter"]
    assert filled.list_studies(patient_name="doe") == []  # no wildcard: the whole name


def test_patient_name_matches_any_component_group(filled):
    for pattern in ("山田*", "やまだ^たろう", "yamada*", "люкceмбypг"):
        assert names(filled.list_studies(patient_name=pattern)) != [], pattern
    assert names(filled.list_studies(patient_name="山田*")) == ["Yamada^Tarou=山田^太郎=やまだ^たろう"]


def test_patient_id_description_accession(filled):
    assert names(filled.list_studies(patient_id="98890234")) == ["Doe^Peter"]
    assert names(filled.list_studies(patient_id="9889*")) == ["Doe^Peter"]
    assert [s.study_description for s in filled.list_studies(description="*brain*")] == [
        "Brain-MRA", "Brain", "CT, HEAD/BRAIN WO CONTRAST"]
    assert names(filled.list_studies(accession_number="A77")) == ["Doe^Jane"]


def test_date_range_and_modality(filled):
    in_2003 = filled.list_studies(date_from="20030101", date_to="20031231")
    assert {s.study_date for s in in_2003} == {"20030505"} and len(in_2003) == 3
    since = filled.list_studies(date_from=datetime.date(2024, 1, 1))
    assert names(since) == ["Doe^Jane"]
    mr = filled.list_studies(modality="mr")
    assert all("MR" in s.modalities for s in mr) and len(mr) == 4
    both = filled.list_studies(StudyFilter(modality="MR", patient_name="doe^peter"))
    assert len(both) == 3


def test_bad_date_is_a_value_error(filled):
    with pytest.raises(ValueError, match="not a date"):
        filled.list_studies(date_from="2003-01-01")


def test_newest_first_and_limit(filled):
    dates = [s.study_date for s in filled.list_studies()]
    assert dates == sorted(dates, reverse=True)
    assert len(filled.list_studies(limit=2)) == 2


def test_series_and_instances_in_order(filled):
    [mra] = filled.list_studies(description="Brain-MRA")
    series = filled.list_series(mra.study_uid)
    assert [s.series_number for s in series] == [1, 2, 700]
    assert sum(s.number_of_instances for s in series) == mra.number_of_instances == 11
    instances = filled.list_instances(series[2].series_uid)
    numbers = [i.instance_number for i in instances]
    assert numbers == sorted(numbers) and len(numbers) == 7
    assert all(i.path.is_absolute() and i.path.is_file() for i in instances)


def test_unknown_uids_give_empty_lists(filled):
    assert filled.list_series("1.2.3") == []
    assert filled.list_instances("1.2.3") == []
    assert filled.get_study("1.2.3") is None


def test_results_are_plain_json_ready_dataclasses(filled):
    study = filled.list_studies(patient_name="yamada*")[0]
    row = dataclasses.asdict(study)
    assert json.loads(json.dumps(row))["patient_name"] == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    with pytest.raises(dataclasses.FrozenInstanceError):
        study.patient_name = "x"
