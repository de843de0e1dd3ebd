"""The Japanese translation: every string of the GUI has one (lupdate run on today's sources),
placeholders survive translation, and a window started in Japanese shows Japanese (menus, tabs,
plurals, Qt's own buttons, dates in the Japanese pattern, a Japanese font)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QDialogButtonBox

from viewer import config
from viewer.ui import formatting as fmt
from viewer.ui import i18n
from viewer.ui.app import localise

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "dicom_viewer_ja.ts"
PLACEHOLDER = re.compile(r"%\d|%n|\{[^}]*\}")


def tool(name: str) -> str:
    """A PySide6 tool (pyside6-lupdate, pyside6-lrelease) of the running interpreter's env."""
    path = Path(sys.executable).parent / name
    found = str(path) if path.exists() else shutil.which(name)
    if not found:
        pytest.fail(f"{name} not found: it comes with the PySide6 package (pip install PySide6)")
    return found


def sources() -> list[str]:
    return sorted(str(p) for p in (ROOT / "viewer" / "ui").rglob("*.py"))


def messages(ts: Path):
    """(context, source, numerus, [translations], type) of every message of a .ts file."""
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            numerus = message.get("numerus") == "yes"
            forms = ([f.text or "" for f in translation.iter("numerusform")] if numerus
                     else [translation.text or ""])
            yield name, message.findtext("source"), numerus, forms, translation.get("type")


def updated_copy(tmp_path) -> Path:
    """The committed .ts updated by lupdate from today's sources, in *tmp_path*."""
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    subprocess.run([tool("pyside6-lupdate"), "-locations", "none", *sources(), "-ts", str(copy)],
                   check=True, capture_output=True, text=True)
    return copy


def compiled(tmp_path) -> Path:
    qm = tmp_path / "dicom_viewer_ja.qm"
    subprocess.run([tool("pyside6-lrelease"), str(updated_copy(tmp_path)), "-qm", str(qm)],
                   check=True, capture_output=True, text=True)
    return qm


def test_every_gui_string_has_a_japanese_translation(tmp_path):
    ts = updated_copy(tmp_path)
    found = list(messages(ts))
    live = [m for m in found if m[4] not in ("vanished", "obsolete")]
    assert len(live) > 300  # lupdate did find the GUI's strings
    missing = [f"{context}: {source!r}" for context, source, _, forms, kind in live
               if kind == "unfinished" or not all(f.strip() for f in forms)]
    assert not missing, ("strings without a Japanese translation (run "
                         "packaging/update-translations.sh and translate them):\n"
                         + "\n".join(missing))
    result = subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(tmp_path / "x.qm")],
                            check=True, capture_output=True, text=True)
    assert " 0 unfinished" in result.stdout, result.stdout


def test_translations_keep_every_placeholder(tmp_path):
    """A lost {name} or %1 would raise or show a raw placeholder at run time."""
    wrong = []
    for context, source, numerus, forms, kind in messages(TS):
        if kind in ("vanished", "obsolete"):
            continue
        wanted = sorted(PLACEHOLDER.findall(source))
        for form in forms:
            if sorted(PLACEHOLDER.findall(form)) != wanted:
                wrong.append(f"{context}: {source!r} -> {form!r}")
        if numerus and len(forms) != 1:  # Japanese has one plural form
            wrong.append(f"{context}: {source!r} has {len(forms)} plural forms")
    assert not wrong, "\n".join(wrong)


def test_accelerators_are_kept_in_menu_texts():
    for context, source, _, forms, kind in messages(TS):
        if kind not in ("vanished", "obsolete") and re.search(r"&[^&\s]", source):
            assert re.search(r"\(&[A-Z0-9]\)", forms[0]), (source, forms[0])
            letter = re.search(r"&(\w)", source).group(1).upper()
            assert f"(&{letter})" in forms[0], (source, forms[0])


