"""The tag browser's values read in full: a 64-character UID fits its column at the usual
size, the tooltip holds the value, Ctrl+C and the context menu copy the value or the tag."""

from pydicom import dcmread
from pydicom.data import get_testdata_file
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from viewer.ui.viewing.tagbrowser import CREATOR, TAG, VALUE, TagBrowser

LONG_UID = "1.2.840.113619.2.55.3.604688119.971.1234567890.123.4567890123456"


def shown_browser(qtbot):
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    ds.SOPInstanceUID = LONG_UID
    browser = TagBrowser()
    qtbot.addWidget(browser)
    browser.show_dataset(ds, "CT")
    browser.show()
    qtbot.waitExposed(browser)
    item = browser.tree.findItems("(0008,0018)", Qt.MatchFlag.MatchExactly, TAG)[0]
    return browser, item


def test_a_long_uid_is_shown_in_full_with_its_tooltip(qtbot):
    assert len(LONG_UID) == 64  # the longest a UID may be
    browser, item = shown_browser(qtbot)
    assert item.text(VALUE) == LONG_UID and item.toolTip(VALUE) == LONG_UID
    width = browser.tree.fontMetrics().horizontalAdvance(LONG_UID)
    assert browser.tree.columnWidth(VALUE) >= width
    assert not browser.tree.isColumnHidden(CREATOR)  # CT_small has private elements: creator shown


def test_copy_value_and_tag(qtbot):
    browser, item = shown_browser(qtbot)
    clipboard = QApplication.clipboard()
    clipboard.clear()
    browser.tree.setCurrentItem(item)
    browser.tree.setFocus()
    qtbot.keyClick(browser.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard.text() == LONG_UID
    menu = {a.text(): a for a in browser.tree.actions()}  # the context menu's entries
    assert set(menu) == {"Copy value", "Copy tag"}
    menu["Copy tag"].trigger()
    assert clipboard.text() == "(0008,0018)"
    qtbot.keyClick(browser.tree, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert clipboard.text() == "(0008,0018)"
