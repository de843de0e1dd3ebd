"""A study opened while it is being retrieved grows in the viewer without a refresh.

The archive is an in-process pynetdicom Q/R SCP serving the demo CT study (series 1: 1 image,
2: 40, 3: 80). Its C-MOVE sends series 2, waits for the test, sends half of series 3, waits
again, then sends the rest: the test opens the study from the local list after series 2 is
indexed and sees series 3 appear, grow in place (its viewport stays on its image) and series 1
arrive, in the viewer's thumbnail strip.
"""

import threading

import pydicom
import pytest
from PySide6.QtCore import Qt
from pydicom.uid import ExplicitVRLittleEndian
from pynetdicom import build_context, evt
from pynetdicom.sop_class import (CTImageStorage, StudyRootQueryRetrieveInformationModelFind,
                                  StudyRootQueryRetrieveInformationModelMove)

from ui.real_input import double_click_item, press, search_archive, shortcut
from viewer.ui import study_rows as rows

HALF = 30


def by_series(folder):
    found = {}
    for path in sorted(folder.rglob("*.dcm")):
        ds = pydicom.dcmread(path)
        found.setdefault(int(ds.SeriesNumber), []).append(ds)
    for datasets in found.values():
        datasets.sort(key=lambda ds: int(ds.InstanceNumber))
    return found


def on_find(peer, event):
    first = peer.state["series"][2][0]
    ds = pydicom.Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    for keyword in ("PatientName", "PatientID", "StudyInstanceUID", "StudyDate",
                    "StudyDescription"):
        setattr(ds, keyword, getattr(first, keyword, ""))
    ds.NumberOfStudyRelatedInstances = "121"
    yield 0xFF00, ds


def on_move(peer, event):
    series = peer.state["series"]
    phases = [series[2], series[3][:HALF], series[3][HALF:] + series[1]]
    yield "127.0.0.1", peer.state["destination_port"], {
        "contexts": [build_context(CTImageStorage, ExplicitVRLittleEndian)]}
    yield sum(len(p) for p in phases)
    for number, phase in enumerate(phases):
        if number:
            peer.state[f"waiting{number}"] = True
            if not peer.state[f"gate{number}"].wait(60):
                yield 0xA702, None  # the test is gone
                return
        for ds in phase:
            yield 0xFF00, ds


@pytest.fixture
def gated_archive(ui, main_env, demo_ct):
    peer = ui.start_peer("GATED", [StudyRootQueryRetrieveInformationModelFind,
                                   StudyRootQueryRetrieveInformationModelMove],
                         [(evt.EVT_C_FIND, on_find), (evt.EVT_C_MOVE, on_move)],
                         our_requestor=True,
                         series=by_series(demo_ct), destination_port=main_env.port,
                         gate1=threading.Event(), gate2=threading.Event())
    yield peer
    peer.state["gate1"].set()
    peer.state["gate2"].set()
    peer.server.shutdown()


def scroll_by_keys(qtbot, window, count: int) -> None:
    for _ in range(count):
        press(qtbot, window, Qt.Key.Key_Down)


def strip_sizes(viewer) -> list[int]:
    return sorted(len(s.frames) for s in viewer.strip.series.values())


