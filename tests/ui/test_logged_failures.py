"""Failures the GUI gets past (a thumbnail that does not render, an unreadable presentation state)
are logged, and the log dock shows the ``viewer`` loggers' warnings, from any thread."""

import logging
import threading

import numpy as np
import pytest

from gsps.gsps_builders import make_gsps, make_image, save
from viewer.store.archive import Archive
from viewer.ui.log_panel import LogPanel
from viewer.ui.thumbnails import thumbnail_array
from viewer.viewing.gsps_store import presentation_states_in_study
from viewing.ui_helpers import load, make_area, wait_shown
from viewing.viewing_builders import ct_dataset, ramp, write


@pytest.fixture
def study(tmp_path):
    """An archive with one image and one presentation state of its study."""
    image = make_image(np.arange(16, dtype=np.uint8).reshape(4, 4), bits=8)
    source = tmp_path / "in"
    source.mkdir()
    save(image, source / "img.dcm")
    save(make_gsps(image, label="FIRST", date="20240101"), source / "ps.dcm")
    with Archive.open(tmp_path / "store") as archive:
        archive.import_paths([source])
        archive.flush(10)
        yield archive, image


def damage(path) -> None:
    """The file in the store is overwritten after it was indexed (a disk error, a user)."""
    with open(path, "r+b") as fh:
        fh.seek(128)
        fh.write(b"JUNK" * 64)


def test_a_corrupt_thumbnail_logs_a_warning(study, caplog):
    archive, image = study
    series_uid = str(image.SeriesInstanceUID)
    assert thumbnail_array(archive, series_uid) is not None
    (stored,) = [i for i in archive.list_instances(series_uid) if i.kind == "image"]
    damage(stored.path)
    with caplog.at_level(logging.WARNING, logger="viewer"):
        assert thumbnail_array(archive, series_uid) is None
    (record,) = [r for r in caplog.records if r.name == "viewer.ui.thumbnails"]
    assert record.levelno == logging.WARNING
    assert series_uid in record.getMessage() and str(stored.path) in record.getMessage()


def test_an_unreadable_presentation_state_is_left_out_with_a_warning(study, caplog):
    archive, image = study
    study_uid = str(image.StudyInstanceUID)
    (state,) = presentation_states_in_study(archive, study_uid)
    damage(state.path)
    with caplog.at_level(logging.WARNING, logger="viewer"):
        assert presentation_states_in_study(archive, study_uid) == []
    (record,) = [r for r in caplog.records if r.name == "viewer.viewing.gsps_store"]
    assert "presentation state left out" in record.getMessage()
    assert str(state.path) in record.getMessage()


def test_a_failing_archive_source_logs_a_warning_and_the_images_still_show(qtbot, tmp_path,
                                                                           caplog):
    write(ct_dataset(ramp(), z=0, number=1), tmp_path / "0001.dcm")
    asked = []

    def source(study_uid):
        asked.append(study_uid)
        raise OSError(5, "Input/output error")

    area = make_area(qtbot)
    area.set_presentation_state_source(source)
    with caplog.at_level(logging.WARNING, logger="viewer"):
        area.show_series_list([s for s in load(tmp_path) if s.frames])
        wait_shown(qtbot, area.active_viewport)
        qtbot.waitUntil(lambda: any(r.name == "viewer.ui.viewing.gsps_controls"
                                    for r in caplog.records), timeout=5000)
    (record,) = [r for r in caplog.records if r.name == "viewer.ui.viewing.gsps_controls"]
    assert record.getMessage() == f"cannot list the presentation states of study {asked[0]}"
    assert isinstance(record.exc_info[1], OSError)
    assert area.presentations.combo.count() == 1  # "None" only


def test_the_log_dock_shows_warnings_logged_in_any_thread(qtbot):
    panel = LogPanel()
    logger = logging.getLogger("viewer")
    before = list(logger.handlers)
    panel.follow_logging(logger)

    def worker():
        logging.getLogger("viewer.somewhere").info("not shown: only warnings and errors")
        logging.getLogger("viewer.somewhere").warning("disk %s is full", "/store")
        try:
            raise OSError(28, "No space left on device")
        except OSError:
            logging.getLogger("viewer.elsewhere").exception("commit failed")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: len(panel.lines()) == 2, timeout=5000)
    first, second = panel.lines()
    assert first.endswith("  warning: viewer.somewhere: disk /store is full")
    assert second.endswith("  error: viewer.elsewhere: commit failed "
                           "(OSError: [Errno 28] No space left on device)")

    gone = []
    panel.destroyed.connect(lambda: gone.append(True))
    panel.deleteLater()
    qtbot.waitUntil(lambda: gone == [True], timeout=5000)
    assert logger.handlers == before  # the panel took its handler with it
