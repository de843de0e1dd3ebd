"""What the index takes from a header: decoded names, kinds, and refusals with a reason."""

import os

import pytest
from pydicom import dcmread
from store_helpers import CHARSET_FILES, DICOMDIR, TEST_FILES, write_instance

from viewer.store.header import HeaderError, InstanceHeader, object_kind, read_header


def header_of(path):
    return InstanceHeader.from_dataset(read_header(path))


def test_ct_header_fields(ct_series):
    h = header_of(ct_series[0])
    assert (h.patient_id, h.patient_name, h.birth_date, h.sex) == (
        "SYN0001", "SYNTHETIC^CT0001", "19700101", "O")
    assert (h.study_date, h.study_time, h.accession_number) == ("20240102", "030405", "ACC000001")
    assert (h.modality, h.body_part, h.series_number, h.instance_number) == ("CT", "CHEST", 1, 1)
    assert h.kind == "image"
    assert h.transfer_syntax_uid == "1.2.840.10008.1.2.1"
    assert h.number_of_frames is None


@pytest.mark.parametrize("name, expected", [
    ("chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう"),
    ("chrX1.dcm", "Wang^XiaoDong=王^小東"),
    ("chrRuss.dcm", "Люкceмбypг"),
])
def test_patient_name_is_decoded_with_the_specific_character_set(name, expected):
    assert header_of(CHARSET_FILES / name).patient_name == expected


@pytest.mark.parametrize("sop_class, has_image, kind", [
    ("1.2.840.10008.5.1.4.1.1.2", True, "image"),
    ("1.2.840.10008.5.1.4.1.1.2", False, "image"),  # CT without Rows: still an image class
    ("1.2.840.10008.5.1.4.1.1.11.1", False, "presentation state"),
    ("1.2.840.10008.5.1.4.1.1.88.33", False, "structured report"),
    ("1.2.840.10008.5.1.4.1.1.88.59", False, "key object selection"),
    ("1.2.840.10008.5.1.4.1.1.9.1.1", False, "waveform"),
    ("1.2.840.10008.5.1.4.1.1.104.1", False, "other"),  # encapsulated PDF
    ("1.2.3.4", True, "image"),  # unknown class with an image module
    ("1.2.3.4", False, "other"),
])
def test_object_kind_by_sop_class(sop_class, has_image, kind):
    assert object_kind(sop_class, has_image) == kind


def test_kinds_of_real_files(tmp_path):
    assert header_of(TEST_FILES / "test-SR.dcm").kind == "structured report"
    assert header_of(TEST_FILES / "waveform_ecg.dcm").kind == "waveform"
    ko = write_instance(tmp_path / "ko.dcm", sop_class="1.2.840.10008.5.1.4.1.1.88.59",
                        Modality="KO")
    assert header_of(ko).kind == "key object selection"


def test_malformed_numbers_become_none():
    h = header_of(TEST_FILES / "badVR.dcm")  # NumberOfFrames '1A'
    assert h.number_of_frames is None
    assert h.sop_instance_uid == "1.9.999.999.99.9.9999.9999.20030818153516"


def test_multi_valued_text_is_joined_with_backslash(tmp_path):
    path = write_instance(tmp_path / "a.dcm", StudyDescription=["one", "two"])
    assert header_of(path).study_description == "one\\two"


def test_hostile_long_text_is_cut(tmp_path):
    path = write_instance(tmp_path / "a.dcm", StudyDescription="x" * 60000)
    assert len(header_of(path).study_description) == 1024


@pytest.mark.parametrize("keyword", ["StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID",
                                     "SOPClassUID"])
def test_missing_uid_is_refused(tmp_path, keyword):
    path = write_instance(tmp_path / "a.dcm", **{keyword: None})
    with pytest.raises(HeaderError, match=f"no {keyword}"):
        header_of(path)


@pytest.mark.parametrize("uid", ["../../etc", "1.2.03", "1.2.3.", "1" * 65, "1.2.3/4"])
def test_unsafe_uid_is_refused(tmp_path, uid):
    path = write_instance(tmp_path / "a.dcm", SeriesInstanceUID=uid)
    with pytest.raises(HeaderError, match="not a valid UID"):
        header_of(path)


def test_dicomdir_is_not_an_instance():
    with pytest.raises(HeaderError, match="DICOMDIR"):
        header_of(DICOMDIR)


