"""RT Dose (PS3.3 A.18, C.8.8.3), Qt-free: the dose grid's units and maximum.

A dose grid is a (multi-frame) image whose stored values times Dose Grid Scaling (3004,000E)
are the dose in Dose Units (GY, or RELATIVE); the frames lie at the Grid Frame Offset Vector
(3004,000C) along the normal. The viewer takes the scaling as the image's modality rescale
(:func:`viewer.pipeline.params.read_rescale`), so windows and the pixel readout are in dose
units.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydicom.dataset import Dataset

__all__ = ["RT_DOSE", "DoseSummary", "dose_grid_scaling", "grid_maximum", "is_dose",
           "read_dose"]

RT_DOSE = "1.2.840.10008.5.1.4.1.1.481.2"


@dataclass(frozen=True)
class DoseSummary:
    units: str  # GY, RELATIVE
    dose_type: str  # PHYSICAL, EFFECTIVE, ERROR
    summation_type: str  # PLAN, BEAM, FRACTION, ...
    rows: int
    columns: int
    frames: int
    spacing: tuple[float, float] | None  # (between rows, between columns) mm
    scaling: float | None
    maximum: float | None  # in units; None when the grid was not read
    referenced_plan_uid: str
    comment: str


def is_dose(sop_class_uid: str | None) -> bool:
    return str(sop_class_uid or "") == RT_DOSE


def dose_grid_scaling(ds: Dataset) -> float | None:
    """Dose Grid Scaling of an RT Dose object, None when absent or not a finite number."""
    if not is_dose(ds.get("SOPClassUID")):
        return None
    try:
        value = float(ds.get("DoseGridScaling"))
    except (TypeError, ValueError):
        return None
    return value if np.isfinite(value) else None


def grid_maximum(frames, scaling: float | None) -> float | None:
    """The largest dose of the stored *frames* (arrays), scaled; None without frames."""
    peaks = [float(np.max(frame)) for frame in frames if np.size(frame)]
    if not peaks:
        return None
    return max(peaks) * (1.0 if scaling is None else scaling)


def _text(ds: Dataset, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001
        return ""
    return "" if value is None else str(value).strip()


def _int(ds: Dataset, keyword: str, default: int = 0) -> int:
    try:
        return int(ds.get(keyword, default) or default)
    except (TypeError, ValueError):
        return default


def read_dose(ds: Dataset, frames=None) -> DoseSummary:
    """The dose object's summary; its maximum from the stored *frames* when given."""
    try:
        spacing = tuple(float(v) for v in ds.get("PixelSpacing") or ())
    except (TypeError, ValueError):
        spacing = ()
    plans = list(ds.get("ReferencedRTPlanSequence") or [])
    scaling = dose_grid_scaling(ds)
    return DoseSummary(
        units=_text(ds, "DoseUnits"), dose_type=_text(ds, "DoseType"),
        summation_type=_text(ds, "DoseSummationType"), rows=_int(ds, "Rows"),
        columns=_int(ds, "Columns"), frames=_int(ds, "NumberOfFrames", 1),
        spacing=spacing if len(spacing) == 2 else None, scaling=scaling,
        maximum=None if frames is None else grid_maximum(frames, scaling),
        referenced_plan_uid=_text(plans[0], "ReferencedSOPInstanceUID") if plans else "",
        comment=_text(ds, "DoseComment"))
