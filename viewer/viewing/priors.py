"""Which series of a prior study matches which series of the current one, Qt-free.

A hanging for "compare with prior" puts each current image series beside the prior series most
like it. Likeness is scored from what a radiologist reads on the series:

- Modality (0008,0060): a CT is never compared with an MR; both must say the same (a series
  without one can still pair on the rest).
- Plane, from Image Orientation (Patient) (0020,0037) of the first frame: the slice normal
  (row cosines x column cosines, PS3.3 C.7.6.2.1.1) closest to the patient's x, y or z axis makes
  it SAGITTAL, CORONAL or AXIAL; a normal within no axis by :data:`AXIS_COS` is OBLIQUE. Two
  known planes that differ never pair: their slices cannot be scrolled together.
- Body Part Examined (0018,0015): the same part adds, two different parts subtract.
- Series Description (0008,103E): similarity of the words (case, punctuation and spacing aside),
  as difflib's ratio, 0 to 1.

Pairs are chosen greedily, best score first (each series in one pair at most); ties go to the
earlier series of the current study, then of the prior. Greedy is what a reader expects here:
the best-looking match is never given away to make a worse one possible.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

import numpy as np

from viewer.viewing.geometry import frame_value

AXIS_COS = 0.8  # |cos| between the slice normal and a patient axis to name the plane
PLANES = ("SAGITTAL", "CORONAL", "AXIAL")  # normal along x (L), y (P), z (H)
OBLIQUE = "OBLIQUE"
MODALITY_SCORE = 4.0
PLANE_SCORE = 3.0
BODY_PART_SCORE = 2.0
DESCRIPTION_SCORE = 3.0


@dataclass(frozen=True)
class SeriesTraits:
    """What pairing looks at in one series ("" when not known)."""

    uid: str
    modality: str = ""
    body_part: str = ""
    plane: str = ""  # AXIAL, CORONAL, SAGITTAL, OBLIQUE or ""
    description: str = ""


@dataclass(frozen=True)
class SeriesPair:
    current: str  # series UID
    prior: str
    score: float


def plane_of(orientation) -> str:
    """The plane named by six direction cosines ("" when they are not usable)."""
    try:
        cosines = np.asarray([float(v) for v in orientation], dtype=float)
    except (TypeError, ValueError):
        return ""
    if cosines.shape != (6,) or not np.all(np.isfinite(cosines)):
        return ""
    normal = np.cross(cosines[:3], cosines[3:])
    norm = float(np.linalg.norm(normal))
    if norm < 0.5:
        return ""
    normal = np.abs(normal / norm)
    axis = int(np.argmax(normal))
    return PLANES[axis] if normal[axis] >= AXIS_COS else OBLIQUE


def _text(ds, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an unconvertible value counts as absent
        return ""
    return "" if value is None else str(value).strip()


def traits_of(series) -> SeriesTraits:
    """The traits of a :class:`viewer.dicom.Series` (its first frame's instance)."""
    ref = series.frames[0] if series.frames else None
    ds = ref.instance.ds if ref is not None else series.instances[0].ds
    orientation = frame_value(ds, ref.frame_index if ref else 0, "PlaneOrientationSequence",
                              "ImageOrientationPatient")
    return SeriesTraits(series.series_instance_uid, (series.modality or "").strip().upper(),
                        _text(ds, "BodyPartExamined").upper(), plane_of(orientation),
                        series.description or _text(ds, "SeriesDescription"))


def _words(text: str) -> str:
    return "".join(re.findall(r"[^\W_]+", text.casefold()))


def description_likeness(a: str, b: str) -> float:
    """0 (nothing alike, or either empty) to 1 (the same words)."""
    a, b = _words(a), _words(b)
    if not a or not b:
        return 0.0
    return difflib.SequenceMatcher(None, a, b).ratio()


def score(current: SeriesTraits, prior: SeriesTraits) -> float | None:
    """How alike two series are; None when they must not be paired."""
    total = 0.0
    if current.modality and prior.modality:
        if current.modality != prior.modality:
            return None
        total += MODALITY_SCORE
    if current.plane and prior.plane:
        if current.plane != prior.plane:
            return None
        total += PLANE_SCORE
    if current.body_part and prior.body_part:
        total += BODY_PART_SCORE if current.body_part == prior.body_part else -BODY_PART_SCORE
    return total + DESCRIPTION_SCORE * description_likeness(current.description,
                                                            prior.description)


def pair_series(current: list[SeriesTraits], prior: list[SeriesTraits]) -> list[SeriesPair]:
    """The pairs, in the order of the *current* series (see the module text)."""
    candidates = []
    for i, a in enumerate(current):
        for j, b in enumerate(prior):
            value = score(a, b)
            if value is not None:
                candidates.append((-value, i, j))
    candidates.sort()
    used_current, used_prior, chosen = set(), set(), []
    for negative, i, j in candidates:
        if i in used_current or j in used_prior:
            continue
        used_current.add(i)
        used_prior.add(j)
        chosen.append((i, SeriesPair(current[i].uid, prior[j].uid, -negative)))
    return [pair for _, pair in sorted(chosen, key=lambda entry: entry[0])]


def pair_image_series(current_series: list, prior_series: list) -> list[SeriesPair]:
    """:func:`pair_series` over the image series (those with frames) of two opened studies."""
    return pair_series([traits_of(s) for s in current_series if s.frames],
                       [traits_of(s) for s in prior_series if s.frames])
