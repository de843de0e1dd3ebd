"""The query panel against an in-process pynetdicom archive whose C-FIND is slow (2000 studies,
one every 10 ms): Cancel stops the search at once (the archive gets a C-CANCEL), nothing arrives
after it, and the next search works; Echo answers about the archive chosen."""

import time
from datetime import date, timedelta

import pytest
from pydicom.dataset import Dataset
from PySide6.QtCore import Qt
from pynetdicom import evt
from pynetdicom.sop_class import StudyRootQueryRetrieveInformationModelFind, Verification

from ui.real_input import choose_in_combo, click, click_widget, press, shortcut, type_text

SLOW_COUNT = 2000


def study(i: int, name: str) -> Dataset:
    ds = Dataset()
    ds.QueryRetrieveLevel = "STUDY"
    ds.PatientName = name
    ds.PatientID = f"SLOW{i:04d}"
    ds.StudyInstanceUID = f"1.2.826.0.1.3680043.8.498.77.{i + 1}"
    ds.StudyDate = "20240102"
    ds.StudyDescription = f"study {i}"
    return ds


def on_find(peer, event):
    """QUICK*: three studies at once; anything else: SLOW_COUNT studies, slowly. SERIES level
    (asked when the archive ignores ModalitiesInStudy): one MR series."""
    name = str(event.identifier.get("PatientName", "") or "")
    peer.state.setdefault("identifiers", []).append(event.identifier)
    if event.identifier.QueryRetrieveLevel == "SERIES":  # one MR series in every study
        ds = Dataset()
        ds.QueryRetrieveLevel, ds.Modality = "SERIES", "MR"
        ds.StudyInstanceUID = event.identifier.StudyInstanceUID
        ds.SeriesInstanceUID = ds.StudyInstanceUID + ".1"
        yield 0xFF00, ds
        return
    if name.upper().startswith("QUICK"):
        for i in range(3):
            yield 0xFF00, study(i, f"QUICK^{i}")
        return
    for i in range(SLOW_COUNT):
        if event.is_cancelled:
            peer.state["cancelled_after"] = i
            yield 0xFE00, None
            return
        time.sleep(0.01)
        yield 0xFF00, study(i, f"SLOW^{i:04d}")
    peer.state["completed"] = True


@pytest.fixture
def slow_archive(ui):
    peer = ui.start_peer("SLOWPACS", [Verification, StudyRootQueryRetrieveInformationModelFind],
                         [(evt.EVT_C_FIND, on_find), (evt.EVT_C_ECHO, lambda peer, e: 0x0000)])
    yield peer
    peer.server.shutdown()


def test_cancel_a_slow_search_then_search_again(qtbot, ui, main_env, make_window, slow_archive):
    main_env.add_node("Slow", slow_archive.aet, slow_archive.port)
    window = make_window()
    shortcut(qtbot, window, "Ctrl+2")
    panel = window.query
    choose_in_combo(qtbot, panel.form.node_box, "Slow")
    click(qtbot, panel.form.search_button)
    assert panel.form.cancel_button.isEnabled() and not panel.form.search_button.isEnabled()
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 20, timeout=30000)

    click(qtbot, panel.form.cancel_button)
    shown = panel.model.rowCount()
    assert panel._search is None  # the panel is free at once
    assert panel.form.search_button.isEnabled() and not panel.form.cancel_button.isEnabled()
    assert panel.count_label.text() == f"Studies found: {shown} (search cancelled)"
    qtbot.waitUntil(lambda: "cancelled_after" in slow_archive.state, timeout=30000)
    assert slow_archive.state["cancelled_after"] < SLOW_COUNT and \
        "completed" not in slow_archive.state
    qtbot.waitUntil(lambda: not [w for w in window.pool.running if w.name == "c-find"],
                    timeout=30000)
    assert panel.model.rowCount() == shown  # what was drained after the cancel is not shown
    assert shown < SLOW_COUNT
    assert not panel.error_label.text()

    click_widget(qtbot, panel.form.patient_name)
    type_text(qtbot, window, "quick")
    click(qtbot, panel.form.search_button)
    ui.wait_search(qtbot, window)
    assert ui.table_texts(panel.model) == ["QUICK, 0", "QUICK, 1", "QUICK, 2"]
    assert panel.count_label.text() == "Studies found: 3"


