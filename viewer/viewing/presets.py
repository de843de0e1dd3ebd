"""Window presets per modality plus the header's own windows. Qt-free.

CT presets are the usual values in Hounsfield units (center/width; Radiopaedia "Windowing (CT)",
as RadiAnt and Horos ship them): brain 40/80, subdural 75/215, stroke 40/40, lung -600/1500,
mediastinum 50/350, abdomen (soft tissue) 50/400, liver 30/150, bone 400/1800.

Keys: ``0`` restores the image's own window (header or min-max), ``1``..``8`` the modality
presets in the order above, the header windows follow on the next free digits.
``name`` is a stable identifier; the UI translates the label.
"""

from __future__ import annotations

from typing import NamedTuple

from pydicom.dataset import Dataset

from viewer.pipeline import describe_windows


class Preset(NamedTuple):
    name: str  # stable id, e.g. "ct.brain" or "header.0"
    label: str  # English label (translated by the UI), or the header's explanation
    center: float | None  # None: the image's own default window
    width: float | None
    key: str | None = None  # digit shortcut


CT_PRESETS = (
    Preset("ct.brain", "Brain", 40, 80),
    Preset("ct.subdural", "Subdural", 75, 215),
    Preset("ct.stroke", "Stroke", 40, 40),
    Preset("ct.lung", "Lung", -600, 1500),
    Preset("ct.mediastinum", "Mediastinum", 50, 350),
    Preset("ct.abdomen", "Abdomen", 50, 400),
    Preset("ct.liver", "Liver", 30, 150),
    Preset("ct.bone", "Bone", 400, 1800),
)

MODALITY_PRESETS = {"CT": CT_PRESETS}

DEFAULT = Preset("default", "Image default", None, None, "0")


def presets_for(modality: str | None, ds: Dataset | None = None, frame_index: int = 0):
    """The default, the modality's presets, then the header's windows, keyed by digits."""
    chosen = [DEFAULT]
    chosen += list(MODALITY_PRESETS.get((modality or "").upper(), ()))
    if ds is not None:
        chosen += header_presets(ds, frame_index)
    return [_with_key(p, i) for i, p in enumerate(chosen)]


def header_presets(ds: Dataset, frame_index: int = 0) -> list[Preset]:
    """The header's Window Center/Width pairs (VOI LUT items are reached by the default)."""
    try:
        windows = describe_windows(ds, frame_index)
    except ValueError:
        return []
    return [
        Preset(f"header.{w.index}", w.label, w.center, w.width)
        for w in windows
        if w.kind == "window"
    ]


def _with_key(preset: Preset, position: int) -> Preset:
    return preset._replace(key=str(position) if position <= 9 else None)

