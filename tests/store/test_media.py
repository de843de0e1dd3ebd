"""Media export (PS3.11 STD-GEN-CD) checked by dicom3tools dciodvfy, DCMTK dcmmkdir and our import.

The file-set holds a CT, an MR, an SR whose root has a HAS CONCEPT MOD item among CONTAINS
items, a KO, a JPEG 2000 image (decompressed for the profile) and a patient with a Japanese
name in ISO 2022 IR 87 (pydicom's chrH31, which lacks Study Date and Time).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pydicom
import pytest
from pydicom.data import get_charset_files, get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid
from required_tools import require

from viewer.cli import main
from viewer.store import Archive
from viewer.store.media import MediaError, capacity_note, export_media

COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
KEY_OBJECT = "1.2.840.10008.5.1.4.1.1.88.59"


def code(value: str, scheme: str, meaning: str) -> Dataset:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return item


def document(image: Dataset, sop_class: str, title: Dataset, content: list[Dataset]) -> Dataset:
    """An SR-family instance in *image*'s study, with *content* under its root container."""
    ds = Dataset()
    for keyword in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex",
                    "StudyInstanceUID", "StudyDate", "StudyTime", "StudyID", "AccessionNumber",
                    "ReferringPhysicianName"):
        setattr(ds, keyword, image.get(keyword, ""))
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    ds.Modality = "KO" if sop_class == KEY_OBJECT else "SR"
    ds.SeriesInstanceUID, ds.SeriesNumber, ds.InstanceNumber = generate_uid(), 90, 1
    ds.ContentDate, ds.ContentTime = "20240102", "101500"
    ds.Manufacturer = "test"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = [title]
    ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    ds.ContentSequence = content
    ds.ReferencedPerformedProcedureStepSequence = []
    ds.PerformedProcedureCodeSequence = []
    ds.CurrentRequestedProcedureEvidenceSequence = []
    if sop_class == KEY_OBJECT:
        for keyword in ("CompletionFlag", "VerificationFlag", "PerformedProcedureCodeSequence"):
            delattr(ds, keyword)
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID, ds.file_meta.MediaStorageSOPInstanceUID = \
        ds.SOPClassUID, ds.SOPInstanceUID
    return ds


def image_item(image: Dataset, relationship: str = "CONTAINS") -> Dataset:
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = image.SOPClassUID, image.SOPInstanceUID
    item = Dataset()
    item.RelationshipType, item.ValueType, item.ReferencedSOPSequence = relationship, "IMAGE", [ref]
    return item


def text_item(relationship: str, name: Dataset, text: str) -> Dataset:
    item = Dataset()
    item.RelationshipType, item.ValueType = relationship, "TEXT"
    item.ConceptNameCodeSequence, item.TextValue = [name], text
    return item


