"""A Key Object Selection Document (PS3.3 A.35.4, TID 2010) of the images a reader marked, for
the store (the caller writes it like a saved presentation state). Qt-free.

The document's title is (113000, DCM, "Of Interest") from CID 7010; an optional Key Object
Description TEXT item comes first, then one IMAGE item per marked image in the reader's order
(with its frame numbers for a multi-frame image). The Current Requested Procedure Evidence
Sequence lists every referenced instance by study and series (C.17.6.2.1). A reader's document
is revised in place: the same SOP Instance UID is written again with the new selection.
"""

from __future__ import annotations

import datetime

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import (ExplicitVRLittleEndian, KeyObjectSelectionDocumentStorage,
                         PYDICOM_IMPLEMENTATION_UID)

from viewer.viewing.gsps_save import MANUFACTURER, PATIENT_STUDY, item

__all__ = ["OF_INTEREST", "build_key_object"]

OF_INTEREST = ("113000", "DCM", "Of Interest")
DESCRIPTION = ("113012", "DCM", "Key Object Description")
SERIES_NUMBER = 9901


def _code(value: str, scheme: str, meaning: str) -> Sequence:
    return Sequence([item(CodeValue=value, CodingSchemeDesignator=scheme, CodeMeaning=meaning)])


def _image_item(image: Dataset, frames) -> Dataset:
    ref = item(ReferencedSOPClassUID=image.SOPClassUID,
               ReferencedSOPInstanceUID=image.SOPInstanceUID)
    if frames and int(image.get("NumberOfFrames", 1) or 1) > 1:
        ref.ReferencedFrameNumber = [int(f) for f in frames]
    return item(RelationshipType="CONTAINS", ValueType="IMAGE",
                ReferencedSOPSequence=Sequence([ref]))


def _evidence(images: list[Dataset]) -> Sequence:
    studies: dict[str, dict[str, list[Dataset]]] = {}
    for image in images:
        series = studies.setdefault(str(image.StudyInstanceUID), {})
        series.setdefault(str(image.SeriesInstanceUID), [])
        if image not in series[str(image.SeriesInstanceUID)]:
            series[str(image.SeriesInstanceUID)].append(image)
    return Sequence([item(StudyInstanceUID=study, ReferencedSeriesSequence=Sequence([
        item(SeriesInstanceUID=uid, ReferencedSOPSequence=Sequence([
            item(ReferencedSOPClassUID=i.SOPClassUID, ReferencedSOPInstanceUID=i.SOPInstanceUID)
            for i in group])) for uid, group in series.items()]))
        for study, series in studies.items()])


def build_key_object(selected, sop_instance_uid: str, series_instance_uid: str,
                     description: str = "", title=OF_INTEREST) -> Dataset:
    """A KO selecting *selected*: (image data set, 1-based frame numbers or None) pairs, in
    order; ValueError when nothing is selected (TID 2010 needs one image at least)."""
    selected = [(image if isinstance(image, Dataset) else image.ds, frames)
                for image, frames in selected]
    if not selected:
        raise ValueError("a key object selection must reference at least one image")
    first = selected[0][0]
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.MediaStorageSOPClassUID = KeyObjectSelectionDocumentStorage
    ds.file_meta.MediaStorageSOPInstanceUID = sop_instance_uid
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.ImplementationClassUID = PYDICOM_IMPLEMENTATION_UID
    ds.SOPClassUID, ds.SOPInstanceUID = KeyObjectSelectionDocumentStorage, sop_instance_uid
    for keyword in PATIENT_STUDY:
        value = first.get(keyword)
        setattr(ds, keyword, "" if value is None else value)
    now = datetime.datetime.now()
    ds.Modality, ds.SeriesInstanceUID, ds.SeriesNumber = "KO", series_instance_uid, SERIES_NUMBER
    ds.ReferencedPerformedProcedureStepSequence = Sequence()
    ds.Manufacturer = MANUFACTURER
    ds.InstanceNumber = 1
    ds.ContentDate, ds.ContentTime = now.strftime("%Y%m%d"), now.strftime("%H%M%S.%f")
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = _code(*title)
    ds.ContentTemplateSequence = Sequence([item(MappingResource="DCMR", TemplateIdentifier="2010")])
    content = []
    if description:
        content.append(item(RelationshipType="CONTAINS", ValueType="TEXT",
                            ConceptNameCodeSequence=_code(*DESCRIPTION), TextValue=description))
    content += [_image_item(image, frames) for image, frames in selected]
    ds.ContentSequence = Sequence(content)
    ds.CurrentRequestedProcedureEvidenceSequence = _evidence([i for i, _ in selected])
    if any(not str(e.value).isascii() for e in ds.iterall() if e.VR in ("LO", "PN", "UT", "SH")):
        ds.SpecificCharacterSet = "ISO_IR 192"
    return ds
