"""The main window's dialogs open with open(): window-modal, the call returns at once and the
event loop keeps running (a test that triggers the action goes on, as the window does); the
answer arrives through a signal."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QPushButton

from ui.dialogs import answer_file_dialog, assert_window_modal, click_button, visible_message_box
from viewing.viewing_builders import ct_dataset, ramp, write


def two_slices(folder):
    folder.mkdir()
    for i in range(2):
        write(ct_dataset(ramp(offset=10 * i), z=i, number=i + 1), folder / f"{i + 1:04d}.dcm")
    return folder


def test_open_folder_imports_the_folder_typed_into_the_dialog(qtbot, ui, main_env, make_window,
                                                              tmp_path):
    folder = two_slices(tmp_path / "cd")
    window = make_window()
    window.act_open_folder.trigger()  # returns: the dialog is open, the window still runs
    answer_file_dialog(qtbot, window.file_dialog, folder)
    ui.wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=30000)
    assert window.session.archive.list_studies()[0].number_of_instances == 2


def test_open_files_imports_the_file_typed_into_the_dialog(qtbot, ui, main_env, make_window,
                                                           tmp_path):
    folder = two_slices(tmp_path / "files")
    window = make_window()
    window.act_open.trigger()
    answer_file_dialog(qtbot, window.file_dialog, folder / "0002.dcm")
    ui.wait_jobs(qtbot, window)
    qtbot.waitUntil(lambda: window.local.model.rowCount() == 1, timeout=30000)
    assert window.session.archive.list_studies()[0].number_of_instances == 1


def test_the_store_folder_is_browsed_over_the_settings_dialog(qtbot, main_env, make_window,
                                                             tmp_path):
    chosen = tmp_path / "elsewhere"
    chosen.mkdir()
    window = make_window()
    window.show_settings()
    settings = window.settings_dialog
    qtbot.waitUntil(settings.isVisible, timeout=5000)
    assert_window_modal(settings)
    browse = next(b for b in settings.findChildren(QPushButton)  # the store folder's, not a
                  if b.text() == "Browse…" and b.parent() is settings.store.parent())  # file's
    qtbot.mouseClick(browse, Qt.MouseButton.LeftButton)
    answer_file_dialog(qtbot, settings.folder_dialog, chosen)
    assert settings.store.text() == str(chosen) and settings.isVisible()


def test_about_is_window_modal_and_closes_with_its_button(qtbot, main_env, make_window):
    from PySide6.QtWidgets import QDialogButtonBox

    from viewer.ui.about_dialog import AboutDialog

    window = make_window()
    window.act_about.trigger()
    qtbot.waitUntil(lambda: any(d.isVisible() for d in window.findChildren(AboutDialog)),
                    timeout=5000)
    [box] = [d for d in window.findChildren(AboutDialog) if d.isVisible()]
    assert_window_modal(box)
    assert "DICOM Viewer" in box.summary.text() and f"port {main_env.port}" in box.summary.text()
    closed = []
    box.finished.connect(lambda _: closed.append(True))
    close = box.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: closed == [True], timeout=5000)
    assert not box.isVisible()


def test_the_study_context_menu_pops_up_without_a_nested_loop(qtbot, ui, main_env, make_window,
                                                              tmp_path):
    window = make_window()
    ui.import_study(qtbot, window, two_slices(tmp_path / "study"))
    window.local.view.selectAll()
    view = window.local.view.viewport()
    window.study_actions.context_menu(view.mapToGlobal(view.rect().center()))  # returns
    menu = window.study_actions.menu
    qtbot.waitUntil(menu.isVisible, timeout=5000)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert window.act_delete.text() in texts and window.act_export.text() in texts
    hidden = []
    menu.aboutToHide.connect(lambda: hidden.append(True))
    qtbot.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: hidden == [True], timeout=5000)
