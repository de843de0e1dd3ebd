"""Local study actions with real data (the demo CT study, 3 series, 121 files, imported through
the window): send (to an in-process pynetdicom Storage SCP, and to a node that is down), delete
(Del on the selected row, the confirmation answered with a click), export (Ctrl+Shift+E the
displayed frame, Ctrl+E a whole study; the file dialog typed into) and the series thumbnails of
the local list."""

import math
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent, QImage
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox

from ui.real_input import choose_from_menu, click_item, double_click_item, focus, press, shortcut
from viewer.dicom import read_instance
from viewer.export import ExportOptions, render_instance_frame
from viewer.pipeline import render_frame
from viewer.ui import study_rows as rows
from viewer.ui.thumbnails import SIZE

SERIES_SIZES = {1: 1, 2: 40, 3: 80}


def headers(folder: Path) -> list:
    return [pydicom.dcmread(p, stop_before_pixels=True) for p in sorted(folder.rglob("*.dcm"))]


@pytest.fixture
def ct_window(qtbot, ui, main_env, make_window, demo_ct):
    """``make(**nodes)``: a window whose archive holds the demo CT study, selected."""
    def make(**nodes):
        for name, (aet, port) in nodes.items():
            main_env.add_node(name, aet, port)
        window = make_window()
        ui.import_study(qtbot, window, demo_ct)
        uid = window.local.model.item(0, 0).data(rows.UID_ROLE)
        shortcut(qtbot, window, "Ctrl+1")
        view = window.local.view
        click_item(qtbot, view, view.model().index(0, 0))
        assert window.local.selected_study_uids() == [uid]
        return window, uid

    return make


def png_pixels(path: Path) -> np.ndarray:
    """A PNG read by Qt (not by our encoder), as uint8 rows."""
    return qimage_pixels(QImage(str(path)))


def qimage_pixels(image: QImage) -> np.ndarray:
    assert not image.isNull()
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    data = np.frombuffer(image.constBits(), np.uint8, count=stride * height)
    return data.reshape(height, stride)[:, :width].copy()


# --- send -------------------------------------------------------------------------------------

def test_send_a_study_to_a_storage_scp(qtbot, ui, ct_window, storage_sink, demo_ct):
    window, _uid = ct_window(Sink=(storage_sink.aet, storage_sink.port))
    choose_from_menu(qtbot, window, "Study", "Send to", "Sink")
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state) == ("send", "done"), job.detail
    assert (job.completed, job.failed, job.remaining, job.percent) == (121, 0, 0, 100)
    assert window.transfers.rows[job].bar.value() == 100
    expected = sorted(str(ds.SOPInstanceUID) for ds in headers(demo_ct))
    assert sorted(storage_sink.received) == expected
    assert any(line.endswith(f"{job.title}: 121 sent, 0 failed")
               for line in window.log_panel.lines())


def test_send_to_a_node_that_is_down_shows_why(qtbot, ui, ct_window):
    window, _uid = ct_window(Down=("NOBODY", ui.free_port()))
    choose_from_menu(qtbot, window, "Study", "Send to", "Down")
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed) == ("send", "failed", 0)
    assert "connection refused" in job.detail, job.detail
    row = window.transfers.rows[job]
    assert row.detail.text() == job.detail and not row.detail.isHidden()
    assert row.cancel_button.text() == "Failed" and not row.cancel_button.isEnabled()
    assert (row.bar.maximum(), row.bar.value()) == (100, 0)  # not busy any more
    assert any(job.detail in line for line in window.log_panel.lines())


# --- delete -----------------------------------------------------------------------------------

def answer(qtbot, window, button) -> None:
    qtbot.waitUntil(lambda: window.study_actions.dialog is not None, timeout=5000)
    box = window.study_actions.dialog
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert "DEMO, CHEST" in box.text()
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Delete"
    qtbot.mouseClick(box.button(button), Qt.MouseButton.LeftButton)
    assert window.study_actions.dialog is None