def test_echo_answers_for_the_archive_chosen(qtbot, ui, main_env, make_window, slow_archive):
    main_env.add_node("Slow", slow_archive.aet, slow_archive.port)
    main_env.add_node("Down", "NOBODY", ui.free_port())
    window = make_window()
    form = window.query.form
    shortcut(qtbot, window, "Ctrl+2")
    choose_in_combo(qtbot, form.node_box, "Slow")
    click(qtbot, form.echo_button)
    qtbot.waitUntil(lambda: form.echo_label.text().startswith("OK ("), timeout=30000)
    choose_in_combo(qtbot, form.node_box, "Down")
    assert form.echo_label.text() == ""  # the answer was about the other archive
    click(qtbot, form.echo_button)
    qtbot.waitUntil(lambda: "refused" in form.echo_label.text(), timeout=30000)


def test_an_odd_study_is_reported_and_the_rest_listed(qtbot, main_env, make_window, tmp_path):
    """A study-level search filtered by modality, against an archive that returns no
    ModalitiesInStudy and holds a study without a Study Instance UID: the panel lists the
    matching study and says what it could not list (issue 14)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "net"))
    from strict_archive import StrictArchive
    from test_net_faults import _instances

    from viewer.ui import study_rows as rows

    archive = StrictArchive(_instances(tmp_path))
    try:
        main_env.add_node("Strict", archive.aet, archive.port)
        window = make_window()
        panel = window.query
        panel.form.node_box.setCurrentText("Strict")
        panel.form.modality.setCurrentText("CT")
        panel.form.search_button.click()
        qtbot.waitUntil(lambda: not panel.form.cancel_button.isEnabled(), timeout=30000)
    finally:
        archive.stop()
    assert panel.model.rowCount() == 1
    assert "1.2.826.0.1.3" in panel.model.item(0, 0).data(rows.UID_ROLE)
    assert panel.error_label.text().startswith("Not everything could be listed: skipped a study "
                                               "without a StudyInstanceUID")


def test_every_field_typed_goes_into_the_c_find(qtbot, ui, main_env, make_window,
                                                slow_archive):
    """Patient ID, accession, description, modality and "Last 7 days" filled in with the
    keyboard and the mouse; Enter in the description field searches with all of them."""
    main_env.add_node("Slow", slow_archive.aet, slow_archive.port)
    window = make_window()
    shortcut(qtbot, window, "Ctrl+2")
    form = window.query.form
    type_text(qtbot, window, "quick")  # Ctrl+2 put the cursor in the patient name
    for field, text in ((form.patient_id, "QID7"), (form.accession, "ACC1"),
                        (form.modality.lineEdit(), "mr"), (form.description, "chest")):
        click_widget(qtbot, field)
        type_text(qtbot, window, text)
    choose_in_combo(qtbot, form.date_choice, "Last 7 days")
    click_widget(qtbot, form.description)
    press(qtbot, window, Qt.Key.Key_Return)
    ui.wait_search(qtbot, window)
    sent = [i for i in slow_archive.state["identifiers"] if i.QueryRetrieveLevel == "STUDY"][-1]
    today = date.today()
    week = f"{(today - timedelta(days=6)):%Y%m%d}-{today:%Y%m%d}"
    assert (sent.PatientName, sent.PatientID, sent.AccessionNumber, sent.StudyDescription,
            sent.ModalitiesInStudy, sent.StudyDate) == \
        ("quick*", "QID7", "ACC1", "*chest*", "MR", week)
    # this archive ignored the keys and answered three studies that match none of them: the
    # keys it ignored are applied here
    assert window.query.model.rowCount() == 0 and not window.query.error_label.text()
