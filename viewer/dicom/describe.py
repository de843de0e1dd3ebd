"""A one-screen summary of an instance, for ``dicom-viewer info FILE`` and the UI.

Texts come decoded per Specific Character Set (PS3.5 section 6.1, handled by pydicom), so a
Japanese or Chinese Patient Name reads as kanji. Window values are those of the VOI LUT module
(PS3.3 C.11.2), or of the Frame VOI LUT of the Shared Functional Groups of an enhanced
multi-frame object (PS3.3 C.7.6.16.2.10).
"""

from __future__ import annotations

from typing import Any

from pydicom.dataset import Dataset
from pydicom.uid import UID

from .instance import Instance
from .syntax import transfer_syntax_name
from .values import get_float, get_floats, get_int, get_str, get_strs, get_value

__all__ = ["describe", "format_description"]

# (key, label) in display order; the values come from describe().
_LABELS = (
    ("path", "File"),
    ("patient_name", "Patient name"),
    ("patient_id", "Patient ID"),
    ("patient_birth_date", "Birth date"),
    ("patient_sex", "Sex"),
    ("study_date", "Study date"),
    ("study_description", "Study description"),
    ("study_instance_uid", "Study UID"),
    ("series_number", "Series number"),
    ("series_description", "Series description"),
    ("series_instance_uid", "Series UID"),
    ("modality", "Modality"),
    ("sop_class", "SOP class"),
    ("sop_instance_uid", "SOP instance UID"),
    ("kind", "Kind"),
    ("transfer_syntax", "Transfer syntax"),
    ("size", "Rows x columns"),
    ("number_of_frames", "Frames"),
    ("frame_rate", "Frame rate (frames/s)"),
    ("bits", "Bits allocated/stored/high bit"),
    ("pixel_representation", "Pixel representation"),
    ("photometric_interpretation", "Photometric interpretation"),
    ("samples_per_pixel", "Samples per pixel"),
    ("planar_configuration", "Planar configuration"),
    ("rescale", "Rescale slope/intercept"),
    ("windows", "Windows (center/width)"),
    ("voi_lut_count", "VOI LUTs"),
    ("pixel_problem", "Pixel data problem"),
    ("notes", "Notes"),
)


def describe(instance: Instance) -> dict[str, Any]:
    """The summary of *instance* as a dict; absent values are ``None``.

    Keys: path, patient_name, patient_id, patient_birth_date, patient_sex, study_date,
    study_description, study_instance_uid, series_number, series_description,
    series_instance_uid, modality, sop_class_uid, sop_class_name, sop_instance_uid, kind,
    transfer_syntax_uid, transfer_syntax_name, rows, columns, number_of_frames, frame_rate
    (frames/s from Frame Time or Cine Rate, multi-frame only), bits_allocated,
    bits_stored, high_bit, pixel_representation, photometric_interpretation, samples_per_pixel,
    planar_configuration, rescale_slope, rescale_intercept, windows (list of dicts center,
    width, explanation), voi_lut_count, pixel_problem, notes.
    """
    ds = instance.ds
    summary: dict[str, Any] = {
        "path": instance.path,
        "patient_name": get_str(ds, "PatientName"),
        "patient_id": get_str(ds, "PatientID"),
        "patient_birth_date": get_str(ds, "PatientBirthDate"),
        "patient_sex": get_str(ds, "PatientSex"),
        "study_date": get_str(ds, "StudyDate"),
        "study_description": get_str(ds, "StudyDescription"),
        "study_instance_uid": instance.study_instance_uid,
        "series_number": get_int(ds, "SeriesNumber"),
        "series_description": get_str(ds, "SeriesDescription"),
        "series_instance_uid": instance.series_instance_uid,
        "modality": instance.modality,
        "sop_class_uid": instance.sop_class_uid,
        "sop_class_name": _uid_name(instance.sop_class_uid),
        "sop_instance_uid": instance.sop_instance_uid,
        "kind": instance.kind.value,
        "transfer_syntax_uid": instance.transfer_syntax_uid,
        "transfer_syntax_name": transfer_syntax_name(instance.transfer_syntax_uid),
        "rows": instance.rows,
        "columns": instance.columns,
        "number_of_frames": instance.number_of_frames,
        "frame_rate": instance.frame_rate if instance.number_of_frames > 1 else None,
    }
    summary.update(_pixel_module(ds))
    summary["windows"] = _windows(ds)
    summary["voi_lut_count"] = _voi_lut_count(ds)
    summary["pixel_problem"] = instance.pixel_problem if instance.has_pixel_data else None
    summary["notes"] = list(instance.notes)
    return summary


