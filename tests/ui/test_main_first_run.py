"""First impressions: an empty local list says what to do (and its button leads to Query /
Retrieve), a search that finds nothing says so, and ``--demo`` opens on the demo archive's
studies."""

from PySide6.QtCore import Qt

from viewer.net.demo_archive import DEMO_NODE_NAME
from viewer.ui.main_window import LOCAL_TAB, QUERY_TAB


def test_an_empty_store_says_how_to_get_studies(qtbot, main_env, make_window):
    window = make_window()
    hint = window.local.empty_hint
    qtbot.waitUntil(hint.isVisible, timeout=30000)
    assert window.tabs.currentIndex() == LOCAL_TAB
    assert "No studies on this workstation yet" in hint.label.text()
    assert "Ctrl+2" in hint.label.text() and "DICOMDIR" in hint.label.text()
    assert hint.geometry() == window.local.view.viewport().rect()  # covers the empty list
    qtbot.mouseClick(hint.button, Qt.MouseButton.LeftButton)
    assert window.tabs.currentIndex() == QUERY_TAB
    assert window.query.form.patient_name.hasFocus()


def test_a_search_that_finds_nothing_says_so(qtbot, ui, main_env, make_window, demo_ct):
    window = make_window()
    ui.import_study(qtbot, window, demo_ct)
    window.tabs.setCurrentIndex(LOCAL_TAB)
    hint = window.local.empty_hint
    assert hint.isHidden()
    qtbot.keyClicks(window.local.search, "nobody")
    assert hint.isVisible()
    assert hint.label.text() == "No studies match “nobody”."
    qtbot.mouseClick(hint.button, Qt.MouseButton.LeftButton)  # "Show all studies"
    assert window.local.search.text() == "" and hint.isHidden()
    assert window.local.proxy.rowCount() == 1


def test_demo_opens_on_the_demo_archive_with_its_studies_listed(qtbot, ui, main_env,
                                                                 make_window):
    window = make_window(demo=True)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == QUERY_TAB, timeout=30000)
    assert window.query.form.node_name() == DEMO_NODE_NAME
    qtbot.waitUntil(lambda: window.query.model.rowCount() >= 2 and window.query._search is None,
                    timeout=60000)
    assert "DEMO, CHEST" in ui.table_texts(window.query.model)
    assert window.local.model.rowCount() == 0  # nothing imported unasked


def test_files_dropped_on_the_empty_list_are_imported(qtbot, ui, main_env, make_window, demo_ct):
    from ui.test_main_dnd import drop, mime_of

    window = make_window()
    hint = window.local.empty_hint
    qtbot.waitUntil(hint.isVisible, timeout=30000)
    assert drop(hint.label, mime_of([demo_ct]))  # reaches the window through the hint
    ui.wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=30000)
    assert hint.isHidden()
