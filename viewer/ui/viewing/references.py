"""Finding the instance a report references: among the series open in the viewer, else in the
local archive (its index by SOP Instance UID), read as one series."""

from __future__ import annotations

from viewer.dicom import DicomReadError, ObjectKind, Series, assemble_series, read_instance


def frame_in(series: Series, sop_instance_uid: str, frame_number: int) -> int | None:
    """Index in ``series.frames`` of the instance's frame (1-based *frame_number*, 0: first)."""
    wanted = max(frame_number - 1, 0)
    first = None
    for index, ref in enumerate(series.frames):
        if ref.instance.sop_instance_uid == sop_instance_uid:
            if ref.frame_index == wanted:
                return index
            first = index if first is None else first
    return first


def find_open(series_list, sop_instance_uid: str, frame_number: int):
    """(series, frame index) of an open image series holding the instance, or None."""
    for series in series_list:
        if series.kind is ObjectKind.IMAGE:
            index = frame_in(series, sop_instance_uid, frame_number)
            if index is not None:
                return series, index
    return None


def find_in_archive(archive, sop_instance_uid: str, frame_number: int):
    """(series, frame index) read from the archive, or None when it does not hold it.

    Raises :class:`DicomReadError` when the stored file cannot be read.
    """
    if archive is None:
        return None
    summary = archive.find_instance(sop_instance_uid)
    if summary is None:
        return None
    instances = []
    for member in archive.list_instances(summary.series_uid):
        try:
            instances.append(read_instance(member.path))
        except DicomReadError:
            if member.sop_instance_uid == sop_instance_uid:
                raise
    return find_open(assemble_series(instances), sop_instance_uid, frame_number)
