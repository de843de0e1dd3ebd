"""Progressive opening, Qt-free: the first object comes alone, the rest in later batches; junk
and duplicates are reported, never raised; a cancel stops between files."""

import shutil

from viewer.dicom import Skipped
from viewer.viewing.opening import iter_instance_batches
from viewing.viewing_builders import write_series


def test_the_first_object_comes_alone_then_the_rest(tmp_path):
    write_series(tmp_path, 12)
    batches = list(iter_instance_batches([tmp_path], first=1, interval=3600))
    assert [len(instances) for instances, _ in batches] == [1, 11]
    assert batches[0][0][0].path == str(tmp_path / "0001.dcm")


def test_junk_and_duplicates_are_skipped_with_a_reason(tmp_path):
    paths = write_series(tmp_path / "ct", 3)
    (tmp_path / "ct" / "notes.txt").write_text("not DICOM")
    shutil.copy(paths[0], tmp_path / "copy.dcm")  # same SOP Instance UID, another file
    batches = list(iter_instance_batches([tmp_path / "ct", paths[1], tmp_path / "copy.dcm",
                                          tmp_path / "absent.dcm"], interval=3600))
    instances = [i for batch, _ in batches for i in batch]
    skipped = [s for _, batch in batches for s in batch]
    assert [i.path for i in instances] == [str(p) for p in paths]  # paths[1] kept once
    assert all(isinstance(s, Skipped) for s in skipped)
    reasons = {s.path.rsplit("/", 1)[-1]: s.reason for s in skipped}
    assert set(reasons) == {"notes.txt", "copy.dcm", "absent.dcm"}
    assert reasons["copy.dcm"].startswith("same SOP Instance UID")


def test_cancel_stops_between_files(tmp_path):
    write_series(tmp_path, 6)
    read = []

    def cancelled():
        return len(read) >= 2

    for instances, _ in iter_instance_batches([tmp_path], first=1, interval=0,
                                              cancelled=cancelled):
        read.extend(instances)
    assert len(read) == 2
