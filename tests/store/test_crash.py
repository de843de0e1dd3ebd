"""The index stays consistent however the process dies (real subprocesses, real SIGKILL)."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from store_helpers import check_consistent, make_series, write_instance

from viewer.store import Archive

IMPORTER = textwrap.dedent("""
    import sys
    from viewer.store import Archive
    archive = Archive.open(sys.argv[1], batch_size=16, max_latency=0.005)
    for step in archive.iter_import([sys.argv[2]]):
        print(step.done, flush=True)
""")

@pytest.fixture(scope="module")
def big_series(tmp_path_factory):
    """300 CT slices of 256x256 (128 KB each): long enough to be killed in the middle."""
    return make_series(tmp_path_factory.mktemp("big"), 300, rows=256)


def run_and_kill(script, store, source, after_lines):
    child = subprocess.Popen([sys.executable, "-c", script, str(store), str(source)],
                             stdout=subprocess.PIPE, text=True)
    lines = 0
    for _ in child.stdout:
        lines += 1
        if lines >= after_lines:
            break
    child.send_signal(signal.SIGKILL)
    child.stdout.close()
    assert child.wait(timeout=60) == -signal.SIGKILL
    return lines


def test_sigkill_during_import_then_reopen(tmp_path, big_series):
    store = tmp_path / "store"
    run_and_kill(IMPORTER, store, big_series[0].parent, after_lines=100)
    with Archive.open(store) as archive:
        assert archive.recovery is not None  # the crash was noticed
        indexed = archive.count_instances()
    conn = check_consistent(store)  # no row without its complete file, no file without row
    assert indexed == len(list(store.glob("*/*/*.dcm"))) >= 100
    conn.close()
    # The import can simply be run again: what made it is a duplicate, the rest comes in.
    with Archive.open(store) as archive:
        report = archive.import_paths([big_series[0].parent])
        assert len(report.imported) + len(report.duplicates) == 300
        assert len(report.duplicates) == indexed
        assert archive.count_instances() == 300
    check_consistent(store)


LEAVE_WITHOUT_CLOSING = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from pydicom import dcmread
    from viewer.store import Archive
    from viewer.store.layout import instance_relpath, write_atomically
    archive = Archive.open(sys.argv[1])
    archive.import_paths([sys.argv[2]])
    archive.flush()
    late = Path(sys.argv[3])
    ds = dcmread(late, stop_before_pixels=True)
    rel = instance_relpath(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID)
    write_atomically(archive.store_dir / rel, late.read_bytes())   # written, never submitted
    (archive.store_dir / rel).with_name(".tmp-left-by-crash").write_bytes(b"half a file")
    os._exit(0)
""")


def test_files_written_but_not_indexed_before_a_crash_are_recovered(tmp_path, ct_series):
    store = tmp_path / "store"
    subprocess.run([sys.executable, "-c", LEAVE_WITHOUT_CLOSING, str(store),
                    str(ct_series[0]), str(ct_series[1])], check=True, timeout=120)
    with Archive.open(store) as archive:
        assert (archive.recovery.indexed, archive.recovery.swept) == (1, 1)
        assert archive.count_instances() == 2
    check_consistent(store)
    with Archive.open(store) as archive:
        assert archive.recovery is None  # the last session closed cleanly: nothing to do


def test_recovery_only_looks_at_folders_touched_by_the_crashed_session(tmp_path, ct_series):
    store = tmp_path / "store"
    with Archive.open(store) as archive:
        archive.import_paths(ct_series[:6])  # study 1, closed cleanly
    old_files = sorted(store.glob("*/*/*.dcm"))
    old_files[0].unlink()  # behind the archive's back, long before the crash
    hour_ago = time.time() - 3600
    os.utime(old_files[0].parent, (hour_ago, hour_ago))
    new = write_instance(tmp_path / "new" / "n.dcm")
    subprocess.run([sys.executable, "-c", LEAVE_WITHOUT_CLOSING, str(store), str(new),
                    str(ct_series[6])], check=True, timeout=120)
    with Archive.open(store) as archive:
        assert archive.recovery.indexed == 1  # the unsubmitted file, in a new folder
        assert archive.count_instances() == 6 + 1 + 1 - 0  # old folder not examined: row kept
        assert archive.rescan().removed == 1  # the full rescan finds the old loss
        assert archive.count_instances() == 7
    check_consistent(store)