@pytest.fixture(scope="module")
def sources(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("media-src")
    for name in ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm"):
        shutil.copy(get_testdata_file(name), root / name)
    shutil.copy(get_charset_files("chrH31.dcm")[0], root / "japanese.dcm")
    ct = pydicom.dcmread(root / "CT_small.dcm")
    language = code("121049", "DCM", "Language of Content Item and Descendants")
    modifier = Dataset()
    modifier.RelationshipType, modifier.ValueType = "HAS CONCEPT MOD", "CODE"
    modifier.ConceptNameCodeSequence, modifier.ConceptCodeSequence = [language], \
        [code("en", "RFC5646", "English")]
    finding = text_item("CONTAINS", code("121071", "DCM", "Finding"), "no acute findings")
    sr = document(ct, COMPREHENSIVE_SR, code("18748-4", "LN", "Diagnostic Imaging Report"),
                  [modifier, finding, image_item(ct)])
    sr.save_as(root / "report.dcm", enforce_file_format=True)
    ko = document(ct, KEY_OBJECT, code("113000", "DCM", "Of Interest"), [image_item(ct)])
    ko.save_as(root / "keyobject.dcm", enforce_file_format=True)
    (root / "notes.txt").write_text("not DICOM")
    return root


@pytest.fixture(scope="module")
def exported(sources, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("media") / "CD"
    assert main(["media-export", str(sources), "-o", str(out), "--fileset-id", "TEST CD"]) == 0
    return out


def records(dicomdir: Path) -> list[Dataset]:
    return list(pydicom.dcmread(dicomdir).DirectoryRecordSequence)


def test_dciodvfy_finds_no_error(exported):
    result = subprocess.run([require("dciodvfy"), str(exported / "DICOMDIR")],
                            capture_output=True, text=True)
    assert "BasicDirectory" in result.stderr + result.stdout
    errors = [line for line in (result.stderr + result.stdout).splitlines()
              if line.startswith("Error")]
    assert errors == []


def test_file_ids_and_records(exported):
    files = [p for p in exported.rglob("*") if p.is_file()]
    ids = [p.relative_to(exported).parts for p in files
           if p.name not in ("DICOMDIR", "README.TXT", "INDEX.HTM")]
    assert len(ids) == 6
    for parts in ids:
        assert len(parts) <= 8 and all(len(c) <= 8 and c.isupper() | c.isdigit() for c in parts)
        assert all(set(c) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") for c in parts)
    by_type = {}
    for record in records(exported / "DICOMDIR"):
        by_type.setdefault(record.DirectoryRecordType, []).append(record)
    [sr] = by_type["SR DOCUMENT"]
    assert [i.RelationshipType for i in sr.ContentSequence] == ["HAS CONCEPT MOD"]
    [ko] = by_type["KEY OBJECT DOC"]
    assert "ContentSequence" not in ko
    japanese = next(r for r in by_type["PATIENT"] if r.PatientID == "H31EXAMPLE")
    assert japanese.SpecificCharacterSet == ["", "ISO 2022 IR 87"]
    assert str(japanese.PatientName) == "Yamada^Tarou=山田^太郎=やまだ^たろう"
    assert pydicom.dcmread(exported / "DICOMDIR").FileSetID == "TEST CD"
    for path in files:
        if path.name not in ("README.TXT", "INDEX.HTM"):
            assert pydicom.dcmread(path).file_meta.TransferSyntaxUID == ExplicitVRLittleEndian
    assert "DICOMDIR" in (exported / "README.TXT").read_text()
    index = (exported / "INDEX.HTM").read_text(encoding="utf-8")
    assert "Yamada^Tarou=山田^太郎=やまだ^たろう" in index and index.count("<tr>") == 1 + 6  # header, 6 series


def test_dcmmkdir_accepts_and_agrees(exported, tmp_path):
    """DCMTK checks every file against STD-GEN-CD and writes its own records to compare."""
    theirs = tmp_path / "DICOMDIR"
    folders = sorted(p.name for p in exported.iterdir() if p.is_dir())
    result = subprocess.run([require("dcmmkdir"), "+I", "-nb", "+D", str(theirs), "+r", *folders],
                            cwd=exported, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    keys = ("DirectoryRecordType", "PatientID", "PatientName", "StudyInstanceUID",
            "SeriesInstanceUID", "Modality", "ReferencedFileID", "ReferencedSOPInstanceUIDInFile",
            "ReferencedSOPClassUIDInFile", "InstanceNumber", "ContentDate")

    def summary(path):
        return sorted(tuple(str(r.get(k, "")) for k in keys) for r in records(path))

    assert summary(exported / "DICOMDIR") == summary(theirs)


def test_our_import_reads_it_back(exported, sources, tmp_path):
    with Archive.open(tmp_path / "store") as archive:
        report = archive.import_paths([exported / "DICOMDIR"])
        assert report.skipped == [] and len(report.imported) == 6
        assert archive.flush(30)
        names = {s.patient_name for s in archive.list_studies()}
        uids = {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID
                for p in sources.glob("*.dcm")}
        assert all(archive.has_instance(uid) for uid in uids)
    assert "Yamada^Tarou=山田^太郎=やまだ^たろう" in names


def test_bad_target_and_nothing_left_behind(sources, tmp_path, capsys):
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "x").write_text("keep")
    assert main(["media-export", str(sources), "-o", str(busy)]) == 1
    assert "not an empty folder" in capsys.readouterr().err
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "a.dcm").write_bytes(b"nonsense")
    with pytest.raises(MediaError, match="no DICOM instance"):
        export_media([junk], tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["busy", "junk"]  # no partial folder
    assert [p.name for p in busy.iterdir()] == ["x"]


def test_a_dicomdir_as_input_exports_its_files(exported, tmp_path):
    again = export_media([exported / "DICOMDIR"], tmp_path / "copy")
    assert len(again.written) == 6 and again.skipped == [] and again.duplicates == []
    before = {r.ReferencedSOPInstanceUIDInFile for r in records(exported / "DICOMDIR")
              if "ReferencedSOPInstanceUIDInFile" in r}
    after = {r.ReferencedSOPInstanceUIDInFile for r in records(tmp_path / "copy" / "DICOMDIR")
             if "ReferencedSOPInstanceUIDInFile" in r}
    assert after == before and len(after) == 6


def test_capacity_note():
    assert capacity_note(650 * 1024 * 1024) is None
    assert "fits on a DVD" in capacity_note(800 * 1024 * 1024)
    assert "no single-layer DVD" in capacity_note(5_000_000_000)
