"""Importing files, folders and DICOMDIRs: copies, in place, duplicates, skips, progress."""

import os
import shutil

from pydicom import dcmread
from store_helpers import DICOMDIR, TEST_FILES, check_consistent, copy_tree, write_instance

from viewer.store.importer import ImportProgress


def store_files(archive):
    return sorted(archive.store_dir.glob("*/*/*.dcm"))


def test_folder_import_copies_into_the_layout(archive, ct_series):
    report = archive.import_paths([ct_series[0].parent.parent])
    assert (len(report.imported), report.duplicates, report.skipped) == (12, [], [])
    files = store_files(archive)
    assert len(files) == 12
    for path in files:
        ds = dcmread(path, stop_before_pixels=True)
        assert path.relative_to(archive.store_dir).parts == (
            ds.StudyInstanceUID, ds.SeriesInstanceUID, f"{ds.SOPInstanceUID}.dcm")
    assert sorted(f.read_bytes() for f in files) == sorted(f.read_bytes() for f in ct_series)
    check_consistent(archive.store_dir)


def test_duplicates_keep_one(archive, ct_series, tmp_path):
    twice = copy_tree(ct_series[:3], tmp_path / "again")
    report = archive.import_paths([ct_series[0], ct_series[0].parent, twice])
    assert len(report.imported) == 6
    assert len(report.duplicates) == 3  # the copies in "again"; the repeated path is one source
    again = archive.import_paths([ct_series[0].parent])
    assert (len(again.imported), len(again.duplicates)) == (0, 6)
    assert len(store_files(archive)) == 6
    assert archive.list_studies()[0].number_of_instances == 6


def test_non_dicom_and_broken_files_are_skipped_with_a_reason(archive, ct_series, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "readme.txt").write_text("not dicom")
    (folder / "empty.dcm").write_bytes(b"")
    (folder / "cut.dcm").write_bytes(ct_series[0].read_bytes()[:200])
    write_instance(folder / "evil.dcm", SOPInstanceUID="../../../etc/passwd")
    write_instance(folder / "nostudy.dcm", StudyInstanceUID=None)
    os.mkfifo(folder / "pipe.dcm")
    shutil.copyfile(ct_series[0], folder / "good.dcm")
    report = archive.import_paths([folder, tmp_path / "missing"])
    reasons = {path.name: reason for path, reason in report.skipped}
    assert [p.name for p in report.imported] == ["good.dcm"]
    assert set(reasons) == {"readme.txt", "empty.dcm", "cut.dcm", "evil.dcm", "nostudy.dcm",
                            "pipe.dcm", "missing"}
    assert "not a valid UID" in reasons["evil.dcm"]
    assert "no StudyInstanceUID" in reasons["nostudy.dcm"]
    assert reasons["pipe.dcm"] == "not a regular file"
    assert reasons["missing"] == "no such file or folder"
    assert len(store_files(archive)) == 1
    assert not list(tmp_path.glob("etc*")) and not list(archive.store_dir.rglob("passwd*"))
    check_consistent(archive.store_dir)


def test_dicomdir_import_brings_its_referenced_files(archive):
    report = archive.import_paths([DICOMDIR])
    assert (len(report.imported), report.skipped) == (31, [])
    assert sorted(s.patient_name for s in archive.list_studies()) == [
        "Doe^Archibald", "Doe^Archibald", "Doe^Peter", "Doe^Peter", "Doe^Peter", "Doe^Peter"]
    assert archive.count_instances() == 31


def test_dicomdir_that_is_broken_is_skipped(archive, tmp_path):
    broken = tmp_path / "cd" / "DICOMDIR"
    broken.parent.mkdir()
    data = DICOMDIR.read_bytes()
    broken.write_bytes(data[: len(data) // 3])
    report = archive.import_paths([broken])
    assert report.imported == [] and len(report.skipped) == 1
    assert report.skipped[0][0] == broken


def test_dicomdir_members_missing_on_disk_are_skipped(archive, tmp_path):
    cd = tmp_path / "cd"
    shutil.copytree(DICOMDIR.parent, cd, ignore=shutil.ignore_patterns("TINY_ALPHA"))
    shutil.rmtree(cd / "98892003")
    report = archive.import_paths([cd / "DICOMDIR"])
    assert len(report.imported) + len(report.skipped) == 31
    assert len(report.skipped) == 17
    assert all(reason.endswith("but missing") for _, reason in report.skipped)


def test_in_place_keeps_absolute_paths_and_copies_nothing(archive, ct_series):
    report = archive.import_paths(ct_series[:4], copy=False)
    assert len(report.imported) == 4
    assert store_files(archive) == []
    study = archive.list_studies()[0]
    instances = archive.list_instances(archive.list_series(study.study_uid)[0].series_uid)
    assert sorted(i.path for i in instances) == sorted(p.resolve() for p in ct_series[:4])
    assert not any(i.in_store for i in instances)
    # The same instances copied later are duplicates: one is kept.
    assert len(archive.import_paths(ct_series[:4]).duplicates) == 4


def test_progress_is_yielded_per_file_and_import_can_stop(archive, ct_series):
    job = archive.iter_import([ct_series[0].parent.parent])
    steps = []
    for step in job:
        steps.append(step)
        if step.done == 5:
            break
    assert [s.done for s in steps] == [1, 2, 3, 4, 5]
    assert all(isinstance(s, ImportProgress) and s.total == 12 and s.outcome == "imported"
               for s in steps)
    assert len(job.report.imported) == 5
    assert archive.count_instances() == 5  # stopping flushed what was imported
    check_consistent(archive.store_dir)


def test_cancel_from_the_progress_callback(archive, ct_series):
    job = archive.iter_import(ct_series)
    report = job.run(lambda step: job.cancel() if step.done == 3 else None)
    assert len(report.imported) == 3 and archive.count_instances() == 3


def test_progress_callback(archive, ct_series):
    seen = []
    archive.import_paths(ct_series[:3], progress=seen.append)
    assert [(s.done, s.total) for s in seen] == [(1, 3), (2, 3), (3, 3)]


def test_a_file_the_index_refuses_leaves_no_copy_behind(archive, tmp_path):
    study_a, study_b, series = "1.2.3.1", "1.2.3.2", "1.2.3.3"
    write_instance(tmp_path / "in" / "a.dcm", study=study_a, series=series)
    archive.import_paths([tmp_path / "in" / "a.dcm"])
    clash = write_instance(tmp_path / "in" / "b.dcm", study=study_b, series=series)
    report = archive.import_paths([clash])
    assert report.imported == []
    assert "already belongs to study" in report.skipped[0][1]
    assert len(store_files(archive)) == 1
    assert not (archive.store_dir / study_b).exists() or not any(
        (archive.store_dir / study_b).rglob("*.dcm"))


def test_importing_the_store_itself_changes_nothing(archive, ct_series):
    archive.import_paths(ct_series)
    before = {p: p.stat().st_mtime_ns for p in store_files(archive)}
    report = archive.import_paths([archive.store_dir])
    assert len(report.duplicates) == 12 and report.imported == []
    assert {p: p.stat().st_mtime_ns for p in store_files(archive)} == before


def test_pydicom_samples_import_without_crash(archive):
    report = archive.import_paths([TEST_FILES])
    assert report.imported and report.skipped
    assert len(report.imported) + len(report.duplicates) + len(report.skipped) > 100
    check_consistent(archive.store_dir)
