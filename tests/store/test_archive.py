"""The archive's index writer: schema, counts, listeners, threads, refusals, locking."""

import sqlite3
import threading

import pytest
from pydicom import dcmread
from pydicom.uid import generate_uid
from store_helpers import check_consistent, write_instance

from viewer.store import Archive, IndexVersionError, StoreBusyError, StoreError
from viewer.store.layout import instance_relpath, write_atomically
from viewer.store.schema import SCHEMA_VERSION


def place(archive, source):
    """What the Storage SCP does: write the file atomically into the layout; its relative path."""
    ds = dcmread(source, stop_before_pixels=True)
    rel = instance_relpath(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID)
    write_atomically(archive.store_dir / rel, source.read_bytes())
    return rel, ds


def test_new_index_is_versioned_and_uses_wal(archive):
    conn = sqlite3.connect(archive.index_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert archive.index_path == archive.store_dir / "index.sqlite"


def test_submitted_files_are_indexed_with_counts(archive, ct_series):
    for source in ct_series:
        rel, ds = place(archive, source)
        archive.submit(rel, ds)
    archive.flush()
    studies = archive.list_studies()
    assert [(s.patient_id, s.number_of_series, s.number_of_instances, s.modalities)
            for s in studies] == [("SYN0001", 1, 6, ("CT",)), ("SYN0002", 1, 6, ("CT",))] or \
        sorted(s.patient_id for s in studies) == ["SYN0001", "SYN0002"]
    assert all(s.number_of_instances == 6 and s.number_of_series == 1 for s in studies)
    series = archive.list_series(studies[0].study_uid)
    assert [s.number_of_instances for s in series] == [6]
    instances = archive.list_instances(series[0].series_uid)
    assert [i.instance_number for i in instances] == [1, 2, 3, 4, 5, 6]
    assert all(i.in_store and i.path.is_file() and i.file_size == i.path.stat().st_size
               for i in instances)
    check_consistent(archive.store_dir)


def test_writer_reads_the_header_when_no_dataset_is_given(archive, ct_series):
    rel, _ = place(archive, ct_series[0])
    archive.submit(archive.store_dir / rel)  # absolute path inside the store
    archive.flush()
    [instance] = archive.list_instances(archive.list_series(
        archive.list_studies()[0].study_uid)[0].series_uid)
    assert instance.path == archive.store_dir / rel
    conn = sqlite3.connect(archive.index_path)
    assert conn.execute("SELECT path FROM instance").fetchone()[0] == rel.as_posix()


def test_resubmitting_an_instance_replaces_its_row(archive, ct_series):
    rel, ds = place(archive, ct_series[0])
    archive.submit(rel, ds)
    archive.submit(rel, ds)
    archive.flush()
    [study] = archive.list_studies()
    assert study.number_of_instances == 1
    check_consistent(archive.store_dir)


def test_instance_moved_to_another_series_keeps_counts_right(archive, tmp_path):
    study, sop = generate_uid(), generate_uid()
    first = write_instance(tmp_path / "a.dcm", study=study, sop=sop, series=generate_uid())
    second = write_instance(tmp_path / "b.dcm", study=study, sop=sop, series=generate_uid())
    archive.submit(first)
    archive.flush()
    archive.submit(second)
    archive.flush()
    [summary] = archive.list_studies()
    assert (summary.number_of_series, summary.number_of_instances) == (1, 1)
    assert archive.list_series(study)[0].series_uid == dcmread(second).SeriesInstanceUID


def test_rejections_reach_on_done_and_listeners(archive, tmp_path):
    study_a, study_b, series = generate_uid(), generate_uid(), generate_uid()
    good = write_instance(tmp_path / "good.dcm", study=study_a, series=series)
    clash = write_instance(tmp_path / "clash.dcm", study=study_b, series=series)
    text = tmp_path / "notes.dcm"
    text.write_text("not dicom")
    changes, outcomes = [], {}
    archive.add_listener(changes.append)
    for path in (good, clash, text, tmp_path / "gone.dcm"):
        archive.submit(path, on_done=lambda reason, p=path: outcomes.__setitem__(p.name, reason))
    archive.flush()
    assert outcomes["good.dcm"] is None
    assert "already belongs to study" in outcomes["clash.dcm"]
    assert "not a readable DICOM file" in outcomes["notes.dcm"]
    assert "file is gone" in outcomes["gone.dcm"]
    assert {study_a} == set().union(*(c.changed_studies for c in changes))
    assert {p.rpartition("/")[2] for c in changes for p, _ in c.rejected} == {
        "clash.dcm", "notes.dcm", "gone.dcm"}
    assert [s.study_uid for s in archive.list_studies()] == [study_a]


def test_a_failing_listener_does_not_stop_the_writer(archive, tmp_path):
    def broken(change):
        raise RuntimeError("listener bug")

    archive.add_listener(broken)
    archive.submit(write_instance(tmp_path / "a.dcm"))
    archive.flush()
    archive.remove_listener(broken)
    archive.submit(write_instance(tmp_path / "b.dcm"))
    archive.flush()
    assert archive.count_instances() == 2


def test_submit_from_many_threads_while_readers_read(archive, tmp_path):
    files = [write_instance(tmp_path / f"{i}.dcm", study="1.2.3.4", series=f"1.2.3.4.{i % 3}")
             for i in range(60)]
    errors = []

    def reader():
        try:
            for _ in range(30):
                for study in archive.list_studies():
                    assert study.number_of_instances <= 60
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=lambda part=files[i::4]: [archive.submit(p) for p in part])
               for i in range(4)] + [threading.Thread(target=reader) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    archive.flush()
    assert errors == []
    [study] = archive.list_studies()
    assert (study.number_of_series, study.number_of_instances) == (3, 60)


def test_second_writer_is_refused_but_a_reader_is_not(archive, ct_series):
    with pytest.raises(StoreBusyError, match="in use"):
        Archive.open(archive.store_dir)
    rel, ds = place(archive, ct_series[0])
    archive.submit(rel, ds)
    archive.flush()
    with Archive.open(archive.store_dir, readonly=True) as reader:
        assert len(reader.list_studies()) == 1
        with pytest.raises(StoreError, match="read-only"):
            reader.submit(rel)


def test_readonly_open_without_index_fails_clearly(tmp_path):
    with pytest.raises(StoreError, match="no index"):
        Archive.open(tmp_path / "nothing", readonly=True)


def test_closed_archive_refuses_work(tmp_path):
    archive = Archive.open(tmp_path / "store")
    archive.close()
    archive.close()  # twice is fine
    with pytest.raises(StoreError, match="closed"):
        archive.submit(tmp_path / "x.dcm")
    with pytest.raises(StoreError, match="closed"):
        archive.list_studies()


def test_index_from_a_newer_version_is_refused(tmp_path):
    Archive.open(tmp_path / "store").close()
    conn = sqlite3.connect(tmp_path / "store" / "index.sqlite")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(IndexVersionError, match="newer"):
        Archive.open(tmp_path / "store")
    with pytest.raises(IndexVersionError):
        Archive.open(tmp_path / "store", readonly=True)


def test_foreign_sqlite_file_is_refused(tmp_path):
    (tmp_path / "store").mkdir()
    conn = sqlite3.connect(tmp_path / "store" / "index.sqlite")
    conn.execute("CREATE TABLE other (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a store index"):
        Archive.open(tmp_path / "store")


def test_corrupt_index_is_moved_aside_and_rebuilt(tmp_path, ct_series):
    with Archive.open(tmp_path / "store") as archive:
        for source in ct_series[:3]:
            archive.submit(*place(archive, source))
    (tmp_path / "store" / "index.sqlite").write_bytes(b"garbage" * 1000)
    with Archive.open(tmp_path / "store") as archive:
        assert archive.count_instances() == 3
        assert archive.recovery.indexed == 3
    assert len(list((tmp_path / "store").glob("index.sqlite.corrupt-*"))) == 1
    check_consistent(tmp_path / "store")


def test_store_folder_that_cannot_be_created(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StoreError, match="cannot create the store folder"):
        Archive.open(blocker / "store")


def test_a_stream_of_files_is_committed_in_batches_and_a_lone_file_without_flush(tmp_path,
                                                                                  ct_series):
    """The writer collects a burst and commits it in few transactions; a single file is still
    committed on its own (no flush) once nothing more comes."""
    import time

    archive = Archive.open(tmp_path / "store", max_latency=0.2)
    changes = []
    archive.add_listener(changes.append)
    try:
        placed = [place(archive, source) for source in ct_series]
        for rel, ds in placed[:-1]:
            archive.submit(rel, ds)  # well within max_latency of each other
        deadline = time.monotonic() + 20
        while not changes and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(changes) == 1  # one commit for the whole burst
        rel, ds = placed[-1]
        archive.submit(rel, ds)
        while len(changes) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(changes) == 2  # committed without anyone flushing
        assert sum(s.number_of_instances for s in archive.list_studies()) == len(ct_series)
    finally:
        archive.close()
