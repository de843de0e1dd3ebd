"""A small study full of identifying information, for the de-identification tests.

Two CT images (pydicom's CT_small.dcm with new UIDs), a Grayscale Softcopy Presentation State
and a Key Object Selection referencing them. Identifying values sit at the top level, in nested
sequences and in private blocks (also inside a sequence item). ``PHI`` lists every identifying
string, ``uids`` every instance UID the study was made with.
"""

from __future__ import annotations

from pathlib import Path

from pydicom import dcmread
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

GSPS = "1.2.840.10008.5.1.4.1.1.11.1"
KO = "1.2.840.10008.5.1.4.1.1.88.59"
CT = "1.2.840.10008.5.1.4.1.1.2"
PHI = ("Doe^Johnathan", "Johnathan", "PID884422", "19610315", "ACC99887766",
       "Saint Elsewhere Hospital", "House^Gregory", "OTHERID31337", "RQ5566443",
       "Kingsbridge Road 12", "ACME SECRET", "Cuddy^Lisa", "Wilson^James", "555-0199",
       "SCANNER-SN-4711", "Overnight note Johnathan")


def item(**values) -> Dataset:
    ds = Dataset()
    for keyword, value in values.items():
        setattr(ds, keyword, value)
    return ds


def _patient(ds: Dataset, study_uid: str) -> None:
    ds.PatientName, ds.PatientID, ds.PatientBirthDate = "Doe^Johnathan", "PID884422", "19610315"
    ds.PatientSex, ds.PatientAge = "M", "062Y"
    ds.PatientAddress, ds.PatientTelephoneNumbers = "Kingsbridge Road 12", "555-0199"
    ds.StudyInstanceUID, ds.StudyDate, ds.StudyTime = study_uid, "20240102", "101010"
    ds.AccessionNumber, ds.StudyID = "ACC99887766", "STUDY1"
    ds.ReferringPhysicianName = "House^Gregory"
    ds.InstitutionName = "Saint Elsewhere Hospital"
    ds.OtherPatientIDsSequence = [item(PatientID="OTHERID31337", TypeOfPatientID="TEXT")]
    ds.RequestAttributesSequence = [item(
        RequestedProcedureID="RQ5566443", ScheduledProcedureStepID="RQ5566443",
        ScheduledPerformingPhysicianName="Cuddy^Lisa",
        ReferencedStudySequence=[item(ReferencedSOPClassUID="1.2.840.10008.3.1.2.3.1",
                                      ReferencedSOPInstanceUID=study_uid)])]
    block = ds.private_block(0x0009, "ACME 1.0", create=True)
    block.add_new(0x01, "LO", "ACME SECRET")
    block.add_new(0x02, "PN", "Wilson^James")


def _meta(ds: Dataset, syntax=None) -> None:
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = syntax or ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID


def _image(study_uid: str, series_uid: str, number: int) -> Dataset:
    ds = dcmread(get_testdata_file("CT_small.dcm"))
    for elem in list(ds):
        if elem.tag.is_private:
            del ds[elem.tag]
    _patient(ds, study_uid)
    ds.SeriesInstanceUID, ds.SOPInstanceUID = series_uid, generate_uid()
    ds.FrameOfReferenceUID = generate_uid()
    ds.InstanceNumber, ds.BurnedInAnnotation = number, "NO"
    ds.OperatorsName, ds.DeviceSerialNumber = "Wilson^James", "SCANNER-SN-4711"
    ds.ImageComments = "Overnight note Johnathan"
    ds.ReferencedPerformedProcedureStepSequence = [item(
        ReferencedSOPClassUID="1.2.840.10008.3.1.2.3.3", ReferencedSOPInstanceUID=generate_uid())]
    # a private block inside a sequence item
    source = item(CodeValue="T-D3000", CodingSchemeDesignator="SRT", CodeMeaning="Chest")
    source.private_block(0x0011, "ACME 1.0", create=True).add_new(0x01, "LO", "ACME SECRET")
    ds.AnatomicRegionSequence = [source]
    _meta(ds, ds.file_meta.TransferSyntaxUID)
    return ds


def _references(images) -> list[Dataset]:
    return [item(SeriesInstanceUID=images[0].SeriesInstanceUID, ReferencedSOPSequence=[
        item(ReferencedSOPClassUID=CT, ReferencedSOPInstanceUID=ds.SOPInstanceUID)
        for ds in images])]


