"""Tag tree rows: sequences, private creators, filter matching."""

import pydicom
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.dataset import Dataset

from viewer.viewing.tags import dataset_rows


def rows_by_tag(rows):
    return {r.tag: r for r in rows}


def test_private_tags_carry_their_creator_and_name():
    ds = pydicom.dcmread(get_testdata_file("CT_small.dcm"))
    rows = rows_by_tag(dataset_rows(ds))
    row = rows["(0009,1001)"]
    assert row.private_creator == "GEMS_IDEN_01"
    assert row.keyword == "Full fidelity"
    assert rows["(0009,0010)"].keyword == "Private Creator"


def test_sequences_expand_into_items():
    ds = Dataset()
    item = Dataset()
    item.CodeValue = "T-D1100"
    ds.AnatomicRegionSequence = [item, Dataset()]
    row = dataset_rows(ds)[0]
    assert (row.tag, row.keyword, row.vr, row.value) == (
        "(0008,2218)", "AnatomicRegionSequence", "SQ", "2 item(s)")
    assert [c.keyword for c in row.children] == ["Item 1", "Item 2"]
    assert row.children[0].children[0].value == "T-D1100"
    assert row.matches_deep("t-d1100") and not row.matches("t-d1100")


def test_filter_matches_tag_forms_keyword_and_value():
    ds = Dataset()
    ds.PatientName = "Doe^Jane"
    row = dataset_rows(ds)[0]
    for needle in ("0010,0010", "(0010,0010)", "00100010", "patientname", "jane"):
        assert row.matches(needle), needle
    assert not row.matches("StudyDate")


def test_binary_values_show_their_length():
    ds = Dataset()
    ds.add_new(0x7FE00010, "OW", b"\0" * 64)
    assert dataset_rows(ds)[0].value == "<64 bytes>"


def test_names_dates_and_times_read_as_in_the_lists_the_value_as_sent_kept():
    ds = pydicom.dcmread(get_charset_files("chrH31.dcm")[0])
    ds.StudyDate, ds.StudyTime, ds.AcquisitionDateTime = "20240102", "103045", "20240102103045"
    ds.ReferringPhysicianName = ""
    rows = {row.keyword: row for row in dataset_rows(ds, date_pattern="yyyy/MM/dd")}
    name = rows["PatientName"]
    assert name.value == "山田 太郎 (やまだ たろう)"
    assert name.raw == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    assert name.matches("Yamada^Tarou") and name.matches("やまだ たろう")
    assert (rows["StudyDate"].value, rows["StudyDate"].raw) == ("2024/01/02", "20240102")
    assert rows["StudyTime"].value == "10:30"
    assert rows["AcquisitionDateTime"].value == "2024/01/02 10:30"
    assert rows["ReferringPhysicianName"].value == "" and rows["ReferringPhysicianName"].raw is None
