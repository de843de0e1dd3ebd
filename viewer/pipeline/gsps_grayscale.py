"""The grayscale stages of a presentation state for one image frame (PS3.4 N.2.1). Qt-free.

The state replaces the image's own grayscale attributes (PS3.4 N.2.1):

- Modality LUT: the state's Rescale Slope/Intercept or Modality LUT Sequence; when the state
  has neither, the identity (the image's own rescale is *not* used).
- VOI LUT: the Softcopy VOI LUT item that references the image and frame (its first window with
  its VOI LUT Function, else its VOI LUT Sequence item); when no item does, the identity VOI.
- Presentation LUT: the state's shape or LUT, which overrides Photometric Interpretation
  (IDENTITY on a MONOCHROME1 image shows the smallest value black).

The identity VOI hands the modality value range on to the presentation LUT unchanged: the
modality values that Bits Stored allows, ``[lo, hi]``, are cut into 256 equal bins,
``b = floor(256 * (x - lo) / (hi - lo + 1))`` (:class:`IdentityVOI`), and the presentation LUT
maps bin *b*: IDENTITY to *b* (what DCMTK's dcmp2pgm renders, exactly), INVERSE to ``255 - b``
(dcmp2pgm renders ``floor(255 - 254 (x - lo) / (hi - lo + 1))`` there, within 1 of it).

:class:`PresentationRenderer` has the :class:`viewer.pipeline.GrayscaleRenderer` surface
(``render``, ``set_window``, ``window``, ``table``, ``params``, ``voi``) and also renders mask
subtracted frames (:mod:`viewer.pipeline.gsps_mask`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from pydicom.dataset import Dataset

from viewer.pipeline import compose
from viewer.pipeline.lut import LookupTable, is_little_endian, read_lut
from viewer.pipeline.modality import modality_range, modality_stage
from viewer.pipeline.params import GrayscaleParams, Window, grayscale_params, normalize_function
from viewer.pipeline.params import voi_input_signed
from viewer.pipeline.presentation import presentation_stage
from viewer.pipeline.voi import check_window, voi_stage

__all__ = ["IdentityVOI", "PresentationRenderer", "identity_voi", "presentation_params",
           "presentation_voi"]


def _presentation(ps, params: GrayscaleParams) -> tuple[str, LookupTable | None]:
    if ps.presentation_lut_item is not None:
        lut = read_lut(ps.presentation_lut_item, is_little_endian(ps.ds), name="Presentation LUT")
        return "IDENTITY", lut
    return ps.presentation_shape or params.presentation_shape, None


def presentation_params(image_ds: Dataset, ps, frame_index: int = 0) -> GrayscaleParams:
    """The image's pixel description with the state's modality, VOI and presentation LUTs."""
    params = grayscale_params(image_ds, frame_index)
    little = is_little_endian(ps.ds) if ps.ds is not None else True
    modality_lut = None
    if ps.modality_lut_item is not None:
        modality_lut = read_lut(ps.modality_lut_item, little, signed_first=params.pixel.signed,
                                name="Modality LUT of the presentation state")
    rescale = None if modality_lut is not None else ps.rescale
    voi = ps.voi_for(_uid(image_ds), frame_index + 1)
    windows, voi_luts, function = (), (), "LINEAR"
    if voi is not None:
        function = normalize_function(voi.function)
        windows = tuple(Window(c, w, function, label) for c, w, label in voi.windows)
        if voi.lut_item is not None and not windows:
            signed = voi_input_signed(params.pixel, rescale, modality_lut)
            voi_luts = (read_lut(voi.lut_item, little, signed_first=signed,
                                 name="Softcopy VOI LUT"),)
    shape, presentation_lut = _presentation(ps, params)
    return replace(params, rescale=rescale, modality_lut=modality_lut, windows=windows,
                   voi_function=function, voi_luts=voi_luts, presentation_shape=shape,
                   presentation_lut=presentation_lut)


def _uid(ds: Dataset) -> str | None:
    value = ds.get("SOPInstanceUID")
    return str(value) if value else None


class IdentityVOI(LookupTable):
    """The identity VOI: modality values ``[lo, hi]`` cut into 256 equal bins (8-bit output).

    ``lookup(x) = floor(256 (x - lo) / (hi - lo + 1))`` clamped to 0..255; on 8-bit data this is
    the value itself. ``data`` only describes it (256 entries); :meth:`lookup` computes it.
    """

    def __init__(self, low: float, high: float):
        data = np.arange(256, dtype=np.int64)
        data.setflags(write=False)
        super().__init__(int(np.floor(low)), 8, data, "identity")
        object.__setattr__(self, "low", float(low))
        object.__setattr__(self, "span", max(float(high) - float(low) + 1.0, 1.0))

    def lookup(self, values) -> np.ndarray:
        x = np.nan_to_num(np.asarray(values, dtype=np.float64) - self.low, nan=0.0)
        return np.clip(np.floor(256.0 * x / self.span + 1e-9), 0, 255).astype(np.int64)

    @property
    def window(self) -> tuple[float, float]:
        """The LINEAR window (center, width) spanning the same range, to start a drag from."""
        return self.low + self.span / 2.0, self.span


def identity_voi(params: GrayscaleParams, subtracted: bool = False) -> IdentityVOI:
    """The identity VOI over the modality value range (see the module docstring).

    For a mask-subtracted frame the range is that of differences, ``[lo - hi, hi - lo]``.
    """
    low, high = modality_range(params, *params.pixel.stored_range)
    if subtracted:
        low, high = low - high, high - low
    return IdentityVOI(low, high)


def presentation_voi(params: GrayscaleParams, subtracted: bool = False) -> Window | LookupTable:
    """The state's window (first one) or VOI LUT, else the identity VOI."""
    if params.windows:
        window = params.windows[0]
        check_window(window.width, window.function, window.center)
        return window
    if params.voi_luts:
        return params.voi_luts[0]
    return identity_voi(params, subtracted)