@pytest.fixture
def japanese(qapp, tmp_path, monkeypatch, main_env):
    """The application localised as at start with ``"language": "ja"`` in the settings file
    (the .ts compiled into tmp_path); English and the system locale again afterwards."""
    compiled(tmp_path)
    monkeypatch.setenv("DICOM_VIEWER_TRANSLATIONS", str(tmp_path))
    main_env.write(language="ja")
    font = qapp.font()
    installed = localise(qapp)
    family = qapp.font().family()
    yield installed, family
    i18n.remove_translators(qapp, installed)
    qapp.setFont(font)
    QLocale.setDefault(QLocale.system())


def test_language_ja_loads_ours_and_qts_translations(japanese):
    installed, family = japanese
    assert len(installed) == 2  # dicom_viewer_ja.qm and Qt's qtbase_ja.qm
    assert QLocale().language() == QLocale.Language.Japanese
    assert family in QFontDatabase.families(QFontDatabase.WritingSystem.Japanese)
    assert family == "Noto Sans CJK JP", "fonts-noto-cjk is in packaging/system-deps.sh"


def test_plural_forms_in_japanese(japanese):
    translate = QCoreApplication.translate
    assert translate("LocalStudiesPanel", "Studies: %n", "", 1) == "検査: 1 件"
    assert translate("LocalStudiesPanel", "Studies: %n", "", 12) == "検査: 12 件"
    assert translate("SeriesStrip", "%n image(s)", "", 240) == "240 画像"
    assert translate("QueryPanel", "Studies found: %n", "", 2) == "見つかった検査: 2 件"
    assert translate("Operations", "Deleted {what} (%n instance(s))", "", 3).format(
        what="X") == "X を削除しました（3 画像）"


def test_dates_follow_the_locale(japanese):
    assert fmt.dicom_date("20240102") == "2024/01/02"
    QLocale.setDefault(QLocale("en_US"))
    assert fmt.dicom_date("20240102") == "1/2/2024"  # four-digit year, not M/d/yy
    QLocale.setDefault(QLocale(QLocale.Language.C))
    assert fmt.dicom_date("20240102") == "2024-01-02"
    assert fmt.dicom_date("2024-01-02") == "2024-01-02"


def test_main_window_shows_japanese(japanese, qtbot, main_env, make_window):
    window = make_window()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["ファイル(&F)", "検査(&S)", "表示(&V)", "ヘルプ(&H)"]
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == ["ローカル検査", "検索 / 取得", "ビューア"]
    assert window.transfers_dock.windowTitle() == "転送"
    qtbot.waitUntil(lambda: window.local.count_label.text() == "検査: 0 件", timeout=10000)
    model = window.local.model
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(3)] == \
        ["患者名", "患者ID", "生年月日"]
    for view in (window.local.view, window.query.view):  # no header clipped, even before a search
        header = view.header()
        assert all(header.sectionSize(c) >= header.sectionSizeHint(c) for c in range(header.count()))
    assert "受信待機中" in window.status.listener.text()
    assert window.viewer.action_map["tool_window"].iconText() == "WW/WL"
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog.windowTitle() == "設定"
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "キャンセル"
    assert [dialog.language.itemText(i) for i in range(3)] == ["システムの既定", "English", "日本語"]


def test_language_choice_is_saved_and_read_at_start(qtbot, main_env, make_window):
    window = make_window()
    window.show_settings()
    dialog = window.settings_dialog
    assert dialog.language.currentData() == ""  # the system's by default
    dialog.language.setCurrentIndex(dialog.language.findData("ja"))
    with qtbot.waitSignal(window.session.settingsSaved, timeout=30000):
        dialog.accept()
    saved = config.read_settings_file(main_env.config_file)
    assert saved.language == "ja"
    assert '"language": "ja"' in main_env.config_file.read_text()
    assert i18n.locale_for(config.load_settings().language).name() == "ja_JP"
    with pytest.raises(config.ConfigError, match="language"):
        config.settings_from_dict({"language": "xx"})
