"""Which Softcopy Presentation States apply to which images and frames. Qt-free.

The viewer applies four kinds (:data:`STATE_KINDS`): Grayscale (PS3.3 A.33.1), Color (A.33.2),
Pseudo-Color (A.33.3) and Blending (A.33.4) Softcopy Presentation States.

PS3.3 C.11.11 (Presentation State Relationship Module): a presentation state applies to the
images listed in its Referenced Series Sequence (0008,1115) > Referenced Image Sequence
(0008,1140). A reference with Referenced Frame Number (0008,1160) applies to those frames only
(1-based); without it, to every frame of the image. A Blending state has no such module: it
applies to the images of its UNDERLYING Blending Sequence item (C.11.14), over which the
SUPERIMPOSED ones are blended (:func:`applied_references`).

Inside a presentation state, the Softcopy VOI LUT (C.11.8), Displayed Area (C.10.4) and Graphic
Annotation (C.10.5) items carry their own Referenced Image Sequence; an item without one applies
to every image the presentation state references (:func:`item_applies`).

:func:`list_presentation_states` gives the viewer's pick list (label, description, creator,
date), newest first: the viewer applies the first one by default.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from pydicom.dataset import Dataset
from pydicom.multival import MultiValue

from .values import get_int, get_str, get_value

__all__ = [
    "BLENDING_SOP_CLASS",
    "COLOR_SOP_CLASS",
    "GSPS_SOP_CLASS",
    "PSEUDO_COLOR_SOP_CLASS",
    "STATE_KINDS",
    "applied_references",
    "blending_references",
    "ImageReference",
    "PresentationStateInfo",
    "image_references",
    "item_applies",
    "list_presentation_states",
    "presentation_state_info",
    "presentation_states_for",
    "references_image",
    "series_references",
]

GSPS_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.1"
COLOR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.2"
PSEUDO_COLOR_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.3"
BLENDING_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.11.4"
# SOP Class UID -> kind, for the states the viewer applies (PS3.4 B.5, Annex N)
STATE_KINDS = {GSPS_SOP_CLASS: "GRAYSCALE", COLOR_SOP_CLASS: "COLOR",
               PSEUDO_COLOR_SOP_CLASS: "PSEUDO-COLOR", BLENDING_SOP_CLASS: "BLENDING"}


@dataclass(frozen=True)
class ImageReference:
    """One item of a Referenced Image Sequence (PS3.3 C.11.11, C.10.5).

    ``frames`` are the Referenced Frame Numbers (1-based); ``None`` means every frame.
    """

    sop_class_uid: str | None
    sop_instance_uid: str
    series_instance_uid: str | None = None
    frames: tuple[int, ...] | None = None

    def matches(self, sop_instance_uid: str | None, frame_number: int | None = None) -> bool:
        """Whether this reference covers the image (and its 1-based frame, when given)."""
        if sop_instance_uid is None or self.sop_instance_uid != str(sop_instance_uid):
            return False
        return self.frames is None or frame_number is None or frame_number in self.frames


def _frame_numbers(item: Dataset) -> tuple[int, ...] | None:
    value = get_value(item, "ReferencedFrameNumber")
    if value is None:
        return None
    values = value if isinstance(value, (list, tuple, MultiValue)) else [value]
    try:
        return tuple(int(v) for v in values)
    except (TypeError, ValueError):
        return None


def image_references(items, series_uid: str | None = None) -> tuple[ImageReference, ...]:
    """The references of a Referenced Image Sequence (items without an instance UID dropped)."""
    found = []
    for item in items or ():
        uid = get_str(item, "ReferencedSOPInstanceUID")
        if uid:
            found.append(ImageReference(get_str(item, "ReferencedSOPClassUID"), uid, series_uid,
                                        _frame_numbers(item)))
    return tuple(found)


def series_references(ds: Dataset) -> tuple[ImageReference, ...]:
    """Every image the presentation state references (Referenced Series Sequence, C.11.11)."""
    found: list[ImageReference] = []
    for series in get_value(ds, "ReferencedSeriesSequence") or ():
        uid = get_str(series, "SeriesInstanceUID")
        found.extend(image_references(get_value(series, "ReferencedImageSequence"), uid))
    return tuple(found)


def blending_references(ds: Dataset, position: str) -> tuple[ImageReference, ...]:
    """The images of the Blending Sequence item at Blending Position *position* (C.11.14)."""
    found: list[ImageReference] = []
    for item in get_value(ds, "BlendingSequence") or ():
        if (get_str(item, "BlendingPosition") or "").upper() == position:
            found.extend(series_references(item))
    return tuple(found)


def applied_references(ds: Dataset) -> tuple[ImageReference, ...]:
    """The images a state applies to: its Referenced Series Sequence, or for a Blending state
    the UNDERLYING images."""
    if get_str(ds, "SOPClassUID") == BLENDING_SOP_CLASS:
        return blending_references(ds, "UNDERLYING")
    return series_references(ds)


def matches_any(references: Iterable[ImageReference], sop_instance_uid: str | None,
                frame_number: int | None = None) -> bool:
    """Whether any of *references* covers the image (and frame)."""
    return any(ref.matches(sop_instance_uid, frame_number) for ref in references)


def item_applies(item_references: tuple[ImageReference, ...] | None, sop_instance_uid: str | None,
                 frame_number: int | None = None) -> bool:
    """Whether a VOI / displayed area / annotation item applies to the image and frame.

    ``item_references`` None (the item has no Referenced Image Sequence) means every image of
    the presentation state; the caller has already checked that the state references the image.
    """
    if item_references is None:
        return True
    return matches_any(item_references, sop_instance_uid, frame_number)


@dataclass(frozen=True)
class PresentationStateInfo:
    """What the viewer lists for a presentation state (PS3.3 C.11.10 Identification)."""

    label: str
    description: str
    creator: str
    date: str  # Presentation Creation Date, YYYYMMDD ('' if absent)
    time: str  # Presentation Creation Time, HHMMSS[.F] ('' if absent)
    instance_number: int | None
    sop_instance_uid: str
    sop_class_uid: str
    series_instance_uid: str
    path: str | None = None
    source: object = None  # the Instance or Dataset it was read from

    @property
    def kind(self) -> str:
        """GRAYSCALE, COLOR, PSEUDO-COLOR or BLENDING ('' for another SOP class)."""
        return STATE_KINDS.get(self.sop_class_uid, "")

    @property
    def created(self) -> datetime.datetime | None:
        """Creation date and time, or None when the date is missing or malformed."""
        digits = (self.date + self.time.split(".")[0].ljust(6, "0"))[:14]
        try:
            return datetime.datetime.strptime(digits, "%Y%m%d%H%M%S")
        except ValueError:
            return None

    def newest_first_key(self) -> tuple:
        """Sort key: creation date/time, then instance number, descending when reversed."""
        created = self.created or datetime.datetime.min
        return created, self.instance_number or 0, self.sop_instance_uid


def _dataset(candidate) -> Dataset:
    return candidate if isinstance(candidate, Dataset) else candidate.ds


def presentation_state_info(candidate) -> PresentationStateInfo:
    """The identification of a presentation state (an Instance or a Dataset)."""
    ds = _dataset(candidate)
    return PresentationStateInfo(
        label=get_str(ds, "ContentLabel") or "",
        description=get_str(ds, "ContentDescription") or "",
        creator=get_str(ds, "ContentCreatorName") or "",
        date=get_str(ds, "PresentationCreationDate") or "",
        time=get_str(ds, "PresentationCreationTime") or "",
        instance_number=get_int(ds, "InstanceNumber"),
        sop_instance_uid=get_str(ds, "SOPInstanceUID") or "",
        sop_class_uid=get_str(ds, "SOPClassUID") or "",
        series_instance_uid=get_str(ds, "SeriesInstanceUID") or "",
        path=getattr(candidate, "path", None),
        source=candidate,
    )


def _image_uid(image) -> str | None:
    uid = getattr(image, "sop_instance_uid", None)
    return uid if uid is not None else get_str(_dataset(image), "SOPInstanceUID")


def references_image(candidate, image, frame_number: int | None = None) -> bool:
    """Whether the presentation state *candidate* (one of :data:`STATE_KINDS`) applies to
    *image* (Instance or Dataset), and to its 1-based *frame_number* when given."""
    ds = _dataset(candidate)
    if get_str(ds, "SOPClassUID") not in STATE_KINDS:
        return False
    return matches_any(applied_references(ds), _image_uid(image), frame_number)


def presentation_states_for(image, candidates: Iterable, frame_number: int | None = None) -> list:
    """The candidates (Instances or Datasets) that are states referencing *image*, newest
    first."""
    return [info.source for info in list_presentation_states(image, candidates, frame_number)]


def list_presentation_states(image, candidates: Iterable,
                             frame_number: int | None = None) -> list[PresentationStateInfo]:
    """The states among *candidates* that apply to *image* (and frame), newest first.

    The first item is the one to apply by default; ``info.source`` is the candidate itself.
    """
    infos = [presentation_state_info(c) for c in candidates
             if references_image(c, image, frame_number)]
    return sorted(infos, key=PresentationStateInfo.newest_first_key, reverse=True)
