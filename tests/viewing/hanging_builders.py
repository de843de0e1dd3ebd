"""Test studies for the hanging protocols (pydicom only): CT chest with soft-tissue, lung and
scout series, CT head, MR brain, CR chest PA + lateral (and a prior), MG four views (and a
prior), with the attributes the protocols read (Body Part Examined, Study/Series Description,
Image Type, View Position or View Code Sequence, Image Laterality, Patient Orientation).

Used by tests/viewing (Qt-free) and tests/ui (imported as ``viewing.hanging_builders``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sr.codedict import codes
from pydicom.uid import (CTImageStorage, ComputedRadiographyImageStorage,
                         DigitalMammographyXRayImageStorageForPresentation,
                         ExplicitVRLittleEndian, MRImageStorage, generate_uid)

from viewer.dicom import Series, assemble_series, instance_from_dataset

SOP_CLASSES = {"CT": CTImageStorage, "MR": MRImageStorage,
               "CR": ComputedRadiographyImageStorage,
               "MG": DigitalMammographyXRayImageStorageForPresentation}
SIZE = 16


def image(study: dict, series_number: int, description: str, number: int, *,
          modality: str | None = None, **attributes) -> Dataset:
    """One small image of *study* (``uid``, ``patient``, ``date``, ``description``,
    ``modality``, ``body_part``) in its series *series_number*."""
    modality = modality or study["modality"]
    series_uid = generate_uid(entropy_srcs=[study["uid"], str(series_number)])
    sop_uid = generate_uid(entropy_srcs=[series_uid, str(number)])
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = SOP_CLASSES[modality]
    ds.file_meta.MediaStorageSOPInstanceUID = sop_uid
    ds.SOPClassUID, ds.SOPInstanceUID = SOP_CLASSES[modality], sop_uid
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study["uid"], series_uid
    ds.PatientName, ds.PatientID = "HANGING^TEST", study["patient"]
    ds.StudyDate, ds.StudyTime = study["date"], "090000"
    ds.StudyDescription = study["description"]
    ds.Modality, ds.SeriesNumber, ds.InstanceNumber = modality, series_number, number
    ds.SeriesDescription = description
    if study.get("body_part"):
        ds.BodyPartExamined = study["body_part"]
    ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
    ds.Rows = ds.Columns = SIZE
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelSpacing = [0.5, 0.5]
    for keyword, value in attributes.items():
        setattr(ds, keyword, value)
    pixels = (np.arange(SIZE * SIZE) * 16 + 100 * number + 7 * series_number) % 4096
    ds.PixelData = pixels.astype(np.uint16).reshape(SIZE, SIZE).tobytes()
    return ds


def stack(study: dict, series_number: int, description: str, count: int = 16,
          **attributes) -> list[Dataset]:
    """An axial stack of *count* slices 2 mm apart, one Frame of Reference per study (16: as
    few as a reformat takes)."""
    frame_of_reference = generate_uid(entropy_srcs=[study["uid"], "for"])
    return [image(study, series_number, description, i + 1,
                  ImageOrientationPatient=[1, 0, 0, 0, 1, 0],
                  ImagePositionPatient=[0, 0, 2.0 * i], SliceThickness=2.0,
                  FrameOfReferenceUID=frame_of_reference, RescaleIntercept=-1024,
                  RescaleSlope=1, **attributes)
            for i in range(count)]


def study_info(name: str, modality: str, description: str, body_part: str = "",
               patient: str = "HANG1", date: str = "20240610") -> dict:
    return {"uid": generate_uid(entropy_srcs=[patient, name, date]), "patient": patient,
            "date": date, "modality": modality, "description": description,
            "body_part": body_part}


def ct_chest(**kwargs) -> list[Dataset]:
    study = study_info("ct chest", "CT", "CT THORAX W/O CONTRAST", "CHEST", **kwargs)
    scout = image(study, 1, "Topogram 0.6 T20f", 1, ImageType=["ORIGINAL", "PRIMARY",
                                                               "LOCALIZER"])
    return ([scout] + stack(study, 2, "Thorax 2.0 Br40 mediastinum")
            + stack(study, 3, "Thorax 1.0 Bl57 LUNG"))


def ct_head(**kwargs) -> list[Dataset]:
    study = study_info("ct head", "CT", "CT HEAD W/O", "HEAD", **kwargs)
    return stack(study, 2, "Head 5.0 H30s") + stack(study, 3, "Head 2.0 H70h BONE")


def mr_brain(**kwargs) -> list[Dataset]:
    study = study_info("mr brain", "MR", "MRI BRAIN", "BRAIN", **kwargs)
    localizer = image(study, 1, "3-plane localizer", 1,
                      ImageType=["ORIGINAL", "PRIMARY", "LOCALIZER"])
    return ([localizer] + stack(study, 2, "ax FLAIR") + stack(study, 3, "ax T2 TSE")
            + stack(study, 4, "ax DWI trace b1000") + stack(study, 5, "ax T1 SE"))


def chest_xr(views=("PA", "LL"), one_series: bool = False, **kwargs) -> list[Dataset]:
    """A CR chest; each view its own series, or both in one series."""
    study = study_info("cr chest", "CR", "XR CHEST 2 VIEWS", "CHEST", **kwargs)
    return [image(study, 1 if one_series else n + 1, f"Chest {view}", n + 1,
                  ViewPosition=view, PatientOrientation=["L", "F"] if view == "PA"
                  else ["A", "F"])
            for n, view in enumerate(views)]


MG_VIEWS = (("R", "CC", ["A", "R"]), ("L", "CC", ["A", "L"]),  # RCC stored chest wall left
            ("R", "MLO", ["P", "FL"]), ("L", "MLO", ["P", "FR"]))  # LMLO stored chest wall right


def mammogram(view_codes: bool = True, **kwargs) -> list[Dataset]:
    """Four views in one series. With *view_codes* the views are only in the View Code Sequence
    (no View Position), as many mammography units write them."""
    study = study_info("mg", "MG", "MAMMO SCREENING BILATERAL", "BREAST", **kwargs)
    found = []
    for n, (side, view, orientation) in enumerate(MG_VIEWS):
        attributes = {"ImageLaterality": side, "PatientOrientation": orientation}
        if view_codes:
            code = codes.SCT.CranioCaudal if view == "CC" else \
                codes.SCT.MedioLateralObliqueProjection
            item = Dataset()
            item.CodeValue, item.CodingSchemeDesignator = code.value, code.scheme_designator
            item.CodeMeaning = code.meaning
            attributes["ViewCodeSequence"] = [item]
        else:
            attributes["ViewPosition"] = view
        found.append(image(study, 1, "Mammo", n + 1, **attributes))
    return found


def as_series(datasets: list[Dataset]) -> list[Series]:
    return assemble_series(instance_from_dataset(ds) for ds in datasets)


def write_study(folder: Path, datasets: list[Dataset]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for ds in datasets:
        ds.save_as(folder / f"{ds.SOPInstanceUID}.dcm", enforce_file_format=True)
    return folder
