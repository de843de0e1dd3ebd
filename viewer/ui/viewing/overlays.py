"""Corner annotations of a viewport: translated labels around Qt-free values.

Top left: patient (name, ID, birth date and sex); top right: study (date, description) and
series (number, description); bottom left: image n/N, slice location and thickness, the pixel
under the cursor; bottom right: window C/W (or "VOI LUT"), zoom, rotation/flip, invert, cine,
the presentation state picked (and whether it is modified, or does not apply to the frame).
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from viewer.ui.formatting import date_pattern, dicom_date
from viewer.viewing.annotations import CornerValues, format_number
from viewer.ui.viewing.placeholders import fill

translate = QCoreApplication.translate  # literal contexts below, so lupdate finds the strings


def patient_lines(v: CornerValues) -> list[str]:
    lines = [v.patient_name or translate("ViewportOverlay", "(no name)")]
    if v.patient_id:
        lines.append(fill(translate("ViewportOverlay", "ID: %1"), v.patient_id))
    born = " ".join(x for x in (dicom_date(v.birth_date), v.sex) if x)
    if born:
        lines.append(fill(translate("ViewportOverlay", "Born: %1"), born))
    return lines


def study_lines(v: CornerValues) -> list[str]:
    lines = [x for x in (dicom_date(v.study_date), v.study_description) if x]
    series = " ".join(x for x in (v.series_number, v.series_description) if x)
    if series:
        lines.append(fill(translate("ViewportOverlay", "Series: %1"), series))
    if v.modality:
        lines.append(v.modality)
    return lines


def header_lines(v: CornerValues) -> tuple[list[str], list[str]]:
    """(patient lines, study lines): the same for every slice of a series, so kept by value
    (with the locale's date pattern they are formatted in) instead of formatted at each step."""
    patient, study = _header_lines(v, date_pattern())
    return list(patient), list(study)


@lru_cache(maxsize=64)
def _header_lines(v: CornerValues, _pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return tuple(patient_lines(v)), tuple(study_lines(v))


def image_lines(v: CornerValues | None, index: int, count: int, loading: bool) -> list[str]:
    lines = [fill(translate("ViewportOverlay", "Im: %1/%2"), str(index + 1), str(count))]
    if loading:
        lines[0] += " " + translate("ViewportOverlay", "(loading)")
    if v is not None and v.slice_location is not None:
        location = format_number(v.slice_location, 2)
        lines.append(fill(translate("ViewportOverlay", "Loc: %1 mm"), location))
    if v is not None and v.slice_thickness is not None:
        thickness = format_number(v.slice_thickness, 2)
        lines.append(fill(translate("ViewportOverlay", "Thick: %1 mm"), thickness))
    if v is not None and v.dose is not None:
        lines += dose_lines(v.dose)
    return lines


def dose_lines(dose) -> list[str]:
    """An RT Dose's units (type, summation) and, once its grid is decoded, its maximum."""
    kinds = ", ".join(x for x in (dose.dose_type, dose.summation_type) if x)
    units = dose.units or translate("ViewportOverlay", "(no units)")
    lines = [fill(translate("ViewportOverlay", "Dose: %1"), units + (f" ({kinds})" if kinds
                                                                       else ""))]
    if dose.maximum is not None:
        lines.append(fill(translate("ViewportOverlay", "Max: %1 %2"),
                          format_number(dose.maximum, 3), dose.units))
    return lines


def window_line(window: tuple[float, float] | None, colour: bool, invert: bool) -> str:
    if colour:
        return translate("ViewportOverlay", "Colour")
    if window is None:
        text = translate("ViewportOverlay", "VOI LUT")
    else:
        text = fill(translate("ViewportOverlay", "C: %1 W: %2"), format_number(window[0]),
                    format_number(window[1]))
    return text + (" " + translate("ViewportOverlay", "(inverted)") if invert else "")


def view_lines(zoom: float, rotation: int, flipped: bool) -> list[str]:
    lines = [fill(translate("ViewportOverlay", "Zoom: %1%"), format_number(zoom * 100, 0))]
    if rotation or flipped:
        text = fill(translate("ViewportOverlay", "Rot: %1°"), str(90 * rotation))
        lines.append(text + (" " + translate("ViewportOverlay", "flipped") if flipped else ""))
    return lines


def presentation_line(label: str, kind: str, detail: str = "") -> str:
    """The picked presentation state and how it shows on this frame (see
    viewer.viewing.presentation.Status)."""
    if kind == "modified":
        return fill(translate("ViewportOverlay", "PS: %1 (modified)"), label)
    if kind == "annotations only":
        return fill(translate("ViewportOverlay", "PS: %1 (annotations only)"), label)
    if kind == "not referenced":
        return fill(translate("ViewportOverlay", "PS: %1 (not for this image)"), label)
    if kind == "error":
        return fill(translate("ViewportOverlay", "PS: %1 cannot be applied: %2"), label, detail)
    return fill(translate("ViewportOverlay", "PS: %1"), label)


def pixel_line(row: int, column: int, value: str) -> str:
    return fill(translate("ViewportOverlay", "(%1, %2): %3"), column, row, value)


def value_text(value, colour: bool, modality: str | None, units: str = "") -> str:
    """The pixel value in modality units: "HU" for CT, an RT Dose's Dose Units (*units*),
    R/G/B for colour."""
    if colour:
        r, g, b = (int(x) for x in value[:3])
        return fill(translate("ViewportOverlay", "R %1 G %2 B %3"), str(r), str(g), str(b))
    text = format_number(float(value), 2)
    if (modality or "").upper() == "CT":
        return fill(translate("ViewportOverlay", "%1 HU"), text)
    return f"{text} {units}" if units else text