class PresentationRenderer:
    """Renders frames of one image through a presentation state's grayscale stages.

    Same surface as :class:`viewer.pipeline.GrayscaleRenderer`: a window change rebuilds only
    the table. ``render(stored, mask=...)`` subtracts mask modality values (C.7.6.10) before
    the VOI stage.
    """

    def __init__(self, params: GrayscaleParams, voi: Window | LookupTable | None = None,
                 subtracted: bool = False):
        self.params = params
        self.offset = params.pixel.stored_range[0]
        self.voi = voi if voi is not None else presentation_voi(params, subtracted)
        self.table: np.ndarray | None = None
        self._expanded: dict[np.dtype, np.ndarray] = {}
        self._rebuild()

    @classmethod
    def for_image(cls, image_ds: Dataset, ps, frame_index: int = 0, subtracted: bool = False):
        """The renderer of *image_ds* frame *frame_index* under presentation state *ps*."""
        return cls(presentation_params(image_ds, ps, frame_index), subtracted=subtracted)

    @property
    def window(self) -> tuple[float, float] | None:
        """Current (center, width) (the identity VOI's equivalent window), or None when a VOI
        LUT is in use."""
        if isinstance(self.voi, IdentityVOI):
            return self.voi.window
        return (self.voi.center, self.voi.width) if isinstance(self.voi, Window) else None

    def set_window(self, center: float, width: float, function: str | None = None) -> None:
        """Use a user window instead of the state's (the view is then modified)."""
        current = self.voi.function if isinstance(self.voi, Window) else "LINEAR"
        function = normalize_function(function or current, "function")
        check_window(float(width), function, float(center))
        self.voi = Window(float(center), float(width), function, "user")
        self._rebuild()

    def _rebuild(self) -> None:
        self._expanded.clear()
        self.table = None
        if compose.tabulable(self.params.pixel):
            self.table = compose.build_table(self.params, self.voi)

    def render(self, stored, mask: np.ndarray | None = None) -> np.ndarray:
        """uint8 H x W for one frame of stored values; *mask* = mask modality values."""
        frame = np.asarray(stored)
        if frame.ndim != 2:
            raise ValueError(f"expected one grayscale frame (rows x columns), got {frame.shape}")
        if mask is not None:
            values = modality_stage(frame, self.params) - mask
            out = presentation_stage(voi_stage(values, self.voi), self.params.presentation_shape,
                                     self.params.presentation_lut)
            return compose.to_uint8(out)
        if self.table is None or not compose.indexable(frame):
            if self.table is not None and frame.dtype.kind in "iu":
                return compose.apply_range_table(self.table, self.offset, frame)
            return compose.render_direct(frame, self.params, self.voi)
        key = np.dtype(frame.dtype).newbyteorder("=")
        if key not in self._expanded:
            index = compose.pattern_index(key, self.params.pixel)
            self._expanded[key] = self.table.take(index)
        return compose.apply_table(self._expanded[key], frame)

    def modality(self, stored) -> np.ndarray:
        """Modality values (float64) of a frame under the state's modality LUT."""
        return modality_stage(np.asarray(stored), self.params)
