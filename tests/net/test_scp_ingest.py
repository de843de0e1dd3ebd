"""InstanceFiler details the listener tests cannot reach deterministically."""

from viewer.net import scp_ingest
from viewer.net.scp_ingest import InstanceFiler

MIB = 1024 * 1024


def _filer_on_a_disk_with(tmp_path, monkeypatch, free: list, min_free: int) -> tuple:
    filer = InstanceFiler(tmp_path, min_free_bytes=min_free)
    asked = []
    monkeypatch.setattr(filer, "_free_bytes", lambda: (asked.append(free[0]), free[0])[1])
    return filer, asked


def test_free_space_is_asked_once_a_second_while_far_from_the_threshold(tmp_path, monkeypatch):
    free = [100_000 * MIB]
    filer, asked = _filer_on_a_disk_with(tmp_path, monkeypatch, free, min_free=1024 * MIB)
    assert all(filer._space_for(MIB) for _ in range(50))
    assert len(asked) == 1
    filer._free_checked_at -= scp_ingest._RECHECK_S + 0.1  # a second later
    free[0] = 1024 * MIB  # someone else filled the disk meanwhile
    assert not filer._space_for(MIB)
    assert len(asked) == 2


def test_near_the_threshold_every_instance_asks_and_the_last_byte_counts(tmp_path, monkeypatch):
    free = [1024 * MIB + scp_ingest._RECHECK_MARGIN - 3 * MIB]  # within the margin:
    filer, asked = _filer_on_a_disk_with(tmp_path, monkeypatch, free, min_free=1024 * MIB)
    assert filer._space_for(MIB) and filer._space_for(MIB)
    assert len(asked) == 2  # the disk is asked for each instance
    free[0] = 1024 * MIB + MIB - 1
    assert not filer._space_for(MIB) and len(asked) == 3
    free[0] = 1024 * MIB + MIB
    assert filer._space_for(MIB)