def test_delete_asks_then_removes_files_rows_and_the_open_view(qtbot, ui, ct_window):
    window, uid = ct_window()
    archive = window.session.archive
    files = [i.path for s in archive.list_series(uid) for i in archive.list_instances(s.series_uid)]
    assert len(files) == 121 and all(p.exists() for p in files)
    press(qtbot, window, Qt.Key.Key_Return)  # the study is open in the viewer while deleted
    qtbot.waitUntil(lambda: window.operations.live.study_uid == uid
                    and window.operations.live._ready, timeout=30000)

    shortcut(qtbot, window, "Ctrl+1")
    assert focus(qtbot, window) is window.local.view
    press(qtbot, window, Qt.Key.Key_Delete)
    answer(qtbot, window, QMessageBox.StandardButton.Cancel)
    qtbot.wait(300)  # nothing may happen: give a wrong delete its chance
    assert all(p.exists() for p in files) and window.local.model.rowCount() == 1

    label = window.local.label_of(window.local.selected_rows()[0])
    assert label.startswith("DEMO, CHEST – ") and label.endswith(" – CT CHEST WITHOUT CONTRAST")
    assert focus(qtbot, window) is window.local.view
    press(qtbot, window, Qt.Key.Key_Delete)
    answer(qtbot, window, QMessageBox.StandardButton.Yes)
    qtbot.waitUntil(lambda: window.local.model.rowCount() == 0, timeout=30000)  # no refresh
    assert not any(p.exists() for p in files)
    assert archive.list_studies() == [] and archive.list_series(uid) == []
    assert window.local.count_label.text() == "Studies: 0"
    qtbot.waitUntil(lambda: any(line.endswith(f"Deleted {label} (121 instance(s))")
                                for line in window.log_panel.lines()), timeout=5000)
    assert window.local.series_list.count() == 0
    assert window.operations.live.study_uid is None
    assert window.viewer.strip.count() == 0
    assert all(vp.series is None for vp in window.viewer.viewports)


# --- export -----------------------------------------------------------------------------------

def save_as(qtbot, window, path: Path) -> None:
    """Answer the file dialog: type the path into its name field, press Enter."""
    qtbot.waitUntil(lambda: window.study_actions.dialog is not None, timeout=5000)
    dialog = window.study_actions.dialog
    name = dialog.findChild(QLineEdit, "fileNameEdit")
    qtbot.waitUntil(lambda: dialog.isVisible() and name.hasFocus(), timeout=5000)
    name.selectAll()
    qtbot.keyClicks(name, str(path))
    qtbot.keyClick(name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.study_actions.dialog is None, timeout=5000)


def test_export_the_displayed_frame_equals_the_pipeline(qtbot, ui, ct_window, tmp_path):
    window, _uid = ct_window()
    press(qtbot, window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)
    qtbot.waitUntil(lambda: window.viewer.strip.count() == 3, timeout=30000)
    strip = window.viewer.strip
    row = next(i for i in range(strip.count()) if strip.item(i).text().startswith("2:"))
    double_click_item(qtbot, strip, strip.model().index(row, 0))  # the 40-image series
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.series is not None and len(viewport.series.frames) == 40
                    and viewport.shown is not None, timeout=30000)
    qtbot.mouseClick(viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    for _ in range(7):
        press(qtbot, window, Qt.Key.Key_Down)
    press(qtbot, window, Qt.Key.Key_4)  # lung preset
    qtbot.waitUntil(lambda: viewport.ref == viewport.series.frames[7]
                    and viewport.current_window() == (-600.0, 1500.0), timeout=30000)
    shortcut(qtbot, window, "Ctrl+Shift+E")
    out = tmp_path / "frame.png"
    with qtbot.waitSignal(window.operations.statusMessage, timeout=30000,
                          check_params_cb=lambda text: text == f"Saved {out}"):
        save_as(qtbot, window, out)
    written = png_pixels(out)
    instance = read_instance(viewport.ref.instance.path)  # read again, independently
    expected = render_instance_frame(instance, 0, ExportOptions(window=(-600.0, 1500.0)))
    np.testing.assert_array_equal(written, expected)
    np.testing.assert_array_equal(written, viewport.canvas.image_item.image)


def test_export_a_study_writes_every_image(qtbot, ui, ct_window, tmp_path):
    window, uid = ct_window()
    shortcut(qtbot, window, "Ctrl+E")
    out = tmp_path / "exported"
    out.mkdir()
    save_as(qtbot, window, out)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed, job.failed, job.percent) == \
        ("export", "done", 121, 0, 100), job.detail
    folders = sorted(p for p in (out / uid).iterdir())
    assert [f.name.split("-")[0] for f in folders] == ["001", "002", "003"]
    assert [len(list(f.glob("*.png"))) for f in folders] == [1, 40, 80]
    archive = window.session.archive
    series = archive.list_series(uid)[1]
    for inst in archive.list_instances(series.series_uid)[::13]:
        ds = pydicom.dcmread(inst.path)
        png = folders[1] / f"{inst.instance_number:04d}.png"
        np.testing.assert_array_equal(png_pixels(png), render_frame(ds, ds.pixel_array))


