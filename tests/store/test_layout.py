"""write_atomically and the SpareFile the Storage SCP makes ahead."""

import os
import shutil

import pytest

from viewer.store.layout import SpareFile, write_atomically


def _temporaries(root):
    return sorted(p for p in root.rglob(".tmp-*"))


def test_write_atomically_creates_folders_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "a" / "b" / "c.dcm"
    write_atomically(target, [b"ab", memoryview(b"cd"), bytearray(b"ef")], fsync=False)
    assert target.read_bytes() == b"abcdef" and _temporaries(tmp_path) == []


def test_failed_write_leaves_neither_file_nor_temporary(tmp_path):
    def chunks():
        yield b"half"
        raise OSError("disk gone")
    with pytest.raises(OSError):
        write_atomically(tmp_path / "x.dcm", chunks())
    assert list(tmp_path.iterdir()) == []


def test_spare_is_used_in_its_folder_and_removed_elsewhere(tmp_path):
    series = tmp_path / "study" / "series"
    series.mkdir(parents=True)
    spare = SpareFile()
    spare.prepare(series)
    (made,) = _temporaries(tmp_path)
    write_atomically(series / "1.dcm", b"one", fsync=False, spare=spare)
    assert not made.exists() and (series / "1.dcm").read_bytes() == b"one"  # renamed into place
    spare.prepare(series)
    other = tmp_path / "study" / "other"
    write_atomically(other / "2.dcm", b"two", fsync=False, spare=spare)
    assert (other / "2.dcm").read_bytes() == b"two" and _temporaries(tmp_path) == []


def test_spare_whose_folder_was_deleted_still_gets_the_file_written(tmp_path):
    series = tmp_path / "study" / "series"
    series.mkdir(parents=True)
    spare = SpareFile()
    spare.prepare(series)
    shutil.rmtree(tmp_path / "study")  # the study was deleted meanwhile
    write_atomically(series / "1.dcm", b"one", fsync=False, spare=spare)
    assert (series / "1.dcm").read_bytes() == b"one" and _temporaries(tmp_path) == []


def test_closed_spare_is_removed_and_none_is_made_after(tmp_path):
    spare = SpareFile()
    spare.prepare(tmp_path)
    assert len(_temporaries(tmp_path)) == 1
    spare.close()
    spare.prepare(tmp_path)
    assert _temporaries(tmp_path) == [] and spare.take(tmp_path) is None
    assert os.listdir(tmp_path) == []
