"""RT Plan and RT Ion Plan (PS3.3 A.20, A.50; C.8.8.9 - C.8.8.14), Qt-free: what a reader needs
to recognise a plan - its label, name, intent and approval, the prescription (Dose Reference
Sequence), the fraction groups (fractions planned, each beam's meterset and dose) and the beams
(name, type, radiation, machine, energy and angles of the first control point)."""

from __future__ import annotations

from dataclasses import dataclass

from pydicom.dataset import Dataset

__all__ = ["RT_PLANS", "Beam", "DoseReference", "FractionGroup", "RtPlan", "is_plan",
           "read_plan"]

RT_PLANS = ("1.2.840.10008.5.1.4.1.1.481.5", "1.2.840.10008.5.1.4.1.1.481.8")


@dataclass(frozen=True)
class Beam:
    number: int | None
    name: str
    beam_type: str
    radiation_type: str
    machine: str
    energy: float | None  # Nominal Beam Energy (MeV, or MeV/u for ions) at the first point
    gantry_angle: float | None
    collimator_angle: float | None
    couch_angle: float | None
    control_points: int
    meterset: float | None  # from the fraction group
    meterset_unit: str
    dose: float | None  # Beam Dose (Gy) at its specification point


@dataclass(frozen=True)
class DoseReference:
    number: int | None
    description: str
    structure_type: str  # POINT, VOLUME, COORDINATES, SITE
    reference_type: str  # TARGET, ORGAN_AT_RISK
    prescription: float | None  # Target Prescription Dose (Gy)
    maximum: float | None  # Delivery Maximum Dose or Organ at Risk Maximum Dose (Gy)


@dataclass(frozen=True)
class FractionGroup:
    number: int | None
    fractions: int | None
    beams: int


@dataclass(frozen=True)
class RtPlan:
    label: str
    name: str
    description: str
    date: str
    time: str
    geometry: str
    intent: str
    approval: str
    dose_references: tuple[DoseReference, ...]
    fraction_groups: tuple[FractionGroup, ...]
    beams: tuple[Beam, ...]


def is_plan(sop_class_uid: str | None) -> bool:
    return str(sop_class_uid or "") in RT_PLANS


def _text(ds: Dataset, keyword: str) -> str:
    try:
        value = ds.get(keyword)
    except Exception:  # noqa: BLE001 - an undecodable value reads as absent
        return ""
    return "" if value is None else str(value).strip()


def _number(ds: Dataset, keyword: str, kind=float):
    try:
        value = ds.get(keyword)
        return None if value is None or value == "" else kind(value)
    except (TypeError, ValueError):
        return None


def _items(ds: Dataset, keyword: str) -> list[Dataset]:
    try:
        return list(ds.get(keyword) or [])
    except Exception:  # noqa: BLE001
        return []


def read_plan(ds: Dataset) -> RtPlan:
    groups = _items(ds, "FractionGroupSequence")
    metersets: dict[int | None, tuple[float | None, float | None]] = {}
    for group in groups:
        for ref in _items(group, "ReferencedBeamSequence"):
            metersets[_number(ref, "ReferencedBeamNumber", int)] = (
                _number(ref, "BeamMeterset"), _number(ref, "BeamDose"))
    beams = [_beam(item, metersets) for item in
             _items(ds, "BeamSequence") + _items(ds, "IonBeamSequence")]
    return RtPlan(
        label=_text(ds, "RTPlanLabel"), name=_text(ds, "RTPlanName"),
        description=_text(ds, "RTPlanDescription"), date=_text(ds, "RTPlanDate"),
        time=_text(ds, "RTPlanTime"), geometry=_text(ds, "RTPlanGeometry"),
        intent=_text(ds, "PlanIntent"), approval=_text(ds, "ApprovalStatus"),
        dose_references=tuple(_dose_reference(item)
                              for item in _items(ds, "DoseReferenceSequence")),
        fraction_groups=tuple(FractionGroup(
            _number(g, "FractionGroupNumber", int), _number(g, "NumberOfFractionsPlanned", int),
            len(_items(g, "ReferencedBeamSequence"))) for g in groups),
        beams=tuple(beams))


def _beam(item: Dataset, metersets) -> Beam:
    points = _items(item, "ControlPointSequence") + _items(item, "IonControlPointSequence")
    first = points[0] if points else Dataset()
    number = _number(item, "BeamNumber", int)
    meterset, dose = metersets.get(number, (None, None))
    return Beam(number=number, name=_text(item, "BeamName"), beam_type=_text(item, "BeamType"),
                radiation_type=_text(item, "RadiationType"),
                machine=_text(item, "TreatmentMachineName"),
                energy=_number(first, "NominalBeamEnergy"),
                gantry_angle=_number(first, "GantryAngle"),
                collimator_angle=_number(first, "BeamLimitingDeviceAngle"),
                couch_angle=_number(first, "PatientSupportAngle"),
                control_points=len(points), meterset=meterset,
                meterset_unit=_text(item, "PrimaryDosimeterUnit"), dose=dose)


def _dose_reference(item: Dataset) -> DoseReference:
    maximum = _number(item, "DeliveryMaximumDose")
    if maximum is None:
        maximum = _number(item, "OrganAtRiskMaximumDose")
    return DoseReference(number=_number(item, "DoseReferenceNumber", int),
                         description=_text(item, "DoseReferenceDescription"),
                         structure_type=_text(item, "DoseReferenceStructureType"),
                         reference_type=_text(item, "DoseReferenceType"),
                         prescription=_number(item, "TargetPrescriptionDose"), maximum=maximum)
