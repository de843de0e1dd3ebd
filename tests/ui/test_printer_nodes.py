"""Printer nodes (``kind: "printer"`` in the settings file): kept by the Settings dialog, never
offered as an archive to query or send to."""

from viewer import config
from viewer.net.print_film import FilmOptions
from viewer.ui.settings_dialog import METHOD


def test_printer_node_survives_the_settings_dialog(qtbot, main_env, make_window):
    main_env.add_node("PACS", "PACSAE", 4242)
    main_env.nodes["Film"] = {"aet": "PRINTER", "host": "127.0.0.1", "port": 10400,
                              "kind": "printer", "film": {"layout": "2x3", "medium": "PAPER"}}
    main_env.write()
    window = make_window()
    assert [n.name for n in window.session.nodes()] == ["PACS"]
    assert [n.name for n in window.session.printers()] == ["Film"]
    boxes = window.query.form.node_box
    assert [boxes.itemText(i) for i in range(boxes.count())] == ["PACS"]
    window.show_settings()
    dialog = window.settings_dialog
    qtbot.waitUntil(dialog.isVisible)
    kinds = [dialog.table.cellWidget(row, METHOD) for row in range(dialog.table.rowCount())]
    assert [(c.currentText(), c.isEnabled()) for c in kinds] == \
        [("C-MOVE (to this workstation)", True), ("Printer (not an archive)", False)]
    dialog.aet.setText("OTHERAET")  # a change: the whole settings file is written again
    with qtbot.waitSignal(window.session.listenerChanged, timeout=30000):
        dialog.accept()
    settings = config.read_settings_file(main_env.config_file)
    assert settings.aet == "OTHERAET"
    saved = settings.node("Film")
    assert saved.kind == "printer"
    assert saved.film == FilmOptions(layout=(2, 3), medium="PAPER").checked()
