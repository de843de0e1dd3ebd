"""The viewer's actions with their keyboard shortcuts (also listed in Help).

Each entry: (id, label, shortcuts, method of ViewerArea, argument). Shortcuts work while the
viewer area (or a child) has the focus, so they do not clash with the main window's.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence

CONTEXT = "ViewerActions"

# id, label, shortcuts, area method, argument (None: called without one)
COMMANDS = [
    ("next", "Next image", ["Down", "Right"], "scroll_active", 1),
    ("previous", "Previous image", ["Up", "Left"], "scroll_active", -1),
    ("page_next", "Jump forward", ["PgDown"], "page_active", 1),
    ("page_previous", "Jump back", ["PgUp"], "page_active", -1),
    ("first", "First image", ["Home"], "first_active", None),
    ("last", "Last image", ["End"], "last_active", None),
    ("auto_window", "Auto window", ["A"], "on_active", "auto_window"),
    ("invert", "Invert", ["I"], "toggle_invert", None),
    ("zoom_in", "Zoom in", ["+", "="], "zoom_active", 1.25),
    ("zoom_out", "Zoom out", ["-"], "zoom_active", 0.8),
    ("fit", "Fit to window", ["F"], "on_active", "fit"),
    ("actual", "Actual pixels (1:1)", ["Ctrl+0"], "on_active", "actual_size"),
    ("rotate_right", "Rotate right", ["R"], "rotate_active", 1),
    ("rotate_left", "Rotate left", ["Shift+R"], "rotate_active", -1),
    ("flip_h", "Flip horizontally", ["H"], "flip_active", True),
    ("flip_v", "Flip vertically", ["V"], "flip_active", False),
    ("reset", "Reset view", ["Esc"], "on_active", "reset_view"),
    ("cine", "Play/pause cine", ["Space"], "on_active", "toggle_cine"),
    ("faster", "Cine faster", ["]"], "cine_speed", 1),
    ("slower", "Cine slower", ["["], "cine_speed", -1),
    ("clear", "Clear measurements", ["Delete"], "on_active", "clear_measurements"),
    ("annotations", "Show annotations", ["T"], "toggle_annotations", None),
    ("sync", "Synchronised scrolling", ["S"], "toggle_sync", None),
    ("tags", "DICOM tags…", ["Ctrl+I"], "show_tags", None),
    ("layout_1x1", "Layout 1x1", ["Alt+1"], "set_layout_tuple", (1, 1)),
    ("layout_1x2", "Layout 1x2", ["Alt+2"], "set_layout_tuple", (1, 2)),
    ("layout_2x1", "Layout 2x1", ["Alt+3"], "set_layout_tuple", (2, 1)),
    ("layout_2x2", "Layout 2x2", ["Alt+4"], "set_layout_tuple", (2, 2)),
]

# id, label (Help, menus), short label (toolbar), shortcut
TOOLS = [
    ("window", "Window/level tool", "W/L", "W"),
    ("pan", "Pan tool", "Pan", "P"),
    ("zoom", "Zoom tool", "Zoom", "Z"),
    ("distance", "Distance tool", "Length", "D"),
    ("rectangle", "Rectangle ROI tool", "Rect ROI", "B"),
    ("ellipse", "Ellipse ROI tool", "Ellipse ROI", "E"),
]

# Toolbar texts of commands whose full label is long.
SHORT = {
    "auto_window": "Auto", "invert": "Invert", "fit": "Fit", "actual": "1:1",
    "rotate_right": "Rotate", "flip_h": "Flip H", "flip_v": "Flip V", "reset": "Reset",
    "cine": "Cine", "sync": "Sync", "annotations": "Overlay", "tags": "Tags",
}

CHECKABLE = {"invert", "annotations", "sync"}


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _new(area, name: str, label: str, keys: list[str]) -> QAction:
    action = QAction(tr(label), area)
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
            action.setIconText(tr(SHORT[name]))
        target = getattr(area, method)
        if argument is None:
            action.triggered.connect(lambda _=False, f=target: f())
        else:
            action.triggered.connect(lambda _=False, f=target, a=argument: f(a))
        actions[name] = action
    for digit in range(10):
        label = tr("Window preset %1").replace("%1", str(digit))
        action = _new(area, f"preset_{digit}", label, [str(digit)])
        action.triggered.connect(lambda _=False, d=str(digit): area.preset_key(d))
        actions[f"preset_{digit}"] = action
    group = QActionGroup(area)
    for name, label, short, key in TOOLS:
        action = _new(area, f"tool_{name}", label, [key])
        action.setIconText(tr(short))
        action.setCheckable(True)
        action.setChecked(name == "window")
        group.addAction(action)
        action.triggered.connect(lambda _=False, n=name: area.set_tool(n))
        actions[f"tool_{name}"] = action
    return actions
