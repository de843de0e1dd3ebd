"""Background jobs reuse their threads: the local archive keeps one SQLite reader connection (two
file descriptors) per thread that ever read, so a thread per job would leak them."""

import os

from viewer.ui import jobs
from viewer.ui.workers import SHARED_THREADS


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_a_hundred_list_reloads_keep_threads_and_descriptors(qtbot, ui, main_env, make_window):
    window = make_window()
    archive = window.session.archive

    def reload():
        worker = window.pool.run(jobs.list_local, archive, name="list-studies")
        qtbot.waitUntil(lambda: worker.is_done, timeout=30000)
        assert worker.error is None and worker.result == []

    for _ in range(5):  # the new window's own services finish opening their files meanwhile
        reload()
    threads, descriptors = SHARED_THREADS.count, open_descriptors()
    for _ in range(100):
        reload()
    assert SHARED_THREADS.count <= threads + 2  # one job at a time: an idle thread takes it
    # a thread per job would leave 2 descriptors each (200); the process's other threads
    # (listener, index writer, an earlier test's window being collected) may move a few
    assert open_descriptors() <= descriptors + 20
