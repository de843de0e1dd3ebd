"""One display form for person names and dates: Japanese names from pydicom's charset files
(ISO 2022 IR 87, IR 13 + 87) and Chinese (GB 18030), odd and malformed values."""

import pydicom
import pytest
from pydicom.data import get_charset_files
from pydicom.valuerep import PersonName

from viewer.dicom.dates import format_date, format_datetime, format_time
from viewer.dicom.names import format_person_name


def charset_name(name):
    return pydicom.dcmread(get_charset_files(name)[0]).PatientName


@pytest.mark.parametrize("name, expected", [
    ("chrH31.dcm", "山田 太郎 (やまだ たろう)"),  # Yamada^Tarou=山田^太郎=やまだ^たろう
    ("chrH32.dcm", "山田 太郎 (やまだ たろう)"),  # half-width katakana alphabetic group
    ("chrX1.dcm", "王 小東"),  # Wang^XiaoDong=王^小東: ideographic, no phonetic group
    ("chrRuss.dcm", "Люкceмбypг"),
])
def test_names_of_the_charset_files(name, expected):
    value = charset_name(name)
    assert isinstance(value, PersonName)
    assert format_person_name(value) == expected


@pytest.mark.parametrize("value, expected", [
    ("Doe^John", "Doe, John"),
    ("DOE^JOHN", "DOE, JOHN"),  # letter case as sent
    ("Doe^John^Adam^Dr^Jr", "Dr Doe, John Adam, Jr"),
    ("Doe", "Doe"),  # only the family name
    ("^John", "John"),
    ("Doe^^^^III", "Doe, III"),
    ("  Doe ^ John  ^", "Doe, John"),
    ("Doe^John^^^^Extra", "Doe, John Extra"),  # more than five components: nothing lost
    ("Yamada^Tarou", "Yamada, Tarou"),
    ("Yamada^Tarou==やまだ^たろう", "Yamada, Tarou (やまだ たろう)"),
    ("=山田^太郎", "山田 太郎"),
    ("==やまだ^たろう", "やまだ たろう"),
    ("Doe^John\\Roe^Jane", "Doe, John; Roe, Jane"),
    ("", ""), ("=", ""), ("^^", ""), (None, ""),
])
def test_odd_and_plain_names(value, expected):
    assert format_person_name(value) == expected


def test_multi_valued_element():
    ds = pydicom.Dataset()
    ds.OtherPatientNames = ["Doe^John", "=山田^太郎"]
    assert format_person_name(ds.OtherPatientNames) == "Doe, John; 山田 太郎"


@pytest.mark.parametrize("value, pattern, expected", [
    ("20240102", "YYYY-MM-DD", "2024-01-02"),
    ("20240102", "yyyy/MM/dd", "2024/01/02"),  # Japanese short format
    ("20240102", "yyyy'年'M'月'd'日'", "2024年1月2日"),
    ("20240102", "d.M.yy", "2.1.24"),
    ("2024.01.02", "YYYY-MM-DD", "2024-01-02"),  # ACR-NEMA form
    ("20240230", "YYYY-MM-DD", "20240230"),  # no such day: shown as sent
    ("2024", "YYYY-MM-DD", "2024"),
    ("2024-01-02", "yyyy/MM/dd", "2024-01-02"),
    ("garbage", "YYYY-MM-DD", "garbage"),
    ("", "YYYY-MM-DD", ""), (None, "YYYY-MM-DD", ""),
])
def test_dates(value, pattern, expected):
    assert format_date(value, pattern) == expected


def test_default_date_pattern_is_iso():
    assert format_date("19700101") == "1970-01-01"


@pytest.mark.parametrize("value, pattern, expected", [
    ("103045", "HH:mm", "10:30"),
    ("103045.123456", "HH:mm:ss", "10:30:45"),
    ("1030", "HH:mm:ss", "10:30:00"),
    ("07", "H:mm", "7:00"),
    ("10:30:45", "HH:mm", "10:30"),  # ACR-NEMA form
    ("253000", "HH:mm", "253000"),  # no such hour
    ("1", "HH:mm", "1"),
    ("", "HH:mm", ""),
])
def test_times(value, pattern, expected):
    assert format_time(value, pattern) == expected


@pytest.mark.parametrize("value, expected", [
    ("20240102103045", "2024-01-02 10:30"),
    ("20240102103045.5+0900", "2024-01-02 10:30 +0900"),
    ("20240102", "2024-01-02"),
    ("202401", "2024-01"),
    ("2024", "2024"),
    ("20241302", "20241302"),
    ("2024010299", "2024010299"),
    ("nonsense", "nonsense"),
])
def test_datetimes(value, expected):
    assert format_datetime(value) == expected
