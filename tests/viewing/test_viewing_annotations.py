"""Corner values: Japanese person names, dates, slice location."""

import pydicom
from pydicom.data import get_charset_files

from viewer.viewing.annotations import corner_values, format_number
from viewing_builders import ct_dataset, ramp


def test_japanese_name_ideographic_then_phonetic():
    ds = pydicom.dcmread(get_charset_files("chrH31.dcm")[0])
    assert corner_values(ds).patient_name == "山田 太郎 (やまだ たろう)"


def test_no_name_is_none_and_dates_follow_the_pattern():
    ds = ct_dataset(ramp())
    ds.PatientName = ""
    values = corner_values(ds, date_pattern="yyyy/MM/dd")
    assert values.patient_name is None and values.study_date == "2024/01/02"


def test_numbers():
    assert format_number(40.0) == "40" and format_number(-12.345, 2) == "-12.35"


def test_slice_location_from_position_without_the_attribute():
    values = corner_values(ct_dataset(ramp(), z=-7.5))
    assert values.slice_location == -7.5 and values.slice_thickness == 1.0
    assert values.study_date == "2024-01-02" and values.patient_id == "PID1"
