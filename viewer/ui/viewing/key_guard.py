"""The viewer's navigation keys (arrows, Page Up/Down, Home, End: next image, first image...)
are window shortcuts, and a shortcut wins over the widget with the keyboard focus unless that
widget claims the key first (``QEvent.ShortcutOverride``). Combo boxes and spin boxes of the
viewer's toolbars (frames per second, the presentation state, the MPR slab) do not claim them,
so an arrow pressed to choose the slab mode turned the page instead. :func:`guard_inputs` makes
them claim these keys while they have the focus."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QWidget

NAVIGATION = frozenset({Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right,
                        Qt.Key.Key_PageUp, Qt.Key.Key_PageDown, Qt.Key.Key_Home,
                        Qt.Key.Key_End})


class _ClaimNavigation(QObject):
    def eventFilter(self, watched, event) -> bool:
        if (event.type() == QEvent.Type.ShortcutOverride and event.key() in NAVIGATION
                and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                          Qt.KeyboardModifier.KeypadModifier)):
            event.accept()  # the key goes to the widget, not to the viewer's shortcut
        return False


def guard_inputs(parent: QWidget) -> None:
    """Every combo box and spin box under *parent* keeps the navigation keys it is given."""
    guard = getattr(parent, "_navigation_guard", None)
    if guard is None:
        guard = parent._navigation_guard = _ClaimNavigation(parent)
    for widget in parent.findChildren(QComboBox) + parent.findChildren(QAbstractSpinBox):
        widget.installEventFilter(guard)
        for edit in widget.findChildren(QLineEdit):  # (a spin box's focus is its line edit)
            edit.installEventFilter(guard)
