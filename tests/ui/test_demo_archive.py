"""The built-in demo archive (viewer.net.demo_archive, Qt-free) with our own SCUs, and
``dicom-viewer --demo`` in the window: query, retrieve and the Japanese patient."""

import pytest
from PySide6.QtCore import QPoint, Qt

from ui.real_input import double_click_item, search_archive
from viewer.net.common import NetworkError
from viewer.net.demo_archive import DEMO_NODE_NAME, DemoArchive
from viewer.net.demo_data import JAPANESE_NAME, demo_files, ensure_demo_data
from viewer.net.echo import echo
from viewer.net.find import find
from viewer.net.retrieve import retrieve
from viewer.net.scp import StorageSCP
from viewer.ui import study_rows as rows

ME = "DEMOTEST"
CT_STUDY_SIZE = 121


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    return ensure_demo_data(tmp_path_factory.mktemp("demo") / "data")


@pytest.fixture
def scp(tmp_path):
    received = []
    server = StorageSCP(tmp_path / "store", aet=ME, port=0, bind="127.0.0.1",
                        on_stored=lambda path, header: received.append(path))
    server.start()
    server.received = received
    yield server
    server.stop()


@pytest.fixture
def demo(demo_folder, scp):
    archive = DemoArchive(demo_folder, resolve_destination=lambda aet: (
        ("127.0.0.1", scp.address[1]) if aet == ME else None))
    archive.start()
    yield archive
    archive.stop()


def test_demo_data_is_made_once_with_unique_instances(demo_folder):
    files = demo_files(demo_folder)
    assert len(files) >= 130
    assert ensure_demo_data(demo_folder) == demo_folder  # complete: not rebuilt
    from pydicom import dcmread
    uids = [str(dcmread(f, stop_before_pixels=True).SOPInstanceUID) for f in files]
    assert len(set(uids)) == len(uids)


def test_echo_and_studies(demo):
    assert echo(demo.node, ME).status == 0
    studies = list(find(demo.node, {}, "STUDY", calling_aet=ME))
    names = {str(s.PatientName) for s in studies}
    assert {"DEMO^CHEST", JAPANESE_NAME} <= names
    ct = next(s for s in studies if str(s.PatientName) == "DEMO^CHEST")
    assert (ct.ModalitiesInStudy, int(ct.NumberOfStudyRelatedSeries),
            int(ct.NumberOfStudyRelatedInstances)) == ("CT", 3, CT_STUDY_SIZE)


@pytest.mark.parametrize("root, level", [("study", "STUDY"), ("study", "SERIES"),
                                         ("study", "IMAGE"), ("patient", "PATIENT"),
                                         ("patient", "STUDY"), ("patient", "SERIES"),
                                         ("patient", "IMAGE")])
def test_find_at_every_level_of_both_roots(demo, root, level):
    keys = {"PatientID": "DEMO0001"}
    found = list(find(demo.node, keys, level, root=root, calling_aet=ME))
    expected = {"PATIENT": 1, "STUDY": 1, "SERIES": 3, "IMAGE": CT_STUDY_SIZE}[level]
    assert len(found) == expected
    assert all(str(ds.PatientID) == "DEMO0001" for ds in found)


def test_find_matches_japanese_name_wildcards_and_dates(demo):
    by_kanji = list(find(demo.node, {"PatientName": "山田*"}, "STUDY", calling_aet=ME))
    assert by_kanji and all(str(d.PatientName) == JAPANESE_NAME for d in by_kanji)
    none = list(find(demo.node, {"StudyDate": "19000101-19000102"}, "STUDY", calling_aet=ME))
    assert none == []


@pytest.mark.parametrize("method", ["move", "get"])
def test_retrieve_the_ct_study(demo, scp, tmp_path, method):
    study = next(find(demo.node, {"PatientID": "DEMO0001"}, "STUDY", calling_aet=ME))
    steps = list(retrieve(demo.node, {"StudyInstanceUID": study.StudyInstanceUID}, "STUDY",
                          method, calling_aet=ME, store_dir=tmp_path / "got"))
    assert (steps[-1].kind, steps[-1].completed, steps[-1].failed) == ("final", CT_STUDY_SIZE, 0)
    if method == "move":
        assert len(scp.received) == CT_STUDY_SIZE
    else:
        assert len(list((tmp_path / "got").rglob("*.dcm"))) == CT_STUDY_SIZE


def test_move_to_an_unknown_destination_is_refused(demo):
    study = next(find(demo.node, {"PatientID": "DEMO0001"}, "STUDY", calling_aet=ME))
    with pytest.raises(NetworkError, match="0xA801"):
        list(retrieve(demo.node, {"StudyInstanceUID": study.StudyInstanceUID}, "STUDY", "move",
                      calling_aet="STRANGER"))


def test_demo_in_the_window(qtbot, ui, main_env, make_window):
    window = make_window(demo=True)
    assert window.query.form.node_name() == DEMO_NODE_NAME
    assert window.session.demo.node.host == "127.0.0.1"
    search_archive(qtbot, window)  # every study: an empty name matches all
    ui.wait_search(qtbot, window)
    names = ui.table_texts(window.query.model)
    assert "DEMO, CHEST" in names and "山田 太郎 (やまだ たろう)" in names
    header = window.query.view.header()  # a click on a column header sorts by it
    by_name = sorted(names, key=str.casefold)
    for order in (by_name, by_name[::-1]):
        at = QPoint(header.sectionViewportPosition(0) + header.sectionSize(0) // 2,
                    header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
        shown = [window.query.view.model().index(r, 0).data()
                 for r in range(window.query.model.rowCount())]
        assert shown == order
    japanese = [window.query.model.item(r, 0) for r in range(window.query.model.rowCount())
                if window.query.model.item(r, 0).data(rows.PAYLOAD_ROLE).description == "MR HEAD"]
    double_click_item(qtbot, window.query.view, japanese[0].index())  # retrieve and open
    assert window.transfers.jobs
    ui.wait_jobs(qtbot, window)
    assert window.transfers.jobs[-1].state == "done"
    qtbot.waitUntil(lambda: ui.table_texts(window.local.model) == ["山田 太郎 (やまだ たろう)"],
                    timeout=30000)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
