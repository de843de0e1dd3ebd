"""The slab controls of MPR on the viewer's second toolbar row (shown only in the MPR layout):
thickness in mm (0: the plane alone) and MIP, MinIP or average."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel

from viewer.viewing.mpr import Slab

MODES = ("mip", "minip", "average")
MAX_SLAB = 200.0  # mm


translate = QCoreApplication.translate  # a literal context, so lupdate finds the strings


class SlabControls:
    def __init__(self, area, apply) -> None:
        self.apply = apply
        bar = area.presentation_bar
        self.thickness = QDoubleSpinBox(bar)
        self.thickness.setObjectName("mprSlabThickness")
        self.thickness.setRange(0.0, MAX_SLAB)
        self.thickness.setDecimals(1)
        self.thickness.setSingleStep(1.0)
        self.thickness.setSuffix(" " + translate("MprMode", "mm"))
        self.thickness.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.thickness.setToolTip(translate("MprMode", "Slab thickness (0: the plane alone)"))
        self.mode = QComboBox(bar)
        self.mode.setObjectName("mprSlabMode")
        self.mode.addItem(translate("MprMode", "MIP"))
        self.mode.addItem(translate("MprMode", "MinIP"))
        self.mode.addItem(translate("MprMode", "Average"))
        self.mode.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.actions = [bar.addSeparator(),
                        bar.addWidget(QLabel(" " + translate("MprMode", "Slab") + " ", bar)),
                        bar.addWidget(self.thickness), bar.addWidget(self.mode)]
        self.thickness.valueChanged.connect(self._changed)
        self.mode.currentIndexChanged.connect(self._changed)
        self.set_visible(False)

    def set_visible(self, visible: bool) -> None:
        for action in self.actions:
            action.setVisible(visible)

    def slab(self) -> Slab:
        return Slab(float(self.thickness.value()), MODES[self.mode.currentIndex()])

    def _changed(self, *_) -> None:
        self.apply(self.slab())
