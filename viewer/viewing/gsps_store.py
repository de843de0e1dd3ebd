"""Presentation states of a study in the local index, for the viewer's pick list. Qt-free.

The store indexes every object with its kind; the GSPS of a study are its instances of kind
"presentation state" (``viewer.dicom.ObjectKind.PRESENTATION_STATE``). Their headers are read
here and matched to an image with :func:`viewer.dicom.presentation_state.list_presentation_states`.
"""

from __future__ import annotations

import logging

from viewer.dicom import DicomReadError, ObjectKind, read_instance
from viewer.dicom.presentation_state import list_presentation_states

__all__ = ["presentation_states_in_study", "presentation_states_for_image"]

LOG = logging.getLogger(__name__)


def presentation_states_in_study(archive, study_uid: str) -> list:
    """Instances (headers) of the presentation states stored for *study_uid*; unreadable files
    are left out."""
    found = []
    for series in archive.list_series(study_uid):
        for summary in archive.list_instances(series.series_uid):
            if summary.kind != ObjectKind.PRESENTATION_STATE.value:
                continue
            try:
                found.append(read_instance(summary.path))
            except DicomReadError as exc:
                LOG.warning("presentation state left out: %s", exc)
                continue
    return found


def presentation_states_for_image(archive, image, frame_number: int | None = None) -> list:
    """The pick list (PresentationStateInfo, newest first) for *image* from the store."""
    candidates = presentation_states_in_study(archive, image.study_instance_uid)
    return list_presentation_states(image, candidates, frame_number)
