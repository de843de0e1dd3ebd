"""Every view shows a person name and a date the same way: the lists and query results
(StudyRow), the viewport's corner annotation, the tag browser; dates in the UI's pattern."""

import pydicom
import pytest
from pydicom.data import get_charset_files
from PySide6.QtCore import QLocale

from viewer.ui import formatting
from viewer.ui.study_rows import StudyRow
from viewer.viewing.annotations import corner_values
from viewer.viewing.tags import dataset_rows


@pytest.fixture
def japanese_dates():
    """The default locale Japanese, as viewer.ui.i18n makes it for language "ja"."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Japanese, QLocale.Country.Japan))
    yield
    QLocale.setDefault(before)


@pytest.mark.parametrize("name", ["chrH31.dcm", "chrH32.dcm", "chrX1.dcm"])
def test_list_corner_and_tag_browser_show_one_name(name):
    ds = pydicom.dcmread(get_charset_files(name)[0])
    listed = StudyRow.from_dataset(ds).cells()[0][0]
    tags = {row.keyword: row.value for row in dataset_rows(ds)}
    assert listed == corner_values(ds).patient_name == tags["PatientName"]
    assert "=" not in listed and "^" not in listed


def test_dates_follow_the_locale_pattern_given_by_the_ui(japanese_dates):
    ds = pydicom.Dataset()
    ds.StudyDate, ds.StudyTime, ds.PatientBirthDate = "20240102", "103045", "19700304"
    pattern = formatting.date_pattern()
    assert pattern == QLocale(QLocale.Language.Japanese).dateFormat(QLocale.FormatType.ShortFormat)
    row = StudyRow.from_dataset(ds)
    assert row.cells()[2][0] == formatting.dicom_date("19700304") == "1970/03/04"
    assert row.cells()[3][0].startswith("2024/01/02 ")
    assert corner_values(ds, date_pattern=pattern).study_date == "2024/01/02"


def test_the_default_is_iso_8601():
    assert formatting.dicom_date("20240102") == "2024-01-02"
    assert formatting.dicom_time("103045") == "10:30"
