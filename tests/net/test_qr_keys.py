"""Query keys, character sets, client-side matching and C-GET contexts (no network)."""

from __future__ import annotations

import pytest
from pydicom.dataset import Dataset
from pydicom.uid import ExplicitVRLittleEndian, ImplicitVRLittleEndian, JPEG2000Lossless

from viewer.net.charset import charset_value, query_charset
from viewer.net.qr_contexts import storage_contexts
from viewer.net.qr_match import matches
from viewer.net.query_keys import (DEFAULT_KEYS, check_level, identifier, level_of,
                                   normalize_keys, retrieve_keys, with_defaults)

IHE_STUDY = {"PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate",
             "StudyTime", "AccessionNumber", "StudyDescription", "ModalitiesInStudy",
             "ReferringPhysicianName", "StudyID", "NumberOfStudyRelatedSeries",
             "NumberOfStudyRelatedInstances", "StudyInstanceUID"}


def test_keys_by_keyword_tag_and_sequence_path():
    keys = normalize_keys(["PatientName=SMITH*", "ModalitiesInStudy", "(0008,0020)=20240101-",
                           "00080050=", "ReferencedStudySequence.ReferencedSOPInstanceUID=1.2"])
    assert keys == {"PatientName": "SMITH*", "ModalitiesInStudy": "", "StudyDate": "20240101-",
                    "AccessionNumber": "",
                    "ReferencedStudySequence.ReferencedSOPInstanceUID": "1.2"}
    ds = identifier("STUDY", keys)
    assert ds.QueryRetrieveLevel == "STUDY"
    assert ds.ReferencedStudySequence[0].ReferencedSOPInstanceUID == "1.2"
    assert ds.PatientName == "SMITH*" and ds["ModalitiesInStudy"].value in (None, "", [])


def test_unknown_keyword_is_a_clear_error_with_suggestions():
    with pytest.raises(ValueError, match="unknown DICOM attribute 'PatientNam'.*PatientName"):
        normalize_keys(["PatientNam=X"])
    with pytest.raises(ValueError, match="Rows needs an integer"):
        identifier("IMAGE", normalize_keys(["Rows=big"]))
    with pytest.raises(ValueError, match="not a sequence"):
        identifier("STUDY", normalize_keys(["PatientName.PatientID=1"]))


def test_levels_and_roots():
    assert check_level("series", "study") == "SERIES"
    with pytest.raises(ValueError, match="PATIENT.*study root"):
        check_level("PATIENT", "study")
    with pytest.raises(ValueError, match="unknown query root"):
        check_level("STUDY", "worklist")
    assert level_of("PatientName", "patient") == "PATIENT"
    assert level_of("PatientName", "study") == "STUDY"
    assert level_of("Modality") == "SERIES" and level_of("Rows") == "IMAGE"


def test_default_return_keys_cover_the_ihe_set_and_higher_unique_keys():
    assert IHE_STUDY <= set(with_defaults({}, "STUDY", "study"))
    series = with_defaults({"Modality": "CT"}, "SERIES", "patient")
    assert series["Modality"] == "CT"
    assert {"PatientID", "StudyInstanceUID", "SeriesInstanceUID", "SeriesNumber",
            "SeriesDescription", "NumberOfSeriesRelatedInstances"} <= set(series)
    assert {"SOPInstanceUID", "SOPClassUID", "InstanceNumber"} <= set(DEFAULT_KEYS["IMAGE"])


def test_retrieve_keys_keep_unique_keys_and_report_missing_parents():
    chosen, missing = retrieve_keys("SERIES", {"SeriesInstanceUID": "1.2", "Modality": "CT"},
                                    "patient")
    assert chosen == {"SeriesInstanceUID": "1.2"} and missing == ["PatientID", "StudyInstanceUID"]
    with pytest.raises(ValueError, match="needs StudyInstanceUID"):
        retrieve_keys("STUDY", {"PatientID": "X"}, "study")


