"""delete_study: files, rows and emptied folders go; files indexed in place stay."""

import subprocess
import sys
import textwrap

from store_helpers import check_consistent, copy_tree

from viewer.store import Archive


def test_delete_study_removes_files_rows_and_folders(archive, ct_series):
    archive.import_paths(ct_series)
    changes = []
    archive.add_listener(changes.append)
    gone, kept = archive.list_studies(patient_id="SYN0001")[0], archive.list_studies(
        patient_id="SYN0002")[0]
    assert archive.delete_study(gone.study_uid) == 6
    assert not (archive.store_dir / gone.study_uid).exists()
    assert [s.study_uid for s in archive.list_studies()] == [kept.study_uid]
    assert len(list((archive.store_dir / kept.study_uid).rglob("*.dcm"))) == 6
    assert gone.study_uid in set().union(*(c.removed_studies for c in changes))
    assert archive.list_studies(patient_name="SYNTHETIC^CT0001") == []
    check_consistent(archive.store_dir)


def test_deleting_an_unknown_study_does_nothing(archive, ct_series):
    archive.import_paths(ct_series[:2])
    assert archive.delete_study("1.2.3.4") == 0
    assert archive.count_instances() == 2


def test_files_indexed_in_place_are_not_deleted(archive, ct_series, tmp_path):
    outside = copy_tree(ct_series[:3], tmp_path / "mine")
    archive.import_paths([outside], copy=False)
    study = archive.list_studies()[0]
    assert archive.delete_study(study.study_uid) == 3
    assert archive.count_instances() == 0
    assert len(list(outside.iterdir())) == 3


CRASH_IN_DELETE = textwrap.dedent("""
    import os, pathlib, sys
    from viewer.store import Archive
    archive = Archive.open(sys.argv[1])
    study = archive.list_studies()[0].study_uid
    real_unlink = pathlib.Path.unlink
    count = 0
    def unlink(self, missing_ok=False):
        global count
        count += 1
        if count == 3:
            os._exit(9)  # the process dies after the rows went, with files half deleted
        real_unlink(self, missing_ok=missing_ok)
    pathlib.Path.unlink = unlink
    archive.delete_study(study)
""")


def test_a_delete_interrupted_by_a_crash_is_finished_at_open(tmp_path, ct_series):
    store = tmp_path / "store"
    with Archive.open(store) as archive:
        archive.import_paths(ct_series[:6])  # one study, six files
        study = archive.list_studies()[0].study_uid
    result = subprocess.run([sys.executable, "-c", CRASH_IN_DELETE, str(store)], timeout=120)
    assert result.returncode == 9
    assert 0 < len(list((store / study).rglob("*.dcm"))) < 6  # really half done
    with Archive.open(store) as archive:
        assert archive.list_studies() == []
    assert not (store / study).exists()  # the deleted study does not come back
    check_consistent(store)


def test_delete_instance_removes_one_file_and_its_row(archive, ct_series):
    archive.import_paths(ct_series[:3])
    study = archive.list_studies()[0]
    series = archive.list_series(study.study_uid)[0]
    first, *rest = archive.list_instances(series.series_uid)
    assert archive.delete_instance(first.sop_instance_uid) == 1
    assert not first.path.exists()
    assert [i.sop_instance_uid for i in archive.list_instances(series.series_uid)] == \
        [i.sop_instance_uid for i in rest]
    assert archive.delete_instance(first.sop_instance_uid) == 0
    check_consistent(archive.store_dir)
