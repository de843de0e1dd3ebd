"""Opening a study is progressive in the application itself: the first image is shown while the
later files are still being read, then the series' stack grows in place (slider range too).

The reading of the files after the first is held at a gate (a wrapper of the viewer's own header
reader, the real one runs behind it), so "still loading" is a state, not a race.
"""

import threading

import pytest

import viewer.dicom.loader as dicom_loader
from viewer.ui import study_rows as rows

COUNT = 40


@pytest.fixture
def gated_reads(monkeypatch):
    """Every header read after the first waits for ``gate``; ``reads`` counts them."""
    gate = threading.Event()
    reads = []
    real = dicom_loader.read_header

    def read_header(path):
        reads.append(path)
        if len(reads) > 1:
            gate.wait(60)
        return real(path)

    def arm():
        monkeypatch.setattr(dicom_loader, "read_header", read_header)

    yield arm, gate, reads
    gate.set()


def test_open_study_shows_the_first_image_before_the_rest_is_read(qtbot, ui, tmp_path, main_env,
                                                                 make_window, gated_reads):
    arm, gate, reads = gated_reads
    ui.make_series(tmp_path / "ct", "-n", str(COUNT), "--rows", "32", "--cols", "32", "--seed",
                   "51", "--patient-id", "OPEN0001")
    window = make_window()
    ui.import_study(qtbot, window, tmp_path / "ct")  # (opens the imported files too)
    qtbot.waitUntil(lambda: window.operations.opening.is_done and not window.operations.live.busy
                    and window.viewer.active_viewport.frame_count == COUNT, timeout=30000)
    window.viewer.show_series_list([])
    arm()
    assert window.local.select_study(window.local.model.item(0, 0).data(rows.UID_ROLE))
    window.local.open_selected()  # what a double-click does

    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.shown is not None, timeout=30000)
    opening = window.operations.opening
    assert len(reads) == 2  # the first file, and the second one waiting at the gate
    assert not opening.is_done  # the other files are not read yet
    assert viewport.frame_count == 1 and viewport.slider.maximum() == 0
    shown = viewport.ref

    gate.set()
    qtbot.waitUntil(lambda: opening.is_done, timeout=60000)
    qtbot.waitUntil(lambda: viewport.frame_count == COUNT, timeout=30000)
    assert viewport.slider.maximum() == COUNT - 1 and viewport.slider.isVisible()
    # the reader did not move: the series shows the first image of its stack, instance 1 at
    # the head (the stack runs head first, the way its Instance Numbers grow)
    assert viewport.state.frame == 0
    qtbot.waitUntil(lambda: viewport.ref == viewport.series.frames[0], timeout=30000)
    assert viewport.ref.instance.instance_number == 1 and shown == viewport.ref
    assert window.viewer.strip.count() == 1
    assert window.viewer.strip.item(0).text().endswith(f"{COUNT} image(s)")
    assert len(window.operations.live.instances) == COUNT


def test_dropped_folder_shows_its_first_image_before_the_rest_is_read(qtbot, ui, tmp_path,
                                                                    main_env, make_window,
                                                                    gated_reads):
    arm, gate, _reads = gated_reads
    ui.make_series(tmp_path / "ct", "-n", str(COUNT), "--rows", "32", "--cols", "32", "--seed",
                   "52", "--patient-id", "OPEN0002")
    window = make_window()
    arm()  # the import itself reads with the store's header reader: not gated
    window.import_paths([tmp_path / "ct"])  # what a drop and `dicom-viewer PATH` do
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.shown is not None, timeout=60000)
    assert viewport.frame_count == 1  # every other file waits at the gate
    gate.set()
    ui.wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: viewport.frame_count == COUNT, timeout=60000)
    assert window.viewer.strip.count() == 1


def test_load_paths_yields_the_first_object_alone_and_ends_with_every_one(tmp_path):
    from viewing.viewing_builders import write_series

    from viewer.ui import jobs

    write_series(tmp_path, 12)
    (tmp_path / "junk.txt").write_text("not DICOM")
    steps = jobs.load_paths([tmp_path], cancel=threading.Event())
    snapshots = []
    try:
        while True:
            snapshots.append(next(steps))
    except StopIteration as stop:
        series, skipped = stop.value
    assert [len(s.frames) for s in snapshots[0]] == [1]
    assert [len(s.frames) for s in snapshots[-1]] == [12]
    assert series is snapshots[-1] and [s.path for s in skipped] == [str(tmp_path / "junk.txt")]
    cancel = threading.Event()
    cancel.set()
    steps = jobs.load_paths([tmp_path], cancel=cancel)
    assert list(steps) == []
