"""Anonymized copies (PS3.15 E.1 Basic Application Level Confidentiality Profile).

Independent oracles: the output bytes themselves (no identifying string, no original UID),
pydicom reading the copies back (references, pixels), dicom3tools' dciodvfy (no error that the
input did not have) and dicognito's de-identification of the same input (every attribute it
changes, we change or remove too).
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from pydicom import dcmread

from phi_study import GSPS, KO, PHI, write_study
from required_tools import require
from viewer.cli import main
from viewer.share import Anonymizer, anonymize_files


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    return write_study(tmp_path_factory.mktemp("phi") / "in")


@pytest.fixture(scope="module")
def copies(study, tmp_path_factory):
    out = tmp_path_factory.mktemp("anon") / "out"
    assert main(["anonymize", str(study["paths"]["image1"].parent), "-o", str(out)]) == 0
    return {_role(dcmread(p)): p for p in out.rglob("*.dcm")}


def _role(ds) -> str:
    if ds.SOPClassUID == GSPS:
        return "gsps"
    if ds.SOPClassUID == KO:
        return "ko"
    return f"image{ds.InstanceNumber}"


def test_no_identifying_string_and_no_original_uid_left_in_any_byte(study, copies):
    assert sorted(copies) == ["gsps", "image1", "image2", "ko"]
    for path in copies.values():
        data = path.read_bytes()
        for phi in PHI:
            assert phi.encode().lower() not in data.lower(), (path.name, phi)
        for uid in study["uids"]:
            assert uid.encode() not in data, (path.name, uid)
        assert "1.2.840.10008.5.1.4.1.1" in data.decode("latin-1")  # SOP classes kept


def test_references_resolve_to_the_new_uids(copies):
    images = [dcmread(copies[f"image{n}"]) for n in (1, 2)]
    sops = {str(ds.SOPInstanceUID) for ds in images}
    assert images[0].StudyInstanceUID == images[1].StudyInstanceUID
    assert images[0].SeriesInstanceUID == images[1].SeriesInstanceUID
    assert images[0].file_meta.MediaStorageSOPInstanceUID == images[0].SOPInstanceUID
    gsps, ko = dcmread(copies["gsps"]), dcmread(copies["ko"])
    series = gsps.ReferencedSeriesSequence[0]
    assert series.SeriesInstanceUID == images[0].SeriesInstanceUID
    assert {str(i.ReferencedSOPInstanceUID) for i in series.ReferencedImageSequence} == sops
    evidence = ko.CurrentRequestedProcedureEvidenceSequence[0]
    assert evidence.StudyInstanceUID == images[0].StudyInstanceUID == gsps.StudyInstanceUID
    assert {str(i.ReferencedSOPInstanceUID) for i in
            evidence.ReferencedSeriesSequence[0].ReferencedSOPSequence} == sops
    assert {str(c.ReferencedSOPSequence[0].ReferencedSOPInstanceUID)
            for c in ko.ContentSequence if c.ValueType == "IMAGE"} == sops


def test_pixels_identical_and_marks_of_the_profile(study, copies):
    for n in (1, 2):
        copy, original = dcmread(copies[f"image{n}"]), study["objects"][f"image{n}"]
        assert copy.PixelData == original.PixelData
        assert copy.PatientIdentityRemoved == "YES"
        assert [c.CodeValue for c in copy.DeidentificationMethodCodeSequence] == ["113100"]
        assert copy.LongitudinalTemporalInformationModified == "REMOVED"
        assert not copy.PatientName and not copy.StudyDate and not copy.PatientSex
        assert not any(elem.tag.is_private for elem in _walk(copy))


def _walk(ds):
    for elem in ds:
        yield elem
        if elem.VR == "SQ":
            for item in elem.value:
                yield from _walk(item)


def test_dciodvfy_finds_no_error_the_input_did_not_have(study, copies):
    dciodvfy = require("dciodvfy")

    def errors(path: Path) -> set[str]:
        run = subprocess.run([dciodvfy, str(path)], capture_output=True, text=True, timeout=60)
        return {line for line in (run.stdout + run.stderr).splitlines()
                if line.startswith("Error")}

    for role, path in copies.items():
        assert errors(path) <= errors(study["paths"][role]), role


def test_at_least_as_strict_as_dicognito(study, copies):
    """Every attribute dicognito (an independent de-identifier) alters, we alter or remove."""
    from dicognito.anonymizer import Anonymizer as Dicognito

    for role in ("image1", "gsps", "ko"):
        original = dcmread(study["paths"][role])
        theirs = dcmread(study["paths"][role])
        Dicognito(seed="oracle").anonymize(theirs)
        ours = dcmread(copies[role])
        changed = [e.tag for e in original if e.tag in theirs and theirs[e.tag].value != e.value
                   and not e.tag.is_private and e.VR != "SQ"]
        assert changed, role  # the oracle did something
        kept = [original[t].keyword for t in changed
                if t in ours and ours[t].value == original[t].value]
        assert kept == [], role


@pytest.mark.parametrize("option, kept", [
    ("dates", {"StudyDate": "20240102"}),
    ("patient-characteristics", {"PatientSex": "M", "PatientAge": "062Y"}),
])
def test_options_keep_their_attributes_and_are_declared(study, tmp_path, option, kept):
    report = anonymize_files([study["paths"]["image1"]], tmp_path, Anonymizer([option]))
    copy = dcmread(tmp_path / report.written[0])
    assert {k: str(copy.get(k)) for k in kept} == kept
    codes = [c.CodeValue for c in copy.DeidentificationMethodCodeSequence]
    assert codes == ["113100", {"dates": "113106", "patient-characteristics": "113108"}[option]]
    assert "19610315" not in str(copy.get("PatientBirthDate"))


def test_shifted_dates_move_every_object_by_one_offset(study, tmp_path):
    paths = [study["paths"]["image1"], study["paths"]["gsps"]]
    report = anonymize_files(paths, tmp_path, Anonymizer(["shifted-dates"]))
    copies = [dcmread(tmp_path / p) for p in report.written]
    assert {str(c.StudyDate) for c in copies} != {"20240102"}
    assert len({str(c.StudyDate) for c in copies}) == 1
    assert all(c.LongitudinalTemporalInformationModified == "MODIFIED" for c in copies)
    assert re.fullmatch(r"\d{8}", str(copies[0].StudyDate))


def test_clean_descriptors_keeps_the_description_without_the_name(study, tmp_path):
    report = anonymize_files([study["paths"]["image1"]], tmp_path,
                             Anonymizer(["clean-descriptors"]))
    copy = dcmread(tmp_path / report.written[0])
    assert copy.ImageComments == "Overnight note"


def test_burned_in_images_are_flagged_and_skipped_unless_included(study, tmp_path):
    burned, ultrasound = study["objects"]["image1"].copy(), study["objects"]["image2"].copy()
    burned.BurnedInAnnotation = "YES"
    ultrasound.Modality = "US"
    del ultrasound.BurnedInAnnotation
    paths = [tmp_path / "burned.dcm", tmp_path / "us.dcm"]
    burned.save_as(paths[0])
    ultrasound.save_as(paths[1])
    report = anonymize_files(paths, tmp_path / "out", Anonymizer())
    assert report.written == []
    assert [(p.name, "YES" in r or "US" in r) for p, r in report.burned_in] == [
        ("burned.dcm", True), ("us.dcm", True)]
    report = anonymize_files(paths, tmp_path / "out", Anonymizer(), include_burned_in=True)
    assert len(report.written) == 2 and report.burned_in == []


def test_unreadable_input_is_reported_and_the_rest_written(study, tmp_path, capsys):
    broken = tmp_path / "broken.dcm"
    broken.write_bytes(study["paths"]["image1"].read_bytes()[:700])
    out = tmp_path / "out"
    assert main(["anonymize", str(broken), str(study["paths"]["ko"]), "-o", str(out),
                 "--patient-name", "Case^One", "--patient-id", "CASE1"]) == 0
    printed = capsys.readouterr().out
    assert f"skipped {broken}" in printed
    assert "wrote 1 file(s)" in printed and "skipped 1 unreadable" in printed
    (written,) = out.rglob("*.dcm")
    copy = dcmread(written)
    assert (str(copy.PatientName), copy.PatientID) == ("Case^One", "CASE1")
    assert not list(out.rglob(".tmp-*"))


def test_zip_output_is_one_zip_with_the_copies(study, tmp_path, capsys):
    target = tmp_path / "teaching"
    assert main(["anonymize", str(study["paths"]["image1"].parent), "-o", str(target),
                 "--zip"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["teaching.zip"]
    with zipfile.ZipFile(tmp_path / "teaching.zip") as archive:
        names = archive.namelist()
        data = b"".join(archive.read(n) for n in names)
    assert len(names) == 4 and all(re.fullmatch(r"(2\.25\.\d+/){2}2\.25\.\d+\.dcm", n)
                                   for n in names)
    assert b"PID884422" not in data and b"Johnathan" not in data


def test_two_exports_of_one_study_cannot_be_linked_by_uid(study, tmp_path):
    one = anonymize_files([study["paths"]["image1"]], tmp_path / "a", Anonymizer())
    two = anonymize_files([study["paths"]["image1"]], tmp_path / "b", Anonymizer())
    assert one.written != two.written


def test_rt_and_sr_references_share_the_export_mapping():
    """An RT Structure Set's and an SR's references, deep in sequences, get the same new UIDs
    as the objects they reference (one Anonymizer = one export)."""
    from pydicom.dataset import Dataset

    from phi_study import item

    anonymizer = Anonymizer()
    image, frame, study = "1.2.3.4.5.6", "1.2.3.4.9", "1.2.3.4"
    rt = Dataset()
    rt.SOPClassUID, rt.SOPInstanceUID, rt.StudyInstanceUID = "1.2.840.10008.5.1.4.1.1.481.3", \
        "1.2.3.4.7", study
    rt.ReferencedFrameOfReferenceSequence = [item(
        FrameOfReferenceUID=frame, RTReferencedStudySequence=[item(
            ReferencedSOPClassUID="1.2.840.10008.3.1.2.3.1", ReferencedSOPInstanceUID=study,
            RTReferencedSeriesSequence=[item(SeriesInstanceUID="1.2.3.4.8", ContourImageSequence=[
                item(ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2",
                     ReferencedSOPInstanceUID=image)])])])]
    sr = Dataset()
    sr.SOPClassUID, sr.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.88.22", "1.2.3.4.10"
    sr.ContentSequence = [item(ValueType="CONTAINER", ContentSequence=[item(
        ValueType="IMAGE", ReferencedSOPSequence=[item(
            ReferencedSOPClassUID="1.2.840.10008.5.1.4.1.1.2", ReferencedSOPInstanceUID=image)]),
        item(ValueType="UIDREF", UID=frame)])]
    anonymizer.anonymize(rt)
    anonymizer.anonymize(sr)
    frames = rt.ReferencedFrameOfReferenceSequence[0]
    contour = frames.RTReferencedStudySequence[0].RTReferencedSeriesSequence[0] \
        .ContourImageSequence[0]
    tree = sr.ContentSequence[0].ContentSequence
    assert contour.ReferencedSOPInstanceUID == anonymizer.new_uid(image) != image
    assert tree[0].ReferencedSOPSequence[0].ReferencedSOPInstanceUID == anonymizer.new_uid(image)
    assert frames.FrameOfReferenceUID == tree[1].UID == anonymizer.new_uid(frame) != frame
    assert contour.ReferencedSOPClassUID == "1.2.840.10008.5.1.4.1.1.2"  # classes are kept


def test_a_hostile_uid_never_names_a_path_outside_the_output(study, tmp_path):
    """export_zip names members by the files' own UIDs: one that walks up is refused."""
    from viewer.share import export_zip

    hostile = study["objects"]["ko"].copy()
    hostile.SOPInstanceUID = "../../../evil"
    hostile.file_meta.MediaStorageSOPInstanceUID = "1.2.3"
    hostile.save_as(tmp_path / "hostile.dcm")
    report = export_zip([tmp_path / "hostile.dcm", study["paths"]["image1"]],
                        tmp_path / "out.zip")
    assert [p.name for p, _ in report.skipped] == ["hostile.dcm"]
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        assert len(archive.namelist()) == 1 and ".." not in archive.namelist()[0]


def test_the_table_holds_the_standards_rows_and_only_its_codes():
    """A few rows as PS3.15 Table E.1-1 prints them, and no code outside the Table's."""
    from viewer.share.profile import action_for
    from viewer.share.profile_table import BASIC, OPTIONS

    assert {BASIC[0x00100010], BASIC[0x00080050], BASIC[0x0020000D], BASIC[0x00081155],
            BASIC[0x00081140], BASIC[0x00100030]} == {"Z", "U", "X/Z/U*"}
    assert BASIC[0x00100010] == BASIC[0x00080050] == BASIC[0x00100030] == "Z"
    assert set(BASIC.values()) <= {"D", "Z", "X", "U", "Z/D", "X/Z", "X/D", "X/Z/D", "X/Z/U*"}
    assert all(set(column.values()) <= {"K", "C", "X"} for column in OPTIONS.values())
    assert len(BASIC) > 600
    assert action_for(0x00091001) == "X" and action_for(0x60003000) == "X"  # private, overlay
    assert action_for(0x00080016) is None  # SOP Class UID: not in the Table, kept
