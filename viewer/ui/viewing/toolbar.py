"""The viewer toolbar: layouts, tools, presets, view commands, cine speed, links (scrolling,
W/L, zoom/pan, offset), tags, and the presentation states (pick list, annotations only, save)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QMenu, QSpinBox, QToolBar, QToolButton

from viewer.viewing import stack

# The presets' labels live in the Qt-free viewer.viewing.presets; marked here for lupdate.
PRESET_LABELS = (
    QT_TRANSLATE_NOOP("Presets", "Image default"), QT_TRANSLATE_NOOP("Presets", "Brain"),
    QT_TRANSLATE_NOOP("Presets", "Subdural"), QT_TRANSLATE_NOOP("Presets", "Stroke"),
    QT_TRANSLATE_NOOP("Presets", "Lung"), QT_TRANSLATE_NOOP("Presets", "Mediastinum"),
    QT_TRANSLATE_NOOP("Presets", "Abdomen"), QT_TRANSLATE_NOOP("Presets", "Liver"),
    QT_TRANSLATE_NOOP("Presets", "Bone"),
)


translate = QCoreApplication.translate  # literal contexts below, so lupdate finds the strings


def _menu_button(toolbar: QToolBar, text: str, menu: QMenu) -> QToolButton:
    button = QToolButton(toolbar)
    button.setText(text)
    button.setMenu(menu)
    button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    toolbar.addWidget(button)
    return button


def _fill_presets(area, menu: QMenu) -> None:
    menu.clear()
    for preset in area.active_viewport.presets():
        label = QCoreApplication.translate("Presets", preset.label)
        if preset.center is not None:
            label += f"  ({preset.center:g}/{preset.width:g})"
        action = menu.addAction(label)
        if preset.key:
            action.setShortcut(preset.key)
            action.setShortcutVisibleInContextMenu(True)
        action.triggered.connect(lambda _=False, p=preset: area.active_viewport.apply_preset(p))


def build_toolbar(area) -> QToolBar:
    a = area.action_map
    bar = QToolBar(area)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    layouts = QMenu(bar)
    for name in ("layout_1x1", "layout_1x2", "layout_2x1", "layout_2x2"):
        layouts.addAction(a[name])
    area.hanging.add_to_menu(layouts)
    _menu_button(bar, translate("ViewerToolbar", "Layout"), layouts)
    bar.addSeparator()
    for name in ("window", "pan", "zoom", "distance", "rectangle", "ellipse"):
        bar.addAction(a[f"tool_{name}"])
    bar.addSeparator()
    presets = QMenu(bar)
    presets.aboutToShow.connect(lambda: _fill_presets(area, presets))
    area.presets_button = _menu_button(bar, translate("ViewerToolbar", "Presets"), presets)
    for name in ("auto_window", "invert", "fit", "actual", "rotate_right", "flip_h", "flip_v",
                 "reset"):
        bar.addAction(a[name])
    bar.addSeparator()
    bar.addAction(a["cine"])
    area.fps_box = QSpinBox(bar)
    area.fps_box.setRange(*stack.CINE_FPS)
    area.fps_box.setValue(stack.DEFAULT_FPS)
    area.fps_box.setSuffix(" " + translate("ViewerToolbar", "fps"))
    area.fps_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    area.fps_box.valueChanged.connect(area.set_fps)
    bar.addWidget(QLabel(" ", bar))
    bar.addWidget(area.fps_box)
    bar.addSeparator()
    links = QMenu(bar)  # linked scrolling, W/L, zoom/pan and the offset of a prior
    for name in ("sync", "link_window", "link_view", "link_offset", "link_offset_reset"):
        links.addAction(a[name])
    _menu_button(bar, translate("ViewerToolbar", "Link"), links)
    for name in ("annotations", "tags"):
        bar.addAction(a[name])
    bar.addSeparator()
    bar.addAction(a["mpr"])  # its slab controls: the second row (viewer.ui.viewing.mpr_bar)
    return bar


def build_presentation_bar(area) -> QToolBar:
    """Second row: the active viewport's presentation states, annotations only, save; marking
    the key image (K)."""
    bar = QToolBar(area)
    bar.setObjectName("presentationBar")
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    bar.addWidget(QLabel(translate("ViewerToolbar", "Presentation state:") + " ", bar))
    bar.addWidget(area.presentations.combo)
    for name in ("annotations_only", "save_ps"):
        bar.addAction(area.action_map[name])
    bar.addSeparator()
    bar.addAction(area.action_map["key_image"])
    return bar
