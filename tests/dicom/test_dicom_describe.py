"""The one-screen summary behind ``dicom-viewer info``."""

from __future__ import annotations

import pytest
from pydicom.dataelem import RawDataElement
from pydicom.dataset import Dataset
from pydicom.tag import BaseTag

from dicom_builders import charset_sample, image_dataset, sample
from viewer.dicom import describe, format_description, instance_from_dataset, read_instance


@pytest.mark.parametrize(
    ("name", "patient_name"),
    [
        ("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう"),  # ISO 2022 IR 87
        ("chrH32.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"),  # ISO 2022 IR 13 + 87
        ("chrX1.dcm", "Wang^XiaoDong=王^小東"),  # ISO_IR 192 (UTF-8)
        ("chrRuss.dcm", "Люкceмбypг"),
    ],
)
def test_patient_name_is_decoded_per_specific_character_set(name, patient_name):
    assert describe(read_instance(charset_sample(name)))["patient_name"] == patient_name


def test_summary_of_an_mr_image():
    summary = describe(read_instance(sample("examples_overlay.dcm")))
    assert summary["patient_id"] == "021234567"
    assert summary["patient_birth_date"] == "11111111"
    assert summary["patient_sex"] == "M"
    assert summary["study_date"] == "20051130"
    assert summary["study_description"] == "abdomen^liver"
    assert summary["series_number"] == 18
    assert summary["series_description"] == "marked lesion<MPR Collection>"
    assert summary["modality"] == "MR"
    assert summary["sop_class_uid"] == "1.2.840.10008.5.1.4.1.1.4"
    assert summary["sop_class_name"] == "MR Image Storage"
    assert summary["kind"] == "image"
    assert summary["transfer_syntax_uid"] == "1.2.840.10008.1.2.1"
    assert summary["transfer_syntax_name"] == "Explicit VR Little Endian"
    assert (summary["rows"], summary["columns"], summary["number_of_frames"]) == (300, 484, 1)
    assert (summary["bits_allocated"], summary["bits_stored"], summary["high_bit"]) == (16, 12, 11)
    assert summary["pixel_representation"] == 0
    assert summary["photometric_interpretation"] == "MONOCHROME2"
    assert summary["samples_per_pixel"] == 1
    assert summary["planar_configuration"] is None
    assert summary["windows"] == [
        {"center": 450.0, "width": 790.0, "explanation": "WINDOW1"},
        {"center": 200.0, "width": 443.0, "explanation": "WINDOW2"},
    ]
    assert summary["voi_lut_count"] == 0
    assert summary["pixel_problem"] is None


def test_voi_lut_count():
    assert describe(read_instance(sample("vlut_04.dcm")))["voi_lut_count"] == 1


def test_enhanced_multiframe_windows_and_rescale_come_from_shared_functional_groups():
    ds = image_dataset(frames=2, sop_class="1.2.840.10008.5.1.4.1.1.2.1")  # Enhanced CT
    voi, transform, shared = Dataset(), Dataset(), Dataset()
    voi.WindowCenter, voi.WindowWidth = [40, -600], [400, 1500]
    voi.WindowCenterWidthExplanation = ["SOFT", "LUNG"]
    transform.RescaleSlope, transform.RescaleIntercept = 1, -1024
    shared.FrameVOILUTSequence, shared.PixelValueTransformationSequence = [voi], [transform]
    ds.SharedFunctionalGroupsSequence = [shared]
    summary = describe(instance_from_dataset(ds))
    assert summary["windows"] == [
        {"center": 40.0, "width": 400.0, "explanation": "SOFT"},
        {"center": -600.0, "width": 1500.0, "explanation": "LUNG"},
    ]
    assert (summary["rescale_slope"], summary["rescale_intercept"]) == (1.0, -1024.0)


def test_hostile_values_do_not_break_the_summary():
    """Values as read from a hostile file: raw elements that only fail when converted."""
    ds = image_dataset()
    for tag, vr, value in [
        (0x00200011, "IS", b"1A"),  # Series Number
        (0x00281050, "DS", b"abc"),  # Window Center
        (0x00281051, "DS", b"400 "),  # Window Width
    ]:
        ds._dict[BaseTag(tag)] = RawDataElement(BaseTag(tag), vr, len(value), value, 0, False, True)
    summary = describe(instance_from_dataset(ds))
    assert summary["series_number"] is None
    assert summary["windows"] == []


def test_summary_of_a_report_has_no_pixel_fields():
    summary = describe(read_instance(sample("test-SR.dcm")))
    assert summary["kind"] == "structured report"
    assert summary["sop_class_name"] == "Comprehensive SR Storage"
    assert summary["rows"] is None and summary["number_of_frames"] == 0
    assert summary["pixel_problem"] is None


def test_format_description_lines():
    text = format_description(describe(read_instance(sample("examples_overlay.dcm"))))
    lines = text.splitlines()
    assert lines[0].startswith("File ") and lines[0].endswith("examples_overlay.dcm")
    assert "Transfer syntax                 Explicit VR Little Endian (1.2.840.10008.1.2.1)" in lines
    assert "Rows x columns                  300 x 484" in lines
    assert "Bits allocated/stored/high bit  16/12/11" in lines
    assert "Windows (center/width)          450/790 WINDOW1; 200/443 WINDOW2" in lines
    assert not any(line.startswith("Planar configuration") for line in lines)


def test_format_description_shows_the_pixel_problem():
    text = format_description(describe(instance_from_dataset(image_dataset(b""))))
    assert "Pixel data problem              PixelData is empty (0 bytes)" in text.splitlines()
