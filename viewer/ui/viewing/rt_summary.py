"""An RT Plan read as a document: shown in a viewport in place of the tag browser, like a
structured report in the report view - the plan's label and name, patient, date, intent,
geometry and approval, then its prescription (Dose Reference Sequence), fraction groups and
beams as tables (:mod:`viewer.dicom.rt_plan` reads them)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser
from pydicom.uid import UID

from viewer.dicom.names import format_person_name
from viewer.dicom.rt_plan import RtPlan, read_plan
from viewer.ui import formatting
from viewer.ui.viewing.placeholders import fill
from viewer.viewing.annotations import format_number


def _number(value, digits: int = 1) -> str:
    return "" if value is None else format_number(value, digits)


def _table(headings: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}&nbsp;</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(c))}&nbsp;</td>" for c in row) + "</tr>"
                   for row in rows)
    return f"<table cellspacing='2'><tr>{head}</tr>{body}</table>"


class RtPlanView(QTextBrowser):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("rtPlanView")
        self.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)  # table cells keep their words
        self.plans: list[RtPlan] = []

    def show_series(self, series) -> None:
        self.plans = [read_plan(instance.ds) for instance in series.instances]
        self.setHtml("<hr/>".join(self.plan_html(plan, instance.ds)
                                  for plan, instance in zip(self.plans, series.instances)))

    def plain_lines(self) -> list[str]:
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def plan_html(self, plan: RtPlan, ds) -> str:
        title = " — ".join(x for x in (plan.label, plan.name) if x) or self.tr("RT Plan")
        patient = " ".join(x for x in (format_person_name(ds.get("PatientName")),
                                       f"({ds.get('PatientID')})" if ds.get("PatientID") else "")
                           if x)
        rows = [(self.tr("Patient"), patient),
                (self.tr("Plan date"), " ".join(x for x in (formatting.dicom_date(plan.date),
                                                            formatting.dicom_time(plan.time))
                                                if x)),
                (self.tr("Description"), plan.description), (self.tr("Intent"), plan.intent),
                (self.tr("Geometry"), plan.geometry), (self.tr("Approval"), plan.approval)]
        cells = "".join(f"<tr><td><b>{escape(label)}:</b>&nbsp;</td><td>{escape(value)}</td></tr>"
                        for label, value in rows if value)
        prescription, groups, beams = (self.tr("Prescription"), self.tr("Fraction groups"),
                                       self.tr("Beams"))
        no_reference = self.tr("No dose reference is given.")
        html = [f"<h2>{escape(title)}</h2>",
                f"<p style='color:gray'>{escape(UID(str(ds.get('SOPClassUID') or '')).name)}</p>",
                f"<table>{cells}</table>", f"<h3>{escape(prescription)}</h3>",
                self._prescription(plan) if plan.dose_references
                else f"<p>{escape(no_reference)}</p>", f"<h3>{escape(groups)}</h3>"]
        html += [f"<p>{escape(self._group(g))}</p>" for g in plan.fraction_groups]
        html += [f"<h3>{escape(beams)}</h3>", self._beams(plan)]
        return "\n".join(html)

    def _prescription(self, plan: RtPlan) -> str:
        headings = [self.tr("No."), self.tr("Description"), self.tr("Type"), self.tr("Structure"),
                    self.tr("Prescribed (Gy)"), self.tr("Maximum (Gy)")]
        rows = [[_number(d.number, 0), d.description, d.reference_type, d.structure_type,
                 _number(d.prescription, 2), _number(d.maximum, 2)]
                for d in plan.dose_references]
        return _table(headings, rows)

    def _group(self, group) -> str:
        fractions = self.tr("%n fraction(s)", "", group.fractions) if group.fractions is not None \
            else self.tr("fractions not given")
        return fill(self.tr("Group %1: %2, %3"), _number(group.number, 0), fractions,
                    self.tr("%n beam(s)", "", group.beams))

    def _beams(self, plan: RtPlan) -> str:
        headings = [self.tr("No."), self.tr("Name"), self.tr("Type"), self.tr("Radiation"),
                    self.tr("Machine"), self.tr("Energy (MeV)"), self.tr("Gantry (°)"),
                    self.tr("Collimator (°)"), self.tr("Couch (°)"), self.tr("Control points"),
                    self.tr("Meterset"), self.tr("Dose (Gy)")]
        rows = [[_number(b.number, 0), b.name, b.beam_type, b.radiation_type, b.machine,
                 _number(b.energy), _number(b.gantry_angle), _number(b.collimator_angle),
                 _number(b.couch_angle), str(b.control_points),
                 " ".join(x for x in (_number(b.meterset, 2), b.meterset_unit) if x),
                 _number(b.dose, 3)] for b in plan.beams]
        return _table(headings, rows)
