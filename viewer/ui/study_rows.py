"""Study and series rows shared by the query results and the local list (QStandardItemModel).

Every cell carries its display text, a sort key (dates as YYYYMMDD, counts as numbers) and, in
the first column, the row's UIDs and kind.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from viewer.ui import formatting as fmt

UID_ROLE = Qt.ItemDataRole.UserRole + 1  # study UID (studies), series UID (series)
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
KIND_ROLE = Qt.ItemDataRole.UserRole + 3  # "study", "series", "placeholder"
STUDY_UID_ROLE = Qt.ItemDataRole.UserRole + 4  # the study of a series row
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 5  # the row object itself

STUDY, SERIES, PLACEHOLDER = "study", "series", "placeholder"


translate = QCoreApplication.translate  # literal contexts, so lupdate finds the strings


def study_headers() -> list[str]:
    return [translate("StudyRows", "Patient name"), translate("StudyRows", "Patient ID"),
            translate("StudyRows", "Birth date"), translate("StudyRows", "Study date"),
            translate("StudyRows", "Modalities"), translate("StudyRows", "Description"),
            translate("StudyRows", "Accession #"), translate("StudyRows", "Series"),
            translate("StudyRows", "Images")]


@dataclass(frozen=True)
class StudyRow:
    study_uid: str
    patient_name: str
    patient_id: str = ""
    birth_date: str = ""
    study_date: str = ""
    study_time: str = ""
    modalities: str = ""
    description: str = ""
    accession: str = ""
    series: int | None = None
    instances: int | None = None

    @classmethod
    def from_dataset(cls, ds) -> "StudyRow":
        """From a C-FIND STUDY result."""
        return cls(fmt.plain(ds.get("StudyInstanceUID")), fmt.plain(ds.get("PatientName")),
                   fmt.plain(ds.get("PatientID")), fmt.plain(ds.get("PatientBirthDate")),
                   fmt.plain(ds.get("StudyDate")), fmt.plain(ds.get("StudyTime")),
                   fmt.multi(ds.get("ModalitiesInStudy")), fmt.plain(ds.get("StudyDescription")),
                   fmt.plain(ds.get("AccessionNumber")),
                   fmt.as_int(ds.get("NumberOfStudyRelatedSeries")),
                   fmt.as_int(ds.get("NumberOfStudyRelatedInstances")))

    @classmethod
    def from_summary(cls, s) -> "StudyRow":
        """From a viewer.store.StudySummary."""
        return cls(s.study_uid, s.patient_name or "", s.patient_id or "", s.birth_date or "",
                   s.study_date or "", s.study_time or "", fmt.multi(s.modalities),
                   s.study_description or "", s.accession_number or "", s.number_of_series,
                   s.number_of_instances)

    def cells(self) -> list[tuple[str, object]]:
        """(display text, sort key) per column."""
        return [
            (fmt.person_name(self.patient_name), fmt.person_name(self.patient_name).casefold()),
            (self.patient_id, self.patient_id),
            (fmt.dicom_date(self.birth_date), self.birth_date),
            (_date_time(self.study_date, self.study_time), self.study_date + self.study_time),
            (self.modalities, self.modalities),
            (self.description, self.description.casefold()),
            (self.accession, self.accession),
            (_count(self.series), self.series if self.series is not None else -1),
            (_count(self.instances), self.instances if self.instances is not None else -1),
        ]


@dataclass(frozen=True)
class SeriesRow:
    series_uid: str
    study_uid: str
    number: int | None = None
    modality: str = ""
    description: str = ""
    instances: int | None = None

    @classmethod
    def from_dataset(cls, ds, study_uid: str = "") -> "SeriesRow":
        return cls(fmt.plain(ds.get("SeriesInstanceUID")),
                   fmt.plain(ds.get("StudyInstanceUID")) or study_uid,
                   fmt.as_int(ds.get("SeriesNumber")), fmt.plain(ds.get("Modality")),
                   fmt.plain(ds.get("SeriesDescription")),
                   fmt.as_int(ds.get("NumberOfSeriesRelatedInstances")))

    @classmethod
    def from_summary(cls, s) -> "SeriesRow":
        return cls(s.series_uid, s.study_uid, s.series_number, s.modality or "",
                   s.series_description or "", s.number_of_instances)

    def label(self) -> str:
        return series_label(self.number, self.description)


def series_label(number: int | None, description: str = "") -> str:
    """``Series 3: Axial T2`` (``Series`` without a number)."""
    if number is None:
        text = translate("StudyRows", "Series")
    else:
        text = translate("StudyRows", "Series {number}").format(number=number)
    if description:
        return translate("StudyRows", "{series}: {description}").format(series=text,
                                                                      description=description)
    return text


def _date_time(date: str, time: str) -> str:
    shown = fmt.dicom_date(date)
    clock = fmt.dicom_time(time)
    return f"{shown} {clock}".strip() if shown else clock


def _count(value: int | None) -> str:
    return "" if value is None else QLocale().toString(value)


def _item(text: str, sort_key) -> QStandardItem:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(sort_key, SORT_ROLE)
    item.setToolTip(text)
    return item


def study_items(row: StudyRow) -> list[QStandardItem]:
    items = [_item(text, key) for text, key in row.cells()]
    for column in (7, 8):
        items[column].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    first = items[0]
    first.setData(row.study_uid, UID_ROLE)
    first.setData(row.study_uid, STUDY_UID_ROLE)
    first.setData(STUDY, KIND_ROLE)
    first.setData(row, PAYLOAD_ROLE)
    return items


def series_items(row: SeriesRow, columns: int) -> list[QStandardItem]:
    """A series as a child row: its label under the patient name, modality and count aligned."""
    items = [_item("", "") for _ in range(columns)]
    items[0] = _item(series_label(row.number), row.number if row.number is not None else 1 << 30)
    items[0].setToolTip(row.label())
    items[4] = _item(row.modality, row.modality)
    items[5] = _item(row.description, row.description.casefold())
    items[8] = _item(_count(row.instances), row.instances if row.instances is not None else -1)
    items[8].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    items[0].setData(row.series_uid, UID_ROLE)
    items[0].setData(row.study_uid, STUDY_UID_ROLE)
    items[0].setData(SERIES, KIND_ROLE)
    items[0].setData(row, PAYLOAD_ROLE)
    return items


def placeholder_items(text: str, columns: int) -> list[QStandardItem]:
    items = [_item("", "") for _ in range(columns)]
    items[0] = _item(text, "")
    items[0].setData(PLACEHOLDER, KIND_ROLE)
    items[0].setForeground(Qt.GlobalColor.gray)
    return items


def new_study_model(parent=None) -> QStandardItemModel:
    model = QStandardItemModel(0, len(study_headers()), parent)
    model.setHorizontalHeaderLabels(study_headers())
    for column in (7, 8):  # counts: header over the right-aligned numbers
        model.setHeaderData(column, Qt.Orientation.Horizontal,
                            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                            Qt.ItemDataRole.TextAlignmentRole)
    model.setSortRole(SORT_ROLE)
    return model


RESIZE_PRECISION = 100  # rows measured by fit_columns (the visible ones first): ~1 ms


def prepare_view(view) -> None:
    """Columns sized by their contents (fit_columns), none stretched to the window's edge; the
    headers fit from the start (translated ones may be longer than the default width)."""
    view.header().setStretchLastSection(False)
    view.header().setResizeContentsPrecision(RESIZE_PRECISION)
    fit_columns(view)


def fit_columns(view, maximum: int = 320) -> None:
    """Widen each column to show its contents (at most *maximum* pixels); never narrow one, so
    a width the user chose stays unless new rows need more."""
    header = view.header()
    for column in range(header.count()):
        wanted = min(max(view.sizeHintForColumn(column), header.sectionSizeHint(column)),
                     maximum)
        if wanted > header.sectionSize(column):
            header.resizeSection(column, wanted)
