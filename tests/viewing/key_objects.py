"""Key Object Selection documents for the tests, built by highdicom (an independent TID 2010
writer), optionally with frame numbers added to the references."""

from __future__ import annotations

from highdicom.ko import KeyObjectSelection, KeyObjectSelectionDocument
from pydicom.sr.codedict import codes
from pydicom.uid import generate_uid

TITLES = {"Of Interest": codes.DCM.OfInterest, "For Teaching": codes.DCM.ForTeaching}


def key_object(images, title="Of Interest", description=None, frames=None, number=1):
    """A KO selecting *images* (pydicom data sets, in that order); *frames* maps a SOP Instance
    UID to the 1-based frame numbers its reference lists."""
    for image in images:  # the Patient and General Study attributes highdicom copies
        for keyword in ("PatientBirthDate", "PatientSex", "StudyTime", "ReferringPhysicianName",
                        "StudyID", "AccessionNumber"):
            if keyword not in image:
                setattr(image, keyword, "")
    content = KeyObjectSelection(document_title=TITLES[title], referenced_objects=images,
                                 description=description)
    ko = KeyObjectSelectionDocument(
        evidence=images, content=content, series_instance_uid=generate_uid(),
        series_number=90 + number, sop_instance_uid=generate_uid(), instance_number=number,
        manufacturer="tests")
    for item in ko.ContentSequence:
        for ref in item.get("ReferencedSOPSequence", []):
            wanted = (frames or {}).get(ref.ReferencedSOPInstanceUID)
            if wanted:
                ref.ReferencedFrameNumber = list(wanted)
    return ko
