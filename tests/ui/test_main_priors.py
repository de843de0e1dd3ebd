"""Priors against a real Orthanc holding a patient's current, prior and older studies (issue 10):
the local list's "other studies" finds them on the archive by C-FIND on Patient ID; "Compare
with prior" retrieves the prior (a Transfers row) and hangs it beside the current study, the
matching series paired, and scrolling one scrolls the other. Driven with keys and the mouse."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from peerkit import orthanc as orthanc_peer
from ui.gui_thread_audit import Audit
from ui.real_input import (choose_in_combo, click, click_item, double_click_item, press,
                           shortcut)
from viewing import prior_builders as pb


@pytest.fixture(scope="module")
def patient(tmp_path_factory):
    return pb.write_patient(tmp_path_factory.mktemp("prior-patient"))


@pytest.fixture(scope="module")
def pacs(patient):
    with orthanc_peer.start(*patient.values(), viewer_aet="GUITEST") as running:
        yield running


def z_of(series) -> list[float]:
    """Each frame's position along the slice normal (z for axial, y for coronal)."""
    import numpy as np

    from viewer.viewing.geometry import stack_planes
    return [float(np.dot(np.abs(p.normal), p.position)) for p in stack_planes(series.frames)]


def nearest(values, wanted) -> int:
    return min(range(len(values)), key=lambda i: abs(values[i] - wanted))


@pytest.fixture
def compared(qtbot, ui, main_env, make_window, pacs, patient):
    """The current study imported, the prior compared from the local list's other studies."""
    pacs.register_destination(ui.AET, main_env.port)
    main_env.add_node("PACS", pacs.aet, pacs.port)
    window = make_window()
    ui.import_study(qtbot, window, patient["current"])
    shortcut(qtbot, window, "Ctrl+1")
    local, panel = window.local, window.priors.local_panel
    click_item(qtbot, local.view, local.proxy.index(0, 0))
    qtbot.waitUntil(lambda: panel.current is not None and panel.current.patient_id ==
                    pb.PATIENT_ID, timeout=10000)
    assert panel.view.topLevelItemCount() == 0  # nothing else local
    with Audit() as audit:  # the GUI thread never waits on the network or the disk
        choose_in_combo(qtbot, panel.node_box, "PACS")
        qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 2, timeout=30000)
        texts = [[panel.view.topLevelItem(r).text(c) for c in range(4)] for r in range(2)]
        assert texts == [["2024-01-15", "CT", "PACS", "CT thorax abdomen"],
                         ["2019-06-01", "MR", "PACS", "MR brain"]]
        qtbot.waitUntil(lambda: panel.status.text() == "3 study(ies) of this patient on PACS",
                        timeout=10000)
        click_item(qtbot, panel.view, panel.view.model().index(0, 0))
        click(qtbot, panel.compare_button)
        retrieve = window.transfers.jobs[-1]
        assert retrieve.kind == "retrieve" and "CT thorax abdomen" in retrieve.title
        qtbot.waitUntil(lambda: window.priors.comparison.studies is not None, timeout=60000)
    assert (retrieve.state, retrieve.completed, retrieve.failed) == ("done", 23, 0)
    assert audit.dispatches > 20 and audit.blocking == []  # (it watched the loop run)
    return window


def test_priors_paired_from_an_orthanc_holding_current_and_prior(qtbot, compared):
    window = compared
    viewer, comparison = window.viewer, window.priors.comparison
    assert window.tabs.currentIndex() == 2 and viewer._layout == (2, 2)
    described = [vp.series.description if vp.series else None for vp in viewer.viewports]
    assert described == ["Chest axial 1.25 mm", "Chest axial 1.25mm",
                         "Chest coronal MPR", "Coronal chest"]
    shown = {comparison._series[p.current].description: comparison._series[p.prior].description
             for p in comparison.pairs}
    assert shown == pb.PAIRS
    # every series of both studies in the strip, the prior's marked with its date
    strip = [viewer.strip.item(i).text() for i in range(viewer.strip.count())]
    assert len(strip) == 7 and sum(t.startswith("Prior 2024-01-15\n") for t in strip) == 4
    # the viewer's own list: the prior is local now, and on the archive
    panel = window.priors.viewer_panel
    qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 2 and
                    panel.view.topLevelItem(0).text(2) == "Local, PACS", timeout=30000)

    # scrolling the current chest stack moves its prior to the slice at the same z
    current, prior = viewer.viewports[0], viewer.viewports[1]
    now, then = z_of(current.series), z_of(prior.series)
    qtbot.mouseClick(current.canvas.viewport(), Qt.MouseButton.LeftButton)
    for _ in range(11):
        press(qtbot, window, Qt.Key.Key_Down)
        assert prior.state.frame == nearest(then, now[current.state.frame])
    assert current.state.frame == 11 and then[prior.state.frame] == now[11] == -45.0
    # and the other way round: the prior scrolled, the current follows
    qtbot.mouseClick(prior.canvas.viewport(), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Up)
    assert now[current.state.frame] == then[prior.state.frame] == -50.0

    # unlinked, the prior is lined up by hand; linked again, that offset holds
    click(qtbot, window.priors.link_box)
    assert not window.priors.link_box.isChecked()
    qtbot.mouseClick(prior.canvas.viewport(), Qt.MouseButton.LeftButton)
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Down)
    assert then[prior.state.frame] == -35.0 and now[current.state.frame] == -50.0  # alone
    click(qtbot, window.priors.link_box)
    qtbot.mouseClick(current.canvas.viewport(), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_Up)
    assert now[current.state.frame] == -55.0 and then[prior.state.frame] == -55.0 + 15