def _gsps(images, study_uid: str) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = GSPS, generate_uid()
    _patient(ds, study_uid)
    ds.SeriesInstanceUID, ds.Modality, ds.SeriesNumber, ds.InstanceNumber = \
        generate_uid(), "PR", 2, 1
    ds.Manufacturer = "test"
    ds.ContentLabel, ds.ContentDescription = "VIEW", "Overnight note Johnathan"
    ds.PresentationCreationDate, ds.PresentationCreationTime = "20240103", "090000"
    ds.ContentCreatorName = "Cuddy^Lisa"
    ds.ReferencedSeriesSequence = [item(
        SeriesInstanceUID=images[0].SeriesInstanceUID, ReferencedImageSequence=[
            item(ReferencedSOPClassUID=CT, ReferencedSOPInstanceUID=im.SOPInstanceUID)
            for im in images])]
    ds.GraphicLayerSequence = [item(GraphicLayer="NOTES", GraphicLayerOrder=1)]
    ds.GraphicAnnotationSequence = [item(GraphicLayer="NOTES", TextObjectSequence=[item(
        UnformattedTextValue="Doe^Johnathan PID884422", AnchorPointAnnotationUnits="PIXEL",
        AnchorPoint=[10.0, 10.0], AnchorPointVisibility="N")])]
    ds.DisplayedAreaSelectionSequence = [item(
        PixelOriginInterpretation="FRAME", DisplayedAreaTopLeftHandCorner=[1, 1],
        DisplayedAreaBottomRightHandCorner=[128, 128], PresentationSizeMode="SCALE TO FIT",
        PresentationPixelAspectRatio=[1, 1])]
    ds.PresentationLUTShape = "IDENTITY"
    _meta(ds)
    return ds


def _ko(images, study_uid: str) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = KO, generate_uid()
    _patient(ds, study_uid)
    ds.SeriesInstanceUID, ds.Modality, ds.SeriesNumber, ds.InstanceNumber = \
        generate_uid(), "KO", 3, 1
    ds.Manufacturer = "test"
    ds.ContentDate, ds.ContentTime = "20240103", "090000"
    ds.ReferencedPerformedProcedureStepSequence = []
    ds.ValueType, ds.ContinuityOfContent = "CONTAINER", "SEPARATE"
    ds.ConceptNameCodeSequence = [item(CodeValue="113000", CodingSchemeDesignator="DCM",
                                       CodeMeaning="Of Interest")]
    ds.ContentTemplateSequence = [item(MappingResource="DCMR", TemplateIdentifier="2010")]
    ds.CurrentRequestedProcedureEvidenceSequence = [item(
        StudyInstanceUID=study_uid, ReferencedSeriesSequence=_references(images))]
    ds.ContentSequence = [item(
        RelationshipType="CONTAINS", ValueType="IMAGE", ReferencedSOPSequence=[
            item(ReferencedSOPClassUID=CT, ReferencedSOPInstanceUID=im.SOPInstanceUID)])
        for im in images] + [item(
            RelationshipType="CONTAINS", ValueType="TEXT", TextValue="Overnight note Johnathan",
            ConceptNameCodeSequence=[item(CodeValue="113012", CodingSchemeDesignator="DCM",
                                          CodeMeaning="Key Object Description")])]
    _meta(ds)
    return ds


def write_study(folder: Path) -> dict:
    """Write the study into *folder*; its datasets and the UIDs it was made with."""
    folder.mkdir(parents=True, exist_ok=True)
    study_uid, series_uid = generate_uid(), generate_uid()
    images = [_image(study_uid, series_uid, n) for n in (1, 2)]
    objects = {"image1": images[0], "image2": images[1], "gsps": _gsps(images, study_uid),
               "ko": _ko(images, study_uid)}
    paths = {}
    for name, ds in objects.items():
        paths[name] = folder / f"{name}.dcm"
        ds.save_as(paths[name], enforce_file_format=True)
    uids = {study_uid, series_uid} | {str(ds.SOPInstanceUID) for ds in objects.values()} | {
        str(ds.SeriesInstanceUID) for ds in objects.values()} | {
        str(images[0].FrameOfReferenceUID), str(images[1].FrameOfReferenceUID)}
    return {"objects": objects, "paths": paths, "uids": uids}
