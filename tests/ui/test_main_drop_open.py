"""A dropped folder is shown from where it is at once; the copy into the store follows.

Issue 10 asks for the first image of a 500-slice folder within 150 ms of a drop, File > Open or
``dicom-viewer PATH``: copying the files into the store (fsync each) before showing anything
cannot do that. These tests pin the design that can (benchmarks/gui_open.py measures it): the
viewer reads the dropped files in place, the import starts only once the first image is on its
way, and the stored copies are opened afterwards only when the import found objects that the
in-place reading did not (a zip inside the folder).
"""

import zipfile
from pathlib import Path

from ui.test_main_dnd import drop, mime_of


def shown_paths(window) -> set[Path]:
    return {Path(i.path) for s in window.viewer.strip.series.values() for i in s.instances}


def test_a_dropped_folder_is_shown_from_its_own_files_and_stored_beside(
        qtbot, ui, tmp_path, main_env, make_window):
    ui.make_series(tmp_path / "ct", "-n", "12", "--rows", "32", "--cols", "32", "--seed", "51",
                   "--patient-id", "INPLACE1")
    folder = tmp_path / "ct" / "study0001"
    window = make_window()
    at_first_show = []
    window.operations.seriesReady.connect(
        lambda series, title: at_first_show.append(
            (window.transfers.jobs[-1].completed, getattr(window.transfers.jobs[-1], "worker", None))))
    assert drop(window, mime_of([folder]))
    qtbot.waitUntil(lambda: window.viewer.active_viewport.shown is not None, timeout=30000)
    # the import had not begun when the first series was handed to the viewer
    assert at_first_show == [(0, None)]
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    assert "12 imported" in job.detail
    qtbot.waitUntil(lambda: window.operations.opening.is_done, timeout=30000)
    qtbot.wait(200)  # (an open of the stored copies would start from the import's end)
    paths = shown_paths(window)
    assert len(paths) == 12
    assert all(folder in p.parents for p in paths), "read where they were dropped"
    assert len(at_first_show) == 1, "not opened a second time from the store"
    stored = list(main_env.store.rglob("*.dcm"))
    assert len(stored) == 12
    assert window.viewer.active_viewport.frame_count == 12


def test_a_drop_with_a_zip_opens_the_stored_copies(qtbot, ui, tmp_path, main_env, make_window):
    ui.make_series(tmp_path / "a", "-n", "3", "--rows", "32", "--cols", "32", "--seed", "52",
                   "--patient-id", "INPLACE2")
    ui.make_series(tmp_path / "b", "-n", "4", "--rows", "32", "--cols", "32", "--seed", "53",
                   "--patient-id", "INZIP003")
    dropped = tmp_path / "dropped"
    (tmp_path / "a" / "study0001").rename(dropped)
    with zipfile.ZipFile(tmp_path / "more.zip", "w") as archive:
        for path in sorted((tmp_path / "b").rglob("*.dcm")):
            archive.write(path, path.name)
    window = make_window()
    assert drop(window, mime_of([dropped, tmp_path / "more.zip"]))
    ui.wait_jobs(qtbot, window)
    assert "7 imported" in window.transfers.jobs[-1].detail
    # a zip cannot be read in place: what the import brought is opened once it is indexed
    qtbot.waitUntil(lambda: len(shown_paths(window)) == 7, timeout=30000)
    assert any(main_env.store in p.parents for p in shown_paths(window))  # (the zip's)


def test_an_import_cancelled_before_it_began_stores_nothing(
        qtbot, ui, tmp_path, main_env, make_window):
    ui.make_series(tmp_path / "ct", "-n", "3", "--rows", "32", "--cols", "32", "--seed", "54",
                   "--patient-id", "INPLACE4")
    window = make_window()
    job = window.operations.import_paths([tmp_path / "ct" / "study0001"])
    job.cancelRequested.emit()  # (as the row's Cancel button does, before the event loop ran)
    assert job.state == "cancelled"
    qtbot.waitUntil(lambda: window.viewer.active_viewport.shown is not None, timeout=30000)
    qtbot.wait(300)
    assert job.state == "cancelled"
    assert not list(main_env.store.rglob("*.dcm"))


class _Opening:
    """What _ImportWatch reads of the open worker: is_done and result."""

    def __init__(self, is_done, read=0):
        self.is_done = is_done
        self.result = ([type("S", (), {"instances": [object()] * read})()], [])


class _Report:
    def __init__(self, imported, duplicates=0):
        self.imported, self.duplicates = [None] * imported, [None] * duplicates


def test_the_stored_copies_are_opened_only_for_objects_not_read_in_place():
    from viewer.ui.import_watch import ImportWatch

    watch = ImportWatch("x")
    source = watch.source = _Opening(True, read=5)
    assert watch.shown_from_source(source, _Report(4, 1))
    assert not watch.shown_from_source(source, _Report(6))  # the import found more: reopen
    assert watch.shown_from_source(_Opening(False), _Report(6))  # still reading in place
    assert watch.shown_from_source(_Opening(True), _Report(6))  # the reader opened another
    assert not ImportWatch("y").shown_from_source(source, _Report(1))  # not opened in place