def test_specific_character_set_only_when_needed():
    assert query_charset(["SMITH*", ""]) is None
    assert query_charset(["山田*"]) == "ISO_IR 192"
    assert query_charset(["山田*"], "ISO 2022 IR 87") == ["", "ISO 2022 IR 87"]
    assert query_charset(["山田*"], "ISO 2022 IR 6\\ISO 2022 IR 87") == ["", "ISO 2022 IR 87"]
    assert query_charset(["ﾔﾏﾀﾞ*"], "ISO 2022 IR 13") == ["ISO 2022 IR 13", "ISO 2022 IR 87"]
    assert query_charset(["Äneas"], "ISO_IR 100") == "ISO_IR 100"
    with pytest.raises(ValueError, match="cannot be written in the character set ISO_IR 100"):
        query_charset(["山田*"], "ISO_IR 100")
    with pytest.raises(ValueError, match="cannot be written"):
        query_charset(["ﾔﾏﾀﾞ*"], "ISO 2022 IR 87")
    with pytest.raises(ValueError, match="not supported"):
        charset_value("KOI8-R")


def test_japanese_query_value_is_encoded_with_iso_2022_escapes():
    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset

    ds = identifier("STUDY", {"PatientName": "山田*"}, ["", "ISO 2022 IR 87"])
    out = DicomBytesIO()
    out.is_little_endian, out.is_implicit_VR = True, True
    write_dataset(out, ds)
    assert b"\x1b$B;3ED\x1b(B*" in out.getvalue()


def _result(**values) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


@pytest.mark.parametrize("keys, expected", [
    ({"PatientName": "yamada*"}, True),
    ({"PatientName": "*山田*"}, True),
    ({"PatientName": "Suzuki*"}, False),
    ({"StudyDate": "20240101-20241231"}, True),
    ({"StudyDate": "-20231231"}, False),
    ({"StudyDate": "20240102"}, True),
    ({"ModalitiesInStudy": "MR"}, False),
    ({"ModalitiesInStudy": "MR\\CT"}, True),
    ({"StudyTime": "1000-1100"}, True),
    ({"AccessionNumber": "ACC?1"}, True),
    ({"StudyInstanceUID": "1.2\\1.3"}, True),
    ({"StudyInstanceUID": "1.4"}, False),
    ({"NumberOfStudyRelatedInstances": "12"}, True),
    ({"StudyDescription": "CHEST"}, True),  # not returned: cannot judge, keep
])
def test_client_side_matching(keys, expected):
    result = _result(PatientName="Yamada^Tarou=山田^太郎=やまだ^たろう", StudyDate="20240102",
                     StudyTime="103000", ModalitiesInStudy=["CT", "SR"], AccessionNumber="ACC01",
                     StudyInstanceUID="1.3", NumberOfStudyRelatedInstances="12")
    assert matches(result, keys) is expected


def test_get_contexts_uncompressed_first_and_within_128():
    sr = "1.2.840.10008.5.1.4.1.1.88.22"
    odd = "1.2.840.10008.5.1.4.1.1.77.1.4"  # VL Photographic: not in the default list
    contexts, roles = storage_contexts([odd, sr])
    assert len(contexts) <= 127
    classes = [c for c, _ in contexts]
    assert classes[0] == odd and classes[1] == sr
    for cls in set(classes):
        mine = [syntaxes for c, syntaxes in contexts if c == cls]
        assert mine[0] == [ExplicitVRLittleEndian, ImplicitVRLittleEndian]
        assert all(len(s) == 1 for s in mine[1:])
    assert [s for c, s in contexts if c == sr] == [[ExplicitVRLittleEndian, ImplicitVRLittleEndian]]
    assert [JPEG2000Lossless] in [s for c, s in contexts if c == odd]
    assert {r.sop_class_uid for r in roles} == set(classes)
    assert all(r.scp_role for r in roles)
