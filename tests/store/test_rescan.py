"""rescan: the index rebuilt from the files in the store, whatever happened behind its back."""

import os
import shutil
import time

from pydicom import dcmread
from store_helpers import check_consistent, write_instance

from viewer.store import Archive
from viewer.store.layout import instance_relpath


def stored(archive):
    return sorted(archive.store_dir.glob("*/*/*.dcm"))


def test_rows_of_deleted_files_go_and_empty_studies_with_them(archive, ct_series):
    archive.import_paths(ct_series)
    changes = []
    archive.add_listener(changes.append)
    files = stored(archive)
    first_study = files[0].parent.parent
    for path in first_study.rglob("*.dcm"):
        path.unlink()
    files[-1].unlink()
    report = archive.rescan()
    assert (report.removed, report.indexed, report.skipped) == (7, 0, [])
    [left] = archive.list_studies()
    assert left.number_of_instances == 5
    assert first_study.name in set().union(*(c.removed_studies for c in changes))
    check_consistent(archive.store_dir)


def test_files_put_into_the_layout_by_hand_are_indexed(archive, ct_series):
    archive.import_paths(ct_series[:2])
    ds = dcmread(ct_series[2], stop_before_pixels=True)
    rel = instance_relpath(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID)
    shutil.copyfile(ct_series[2], archive.store_dir / rel)
    assert archive.rescan().indexed == 1
    assert archive.count_instances() == 3
    check_consistent(archive.store_dir)


def test_a_lost_index_is_rebuilt_from_the_files_at_open(tmp_path, ct_series):
    store = tmp_path / "store"
    with Archive.open(store) as archive:
        archive.import_paths(ct_series)
    for path in store.glob("index.sqlite*"):
        path.unlink()
    with Archive.open(store) as archive:
        assert archive.recovery.indexed == 12
        assert archive.count_instances() == 12
        assert archive.rescan().indexed == 0  # nothing left to do
    check_consistent(store)


def test_changed_file_is_reindexed(archive, tmp_path):
    path = write_instance(tmp_path / "a.dcm", InstanceNumber=1)
    archive.import_paths([path])
    [target] = stored(archive)
    ds = dcmread(target)
    ds.InstanceNumber = 2
    ds.ImageComments = "edited behind the archive's back"
    ds.save_as(target)
    report = archive.rescan()
    assert report.indexed == 1
    study = archive.list_studies()[0]
    [instance] = archive.list_instances(archive.list_series(study.study_uid)[0].series_uid)
    assert instance.instance_number == 2 and instance.file_size == target.stat().st_size


def test_stale_temporary_files_are_swept_fresh_ones_kept(archive, ct_series):
    archive.import_paths(ct_series[:1])
    folder = stored(archive)[0].parent
    stale, fresh = folder / ".tmp-stale", folder / ".tmp-fresh"
    stale.write_bytes(b"partial")
    fresh.write_bytes(b"being written")
    hour_ago = time.time() - 3600
    os.utime(stale, (hour_ago, hour_ago))
    report = archive.rescan()  # default: only .tmp-* older than 5 minutes
    assert report.swept == 1 and not stale.exists() and fresh.exists()
    assert archive.rescan(tmp_min_age=0).swept == 1 and not fresh.exists()


def test_unreadable_files_in_the_store_are_reported_not_indexed(archive, ct_series):
    archive.import_paths(ct_series[:1])
    folder = stored(archive)[0].parent
    (folder / "1.2.3.dcm").write_bytes(b"garbage")
    (folder / "1.2.4.dcm").write_bytes(ct_series[1].read_bytes()[:-10])
    report = archive.rescan()
    assert sorted(p.name for p, _ in report.skipped) == ["1.2.3.dcm", "1.2.4.dcm"]
    assert archive.count_instances() == 1


def test_rows_of_files_indexed_in_place_that_vanished_go(archive, ct_series, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    copies = [shutil.copy(p, outside / p.name) for p in ct_series[:3]]
    archive.import_paths([outside], copy=False)
    os.unlink(copies[0])
    assert archive.rescan().removed == 1
    assert archive.count_instances() == 2
    check_consistent(archive.store_dir)


def test_folders_and_files_that_are_not_ours_are_left_alone(archive, ct_series):
    archive.import_paths(ct_series[:1])
    (archive.store_dir / "notes.txt").write_text("mine")
    (archive.store_dir / ".hidden").mkdir()
    (archive.store_dir / ".hidden" / "x.dcm").write_bytes(b"x")
    report = archive.rescan(tmp_min_age=0)
    assert (report.indexed, report.removed, report.swept, report.skipped) == (0, 0, 0, [])
    assert (archive.store_dir / "notes.txt").exists()
