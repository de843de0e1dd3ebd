"""What kind of object an instance is, decided by its SOP Class UID (PS3.4 Annex B.5).

Later layers dispatch on :class:`ObjectKind`: images are displayed, presentation states
(PS3.4 Annex N) are applied to images, structured reports and key object selections
(PS3.3 A.35) are listed with the study, waveforms are not displayed as images.
"""

from __future__ import annotations

import enum

from pydicom.uid import UID, KeyObjectSelectionDocumentStorage

__all__ = ["ObjectKind", "classify_sop_class"]

# PS3.4 Table B.5-1 groups the Storage SOP Classes by UID root.
_PRESENTATION_STATE_ROOT = "1.2.840.10008.5.1.4.1.1.11."
_STRUCTURED_REPORT_ROOT = "1.2.840.10008.5.1.4.1.1.88."
_WAVEFORM_ROOT = "1.2.840.10008.5.1.4.1.1.9."
# SR-based IODs outside the .88 root: Spectacle Prescription Report (PS3.3 A.35.9),
# Macular Grid Thickness and Volume Report (PS3.3 A.35.11).
_OTHER_STRUCTURED_REPORTS = frozenset(
    {"1.2.840.10008.5.1.4.1.1.78.6", "1.2.840.10008.5.1.4.1.1.79.1"}
)
# Key Object Selection Document (PS3.3 A.35.4) and Rendition Selection Document (A.35.23),
# SR classes that select images rather than report on them.
_KEY_OBJECT_SELECTIONS = frozenset(
    {KeyObjectSelectionDocumentStorage, "1.2.840.10008.5.1.4.1.1.88.60"}
)


class ObjectKind(enum.Enum):
    """The role of a DICOM object in the viewer."""

    IMAGE = "image"
    PRESENTATION_STATE = "presentation state"
    STRUCTURED_REPORT = "structured report"
    KEY_OBJECT_SELECTION = "key object selection"
    WAVEFORM = "waveform"
    OTHER = "other"


def classify_sop_class(sop_class_uid: str | None, has_pixel_data: bool) -> ObjectKind:
    """Return the kind of an object of SOP Class *sop_class_uid*.

    An object of an unknown (or missing) class that carries Pixel Data is an IMAGE.
    """
    uid = str(sop_class_uid or "")
    if uid in _KEY_OBJECT_SELECTIONS:
        return ObjectKind.KEY_OBJECT_SELECTION
    if uid.startswith(_PRESENTATION_STATE_ROOT):
        return ObjectKind.PRESENTATION_STATE
    if uid.startswith(_STRUCTURED_REPORT_ROOT) or uid in _OTHER_STRUCTURED_REPORTS:
        return ObjectKind.STRUCTURED_REPORT
    if uid.startswith(_WAVEFORM_ROOT):
        return ObjectKind.WAVEFORM
    if has_pixel_data or _is_image_storage(uid):
        return ObjectKind.IMAGE
    return ObjectKind.OTHER


def _is_image_storage(uid: str) -> bool:
    """True for registered image storage classes, e.g. a CT without its Pixel Data."""
    return bool(uid) and "Image Storage" in UID(uid).name
