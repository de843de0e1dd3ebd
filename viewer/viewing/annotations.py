"""Values for the corner annotations, Qt-free (the UI adds translated labels).

Texts are decoded per Specific Character Set by pydicom (PS3.5 6.1), so Japanese names read as
kanji and kana. A Person Name (PS3.5 6.2.1) shows its component groups (alphabetic, ideographic,
phonetic) joined by " = ", each with its ``^``-separated parts joined by spaces:
``Yamada^Tarou=山田^太郎=やまだ^たろう`` reads
``Yamada Tarou = 山田 太郎 = やまだ たろう``.
Dates (DA, YYYYMMDD) read ``YYYY-MM-DD``.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

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


def _text(ds: Dataset, keyword: str) -> str | None:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an undecodable value is left out
        return None
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def person_name(value) -> str | None:
    """Display form of a Person Name value (see module docstring)."""
    if value is None:
        return None
    groups = str(value).split("=")
    shown = [" ".join(p.strip() for p in group.split("^") if p.strip()) for group in groups]
    shown = [g for g in shown if g]
    return " = ".join(shown) or None


def dicom_date(value: str | None) -> str | None:
    """YYYYMMDD as YYYY-MM-DD; anything else unchanged."""
    if value and len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


def corner_values(ds: Dataset, frame_index: int = 0) -> CornerValues:
    try:
        name = person_name(ds.get("PatientName"))
    except Exception:  # noqa: BLE001
        name = None
    return CornerValues(
        patient_name=name,
        patient_id=_text(ds, "PatientID"),
        birth_date=dicom_date(_text(ds, "PatientBirthDate")),
        sex=_text(ds, "PatientSex"),
        study_date=dicom_date(_text(ds, "StudyDate")),
        study_description=_text(ds, "StudyDescription"),
        series_number=_text(ds, "SeriesNumber"),
        series_description=_text(ds, "SeriesDescription"),
        slice_location=slice_location(ds, frame_index),
        slice_thickness=slice_thickness(ds, frame_index),
        modality=_text(ds, "Modality"),
    )


def format_number(value: float, digits: int = 1) -> str:
    """A number without a trailing ".0" for integers: 40 -> "40", 12.345 -> "12.3"."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.{digits}f}"