def test_another_current_series_brings_its_prior_beside_it(qtbot, compared):
    window = compared
    viewer = window.viewer
    left, right = viewer.viewports[0], viewer.viewports[1]
    qtbot.mouseClick(left.canvas.viewport(), Qt.MouseButton.LeftButton)
    strip = viewer.strip
    row = next(i for i in range(strip.count())
               if strip.item(i).text().startswith("3: Abdomen axial 5mm"))
    double_click_item(qtbot, strip, strip.model().index(row, 0))
    qtbot.waitUntil(lambda: left.series.description == "Abdomen axial 5mm", timeout=10000)
    assert right.series.description == "ABDOMEN 5.0MM"
    # the prior was scanned PRIOR_SHIFT mm higher: the ranges do not overlap, centres lined up
    now, then = z_of(left.series), z_of(right.series)
    press(qtbot, window, Qt.Key.Key_End)
    assert right.state.frame == len(then) - 1 and now[-1] - now[0] == then[-1] - then[0]


def test_compare_from_the_study_menu_with_nothing_older_says_so(qtbot, ui, main_env,
                                                                 make_window, patient):
    """Only the current study, no archive chosen: Ctrl+Shift+P explains, nothing opens."""
    window = make_window()
    ui.import_study(qtbot, window, patient["current"])
    shortcut(qtbot, window, "Ctrl+1")
    click_item(qtbot, window.local.view, window.local.proxy.index(0, 0))
    qtbot.waitUntil(lambda: window.priors.local_panel.current is not None, timeout=10000)
    shortcut(qtbot, window, "Ctrl+Shift+P")
    qtbot.waitUntil(lambda: bool(window.notices), timeout=10000)
    assert window.notices[-1].text() == ("There is no other study of this patient to compare "
                                         "with.")
    assert window.priors.comparison.studies is None
    press(qtbot, window, Qt.Key.Key_Return)  # opened: beside the viewer the list steps aside
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2
                    and window.priors.viewer_panel.current is not None, timeout=30000)
    qtbot.wait(300)
    assert window.priors.viewer_page.sizes()[1] == 0


def test_a_prior_gone_from_the_archive_is_said_so(qtbot, ui, main_env, make_window, pacs,
                                                 patient):
    """The prior is listed, then deleted on Orthanc before "Compare with prior": the retrieve
    brings nothing, the reader is told, the viewer is left as it was. An archive that does not
    answer is said so in the list, which keeps what is local."""
    pacs.register_destination(ui.AET, main_env.port)
    main_env.add_node("PACS", pacs.aet, pacs.port)
    main_env.add_node("Down", "NOBODY", ui.free_port())
    window = make_window()
    ui.import_study(qtbot, window, patient["current"])
    shortcut(qtbot, window, "Ctrl+1")
    panel = window.priors.local_panel
    click_item(qtbot, window.local.view, window.local.proxy.index(0, 0))
    choose_in_combo(qtbot, panel.node_box, "Down")
    qtbot.waitUntil(lambda: panel.status.text().startswith("The archive could not be asked: "),
                    timeout=30000)
    assert panel.view.topLevelItemCount() == 0 and panel.current is not None
    choose_in_combo(qtbot, panel.node_box, "PACS")
    qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 2, timeout=30000)
    found = pacs.rest("/tools/lookup", pb.study_uid(pb.PRIOR).encode(), "POST")
    pacs.rest(f"/studies/{found[0]['ID']}", method="DELETE")
    try:
        click(qtbot, panel.compare_button)  # nothing selected: the newest older study
        retrieve = window.transfers.jobs[-1]
        assert "CT thorax abdomen" in retrieve.title
        qtbot.waitUntil(lambda: bool(window.notices), timeout=60000)
    finally:
        pacs.load(patient["prior"])
    assert retrieve.state in ("done", "failed") and retrieve.completed == 0, json.dumps(
        [retrieve.state, retrieve.detail])
    assert window.notices[-1].text().startswith("The prior could not be retrieved: ")
    assert window.priors.comparison.studies is None


def test_compare_from_the_viewer_with_a_local_prior(qtbot, ui, main_env, make_window, patient):
    """Current and prior both local, no archive: the study opened with Enter, the viewer's list
    shows the prior as local, Ctrl+Shift+P hangs them without a retrieve."""
    window = make_window()
    ui.import_study(qtbot, window, patient["prior"])
    ui.import_study(qtbot, window, patient["current"])
    shortcut(qtbot, window, "Ctrl+1")
    local = window.local
    row = next(r for r in range(local.proxy.rowCount())
               if local.proxy.index(r, 3).data().startswith("2025-03-10"))
    click_item(qtbot, local.view, local.proxy.index(row, 0))
    press(qtbot, window, Qt.Key.Key_Return)
    panel = window.priors.viewer_panel
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2 and panel.current is not None and
                    panel.current.study_uid == pb.study_uid(pb.CURRENT), timeout=30000)
    qtbot.waitUntil(lambda: panel.view.topLevelItemCount() == 1, timeout=30000)
    assert [panel.view.topLevelItem(0).text(c) for c in range(4)] == [
        "2024-01-15", "CT", "Local", "CT thorax abdomen"]
    assert window.priors.viewer_page.sizes()[1] > 0  # the list opens: there is a prior
    jobs = len(window.transfers.jobs)
    qtbot.mouseClick(window.viewer.active_viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    shortcut(qtbot, window, "Ctrl+Shift+P")
    comparison = window.priors.comparison
    qtbot.waitUntil(lambda: comparison.studies is not None, timeout=30000)
    assert len(window.transfers.jobs) == jobs  # nothing retrieved
    assert comparison.studies[1].study_uid == pb.study_uid(pb.PRIOR)
    assert [vp.series.description for vp in window.viewer.viewports] == [
        "Chest axial 1.25 mm", "Chest axial 1.25mm", "Chest coronal MPR", "Coronal chest"]