def test_an_open_study_gets_the_series_that_arrive(qtbot, ui, main_env, make_window,
                                                   gated_archive):
    main_env.add_node("Gated", gated_archive.aet, gated_archive.port)
    window = make_window()
    search_archive(qtbot, window, node="Gated")
    ui.wait_search(qtbot, window)
    double_click_item(qtbot, window.query.view, window.query.model.index(0, 0))
    job = window.transfers.jobs[-1]  # "retrieve and open"; the user opens it earlier

    # series 2 is indexed (the archive waits): open the study from the local list
    qtbot.waitUntil(lambda: "waiting1" in gated_archive.state, timeout=30000)
    qtbot.waitUntil(lambda: window.local.model.rowCount() == 1 and window.local.model.item(
        0, 0).data(rows.PAYLOAD_ROLE).instances == 40, timeout=30000)
    shortcut(qtbot, window, "Ctrl+1")
    double_click_item(qtbot, window.local.view, window.local.view.model().index(0, 0))
    viewer = window.viewer
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    qtbot.waitUntil(lambda: strip_sizes(viewer) == [40], timeout=30000)
    first = viewer.viewports[0]
    qtbot.waitUntil(lambda: first.shown is not None, timeout=30000)
    qtbot.mouseClick(first.canvas.viewport(), Qt.MouseButton.LeftButton)
    # CT chest hung it 1x3: soft tissue, the same in the lung window (no lung series yet), a
    # coronal reformat; 2x2: the reader takes over, the fourth viewport waits for a series
    assert [vp.state.preset for vp in viewer.viewports[:2]] == [None, "ct.lung"]
    shortcut(qtbot, window, "Alt+4")
    assert len(viewer.viewports) == 4
    press(qtbot, window, Qt.Key.Key_Home)  # from the first image
    scroll_by_keys(qtbot, window, 25)
    qtbot.waitUntil(lambda: first.ref == first.series.frames[25], timeout=30000)
    shown_first = first.ref
    assert job.state == "running" and viewer.viewports[3].series is None

    gated_archive.state["gate1"].set()  # half of series 3 arrives
    qtbot.waitUntil(lambda: strip_sizes(viewer) == [HALF, 40], timeout=30000)
    second = viewer.viewports[3]  # the empty viewport took the new series
    qtbot.waitUntil(lambda: second.series is not None and len(second.series.frames) == HALF
                    and second.shown is not None, timeout=30000)
    qtbot.mouseClick(second.canvas.viewport(), Qt.MouseButton.LeftButton)
    assert viewer.active_viewport is second
    press(qtbot, window, Qt.Key.Key_S)  # synchronised scrolling off: the first stays put
    assert not viewer.sync_enabled
    press(qtbot, window, Qt.Key.Key_Home)  # from the first image
    scroll_by_keys(qtbot, window, 12)
    qtbot.waitUntil(lambda: second.ref == second.series.frames[12], timeout=30000)
    shown_second = second.ref

    opening = window.operations.opening
    gated_archive.state["gate2"].set()  # the rest of series 3, then series 1
    ui.wait_jobs(qtbot, window)
    assert (job.state, job.completed, job.failed) == ("done", 121, 0), job.detail
    qtbot.waitUntil(lambda: strip_sizes(viewer) == [1, 40, 80], timeout=30000)
    qtbot.waitUntil(lambda: not window.operations.live.busy, timeout=30000)
    assert viewer.strip.count() == 3
    assert [viewer.strip.item(i).text().splitlines()[0] for i in range(3)] == \
        ["2: Axial 5 mm soft tissue", "3: Axial 2.5 mm lung", "1: Topogram"]
    assert first.ref is shown_first and len(first.series.frames) == 40
    assert len(second.series.frames) == 80 and second.ref is shown_second  # the same image
    assert second.series.frames[second.state.frame].instance is shown_second.instance
    assert len(window.operations.live.instances) == 121
    assert window.operations.opening is opening  # not opened again at the end: it grew


def test_a_study_opened_again_gets_no_update_of_its_first_opening(qtbot, main_env, make_window,
                                                                   monkeypatch):
    """A read of the archive started for the first opening of a study ends after the reader
    opened the same study again: its series (built from the first opening's objects) are
    dropped, not handed to the viewer."""
    from viewer.ui import jobs

    window = make_window()
    live = window.operations.live
    gate, started = threading.Event(), threading.Event()

    def gated_update(*args, cancel):
        started.set()
        gate.wait(30)
        return [], [], ["a series built from the first opening"]

    monkeypatch.setattr(jobs, "study_update", gated_update)
    arrived = []
    live.seriesArrived.connect(arrived.append)
    live.follow("1.2.3")
    live.opened("1.2.3", [type("S", (), {"instances": []})()], [])
    live._update()
    qtbot.waitUntil(started.is_set, timeout=10000)
    first_read = live._worker
    live.follow("1.2.3")  # opened again while that read runs
    gate.set()
    qtbot.waitUntil(lambda: first_read.is_done, timeout=10000)  # its result was delivered
    assert arrived == []
