"""The GUI flow on a DICOMweb archive (Orthanc's DICOMweb plugin, this module's own): search ->
series with their preview images -> retrieve (WADO-RS) with progress to 100 % -> the study in
the local list -> opened -> the viewport shows the pipeline's pixels; Study > Send to (STOW-RS),
then found by QIDO-RS; the fuzzy-matching choice of the query panel."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pydicom
import pytest
from pydicom.uid import generate_uid

sys.path.insert(0, str(Path(__file__).parents[1] / "net"))  # the DICOMweb Orthanc launcher
from dicomweb_orthanc import start_orthanc  # noqa: E402
from test_scp_support import make_ct  # noqa: E402

from viewer.pipeline import render_frame  # noqa: E402
from viewer.ui import study_rows as rows  # noqa: E402


@pytest.fixture(scope="module")
def web_orthanc(tmp_path_factory):
    root = tmp_path_factory.mktemp("gui-dicomweb")
    server = start_orthanc(root / "orthanc")
    study, series = generate_uid(), generate_uid()
    server.upload([make_ct(root / "src", f"{i}.dcm", study=study, series=series, rows=32,
                           InstanceNumber=i + 1, PatientName="WEBFLOW^TEST",
                           PatientID="WEBFLOW1", StudyDescription="web flow")
                   for i in range(3)])
    yield server
    server.stop()


def test_search_retrieve_open_a_dicomweb_study(qtbot, ui, main_env, make_window, web_orthanc):
    main_env.nodes["Web"] = {"kind": "dicomweb", "url": web_orthanc.root}
    main_env.write()
    window = make_window()
    window.query.form.node_box.setCurrentText("Web")
    window.query.form.patient_name.setText("WEBFLOW")  # a trailing * is implied
    window.query.search()
    ui.wait_search(qtbot, window)
    assert not window.query.error_label.text()
    model = window.query.model
    assert ui.table_texts(model) == ["WEBFLOW, TEST"]
    study = model.item(0, 0)

    window.query.view.expand(study.index())  # QIDO-RS series in a worker
    qtbot.waitUntil(lambda: study.child(0, 0) is not None
                    and study.child(0, 0).data(rows.KIND_ROLE) == rows.SERIES, timeout=30000)
    qtbot.waitUntil(lambda: not study.child(0, 0).icon().isNull(), timeout=30000)  # preview

    selection = window.query.view.selectionModel()
    selection.select(study.index(), selection.SelectionFlag.ClearAndSelect
                     | selection.SelectionFlag.Rows)
    window.query.retrieve_selected(open_when_done=True)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    assert (job.completed, job.failed, job.remaining, job.percent) == (3, 0, 0, 100)

    uid = study.data(rows.UID_ROLE)
    qtbot.waitUntil(lambda: window.local.select_study(uid), timeout=30000)
    local = window.local.model.item(0, 0).data(rows.PAYLOAD_ROLE)
    assert (local.patient_id, local.instances, local.series) == ("WEBFLOW1", 3, 1)

    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)  # opened
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.ref is not None and viewport.series is not None
                    and viewport.ref == viewport.series.frames[viewport.state.frame],
                    timeout=30000)
    ds = pydicom.dcmread(viewport.ref.instance.path)
    np.testing.assert_array_equal(viewport.canvas.image_item.image,
                                  render_frame(ds, ds.pixel_array))


def test_send_to_a_dicomweb_archive_stores_the_study_there(qtbot, ui, main_env, make_window,
                                                           web_orthanc, tmp_path):
    from ui.real_input import choose_from_menu, click_item, shortcut
    from viewer.net.nodes import find

    study = generate_uid()
    folder = tmp_path / "to-send"
    for i in range(2):
        make_ct(folder, f"{i}.dcm", study=study, rows=16, PatientID="STOWGUI1",
                PatientName="STOW^GUI")
    main_env.nodes["Web"] = {"kind": "dicomweb", "url": web_orthanc.root}
    main_env.write()
    window = make_window()
    ui.import_study(qtbot, window, folder)
    shortcut(qtbot, window, "Ctrl+1")
    view = window.local.view
    click_item(qtbot, view, view.model().index(0, 0))
    choose_from_menu(qtbot, window, "Study", "Send to", "Web")
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed, job.failed) == ("send", "done", 2, 0), job.detail
    (found,) = find(window.session.node("Web"), {"PatientID": "STOWGUI1"}, "STUDY")
    assert found.StudyInstanceUID == study  # STOW-RS, then found by QIDO-RS


def test_fuzzy_matching_is_offered_for_a_dicomweb_archive_and_asked_for(qtbot, ui, main_env,
                                                                       make_window):
    from urllib.parse import parse_qs, urlsplit

    from PySide6.QtCore import QPoint, Qt
    from test_dicomweb_faults import Server, empty_json  # a server recording each request

    server = Server()
    server.answer = empty_json
    try:
        main_env.nodes["Web"] = {"kind": "dicomweb", "url": server.root}
        main_env.add_node("Dimse", "DIMSEPACS", 11112)
        window = make_window()
        form = window.query.form
        form.node_box.setCurrentText("Dimse")
        assert not form.fuzzy.isVisibleTo(form)  # C-FIND has no fuzzy matching to ask for
        form.node_box.setCurrentText("Web")
        assert form.fuzzy.isVisibleTo(form)
        qtbot.keyClicks(form.patient_name, "yamada")
        for checked, expected in ((False, None), (True, ["true"])):
            if checked:
                indicator = form.fuzzy.rect().left() + 8  # the box, left of the label
                qtbot.mouseClick(form.fuzzy, Qt.MouseButton.LeftButton,
                                 pos=QPoint(indicator, form.fuzzy.height() // 2))
            assert form.fuzzy.isChecked() == checked
            server.requests.clear()
            window.query.search()
            ui.wait_search(qtbot, window)
            assert not window.query.error_label.text()
            query = parse_qs(urlsplit(server.requests[0][0]).query)
            assert query.get("fuzzymatching") == expected
            assert query["PatientName"] == ["yamada*"]
    finally:
        server.close()
