"""The viewer's actions with their keyboard shortcuts (also listed in Help).

Each entry: (id, label, shortcuts, method of ViewerArea (or of one of its parts, dotted),
argument). Shortcuts work while the
viewer area (or a child) has the focus, so they do not clash with the main window's.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

# Labels are marked with QT_TRANSLATE_NOOP for lupdate and translated by label_text() where shown.

# id, label, shortcuts, area method, argument (None: called without one)
COMMANDS = [
    ("next", QT_TRANSLATE_NOOP("ViewerActions", "Next image"),
     ["Down", "Right"], "scroll_active", 1),
    ("previous", QT_TRANSLATE_NOOP("ViewerActions", "Previous image"),
     ["Up", "Left"], "scroll_active", -1),
    ("page_next", QT_TRANSLATE_NOOP("ViewerActions", "Jump forward"), ["PgDown"], "page_active", 1),
    ("page_previous", QT_TRANSLATE_NOOP("ViewerActions", "Jump back"), ["PgUp"], "page_active", -1),
    ("first", QT_TRANSLATE_NOOP("ViewerActions", "First image"), ["Home"], "first_active", None),
    ("last", QT_TRANSLATE_NOOP("ViewerActions", "Last image"), ["End"], "last_active", None),
    ("auto_window", QT_TRANSLATE_NOOP("ViewerActions", "Auto window"),
     ["A"], "on_active", "auto_window"),
    ("invert", QT_TRANSLATE_NOOP("ViewerActions", "Invert"), ["I"], "toggle_invert", None),
    ("zoom_in", QT_TRANSLATE_NOOP("ViewerActions", "Zoom in"), ["+", "="], "zoom_active", 1.25),
    ("zoom_out", QT_TRANSLATE_NOOP("ViewerActions", "Zoom out"), ["-"], "zoom_active", 0.8),
    ("fit", QT_TRANSLATE_NOOP("ViewerActions", "Fit to window"), ["F"], "on_active", "fit"),
    ("actual", QT_TRANSLATE_NOOP("ViewerActions", "Actual pixels (1:1)"),
     ["Ctrl+0"], "on_active", "actual_size"),
    ("rotate_right", QT_TRANSLATE_NOOP("ViewerActions", "Rotate right"), ["R"], "rotate_active", 1),
    ("rotate_left", QT_TRANSLATE_NOOP("ViewerActions", "Rotate left"),
     ["Shift+R"], "rotate_active", -1),
    ("flip_h", QT_TRANSLATE_NOOP("ViewerActions", "Flip horizontally"), ["H"], "flip_active", True),
    ("flip_v", QT_TRANSLATE_NOOP("ViewerActions", "Flip vertically"), ["V"], "flip_active", False),
    ("reset", QT_TRANSLATE_NOOP("ViewerActions", "Reset view"), ["Esc"], "on_active", "reset_view"),
    ("cine", QT_TRANSLATE_NOOP("ViewerActions", "Play/pause cine"),
     ["Space"], "on_active", "toggle_cine"),
    ("faster", QT_TRANSLATE_NOOP("ViewerActions", "Cine faster"), ["]"], "cine_speed", 1),
    ("slower", QT_TRANSLATE_NOOP("ViewerActions", "Cine slower"), ["["], "cine_speed", -1),
    ("clear", QT_TRANSLATE_NOOP("ViewerActions", "Clear measurements"), ["Delete"], "on_active",
     "clear_measurements"),
    ("annotations", QT_TRANSLATE_NOOP("ViewerActions", "Show annotations"),
     ["T"], "toggle_annotations", None),
    ("sync", QT_TRANSLATE_NOOP("ViewerActions", "Linked scrolling"),
     ["S"], "toggle_sync", None),
    ("reference_ends", QT_TRANSLATE_NOOP("ViewerActions",
                                         "Reference lines of the first and last images"),
     ["L"], "toggle_reference_ends", None),
    ("tags", QT_TRANSLATE_NOOP("ViewerActions", "DICOM tags…"), ["Ctrl+I"], "show_tags", None),
    ("annotations_only", QT_TRANSLATE_NOOP("ViewerActions", "Presentation state: annotations only"),
     ["Shift+A"], "toggle_annotations_only", None),
    ("save_ps", QT_TRANSLATE_NOOP("ViewerActions", "Save presentation state…"),
     ["Ctrl+S"], "save_presentation_state", None),
    ("key_image", QT_TRANSLATE_NOOP("ViewerActions", "Mark/unmark key image"),
     ["K"], "toggle_key_image", None),
    ("key_note", QT_TRANSLATE_NOOP("ViewerActions", "Key image note…"),
     ["Shift+K"], "key_image_note", None),
    ("layout_1x1", QT_TRANSLATE_NOOP("ViewerActions", "Layout 1x1"),
     ["Alt+1"], "set_layout_tuple", (1, 1)),
    ("layout_1x2", QT_TRANSLATE_NOOP("ViewerActions", "Layout 1x2"),
     ["Alt+2"], "set_layout_tuple", (1, 2)),
    ("layout_2x1", QT_TRANSLATE_NOOP("ViewerActions", "Layout 2x1"),
     ["Alt+3"], "set_layout_tuple", (2, 1)),
    ("layout_2x2", QT_TRANSLATE_NOOP("ViewerActions", "Layout 2x2"),
     ["Alt+4"], "set_layout_tuple", (2, 2)),
    ("mpr", QT_TRANSLATE_NOOP("ViewerActions", "MPR: axial, coronal and sagittal (again: back)"),
     ["M"], "toggle_mpr", None),
    ("link_window", QT_TRANSLATE_NOOP("ViewerActions", "Linked window/level"),
     ["Shift+W"], "linking.toggle", "window"),
    ("link_view", QT_TRANSLATE_NOOP("ViewerActions", "Linked zoom/pan"),
     ["Shift+Z"], "linking.toggle", "view"),
    ("link_offset", QT_TRANSLATE_NOOP("ViewerActions", "Set link offset from current positions"),
     ["Shift+S"], "linking.record_offsets", None),
    ("link_offset_reset", QT_TRANSLATE_NOOP("ViewerActions", "Reset link offsets"),
     ["Ctrl+Shift+S"], "linking.reset_offsets", None),
]

# id, label (Help, menus), short label (toolbar), shortcut
TOOLS = [
    ("window", QT_TRANSLATE_NOOP("ViewerActions", "Window/level tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "W/L"), "W"),
    ("pan", QT_TRANSLATE_NOOP("ViewerActions", "Pan tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "Pan"), "P"),
    ("zoom", QT_TRANSLATE_NOOP("ViewerActions", "Zoom tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "Zoom"), "Z"),
    ("distance", QT_TRANSLATE_NOOP("ViewerActions", "Distance tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "Length"), "D"),
    ("rectangle", QT_TRANSLATE_NOOP("ViewerActions", "Rectangle ROI tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "Rect ROI"), "B"),
    ("ellipse", QT_TRANSLATE_NOOP("ViewerActions", "Ellipse ROI tool"),
     QT_TRANSLATE_NOOP("ViewerActions", "Ellipse ROI"), "E"),
]

# Toolbar texts of commands whose full label is long.
SHORT = {
    "auto_window": QT_TRANSLATE_NOOP("ViewerActions", "Auto"),
    "invert": QT_TRANSLATE_NOOP("ViewerActions", "Invert"),
    "fit": QT_TRANSLATE_NOOP("ViewerActions", "Fit"),
    "actual": QT_TRANSLATE_NOOP("ViewerActions", "1:1"),
    "rotate_right": QT_TRANSLATE_NOOP("ViewerActions", "Rotate"),
    "flip_h": QT_TRANSLATE_NOOP("ViewerActions", "Flip H"),
    "flip_v": QT_TRANSLATE_NOOP("ViewerActions", "Flip V"),
    "reset": QT_TRANSLATE_NOOP("ViewerActions", "Reset"),
    "cine": QT_TRANSLATE_NOOP("ViewerActions", "Cine"),
    "annotations": QT_TRANSLATE_NOOP("ViewerActions", "Overlay"),
    "tags": QT_TRANSLATE_NOOP("ViewerActions", "Tags"),
    "annotations_only": QT_TRANSLATE_NOOP("ViewerActions", "Annotations only"),
    "save_ps": QT_TRANSLATE_NOOP("ViewerActions", "Save PS"),
    "key_image": QT_TRANSLATE_NOOP("ViewerActions", "Key"),
    "mpr": QT_TRANSLATE_NOOP("ViewerActions", "MPR"),
}

CHECKABLE = {"invert", "annotations", "sync", "annotations_only", "reference_ends", "mpr",
             "link_window", "link_view"}


def label_text(marked: str) -> str:
    """The translation of a label held in a variable (its literal is marked above)."""
    return QCoreApplication.translate("ViewerActions", marked)


def _new(area, name: str, label: str, keys: list[str]) -> QAction:
    action = QAction(label_text(label), area)
    action.setObjectName(name)
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    area.addAction(action)
    return action


def build(area) -> dict[str, QAction]:
    """Create every action on *area*; returns them by id."""
    actions: dict[str, QAction] = {}
    for name, label, keys, method, argument in COMMANDS:
        action = _new(area, name, label, keys)
        action.setCheckable(name in CHECKABLE)
        if name in SHORT:
            action.setIconText(label_text(SHORT[name]))
        target = area
        for name_part in method.split("."):  # "linking.toggle": a method of a part of the area
            target = getattr(target, name_part)
        if argument is None:
            action.triggered.connect(lambda _=False, f=target: f())
        else:
            action.triggered.connect(lambda _=False, f=target, a=argument: f(a))
        actions[name] = action
    for digit in range(10):
        label = QCoreApplication.translate("ViewerActions", "Window preset %1")
        label = label.replace("%1", str(digit))
        action = _new(area, f"preset_{digit}", label, [str(digit)])
        action.triggered.connect(lambda _=False, d=str(digit): area.preset_key(d))
        actions[f"preset_{digit}"] = action
    group = QActionGroup(area)
    for name, label, short, key in TOOLS:
        action = _new(area, f"tool_{name}", label, [key])
        action.setIconText(label_text(short))
        action.setCheckable(True)
        action.setChecked(name == "window")
        group.addAction(action)
        action.triggered.connect(lambda _=False, n=name: area.set_tool(n))
        actions[f"tool_{name}"] = action
    return actions