def test_not_dicom(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")
    with pytest.raises(HeaderError, match="not a readable DICOM file"):
        read_header(path)


def test_no_part10_prefix_is_refused():
    with pytest.raises(HeaderError, match="DICM"):
        read_header(TEST_FILES / "no_meta.dcm")


def test_truncated_header(tmp_path, ct_series):
    data = ct_series[0].read_bytes()
    path = tmp_path / "cut.dcm"
    path.write_bytes(data[:300])
    with pytest.raises(HeaderError):
        header_of(path)


def test_truncated_pixel_data_is_refused(tmp_path, ct_series):
    with pytest.raises(HeaderError, match="truncated: Pixel Data declares 8192 bytes"):
        read_header(TEST_FILES / "MR_truncated.dcm")
    cut = tmp_path / "cut.dcm"
    cut.write_bytes(ct_series[0].read_bytes()[:-1])
    with pytest.raises(HeaderError, match="truncated"):
        read_header(cut)
    whole = tmp_path / "whole.dcm"
    whole.write_bytes(ct_series[0].read_bytes())
    assert read_header(whole).Rows == 16


@pytest.mark.parametrize("name", ["image_dfl.dcm", "MR_small_bigendian.dcm", "MR_small_implicit.dcm",
                                  "JPEG2000.dcm", "SC_rgb_rle_2frame.dcm"])
def test_complete_files_in_other_encodings_pass_the_length_check(name):
    path = TEST_FILES / name
    assert path.is_file(), f"{name} is not among pydicom's bundled test files"
    assert read_header(path).SOPInstanceUID


def test_fifo_and_folder_are_not_read(tmp_path):
    fifo = tmp_path / "pipe.dcm"
    os.mkfifo(fifo)
    with pytest.raises(HeaderError, match="not a regular file"):
        read_header(fifo)
    with pytest.raises(HeaderError, match="not a regular file"):
        read_header(tmp_path)
    with pytest.raises(HeaderError, match="cannot read"):
        read_header(tmp_path / "missing.dcm")


def test_dataset_without_file_meta_has_empty_transfer_syntax(ct_series):
    ds = dcmread(ct_series[0], stop_before_pixels=True)
    del ds.file_meta
    assert InstanceHeader.from_dataset(ds).transfer_syntax_uid == ""
    assert InstanceHeader.from_dataset(ds, "1.2.840.10008.1.2").transfer_syntax_uid == \
        "1.2.840.10008.1.2"


def test_instance_of_the_same_series_takes_the_series_attributes_from_the_one_before():
    from pydicom.dataset import Dataset

    from viewer.store.header import InstanceHeader

    def instance(sop: str, series: str, number: int, name: str) -> Dataset:
        ds = Dataset()
        ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.2", sop
        ds.StudyInstanceUID, ds.SeriesInstanceUID = "1.2.3", series
        ds.PatientName, ds.PatientID, ds.Modality = name, "P1", "CT"
        ds.InstanceNumber, ds.Rows, ds.Columns = number, 2, 2
        return ds

    first = InstanceHeader.from_dataset(instance("1.2.3.4.1", "1.2.3.4", 1, "Yamada^Tarou"),
                                        "1.2.840.10008.1.2.1")
    second_ds = instance("1.2.3.4.2", "1.2.3.4", 2, "Yamada^Tarou")
    second = InstanceHeader.from_dataset(second_ds, "1.2.840.10008.1.2.4.90", first)
    assert second == InstanceHeader.from_dataset(second_ds, "1.2.840.10008.1.2.4.90")
    assert (second.sop_instance_uid, second.instance_number) == ("1.2.3.4.2", 2)
    assert second.transfer_syntax_uid == "1.2.840.10008.1.2.4.90"
    other_ds = instance("1.2.3.5.1", "1.2.3.5", 1, "Suzuki^Hanako")  # another series
    other = InstanceHeader.from_dataset(other_ds, "1.2.840.10008.1.2.1", first)
    assert other.series_uid == "1.2.3.5" and other.patient_name == "Suzuki^Hanako"


def encoded_data_set(path):
    """The data set of *path* as a C-STORE peer sends it: encoded, without file meta."""
    import io

    from pydicom.filebase import DicomBytesIO
    from pydicom.filewriter import write_dataset

    ds = dcmread(path)
    syntax = ds.file_meta.TransferSyntaxUID
    buffer = DicomBytesIO()
    buffer.is_little_endian, buffer.is_implicit_VR = syntax.is_little_endian, syntax.is_implicit_VR
    write_dataset(buffer, ds)
    return io.BytesIO(buffer.getvalue()), str(syntax)


@pytest.mark.parametrize("name", ["CT_small.dcm", "MR_small_bigendian.dcm", "JPEG2000.dcm"])
def test_index_header_reads_what_the_index_takes_and_stops_there(name):
    from pydicom.data import get_testdata_file

    from viewer.store.header import INDEX_STOP_TAG, read_index_header

    path = get_testdata_file(name)
    data_set, syntax = encoded_data_set(path)
    header = read_index_header(data_set, syntax)
    assert max(header.keys()) <= INDEX_STOP_TAG and "PixelData" not in header
    full = read_header(path)
    assert InstanceHeader.from_dataset(header, syntax) == InstanceHeader.from_dataset(full)


def test_index_header_of_a_deflated_data_set_and_of_charset_names():
    from pydicom.uid import DeflatedExplicitVRLittleEndian

    from viewer.store.header import read_index_header

    data_set, syntax = encoded_data_set(CHARSET_FILES / "chrH31.dcm")
    assert InstanceHeader.from_dataset(read_index_header(data_set, syntax)).patient_name == \
        "Yamada^Tarou=山田^太郎=やまだ^たろう"
    import io
    import zlib

    plain, _ = encoded_data_set(TEST_FILES / "CT_small.dcm")  # explicit VR little endian
    packer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    deflated = io.BytesIO(packer.compress(plain.getvalue()) + packer.flush())
    header = read_index_header(deflated, DeflatedExplicitVRLittleEndian)
    assert header.SOPInstanceUID == dcmread(TEST_FILES / "CT_small.dcm").SOPInstanceUID
