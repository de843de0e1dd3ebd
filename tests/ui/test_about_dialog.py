"""Help > About, opened with the mouse through the menu bar like a user: the application's
version, this workstation's identity, every component's version and licence (the same list
as ``dicom-viewer --version``) and the GPLv3 note for pylibjpeg-libjpeg."""

from importlib.metadata import version

from PySide6.QtCore import Qt, qVersion

from viewer import __version__, about
from viewer.resources import resources_folder


def open_about(qtbot, window):
    bar = window.menuBar()
    help_entry = next(a for a in bar.actions() if window.act_about in a.menu().actions())
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.actionGeometry(help_entry).center())
    menu = help_entry.menu()
    qtbot.waitUntil(menu.isVisible)
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton,
                     pos=menu.actionGeometry(window.act_about).center())
    qtbot.waitUntil(lambda: getattr(window, "about_dialog", None) is not None
                    and window.about_dialog.isVisible())
    return window.about_dialog


def table_rows(table) -> dict[str, tuple[str, str]]:
    return {table.item(r, 0).text(): (table.item(r, 1).text(), table.item(r, 2).text())
            for r in range(table.rowCount())}


def test_help_about_lists_versions_and_licences(qtbot, main_env, make_window):
    window = make_window()
    dialog = open_about(qtbot, window)

    summary = dialog.summary.text()
    assert f"DICOM Viewer {__version__}" in summary
    assert "GUITEST" in summary and str(main_env.port) in summary
    rows = table_rows(dialog.components)
    assert rows["Qt"] == (qVersion(), "LGPL-3.0-only")
    assert rows["pydicom"] == (version("pydicom"), "MIT")
    assert rows["pylibjpeg-libjpeg"] == (version("pylibjpeg-libjpeg"), "GPL-3.0")
    assert rows["pylibjpeg-openjpeg"][0] == version("pylibjpeg-openjpeg")
    assert set(rows) == {c.name for c in about.COMPONENTS}
    assert "not installed" not in {v for v, _ in rows.values()}
    note = dialog.licence_note.text()
    assert "GPLv3" in note and (resources_folder() / "LICENSES.md").as_uri() in note
    assert (resources_folder() / "LICENSES.md").is_file()

    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