# --- thumbnails -------------------------------------------------------------------------------

def expected_thumbnail(datasets: list) -> np.ndarray:
    """The middle image by Instance Number, rendered, one pixel in every *step*."""
    ordered = sorted(datasets, key=lambda ds: int(ds.InstanceNumber))
    middle = pydicom.dcmread(ordered[len(ordered) // 2].filename)
    image = render_frame(middle, middle.pixel_array)
    step = max(1, math.ceil(max(image.shape) / SIZE))
    return image[::step, ::step]


def test_series_thumbnails_of_the_selected_study(qtbot, ui, ct_window, demo_ct):
    window, _uid = ct_window()
    panel = window.local
    for column in range(panel.model.columnCount()):  # names and dates shown whole
        assert panel.view.header().sectionSize(column) >= panel.view.sizeHintForColumn(column)
    qtbot.waitUntil(lambda: panel.series_list.count() == 3, timeout=30000)
    texts = [panel.series_list.item(i).text() for i in range(3)]
    assert [t.splitlines()[1] for t in texts] == ["CT · 1", "CT · 40", "CT · 80"]
    assert texts[0].startswith("Series 1: Topogram")
    qtbot.waitUntil(lambda: all(not panel.series_list.item(i).icon().isNull()
                                for i in range(3)), timeout=30000)
    by_series = {}
    for ds in headers(demo_ct):
        ds.filename = ds.filename  # keep the path for reading the pixels
        by_series.setdefault(int(ds.SeriesNumber), []).append(ds)
    assert {n: len(v) for n, v in by_series.items()} == SERIES_SIZES
    for i, number in enumerate(sorted(by_series)):
        expected = expected_thumbnail(by_series[number])
        icon = panel.series_list.item(i).icon()
        pixmap = icon.pixmap(QSize(expected.shape[1], expected.shape[0]))
        np.testing.assert_array_equal(qimage_pixels(pixmap.toImage()), expected)


# --- presentation states ----------------------------------------------------------------------

def test_a_saved_presentation_state_is_stored_and_indexed(qtbot, ui, ct_window):
    window, uid = ct_window()
    from viewer.viewing.gsps_store import presentation_states_in_study

    press(qtbot, window, Qt.Key.Key_Return)
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: window.operations.live._ready and viewport.shown is not None,
                    timeout=30000)
    qtbot.mouseClick(viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    shortcut(qtbot, window, "Ctrl+S")  # asks for the label
    controls = window.viewer.presentations
    qtbot.waitUntil(lambda: controls.dialog is not None and controls.dialog.isVisible(),
                    timeout=5000)
    edit = controls.dialog.label_edit
    qtbot.waitUntil(edit.hasFocus, timeout=5000)
    edit.selectAll()
    qtbot.keyClicks(edit, "KEEP")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    store = window.session.settings.store
    archive = window.session.archive
    qtbot.waitUntil(lambda: len(presentation_states_in_study(archive, uid)) == 1, timeout=30000)
    state = presentation_states_in_study(archive, uid)[0]
    assert str(state.ds.ContentLabel) == "KEEP"
    assert Path(state.path).is_relative_to(store) and Path(state.path).exists()
    qtbot.waitUntil(lambda: not window.operations.live.busy, timeout=30000)
    assert window.viewer.strip.count() == 3  # the state is not a series of its own


def test_k_stores_the_key_image_and_unmarking_withdraws_it(qtbot, ui, ct_window):
    window, uid = ct_window()
    archive = window.session.archive

    def stored():
        return [i for s in archive.list_series(uid) for i in archive.list_instances(s.series_uid)
                if i.kind == "key object selection"]

    press(qtbot, window, Qt.Key.Key_Return)
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: window.operations.live._ready and viewport.shown is not None,
                    timeout=30000)
    qtbot.mouseClick(viewport.canvas.viewport(), Qt.MouseButton.LeftButton)
    press(qtbot, window, Qt.Key.Key_K)
    assert viewport.canvas.badge == "Key image: Of Interest"
    qtbot.waitUntil(lambda: len(stored()) == 1, timeout=30000)
    ko = pydicom.dcmread(stored()[0].path)
    assert [i.ReferencedSOPSequence[0].ReferencedSOPInstanceUID for i in ko.ContentSequence] \
        == [viewport.ref.instance.sop_instance_uid]
    qtbot.waitUntil(lambda: not window.operations.live.busy, timeout=30000)
    press(qtbot, window, Qt.Key.Key_K)
    qtbot.waitUntil(lambda: stored() == [], timeout=30000)
    assert viewport.canvas.badge == "" and not Path(ko.filename).exists()


# --- the context menu -------------------------------------------------------------------------

def test_right_click_on_a_study_offers_its_actions(qtbot, ui, ct_window):
    window, uid = ct_window(Sink=("SINK", ui.free_port()))
    seen = {}

    def in_menu():  # runs inside the menu's own event loop
        menu = QApplication.activePopupWidget()
        if menu is None:
            return
        poll.stop()
        seen["texts"] = [a.text().replace("&", "") for a in menu.actions() if a.text()]
        delete = next(a for a in menu.actions() if a.text() == window.act_delete.text())
        qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(delete).center())

    view = window.local.view
    poll = QTimer(interval=20)
    poll.timeout.connect(in_menu)
    poll.start()
    at = view.visualRect(view.model().index(0, 0)).center()
    # a right click: QTest's mouse events carry no context-menu event; send the one the
    # window system sends after the press
    qtbot.mousePress(view.viewport(), Qt.MouseButton.RightButton, pos=at)
    QApplication.sendEvent(view.viewport(), QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, at, view.viewport().mapToGlobal(at)))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.RightButton, pos=at)
    qtbot.waitUntil(lambda: "texts" in seen, timeout=5000)
    assert seen["texts"] == ["Open study", "Send to", "Export study as PNG files…",
                             "Export anonymized…", "Export as zip…", "Export to CD/DVD folder…",
                             "Delete study…"]
    answer(qtbot, window, QMessageBox.StandardButton.Cancel)  # Delete asked first
    assert window.local.selected_study_uids() == [uid]


