"""Structured reports built for the tests: a Japanese Comprehensive SR, an X-Ray Radiation Dose
SR, a Key Object Selection (pydicom, written as files) and a TID 1500 measurement report
(highdicom, an independent SR builder)."""

from __future__ import annotations

from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

COMPREHENSIVE_SR = "1.2.840.10008.5.1.4.1.1.88.33"
XRAY_DOSE_SR = "1.2.840.10008.5.1.4.1.1.88.67"
KEY_OBJECT_SELECTION = "1.2.840.10008.5.1.4.1.1.88.59"
CT_IMAGE = "1.2.840.10008.5.1.4.1.1.2"


def code(value: str, meaning: str, scheme: str = "DCM") -> Sequence:
    item = Dataset()
    item.CodeValue, item.CodingSchemeDesignator, item.CodeMeaning = value, scheme, meaning
    return Sequence([item])


def item(relationship: str, value_type: str, concept: tuple[str, str] | None, **values) -> Dataset:
    """One content item; *values* are its attributes (children as ContentSequence=[...])."""
    ds = Dataset()
    ds.RelationshipType = relationship
    if value_type:
        ds.ValueType = value_type
    if concept:
        ds.ConceptNameCodeSequence = code(*concept)
    for keyword, value in values.items():
        setattr(ds, keyword, Sequence(value) if keyword == "ContentSequence" else value)
    return ds


def num(relationship: str, concept, number: str, unit: str, unit_meaning: str) -> Dataset:
    measured = Dataset()
    measured.NumericValue = number
    measured.MeasurementUnitsCodeSequence = code(unit, unit_meaning, "UCUM")
    return item(relationship, "NUM", concept, MeasuredValueSequence=Sequence([measured]))


def image(relationship: str, concept, sop_instance_uid: str, frames=None) -> Dataset:
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = CT_IMAGE, sop_instance_uid
    if frames:
        ref.ReferencedFrameNumber = frames
    return item(relationship, "IMAGE", concept, ReferencedSOPSequence=Sequence([ref]))


def document(sop_class: str, title: tuple[str, str], children: list[Dataset], *,
             charset: str = "ISO_IR 100", patient: str = "Doe^Jane",
             study_uid: str | None = None, kind_flags: bool = True) -> Dataset:
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.SpecificCharacterSet = charset
    ds.SOPClassUID, ds.SOPInstanceUID = sop_class, generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study_uid or generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID, ds.Modality = patient, "SR-1", "KO" if not kind_flags else "SR"
    ds.StudyDate, ds.ContentDate, ds.ContentTime = "20260101", "20260102", "101500"
    ds.SeriesNumber, ds.InstanceNumber = 900, 1
    if kind_flags:
        ds.CompletionFlag, ds.VerificationFlag = "COMPLETE", "UNVERIFIED"
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = code(*title)
    ds.ContentSequence = Sequence(children)
    return ds


def japanese_report(study_uid=None, image_uid="1.2.3.4") -> Dataset:
    return document(COMPREHENSIVE_SR, ("18748-4", "画像診断報告", "LN"), [
        item("HAS OBS CONTEXT", "PNAME", ("121008", "Person Observer Name"),
             PersonName="山田^太郎"),
        item("CONTAINS", "CONTAINER", ("121070", "所見"), ContinuityOfContent="SEPARATE",
             ContentSequence=[
                 item("CONTAINS", "TEXT", ("121071", "所見"), TextValue="右肺に結節あり。"),
                 num("CONTAINS", ("410668003", "長さ", "SCT"), "12.5", "mm", "millimeter"),
                 image("CONTAINS", ("121112", "参照画像"), image_uid, [1]),
                 item("CONTAINS", "SCOORD", ("111030", "Image Region"), GraphicType="POLYLINE",
                      GraphicData=[8.0, 8.0, 40.0, 8.0, 40.0, 40.0, 8.0, 40.0, 8.0, 8.0],
                      ContentSequence=[
                          image("SELECTED FROM", None, image_uid)]),
             ]),
        item("CONTAINS", "CODE", ("121073", "印象"),
             ConceptCodeSequence=code("4147007", "腫瘤", "SCT")),
    ], charset=["", "ISO 2022 IR 87"], patient="Yamada^Taro=山田^太郎", study_uid=study_uid)


def xray_dose_report() -> Dataset:
    return document(XRAY_DOSE_SR, ("113701", "X-Ray Radiation Dose Report"), [
        item("HAS CONCEPT MOD", "CODE", ("121058", "Procedure reported"),
             ConceptCodeSequence=code("113704", "Projection X-Ray")),
        item("HAS OBS CONTEXT", "CODE", ("121005", "Observer Type"),
             ConceptCodeSequence=code("121007", "Device")),
        item("HAS OBS CONTEXT", "UIDREF", ("121012", "Device Observer UID"), UID="1.2.3.99"),
        item("HAS OBS CONTEXT", "DATETIME", ("113809", "Start of X-Ray Irradiation"),
             DateTime="20260101101010"),
        item("CONTAINS", "CONTAINER", ("113702", "Accumulated X-Ray Dose Data"),
             ContinuityOfContent="SEPARATE", ContentSequence=[
                 num("CONTAINS", ("113722", "Dose Area Product Total"), "0.00012", "Gy.m2",
                     "Gy.m2"),
                 num("CONTAINS", ("113727", "Acquisition Dose Area Product Total"), "0.0001",
                     "Gy.m2", "Gy.m2"),
                 item("INFERRED FROM", None, None, ReferencedContentItemIdentifier=[1, 5, 1]),
             ]),
    ])


def key_object_selection(image_uids: list[str], study_uid=None) -> Dataset:
    return document(KEY_OBJECT_SELECTION, ("113000", "Of Interest"), [
        item("CONTAINS", "TEXT", ("113012", "Key Object Description"), TextValue="Lesion"),
        *(image("CONTAINS", None, uid) for uid in image_uids),
    ], study_uid=study_uid, kind_flags=False)


def measurement_report(image_ds: Dataset):
    """A TID 1500 Measurement Report (highdicom) with one planar ROI measurement on *image_ds*."""
    import highdicom as hd
    import numpy
    from pydicom.sr.codedict import codes

    region = hd.sr.ImageRegion(graphic_type=hd.sr.GraphicTypeValues.POLYLINE,
                               graphic_data=numpy.array([[1.0, 1.0], [10.0, 1.0], [10.0, 10.0],
                                                         [1.0, 1.0]]),
                               source_image=hd.sr.SourceImageForRegion.from_source_image(image_ds))
    group = hd.sr.PlanarROIMeasurementsAndQualitativeEvaluations(
        tracking_identifier=hd.sr.TrackingIdentifier(uid=generate_uid(), identifier="lesion 1"),
        referenced_region=region, finding_type=codes.SCT.Tumor,
        measurements=[hd.sr.Measurement(name=codes.SCT.Area, value=81.0,
                                        unit=codes.UCUM.SquareMillimeter)])
    observer = hd.sr.ObserverContext(
        observer_type=codes.DCM.Person,
        observer_identifying_attributes=hd.sr.PersonObserverIdentifyingAttributes(
            name="Reader^One"))
    report = hd.sr.MeasurementReport(
        observation_context=hd.sr.ObservationContext(observer_person_context=observer),
        procedure_reported=codes.LN.CTUnspecifiedBodyRegion, imaging_measurements=[group])
    return hd.sr.Comprehensive3DSR(
        evidence=[image_ds], content=report[0], series_number=901,
        series_instance_uid=generate_uid(),
        sop_instance_uid=generate_uid(), instance_number=1, manufacturer="tests")
