"""RT objects as plain text (``dicom-viewer report``), Qt-free: an RT Plan's label, prescription,
fraction groups and beams; an RT Dose's units, grid and maximum; an RT Structure Set's ROIs and
what could not be read. One line per fact, indented two spaces under its heading."""

from __future__ import annotations

import os

import pydicom
from pydicom.uid import UID

from viewer.dicom.errors import DicomReadError
from viewer.dicom.rt_dose import is_dose, read_dose
from viewer.dicom.rt_plan import RtPlan, is_plan, read_plan
from viewer.dicom.rt_struct import StructureSet, is_structure_set, read_structure_set

__all__ = ["format_dose", "format_plan", "format_structure_set", "is_rt_object", "rt_report"]


def is_rt_object(sop_class_uid: str | None) -> bool:
    return is_plan(sop_class_uid) or is_dose(sop_class_uid) or is_structure_set(sop_class_uid)


def _n(value, digits: int = 2) -> str:
    if value is None:
        return "-"
    return str(int(value)) if float(value).is_integer() else f"{value:.{digits}f}"


def format_plan(plan: RtPlan) -> str:
    lines = [f"RT Plan: {' - '.join(x for x in (plan.label, plan.name) if x) or '(no label)'}"]
    for label, value in (("Date", f"{plan.date} {plan.time}".strip()), ("Intent", plan.intent),
                         ("Geometry", plan.geometry), ("Approval", plan.approval),
                         ("Description", plan.description)):
        if value:
            lines.append(f"  {label}: {value}")
    lines.append("Prescription:")
    lines += [f"  {d.number} {d.description or '-'} ({d.reference_type or '-'}, "
              f"{d.structure_type or '-'}): prescribed {_n(d.prescription)} Gy, "
              f"maximum {_n(d.maximum)} Gy" for d in plan.dose_references] or ["  (none given)"]
    lines.append("Fraction groups:")
    lines += [f"  {g.number}: {g.fractions if g.fractions is not None else '-'} fraction(s), "
              f"{g.beams} beam(s)" for g in plan.fraction_groups] or ["  (none given)"]
    lines.append("Beams:")
    lines += [f"  {b.number} {b.name or '-'}: {b.beam_type or '-'} {b.radiation_type or '-'}, "
              f"machine {b.machine or '-'}, energy {_n(b.energy)}, gantry {_n(b.gantry_angle)}°, "
              f"collimator {_n(b.collimator_angle)}°, couch {_n(b.couch_angle)}°, "
              f"{b.control_points} control point(s), meterset {_n(b.meterset)} "
              f"{b.meterset_unit}".rstrip() + f", dose {_n(b.dose, 3)} Gy"
              for b in plan.beams] or ["  (none given)"]
    return "\n".join(lines)


def format_dose(ds, frames=None) -> str:
    dose = read_dose(ds, frames)
    spacing = "x".join(_n(v, 3) for v in dose.spacing) + " mm" if dose.spacing else "-"
    lines = ["RT Dose", f"  Units: {dose.units or '-'}",
             f"  Type: {dose.dose_type or '-'}, summation {dose.summation_type or '-'}",
             f"  Grid: {dose.columns} x {dose.rows} x {dose.frames}, spacing {spacing}",
             f"  Dose Grid Scaling: {dose.scaling if dose.scaling is not None else '-'}",
             f"  Maximum: {_n(dose.maximum, 4)} {dose.units}".rstrip()]
    if dose.referenced_plan_uid:
        lines.append(f"  Plan: {dose.referenced_plan_uid}")
    if dose.comment:
        lines.append(f"  Comment: {dose.comment}")
    return "\n".join(lines)


def format_structure_set(found: StructureSet) -> str:
    title = " - ".join(x for x in (found.label, found.name) if x) or "(no label)"
    lines = [f"RT Structure Set: {title}", f"  Date: {found.date or '-'}", "ROIs:"]
    lines += [f"  {r.number} {r.name}" + (f" ({r.interpreted_type})" if r.interpreted_type
                                          else "")
              + f": colour {r.colour[0]},{r.colour[1]},{r.colour[2]}, "
              f"{len(r.contours)} contour(s)" for r in found.rois] or ["  (none)"]
    if found.problems:
        lines.append("Problems:")
        lines += [f"  {p}" for p in found.problems]
    return "\n".join(lines)


def rt_report(path: str | os.PathLike[str]) -> tuple[str, tuple[str, ...]]:
    """The text of the RT object in *path* and its problems (a structure set's)."""
    try:
        ds = pydicom.dcmread(path, force=True)
    except Exception as exc:  # noqa: BLE001 - any reader failure is reported the same way
        raise DicomReadError(path, f"cannot read: {exc}") from None
    uid = str(ds.get("SOPClassUID") or "")
    if is_plan(uid):
        return format_plan(read_plan(ds)), ()
    if is_structure_set(uid):
        found = read_structure_set(ds)
        return format_structure_set(found), found.problems
    if is_dose(uid):
        try:
            grid = ds.pixel_array if "PixelData" in ds else None
        except Exception as exc:  # noqa: BLE001 - the summary stands without the maximum
            return format_dose(ds), (f"the dose grid cannot be decoded: {exc}",)
        return format_dose(ds, None if grid is None else [grid]), ()
    raise DicomReadError(path, f"not an RT Plan, RT Dose or RT Structure Set: {UID(uid).name}")