def test_export_anonymized_and_as_zip(qtbot, ui, ct_window, tmp_path):
    """Study > Export anonymized… (the dialog answered like a user) and Export as zip."""
    import zipfile

    window, uid = ct_window()
    window.act_export_anonymized.trigger()
    qtbot.waitUntil(lambda: window.study_actions.dialog is not None, timeout=5000)
    dialog = window.study_actions.dialog
    dialog.patient_id.setText("TEACH01")
    dialog.options["patient-characteristics"].setChecked(True)
    dialog.accept()
    out = tmp_path / "anonymized"
    out.mkdir()
    qtbot.waitUntil(lambda: window.study_actions.dialog not in (None, dialog), timeout=5000)
    save_as(qtbot, window, out)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed, job.failed) == ("done", 121, 0), job.detail
    copies = [pydicom.dcmread(p, stop_before_pixels=True) for p in out.rglob("*.dcm")]
    assert len(copies) == 121 and not (out / uid).exists()
    assert {(c.PatientID, c.PatientIdentityRemoved) for c in copies} == {("TEACH01", "YES")}
    assert all(c.StudyInstanceUID != uid and
               [i.CodeValue for i in c.DeidentificationMethodCodeSequence] == ["113100", "113108"]
               for c in copies)

    window.act_export_zip.trigger()
    save_as(qtbot, window, tmp_path / "study.zip")
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.state, job.completed) == ("done", 121), job.detail
    with zipfile.ZipFile(tmp_path / "study.zip") as archive:
        names = archive.namelist()
    assert len(names) == 121 and all(n.startswith(f"{uid}/") for n in names)

    window.act_export_anonymized.trigger()  # anonymized, as one zip
    qtbot.waitUntil(lambda: window.study_actions.dialog is not None, timeout=5000)
    dialog = window.study_actions.dialog
    dialog.as_zip.setChecked(True)
    dialog.accept()
    qtbot.waitUntil(lambda: window.study_actions.dialog not in (None, dialog), timeout=5000)
    save_as(qtbot, window, tmp_path / "teaching.zip")
    ui.wait_jobs(qtbot, window)
    assert window.transfers.jobs[-1].state == "done", window.transfers.jobs[-1].detail
    with zipfile.ZipFile(tmp_path / "teaching.zip") as archive:
        names = archive.namelist()
    assert len(names) == 121 and not any(n.startswith(f"{uid}/") for n in names)
