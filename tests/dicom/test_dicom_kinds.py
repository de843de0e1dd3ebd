"""Object kinds by SOP Class UID, checked against every SOP class in pydicom's UID dictionary."""

from __future__ import annotations

import pytest
from pydicom.uid import (
    UID_dictionary,
    BasicTextSRStorage,
    ComprehensiveSRStorage,
    CTImageStorage,
    GrayscaleSoftcopyPresentationStateStorage,
    KeyObjectSelectionDocumentStorage,
    RTPlanStorage,
    TwelveLeadECGWaveformStorage,
)

from dicom_builders import sample
from viewer.dicom import ObjectKind, classify_sop_class, read_instance

SOP_CLASSES = {
    uid: name for uid, (name, kind, *_rest) in UID_dictionary.items() if kind == "SOP Class"
}


@pytest.mark.parametrize(
    ("uid", "has_pixels", "kind"),
    [
        (CTImageStorage, True, ObjectKind.IMAGE),
        (CTImageStorage, False, ObjectKind.IMAGE),  # e.g. TINY_ALPHA's CTs without Pixel Data
        (GrayscaleSoftcopyPresentationStateStorage, False, ObjectKind.PRESENTATION_STATE),
        (BasicTextSRStorage, False, ObjectKind.STRUCTURED_REPORT),
        (ComprehensiveSRStorage, False, ObjectKind.STRUCTURED_REPORT),
        (KeyObjectSelectionDocumentStorage, False, ObjectKind.KEY_OBJECT_SELECTION),
        (TwelveLeadECGWaveformStorage, False, ObjectKind.WAVEFORM),
        (RTPlanStorage, False, ObjectKind.OTHER),
        ("1.2.3.4.5", True, ObjectKind.IMAGE),  # unknown class with Pixel Data
        ("1.2.3.4.5", False, ObjectKind.OTHER),
        (None, True, ObjectKind.IMAGE),
        (None, False, ObjectKind.OTHER),
    ],
)
def test_classification(uid, has_pixels, kind):
    assert classify_sop_class(uid, has_pixels) is kind


def test_every_presentation_state_class():
    names = [n for n in SOP_CLASSES.values() if n.endswith("Presentation State Storage")]
    assert len(names) >= 12
    for uid, name in SOP_CLASSES.items():
        if name.endswith("Presentation State Storage"):
            assert classify_sop_class(uid, False) is ObjectKind.PRESENTATION_STATE, name


def test_every_sr_class_and_only_ko_apart():
    for uid, name in SOP_CLASSES.items():
        is_report = name.endswith("Report Storage") and "DICOS" not in name
        if " SR " in f"{name} " or is_report:
            assert classify_sop_class(uid, False) is ObjectKind.STRUCTURED_REPORT, name
    ko = classify_sop_class(KeyObjectSelectionDocumentStorage, False)
    assert ko is ObjectKind.KEY_OBJECT_SELECTION


def test_every_waveform_class():
    for uid, name in SOP_CLASSES.items():
        if name.endswith("Waveform Storage"):
            assert classify_sop_class(uid, False) is ObjectKind.WAVEFORM, name


def test_every_image_storage_class_is_an_image():
    for uid, name in SOP_CLASSES.items():
        if "Image Storage" in name and "Presentation" not in name:
            assert classify_sop_class(uid, True) is ObjectKind.IMAGE, name


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("CT_small.dcm", ObjectKind.IMAGE),
        ("test-SR.dcm", ObjectKind.STRUCTURED_REPORT),
        ("waveform_ecg.dcm", ObjectKind.WAVEFORM),
        ("rtplan.dcm", ObjectKind.OTHER),
        ("liver.dcm", ObjectKind.IMAGE),  # Segmentation: Pixel Data
    ],
)
def test_sample_files(name, kind):
    assert read_instance(sample(name)).kind is kind
