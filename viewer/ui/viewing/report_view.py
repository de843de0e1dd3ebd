"""The report view: a structured report or key object selection as a readable document.

A QTextBrowser shown in a viewport in place of the image canvas (:class:`ReportPane`). The
document (:mod:`viewer.dicom.sr_document`) is rendered as HTML: title, kind, patient/study
header, completion and verification flags, observation context, then the content tree -
CONTAINER items as headings, the others as "concept: value", indented by nesting, the
relationship named where it matters. IMAGE/COMPOSITE/WAVEFORM references are links
(``sop:UID#frame``); clicking one emits ``referenceActivated(uid, frame)`` (frame 1-based,
0 for the first). A SCOORD3D region is a link too (``scoord3d:N``, N its index in ``volumes``):
``regionActivated(N)`` asks for an image of its frame of reference that holds it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QStyle, QTextBrowser

from viewer.dicom import DicomReadError, ObjectKind, Series
from viewer.dicom.dates import format_datetime
from viewer.dicom.sr_content import ContentItem, code_meaning
from viewer.dicom.sr_document import SRDocument, document_from_dataset
from viewer.dicom.sr_regions import image_regions, volume_region
from viewer.ui import formatting
from viewer.ui.viewing.placeholders import fill

__all__ = ["DOCUMENT_KINDS", "ReportView", "document_icon", "document_title",
           "is_document_series"]

DOCUMENT_KINDS = (ObjectKind.STRUCTURED_REPORT, ObjectKind.KEY_OBJECT_SELECTION)
LINK_SCHEME = "sop"
REGION_SCHEME = "scoord3d"
_REFERENCES = ("IMAGE", "COMPOSITE", "WAVEFORM")


def is_document_series(series: Series | None) -> bool:
    return series is not None and series.kind in DOCUMENT_KINDS


def document_title(series: Series) -> str:
    """The first document's title (its root Concept Name), "" when it has none."""
    return code_meaning(series.instances[0].ds.get("ConceptNameCodeSequence"))


def document_icon(widget, kind: ObjectKind):
    """The strip's icon for a report (a page) or a key object selection (a marked page)."""
    pixmap = (QStyle.StandardPixmap.SP_FileDialogInfoView if kind is ObjectKind.KEY_OBJECT_SELECTION
              else QStyle.StandardPixmap.SP_FileDialogContentsView)
    return widget.style().standardIcon(pixmap)


