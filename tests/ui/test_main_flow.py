"""The whole flow against a real Orthanc, driven by keys and mouse: Ctrl+2, type a name, Enter
-> results -> Right expands a study's series -> double-click retrieves -> progress to 100 % ->
the study in the local list -> opened -> the viewport paints the pipeline's pixels. Ctrl+A and
Ctrl+R retrieve a selection; the Cancel button of the transfer stops a big one."""

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import Qt

from ui.painted import assert_painted
from ui.real_input import click, click_item, double_click_item, press, shortcut, type_text
from viewer.pipeline import render_frame
from viewer.ui import study_rows as rows


@pytest.fixture
def orthanc_window(orthanc, main_env, make_window, ui):
    def make(retrieve="move"):
        main_env.add_node("Orthanc", orthanc.aet, orthanc.port, retrieve=retrieve)
        orthanc.register_destination(ui.AET, main_env.port)
        window = make_window()
        assert window.session.listener.listening, window.session.listener.reason
        assert window.query.form.node_name() == "Orthanc"  # the only archive
        return window

    return make


def search(qtbot, ui, window, name):
    """Ctrl+2 puts the cursor in the patient name; type it, press Enter."""
    shortcut(qtbot, window, "Ctrl+2")
    assert window.tabs.currentIndex() == 1 and window.query.form.patient_name.hasFocus()
    type_text(qtbot, window, name)
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.query._search is not None  # Enter started it
    ui.wait_search(qtbot, window)
    assert not window.query.error_label.text()


@pytest.mark.parametrize("method", ["move", "get"])
def test_search_retrieve_open_shows_pipeline_pixels(qtbot, ui, orthanc, orthanc_window, method):
    window = orthanc_window(retrieve=method)
    search(qtbot, ui, window, "flow")  # a trailing * is implied, matching is case-insensitive
    model = window.query.model
    assert ui.table_texts(model) == ["FLOW, TEST"]
    assert window.query.count_label.text().endswith("1")
    study = model.item(0, 0)
    assert ui.table_texts(model, 8) == ["6"]

    view = window.query.view
    click_item(qtbot, view, study.index())
    press(qtbot, window, Qt.Key.Key_Right)  # expands: C-FIND SERIES in a worker
    assert view.isExpanded(study.index())
    qtbot.waitUntil(lambda: study.child(0, 0).data(rows.KIND_ROLE) == rows.SERIES, timeout=30000)
    assert study.child(0, 8).text() == "6"

    double_click_item(qtbot, view, study.index())  # retrieve and open
    assert window.transfers.jobs, "the double-click started no retrieve"
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    assert (job.completed, job.failed, job.remaining, job.percent) == (6, 0, 0, 100)
    assert window.transfers.rows[job].bar.value() == 100

    uid = study.data(rows.UID_ROLE)
    qtbot.waitUntil(lambda: window.local.select_study(uid), timeout=30000)  # no manual refresh
    local = window.local.model.item(0, 0).data(rows.PAYLOAD_ROLE)
    assert (local.patient_id, local.instances, local.series) == ("FLOW0001", 6, 1)

    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)  # opened
    viewer = window.viewer
    viewport = viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.ref is not None and viewport.series is not None
                    and viewport.ref == viewport.series.frames[viewport.state.frame], timeout=30000)
    ref = viewport.ref
    assert ref.instance.path.startswith(str(main_store(window)))
    ds = pydicom.dcmread(ref.instance.path)
    expected = render_frame(ds, ds.pixel_array)
    np.testing.assert_array_equal(viewport.canvas.image_item.image, expected)
    qtbot.mouseClick(viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_T)  # corner text off: it would cover samples
    assert_painted(viewport, expected)


def main_store(window):
    return window.session.settings.store


def test_japanese_names_in_results_and_local_list(qtbot, ui, orthanc_window):
    window = orthanc_window()
    search(qtbot, ui, window, "Yamada")
    names = ui.table_texts(window.query.model)
    assert names == ["山田 太郎 (やまだ たろう)"]
    view = window.query.view
    click_item(qtbot, view, window.query.model.index(0, 0))
    shortcut(qtbot, window, "Ctrl+A")
    shortcut(qtbot, window, "Ctrl+R")
    assert window.transfers.jobs, "Ctrl+R started no retrieve"
    ui.wait_jobs(qtbot, window)
    assert window.transfers.jobs[-1].state == "done", window.transfers.jobs[-1].detail
    qtbot.waitUntil(lambda: "山田 太郎 (やまだ たろう)" in ui.table_texts(window.local.model),
                    timeout=30000)
    assert window.tabs.currentIndex() == 1  # Ctrl+R retrieves without opening
    # the list's free-text search matches the ideographic group too
    shortcut(qtbot, window, "Ctrl+1")
    shortcut(qtbot, window, "Ctrl+F")
    assert window.local.search.hasFocus()
    type_text(qtbot, window, "山田")
    assert window.local.search.text() == "山田" and window.local.proxy.rowCount() == 1
    shortcut(qtbot, window, "Ctrl+F")
    type_text(qtbot, window, "nobody")
    assert window.local.proxy.rowCount() == 0


def test_cancel_a_big_retrieve(qtbot, ui, orthanc_window):
    window = orthanc_window()
    search(qtbot, ui, window, "BIG")
    click_item(qtbot, window.query.view, window.query.model.index(0, 0))
    shortcut(qtbot, window, "Ctrl+R")
    job = window.transfers.jobs[-1]
    qtbot.waitUntil(lambda: job.completed >= 20, timeout=60000)
    click(qtbot, window.transfers.rows[job].cancel_button)
    ui.wait_jobs(qtbot, window)
    assert job.state == "cancelled", (job.state, job.detail)
    assert job.completed < 500
