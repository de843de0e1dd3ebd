"""Corner annotations of a viewport: translated labels around Qt-free values.

Top left: patient (name, ID, birth date and sex); top right: study (date, description) and
series (number, description); bottom left: image n/N, slice location and thickness, the pixel
under the cursor; bottom right: window C/W (or "VOI LUT"), zoom, rotation/flip, invert, cine.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from viewer.viewing.annotations import CornerValues, format_number

CONTEXT = "ViewportOverlay"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def patient_lines(v: CornerValues) -> list[str]:
    lines = [v.patient_name or tr("(no name)")]
    if v.patient_id:
        lines.append(tr("ID: %1").replace("%1", v.patient_id))
    born = " ".join(x for x in (v.birth_date, v.sex) if x)
    if born:
        lines.append(tr("Born: %1").replace("%1", born))
    return lines


def study_lines(v: CornerValues) -> list[str]:
    lines = [x for x in (v.study_date, v.study_description) if x]
    series = " ".join(x for x in (v.series_number, v.series_description) if x)
    if series:
        lines.append(tr("Series: %1").replace("%1", series))
    if v.modality:
        lines.append(v.modality)
    return lines


def image_lines(v: CornerValues | None, index: int, count: int, loading: bool) -> list[str]:
    lines = [tr("Im: %1/%2").replace("%1", str(index + 1)).replace("%2", str(count))]
    if loading:
        lines[0] += " " + tr("(loading)")
    if v is not None and v.slice_location is not None:
        lines.append(tr("Loc: %1 mm").replace("%1", format_number(v.slice_location, 2)))
    if v is not None and v.slice_thickness is not None:
        lines.append(tr("Thick: %1 mm").replace("%1", format_number(v.slice_thickness, 2)))
    return lines


def window_line(window: tuple[float, float] | None, colour: bool, invert: bool) -> str:
    if colour:
        return tr("Colour")
    if window is None:
        text = tr("VOI LUT")
    else:
        text = (tr("C: %1 W: %2").replace("%1", format_number(window[0]))
                .replace("%2", format_number(window[1])))
    return text + (" " + tr("(inverted)") if invert else "")


def view_lines(zoom: float, rotation: int, flipped: bool) -> list[str]:
    lines = [tr("Zoom: %1%").replace("%1", format_number(zoom * 100, 0))]
    if rotation or flipped:
        text = tr("Rot: %1°").replace("%1", str(90 * rotation))
        lines.append(text + (" " + tr("flipped") if flipped else ""))
    return lines


def pixel_line(row: int, column: int, value: str) -> str:
    return (tr("(%1, %2): %3").replace("%1", str(column)).replace("%2", str(row))
            .replace("%3", value))


def value_text(value, colour: bool, modality: str | None) -> str:
    """The pixel value in modality units: "HU" for CT, R/G/B for colour."""
    if colour:
        r, g, b = (int(x) for x in value[:3])
        return tr("R %1 G %2 B %3").replace("%1", str(r)).replace("%2", str(g)).replace("%3", str(b))
    text = format_number(float(value), 2)
    if (modality or "").upper() == "CT":
        return tr("%1 HU").replace("%1", text)
    return text
