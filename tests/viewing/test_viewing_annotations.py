"""Corner values: Japanese person names, dates, slice location."""

import pydicom
from pydicom.data import get_charset_files

from viewer.viewing.annotations import corner_values, dicom_date, format_number, person_name
from viewing_builders import ct_dataset, ramp


def test_japanese_name_in_three_groups():
    ds = pydicom.dcmread(get_charset_files("chrH31.dcm")[0])
    assert corner_values(ds).patient_name == "Yamada Tarou = 山田 太郎 = やまだ たろう"


def test_person_name_parts_and_empty_groups():
    assert person_name("Doe^John^^Dr") == "Doe John Dr"
    assert person_name("=山田^太郎") == "山田 太郎"
    assert person_name(None) is None and person_name("") is None


def test_dates_and_numbers():
    assert dicom_date("20240102") == "2024-01-02" and dicom_date("2024") == "2024"
    assert format_number(40.0) == "40" and format_number(-12.345, 2) == "-12.35"


def test_slice_location_from_position_without_the_attribute():
    values = corner_values(ct_dataset(ramp(), z=-7.5))
    assert values.slice_location == -7.5 and values.slice_thickness == 1.0
    assert values.study_date == "2024-01-02" and values.patient_id == "PID1"