class ReportView(QTextBrowser):
    referenceActivated = Signal(str, int)  # SOP Instance UID, frame number (0: none given)
    regionActivated = Signal(int)  # index in ``volumes`` of a SCOORD3D region

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self._clicked)
        self.documents: list[SRDocument] = []
        self.volumes: list = []  # the SCOORD3D regions shown (VolumeRegion), in document order

    def show_series(self, series: Series) -> None:
        """Render every document of *series*, one after another."""
        self.documents, self.volumes, parts = [], [], []
        for instance in series.instances:
            try:
                document = document_from_dataset(instance.ds, instance.path or "")
            except (DicomReadError, AttributeError, ValueError) as exc:
                parts.append(f"<p style='color:#c00000'>{escape(str(exc))}</p>")
                continue
            self.documents.append(document)
            parts.append(self.document_html(document))
        self.setHtml("<hr/>".join(parts))

    def regions(self) -> list:
        """The SCOORD regions of the documents shown, with the images they lie on."""
        return [region for document in self.documents for region in image_regions(document.root)]

    def plain_lines(self) -> list[str]:
        """The rendered text, one line per block (for reading it back)."""
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    # --- rendering -------------------------------------------------------------------------
    def document_html(self, document: SRDocument) -> str:
        untitled = self.tr("Report")
        html = [f"<h2>{escape(document.title or untitled)}</h2>",
                f"<p style='color:gray'>{escape(document.sop_class)}</p>",
                self._header_html(document), self._flags_html(document)]
        context = document.observation_context
        if context:
            heading = self.tr("Observation context")
            html.append(f"<h3>{escape(heading)}</h3>")
            html += [self._item_html(item, depth, top=item)
                     for item in context for depth, item in item.walk()]
        for child in document.root.children:
            if child.relationship != "HAS OBS CONTEXT":
                html += [self._item_html(item, depth) for depth, item in child.walk()]
        return "\n".join(html)

    def _header_html(self, document: SRDocument) -> str:
        patient = " ".join(p for p in (document.patient_name,
                                       f"({document.patient_id})" if document.patient_id else "")
                           if p)
        study = " ".join(p for p in (formatting.dicom_date(document.study_date),
                                     document.study_description) if p)
        content_date, _, content_time = document.content_datetime.partition(" ")
        content = " ".join(p for p in (formatting.dicom_date(content_date),
                                       formatting.dicom_time(content_time)) if p)
        rows = [(self.tr("Patient"), patient), (self.tr("Study"), study),
                (self.tr("Accession number"), document.accession_number),
                (self.tr("Series"), document.series_description),
                (self.tr("Content date/time"), content)]
        cells = "".join(f"<tr><td><b>{escape(label)}:</b>&nbsp;</td><td>{escape(value)}</td></tr>"
                        for label, value in rows if value)
        return f"<table>{cells}</table>"

    def _flags_html(self, document: SRDocument) -> str:
        flags = {"COMPLETE": self.tr("Complete"), "PARTIAL": self.tr("Partial"),
                 "VERIFIED": self.tr("Verified"), "UNVERIFIED": self.tr("Unverified")}
        shown = []
        if document.completion_flag:
            text = flags.get(document.completion_flag, document.completion_flag)
            if document.completion_description:
                text = f"{text} ({document.completion_description})"
            shown.append(text)
        if document.verification_flag:
            shown.append(flags.get(document.verification_flag, document.verification_flag))
        for observer in document.verifying_observers:
            shown.append(fill(self.tr("verified by %1, %2 on %3"), observer.name,
                              observer.organization,
                              format_datetime(observer.datetime, formatting.date_pattern(),
                                              formatting.time_pattern())))
        return f"<p><b>{escape(' · '.join(shown))}</b></p>" if shown else ""

    def _item_html(self, item: ContentItem, depth: int, top: ContentItem | None = None) -> str:
        indent = 24 * depth
        if item.value_type == "CONTAINER" and not item.by_reference:
            level = min(3 + depth, 5)
            title = escape(item.concept or self.tr("(untitled section)"))
            return f"<h{level} style='margin-left:{indent}px'>{title}</h{level}>"
        label = "" if item is top else self._relationship(item.relationship)
        prefix = f"<i style='color:gray'>{escape(label)}</i> " if label else ""
        concept = f"<b>{escape(item.concept)}:</b> " if item.concept else ""
        value = self._value_html(item)
        if item.problem:
            value += f" <span style='color:#c00000'>[{escape(item.problem)}]</span>"
        return f"<p style='margin-left:{indent}px'>{prefix}{concept}{value}</p>"

    def _relationship(self, relationship: str) -> str:
        return {"INFERRED FROM": self.tr("inferred from"),
                "HAS OBS CONTEXT": self.tr("observation context"),
                "HAS CONCEPT MOD": self.tr("concept modifier"),
                "HAS ACQ CONTEXT": self.tr("acquisition context"),
                "HAS PROPERTIES": self.tr("property"),
                "SELECTED FROM": self.tr("selected from")}.get(relationship, "")

    def _value_html(self, item: ContentItem) -> str:
        vt = item.value_type
        if vt in _REFERENCES:
            return ", ".join(self._link(r.sop_instance_uid, r.sop_class_name, r.frames)
                             for r in item.references)
        if vt == "NUM":
            return escape(f"{item.value} {item.unit}".strip())
        if vt in ("SCOORD", "SCOORD3D"):
            points = len(item.graphic_data) // (3 if vt == "SCOORD3D" else 2)
            text = escape(f"{item.graphic_type} ") + escape(self.tr("(%n point(s))", "", points))
            region = volume_region(item)
            if region is None:
                return text
            self.volumes.append(region)
            return f"<a href='{REGION_SCHEME}:{len(self.volumes) - 1}'>{text}</a>"
        if vt == "DATE":
            return escape(formatting.dicom_date(item.value))
        if vt == "TIME":
            return escape(formatting.dicom_time(item.value))
        if vt == "DATETIME":
            return escape(format_datetime(item.value, formatting.date_pattern(),
                                          formatting.time_pattern()))
        return escape(item.value).replace("\r\n", "<br/>").replace("\n", "<br/>") \
            .replace("\r", "<br/>")

    def _link(self, uid: str, class_name: str, frames: tuple[int, ...]) -> str:
        frame = frames[0] if frames else 0
        text = uid if not class_name else f"{class_name} {uid}"
        if frames:
            text += " " + fill(self.tr("frame %1"), ", ".join(str(f) for f in frames))
        return f"<a href='{LINK_SCHEME}:{escape(uid)}#{frame}'>{escape(text)}</a>"

    def _clicked(self, url: QUrl) -> None:
        if url.scheme() == REGION_SCHEME and url.path().isdigit():
            self.regionActivated.emit(int(url.path()))
        if url.scheme() == LINK_SCHEME:
            fragment = url.fragment()
            self.referenceActivated.emit(url.path(), int(fragment) if fragment.isdigit() else 0)

