"""The whole flow against a real Orthanc: search -> results -> series -> retrieve -> progress to
100 % -> the study in the local list -> opened -> the viewport shows the pipeline's pixels."""

import numpy as np
import pydicom
import pytest

from viewer.pipeline import render_frame
from viewer.ui import study_rows as rows


@pytest.fixture
def orthanc_window(orthanc, main_env, make_window, ui):
    def make(retrieve="move"):
        main_env.add_node("Orthanc", orthanc.aet, orthanc.port, retrieve=retrieve)
        orthanc.register_destination(ui.AET, main_env.port)
        window = make_window()
        assert window.session.listener.listening, window.session.listener.reason
        window.query.form.node_box.setCurrentText("Orthanc")
        return window

    return make


def search(qtbot, ui, window, name):
    window.query.form.patient_name.setText(name)
    window.query.search()
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

    window.query.view.expand(study.index())  # C-FIND SERIES in a worker
    qtbot.waitUntil(lambda: study.child(0, 0).data(rows.KIND_ROLE) == rows.SERIES, timeout=30000)
    assert study.child(0, 8).text() == "6"

    window.query.view.selectionModel().select(
        study.index(), window.query.view.selectionModel().SelectionFlag.ClearAndSelect
        | window.query.view.selectionModel().SelectionFlag.Rows)
    window.query.retrieve_selected(open_when_done=True)
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


def main_store(window):
    return window.session.settings.store


def test_japanese_names_in_results_and_local_list(qtbot, ui, orthanc_window):
    window = orthanc_window()
    search(qtbot, ui, window, "Yamada")
    names = ui.table_texts(window.query.model)
    assert names == ["山田 太郎 (やまだ たろう)"]
    window.query.view.selectAll()
    window.query.retrieve_selected(False)
    ui.wait_jobs(qtbot, window)
    assert window.transfers.jobs[-1].state == "done", window.transfers.jobs[-1].detail
    qtbot.waitUntil(lambda: "山田 太郎 (やまだ たろう)" in ui.table_texts(window.local.model),
                    timeout=30000)
    # the list's free-text search matches the ideographic group too
    window.local.search.setText("山田")
    assert window.local.proxy.rowCount() == 1
    window.local.search.setText("nobody")
    assert window.local.proxy.rowCount() == 0


def test_cancel_a_big_retrieve(qtbot, ui, orthanc_window):
    window = orthanc_window()
    search(qtbot, ui, window, "BIG")
    window.query.view.selectAll()
    window.query.retrieve_selected(False)
    job = window.transfers.jobs[-1]
    qtbot.waitUntil(lambda: job.completed >= 20, timeout=60000)
    job.cancelRequested.emit()
    ui.wait_jobs(qtbot, window)
    assert job.state == "cancelled", (job.state, job.detail)
    assert job.completed < 500
