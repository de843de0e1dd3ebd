"""Opening files, folders and DICOMDIRs: good objects plus a list of what was skipped, and why."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from pydicom.fileset import FileSet

from dicom_builders import image_dataset, sample, write
from viewer.dicom import DicomReadError, Skipped, open_path, open_paths

DICOMDIR_TESTS = Path(sample("DICOMDIR")).parent  # pydicom's dicomdirtests: 31 images


def _folder_with_bad_files(root: Path) -> tuple[list[str], dict[str, str]]:
    good = [write(image_dataset(), root / f"good{n}.dcm") for n in range(3)]
    (root / "sub" / "deeper").mkdir(parents=True)
    good.append(write(image_dataset(), root / "sub" / "deeper" / "IM0001"))
    (root / "notes.txt").write_text("not DICOM\n")
    (root / "sub" / "empty.dcm").write_bytes(b"")
    data = Path(good[0]).read_bytes()
    (root / "sub" / "cut.dcm").write_bytes(data[: len(data) - 10])
    bad = {
        str(root / "notes.txt"): "not a DICOM file (no 'DICM' prefix, no data set)",
        str(root / "sub" / "empty.dcm"): "empty file (0 bytes)",
        str(root / "sub" / "cut.dcm"): "the file is truncated: Pixel Data declares 40 bytes, "
        "the file holds 30",
    }
    return good, bad


def test_folder_yields_the_good_objects_and_lists_the_bad_ones(tmp_path):
    good, bad = _folder_with_bad_files(tmp_path)
    result = open_path(tmp_path)
    assert sorted(i.path for i in result.instances) == sorted(good)
    assert {s.path: s.reason for s in result.skipped} == bad
    assert all(isinstance(s, Skipped) for s in result.skipped)
    assert str(result.skipped[0]) == f"{result.skipped[0].path}: {result.skipped[0].reason}"


def test_progress_is_called_for_every_file(tmp_path):
    good, bad = _folder_with_bad_files(tmp_path)
    seen: list[str] = []
    open_path(tmp_path, progress=seen.append)
    assert sorted(seen) == sorted(good + list(bad))


def test_single_bad_file_given_directly_raises(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(DicomReadError) as err:
        open_path(tmp_path / "notes.txt")
    assert err.value.path == str(tmp_path / "notes.txt")
    with pytest.raises(DicomReadError) as err:
        open_path(tmp_path / "absent")
    assert err.value.reason == "no such file"


def test_single_file():
    result = open_path(sample("CT_small.dcm"))
    assert [i.path for i in result.instances] == [sample("CT_small.dcm")] and not result.skipped


def test_dicomdir_is_expanded_into_the_instances_it_references():
    result = open_path(DICOMDIR_TESTS / "DICOMDIR")
    expected = {str(Path(r.path).resolve()) for r in FileSet(DICOMDIR_TESTS / "DICOMDIR")}
    assert len(expected) == 31
    assert {i.path for i in result.instances} == expected
    assert result.skipped == []


def test_dicomdir_without_pixel_data_instances():
    result = open_path(DICOMDIR_TESTS / "TINY_ALPHA" / "DICOMDIR")
    assert len(result.instances) == 50
    assert all(i.number_of_frames == 0 and i.modality == "CT" for i in result.instances)


def test_dicomdir_with_missing_and_broken_files_skips_them(tmp_path):
    root = tmp_path / "media"
    shutil.copytree(DICOMDIR_TESTS, root, ignore=shutil.ignore_patterns("TINY_ALPHA"))
    records = list(FileSet(root / "DICOMDIR"))
    missing, broken = Path(records[0].path), Path(records[1].path)
    missing.unlink()
    broken.write_bytes(b"garbage" * 10)
    result = open_path(root / "DICOMDIR")
    assert len(result.instances) == 29
    reasons = {Path(s.path): s.reason for s in result.skipped}
    assert reasons == {
        missing: "no such file",
        broken: "not a DICOM file (no 'DICM' prefix, no data set)",
    }


def test_dicomdir_record_pointing_outside_its_folder_is_refused(tmp_path):
    """Referenced File ID 77654033/CR1/6154 patched in place (same length) to ../secret1234.dcm."""
    root = tmp_path / "media"
    shutil.copytree(DICOMDIR_TESTS, root, ignore=shutil.ignore_patterns("TINY_ALPHA"))
    outside = write(image_dataset(), tmp_path / "secret1234.dcm")
    original, hostile = b"77654033\\CR1\\6154", b"..\\secret1234.dcm"
    assert len(original) == len(hostile)
    data = (root / "DICOMDIR").read_bytes()
    (root / "DICOMDIR").write_bytes(data.replace(original, hostile, 1))
    with pytest.raises(DicomReadError) as err:  # pydicom's FileSet refuses the whole DICOMDIR
        open_path(root / "DICOMDIR")
    assert err.value.reason == (
        "cannot read the DICOMDIR: ReferencedFileID ('../secret1234.dcm') "
        "must be inside the DICOMDIR root path"
    )
    walked = open_path(root)  # the folder itself still opens, without the outside file
    assert outside not in {i.path for i in walked.instances} and len(walked.instances) == 31


def test_broken_dicomdir_given_directly_raises():
    with pytest.raises(DicomReadError) as err:
        open_path(DICOMDIR_TESTS / "DICOMDIR-nopatient")
    assert err.value.reason.startswith("cannot read the DICOMDIR: ")


def test_folder_holding_a_dicomdir_loads_each_object_once():
    result = open_path(DICOMDIR_TESTS)
    uids = [i.sop_instance_uid for i in result.instances]
    assert len(uids) == len(set(uids)) == 31 + 50
    assert not any(Path(i.path).name.startswith("DICOMDIR") for i in result.instances)


def test_open_paths_collects_every_problem_and_dedupes(tmp_path):
    good, bad = _folder_with_bad_files(tmp_path)
    result = open_paths([tmp_path, good[0], tmp_path / "absent.dcm", tmp_path / "notes.txt"])
    assert sorted(i.path for i in result.instances) == sorted(good)
    reasons = [(s.path, s.reason) for s in result.skipped]
    assert (str(tmp_path / "absent.dcm"), "no such file") in reasons
    assert reasons.count((str(tmp_path / "notes.txt"), bad[str(tmp_path / "notes.txt")])) == 2


def test_same_sop_instance_uid_in_two_files_is_kept_once(tmp_path):
    ds = image_dataset()
    first = write(ds, tmp_path / "a.dcm")
    second = write(ds, tmp_path / "b.dcm")
    result = open_path(tmp_path)
    assert [i.path for i in result.instances] == [first]
    assert result.skipped == [Skipped(second, f"same SOP Instance UID as {first}")]


def test_symlinked_folders_are_not_followed(tmp_path):
    write(image_dataset(), tmp_path / "a.dcm")
    os.symlink(tmp_path, tmp_path / "loop")
    assert len(open_path(tmp_path).instances) == 1


def test_empty_folder(tmp_path):
    result = open_path(tmp_path)
    assert result.instances == [] and result.skipped == []


def test_progress_callback_can_cancel(tmp_path):
    _folder_with_bad_files(tmp_path)

    class Cancelled(Exception):
        pass

    seen: list[str] = []

    def progress(path: str) -> None:
        seen.append(path)
        if len(seen) == 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        open_paths([tmp_path], progress=progress)
    assert len(seen) == 2
