"""Grayscale renderer: one composed table per (dataset, frame), rebuilt on a window change.

VOI selection (PS3.3 C.11.2, PS3.4 N.2.1.2), in order of precedence:

1. a window supplied by the user, ``(center, width)``;
2. a VOI LUT Sequence item chosen explicitly (``voi_lut_index``);
3. the header's Window Center/Width pairs, chosen by ``window_index`` (0-based);
4. when the header has no window, its VOI LUT Sequence items, chosen by ``window_index``;
5. otherwise a default window spanning the modality values of Smallest/Largest Image Pixel
   Value (0028,0106/0107), else of the frame's own range ignoring Pixel Padding Value /
   Pixel Padding Range Limit (PS3.3 C.7.5.1.1.2), else of the Bits Stored range. The window is
   ``center = (lo + hi + 1) / 2, width = hi - lo + 1`` so that LINEAR maps lo -> 0 and hi -> 255
   exactly (DCMTK's min-max window).

``voi_function`` overrides the header's VOI LUT Function for windows (not for VOI LUTs).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline import compose, tables
from viewer.pipeline.lut import LookupTable
from viewer.pipeline.modality import modality_range
from viewer.pipeline.params import GrayscaleParams, Window, grayscale_params, normalize_function
from viewer.pipeline.voi import check_window

GRAYSCALE = ("MONOCHROME1", "MONOCHROME2")


def frame_range(stored, padding: tuple[int, int] | None) -> tuple[float, float] | None:
    """Smallest and largest stored value of a frame, ignoring pixel padding values."""
    stored = np.asarray(stored)
    if stored.size == 0:
        return None
    if padding is not None:
        kept = stored[(stored < padding[0]) | (stored > padding[1])]
        stored = kept if kept.size else stored
    if stored.dtype.kind == "f":
        finite = stored[np.isfinite(stored)]
        if finite.size == 0:
            return None
        stored = finite
    return float(stored.min()), float(stored.max())


def needs_frame_range(params: GrayscaleParams) -> bool:
    """Whether the default window would come from the frame's own range."""
    return not (params.windows or params.voi_luts or params.pixel_value_limits)


def default_window(params: GrayscaleParams, frame_limits=None, function: str = "LINEAR") -> Window:
    """Min-max window over the image's value range in modality units (see module docstring)."""
    limits = params.pixel_value_limits or frame_limits
    if limits is None:
        limits = params.pixel.stored_range
    low, high = modality_range(params, *limits)
    return Window((low + high + 1) / 2, high - low + 1, function, "min-max")


def pick(items: tuple, index: int, what: str):
    """items[index] or a ValueError saying how many there are."""
    if not 0 <= index < len(items):
        raise ValueError(f"{what} index {index} is out of range: the header has {len(items)}")
    return items[index]


def select_voi(
    params: GrayscaleParams,
    *,
    frame_limits: tuple[float, float] | None = None,
    window: tuple[float, float] | None = None,
    window_index: int = 0,
    voi_function: str | None = None,
    voi_lut_index: int | None = None,
) -> Window | LookupTable:
    """The VOI transformation to use (precedence in the module docstring); validated."""
    function = normalize_function(voi_function or params.voi_function, "voi_function")
    if window is not None:
        center, width = (float(v) for v in window)
        voi = Window(center, width, function, "user")
    elif voi_lut_index is not None:
        return pick(params.voi_luts, voi_lut_index, "VOI LUT")
    elif params.windows:
        voi = replace(pick(params.windows, window_index, "window"), function=function)
    elif params.voi_luts:
        return pick(params.voi_luts, window_index, "VOI LUT")
    else:
        if window_index != 0:
            raise ValueError(f"window index {window_index} is out of range: the header has none")
        voi = default_window(params, frame_limits, function)
    check_window(voi.width, voi.function, voi.center)
    return voi


class GrayscaleRenderer:
    """Renders frames of one grayscale image; a window change rebuilds only the table.

    Built once per (dataset, frame index). ``table`` holds uint8 outputs for stored values
    ``offset .. offset + len(table) - 1`` (None for 32-bit or float data, which are evaluated
    stage by stage).
    """

    def __init__(
        self,
        ds: Dataset,
        frame_index: int = 0,
        *,
        stored=None,
        window: tuple[float, float] | None = None,
        window_index: int = 0,
        voi_function: str | None = None,
        voi_lut_index: int | None = None,
    ):
        self.params = grayscale_params(ds, frame_index)
        if self.params.pixel.photometric not in GRAYSCALE:
            raise ValueError(
                f"Photometric Interpretation {self.params.pixel.photometric} is not grayscale"
            )
        self.offset = self.params.pixel.stored_range[0]
        self._expanded: dict[np.dtype, np.ndarray] = {}
        self._frame_limits = None
        if stored is not None and needs_frame_range(self.params):
            self._frame_limits = frame_range(stored, self.params.padding)
        self.voi = select_voi(
            self.params,
            frame_limits=self._frame_limits,
            window=window,
            window_index=window_index,
            voi_function=voi_function,
            voi_lut_index=voi_lut_index,
        )
        self.table: np.ndarray | None = None
        self._rebuild()

    @property
    def window(self) -> tuple[float, float] | None:
        """Current (center, width), or None when a VOI LUT Sequence item is in use."""
        return (self.voi.center, self.voi.width) if isinstance(self.voi, Window) else None

    def set_window(self, center: float, width: float, function: str | None = None) -> None:
        """Use a user window (PS3.3 C.11.2.1.2); keeps the current function unless given."""
        current = self.voi.function if isinstance(self.voi, Window) else self.params.voi_function
        function = normalize_function(function or current, "function")
        check_window(float(width), function, float(center))
        self.voi = Window(float(center), float(width), function, "user")
        self._rebuild()

    def select(
        self,
        window_index: int = 0,
        *,
        voi_function: str | None = None,
        voi_lut_index: int | None = None,
    ) -> None:
        """Go back to a header window (or VOI LUT item), as :func:`select_voi` chooses them."""
        self.voi = select_voi(
            self.params,
            frame_limits=self._frame_limits,
            window_index=window_index,
            voi_function=voi_function,
            voi_lut_index=voi_lut_index,
        )
        self._rebuild()

    def _rebuild(self) -> None:
        self._expanded.clear()
        if compose.tabulable(self.params.pixel):
            params, voi = self.params, self.voi
            self.table = tables.shared(("table", params, voi),
                                       lambda: compose.build_table(params, voi))

    def expanded_table(self, dtype: np.dtype) -> np.ndarray:
        """The table indexed by raw bit patterns of `dtype` (built once per window, shared by
        renderers of equal parameters: :mod:`viewer.pipeline.tables`)."""
        key = np.dtype(dtype).newbyteorder("=")
        if key not in self._expanded:
            pixel, table = self.params.pixel, self.table
            patterns = tables.shared(("patterns", key, pixel),
                                     lambda: compose.pattern_index(key, pixel))
            self._expanded[key] = tables.shared(("expanded", key, self.params, self.voi),
                                                lambda: table.take(patterns))
        return self._expanded[key]

    def render(self, stored) -> np.ndarray:
        """uint8 HxW, C-contiguous, for one frame of stored values."""
        frame = np.asarray(stored)
        if frame.ndim != 2:
            raise ValueError(f"expected one grayscale frame (rows x columns), got {frame.shape}")
        if self.table is None or frame.dtype.kind not in "iub":
            return compose.render_direct(frame, self.params, self.voi)
        if compose.indexable(frame):
            return compose.apply_table(self.expanded_table(frame.dtype), frame)
        return compose.apply_range_table(self.table, self.offset, frame)
