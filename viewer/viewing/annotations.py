"""Values for the corner annotations, Qt-free (the UI adds translated labels).

Texts are decoded per Specific Character Set by pydicom (PS3.5 6.1), so Japanese names read as
kanji and kana. Person Names and dates read as in every other view:
:func:`viewer.dicom.names.format_person_name` (``Yamada^Tarou=山田^太郎=やまだ^たろう`` reads
``山田 太郎 (やまだ たろう)``) and :func:`viewer.dicom.dates.format_date` in the caller's pattern.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

from viewer.dicom.dates import DATE_PATTERN, format_date
from viewer.dicom.names import format_person_name
from viewer.dicom.rt_dose import DoseSummary, is_dose, read_dose
from viewer.viewing.geometry import slice_location, slice_thickness


@dataclass(frozen=True)
class CornerValues:
    patient_name: str | None
    patient_id: str | None
    birth_date: str | None
    sex: str | None
    study_date: str | None
    study_description: str | None
    series_number: str | None
    series_description: str | None
    slice_location: float | None
    slice_thickness: float | None
    modality: str | None
    dose: DoseSummary | None = None  # an RT Dose: units, and the grid's maximum once decoded


def _text(ds: Dataset, keyword: str) -> str | None:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an undecodable value is left out
        return None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(ds: Dataset, keyword: str, pattern: str) -> str | None:
    return format_date(_text(ds, keyword), pattern) or None


def corner_values(ds: Dataset, frame_index: int = 0, date_pattern: str = DATE_PATTERN,
                  instance=None) -> CornerValues:
    """The corner values of a frame of *ds*; an RT Dose's maximum comes from *instance*'s
    decoded frames (:class:`viewer.dicom.Instance`) once every one is (never decodes)."""
    try:
        name = format_person_name(ds.get("PatientName")) or None
    except Exception:  # noqa: BLE001
        name = None
    return CornerValues(
        patient_name=name,
        patient_id=_text(ds, "PatientID"),
        birth_date=_date(ds, "PatientBirthDate", date_pattern),
        sex=_text(ds, "PatientSex"),
        study_date=_date(ds, "StudyDate", date_pattern),
        study_description=_text(ds, "StudyDescription"),
        series_number=_text(ds, "SeriesNumber"),
        series_description=_text(ds, "SeriesDescription"),
        slice_location=slice_location(ds, frame_index),
        slice_thickness=slice_thickness(ds, frame_index),
        modality=_text(ds, "Modality"),
        dose=_dose(ds, instance),
    )


def _dose(ds: Dataset, instance) -> DoseSummary | None:
    if not is_dose(ds.get("SOPClassUID")):
        return None
    frames = None
    if instance is not None:
        cached = [instance.cached_frame(i) for i in range(instance.number_of_frames)]
        frames = cached if all(f is not None for f in cached) else None
    return read_dose(ds, frames)


def format_number(value: float, digits: int = 1) -> str:
    """A number without a trailing ".0" for integers: 40 -> "40", 12.345 -> "12.3"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"