def format_description(summary: dict[str, Any]) -> str:
    """*summary* (from :func:`describe`) as aligned ``Label: value`` lines, empty ones left out."""
    shown = _displayed(summary)
    width = max(len(label) for _, label in _LABELS)
    lines = []
    for key, label in _LABELS:
        value = shown.get(key)
        if value not in (None, "", []):
            lines.append(f"{label:<{width}}  {value}")
    return "\n".join(lines)


def _displayed(s: dict[str, Any]) -> dict[str, Any]:
    shown = dict(s)
    shown["sop_class"] = _pair(s.get("sop_class_name"), s.get("sop_class_uid"))
    shown["transfer_syntax"] = _pair(s.get("transfer_syntax_name"), s.get("transfer_syntax_uid"))
    if s.get("rows") is not None or s.get("columns") is not None:
        shown["size"] = f"{s.get('rows')} x {s.get('columns')}"
    if s.get("bits_allocated") is not None:
        shown["bits"] = f"{s['bits_allocated']}/{s.get('bits_stored')}/{s.get('high_bit')}"
    if s.get("rescale_slope") is not None or s.get("rescale_intercept") is not None:
        shown["rescale"] = f"{s.get('rescale_slope')}/{s.get('rescale_intercept')}"
    shown["windows"] = "; ".join(_window_text(w) for w in s.get("windows") or [])
    shown["notes"] = "; ".join(s.get("notes") or [])
    if not s.get("voi_lut_count"):
        shown["voi_lut_count"] = None
    return shown


def _pair(name: str | None, uid: str | None) -> str | None:
    return f"{name} ({uid})" if uid else None


def _window_text(window: dict[str, Any]) -> str:
    text = f"{window['center']:g}/{window['width']:g}"
    return f"{text} {window['explanation']}" if window.get("explanation") else text


def _uid_name(uid: str | None) -> str | None:
    if not uid:
        return None
    name = UID(uid).name
    return name if name != uid else "unknown SOP class"


def _pixel_module(ds: Dataset) -> dict[str, Any]:
    """Image Pixel module values (PS3.3 C.7.6.3) and the Modality LUT rescale (C.11.1), or the
    shared Pixel Value Transformation of an enhanced multi-frame object (C.7.6.16.2.9)."""
    rescale = ds if "RescaleSlope" in ds else _shared_item(ds, "PixelValueTransformationSequence")
    return {
        "bits_allocated": get_int(ds, "BitsAllocated"),
        "bits_stored": get_int(ds, "BitsStored"),
        "high_bit": get_int(ds, "HighBit"),
        "pixel_representation": get_int(ds, "PixelRepresentation"),
        "photometric_interpretation": get_str(ds, "PhotometricInterpretation"),
        "samples_per_pixel": get_int(ds, "SamplesPerPixel"),
        "planar_configuration": get_int(ds, "PlanarConfiguration"),
        "rescale_slope": get_float(rescale, "RescaleSlope"),
        "rescale_intercept": get_float(rescale, "RescaleIntercept"),
    }


def _shared_item(ds: Dataset, keyword: str) -> Dataset:
    """The first item of *keyword* in the Shared Functional Groups (PS3.3 C.7.6.16), or an
    empty data set."""
    for shared in get_value(ds, "SharedFunctionalGroupsSequence") or []:
        for item in get_value(shared, keyword) or []:
            return item
    return Dataset()


def _voi_source(ds: Dataset) -> Dataset:
    """The data set holding the VOI LUT module values: top level, else the shared Frame VOI LUT."""
    if "WindowCenter" in ds or "VOILUTSequence" in ds:
        return ds
    return _shared_item(ds, "FrameVOILUTSequence")


def _windows(ds: Dataset) -> list[dict[str, Any]]:
    """Window Center / Width pairs with their explanations (PS3.3 C.11.2.1.2)."""
    source = _voi_source(ds)
    centers = get_floats(source, "WindowCenter") or []
    widths = get_floats(source, "WindowWidth") or []
    explanations = get_strs(source, "WindowCenterWidthExplanation")
    return [
        {
            "center": center,
            "width": width,
            "explanation": explanations[i] if i < len(explanations) else None,
        }
        for i, (center, width) in enumerate(zip(centers, widths))
    ]


def _voi_lut_count(ds: Dataset) -> int:
    return len(get_value(_voi_source(ds), "VOILUTSequence") or [])
