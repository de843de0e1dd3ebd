"""Header values a viewport shows with each frame, read once per frame, Qt-free.

Scrolling asks for the same values at every step (corner annotations, orientation letters,
pixel spacing for the scale bar and zoom, pixel aspect for the view matrix); each is a few
pydicom look-ups through the functional groups. They are kept per frame (``FrameRef``: the
instance object and frame index) for the frames seen last, so going back and forth through a
stack reads each header once.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable

from viewer.dicom import FrameRef
from viewer.dicom.rt_dose import is_dose
from viewer.viewing import orientation
from viewer.viewing.annotations import CornerValues, corner_values
from viewer.viewing.geometry import Spacing, pixel_aspect, pixel_spacing

KEPT = 4096  # values, a few per frame: a 1000-slice stack back and forth


class FrameHeaders:
    def __init__(self, kept: int = KEPT) -> None:
        self.kept = kept
        self._values: OrderedDict[Hashable, object] = OrderedDict()

    def _get(self, key: Hashable, read: Callable[[], object]):
        if key in self._values:
            self._values.move_to_end(key)
            return self._values[key]
        value = self._values[key] = read()
        while len(self._values) > self.kept:
            self._values.popitem(last=False)
        return value

    def corner(self, ref: FrameRef, date_pattern: str) -> CornerValues:
        if is_dose(ref.instance.ds.get("SOPClassUID")):  # (its maximum shows once decoded)
            return corner_values(ref.instance.ds, ref.frame_index, date_pattern, ref.instance)
        return self._get(("corner", ref, date_pattern),
                         lambda: corner_values(ref.instance.ds, ref.frame_index, date_pattern))

    def axes(self, ref: FrameRef) -> tuple[str, str] | None:
        return self._get(("axes", ref),
                         lambda: orientation.image_axes(ref.instance.ds, ref.frame_index))

    def spacing(self, ref: FrameRef) -> Spacing | None:
        return self._get(("spacing", ref),
                         lambda: pixel_spacing(ref.instance.ds, ref.frame_index))

    def aspect(self, ref: FrameRef) -> float:
        return self._get(("aspect", ref), lambda: pixel_aspect(ref.instance.ds, ref.frame_index))
