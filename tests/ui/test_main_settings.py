"""Settings: edited in the dialog, validated with clear messages, saved in the settings file,
applied (the Storage SCP restarts on the new port) and still there after a restart."""

from PySide6.QtWidgets import QTableWidgetItem

from viewer import config
from viewer.ui.settings_dialog import AET as AET_COL, HOST, METHOD, NAME, PORT


def open_dialog(qtbot, window):
    from ui.real_input import shortcut

    shortcut(qtbot, window, "Ctrl+,")
    qtbot.waitUntil(lambda: getattr(window, "settings_dialog", None) is not None, timeout=5000)
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def fill_node(dialog, row, name, aet, host, port, method):
    for column, value in ((NAME, name), (AET_COL, aet), (HOST, host), (PORT, str(port))):
        dialog.table.setItem(row, column, QTableWidgetItem(value))
    combo = dialog.table.cellWidget(row, METHOD)
    combo.setCurrentIndex(combo.findData(method))


def test_settings_are_saved_applied_and_survive_a_restart(qtbot, ui, main_env, make_window):
    window = make_window()
    assert window.session.listener.port == main_env.port
    dialog = open_dialog(qtbot, window)
    new_port = ui.free_port()
    dialog.aet.setText("NEWAET")
    dialog.port.setValue(new_port)
    dialog.add_node()
    fill_node(dialog, 0, "PACS one", "PACSAE", "127.0.0.1", 4242, "get")
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        dialog.accept()
    assert not dialog.isVisible()
    state = window.session.listener
    assert (state.listening, state.aet, state.port) == (True, "NEWAET", new_port)
    assert f"NEWAET@{new_port}" in window.status.listener.text()
    saved = config.read_settings_file(main_env.config_file)
    assert (saved.aet, saved.port) == ("NEWAET", new_port)
    assert [(n.name, n.aet, n.port, n.retrieve) for n in saved.nodes] == \
        [("PACS one", "PACSAE", 4242, "get")]
    assert "PACS one" in [window.query.form.node_box.itemText(i)
                          for i in range(window.query.form.node_box.count())]
    window.close()

    again = make_window()  # a new window reads the same file
    assert (again.session.settings.aet, again.session.listener.port) == ("NEWAET", new_port)
    assert again.query.form.node_box.currentText() == "PACS one"
    dialog = open_dialog(qtbot, again)
    assert dialog.aet.text() == "NEWAET" and dialog.port.value() == new_port
    assert dialog.table.item(0, NAME).text() == "PACS one"
    assert dialog.table.cellWidget(0, METHOD).currentData() == "get"


def test_invalid_settings_are_explained_and_not_saved(qtbot, main_env, make_window):
    window = make_window()
    before = main_env.config_file.read_text()
    dialog = open_dialog(qtbot, window)
    dialog.aet.setText("")
    dialog.accept()
    assert dialog.isVisible()
    assert "AE title" in dialog.error.text()
    dialog.aet.setText("OK_AET")
    dialog.add_node()
    fill_node(dialog, 0, "Bad port", "X", "127.0.0.1", 0, "move")
    dialog.accept()
    assert "Bad port" in dialog.error.text() and "port" in dialog.error.text()
    fill_node(dialog, 0, "Twin", "X", "127.0.0.1", 104, "move")
    dialog.add_node()
    fill_node(dialog, 1, "twin", "Y", "127.0.0.1", 105, "move")
    dialog.accept()
    assert "twin" in dialog.error.text().lower() and dialog.isVisible()
    fill_node(dialog, 1, "Other", "Y", "bad host name", 105, "move")
    dialog.accept()
    assert "host" in dialog.error.text()
    dialog.reject()
    assert main_env.config_file.read_text() == before


def test_echo_in_settings_says_why_it_fails(qtbot, ui, main_env, make_window):
    window = make_window()
    dialog = open_dialog(qtbot, window)
    dialog.add_node()
    fill_node(dialog, 0, "Down", "NOBODY", "127.0.0.1", ui.free_port(), "move")
    dialog.table.setCurrentCell(0, NAME)
    dialog.echo_selected()
    qtbot.waitUntil(lambda: "refused" in dialog.echo_result.text(), timeout=30000)


def test_help_lists_window_and_viewer_shortcuts_without_clashes(qtbot, main_env, make_window):
    from viewer.ui.help import shortcut_rows

    from ui.real_input import shortcut

    window = make_window()
    shortcut(qtbot, window, "F1")
    qtbot.waitUntil(lambda: getattr(window, "shortcuts_dialog", None) is not None, timeout=5000)
    rows = shortcut_rows([("Window", window.window_actions())])
    assert ("Window", "Settings…", "Ctrl+,") in rows or any(r[1] == "Settings…" for r in rows)
    assert window.shortcuts_dialog.table.rowCount() >= len(rows)
    window_wide = {r[2] for r in rows if r[1] not in ("Open study", "Delete study…")}
    viewer_keys = {k.toString() for a in window.viewer.actions() for k in a.shortcuts()}
    assert not window_wide & viewer_keys
