"""What a report's links open beside it: the referenced image (``sop:`` links, found by
:mod:`.references`) or an image holding a SCOORD3D region (``scoord3d:`` links), with the
report's regions drawn on it (:mod:`.report_regions`)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from viewer.dicom import ObjectKind
from viewer.ui.viewing.placeholders import fill
from viewer.viewing.sr_volume import frame_holding


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportLinks", text)


def viewport_beside(area, source, prefer):
    """A visible viewport other than *source* (switching to 1x2 when there is none): the first
    for which *prefer(viewport)* is true, else the first."""
    others = [vp for vp in area.viewports if vp is not source]
    if not others:
        area.set_layout(1, 2)
        others = [vp for vp in area.viewports if vp is not source]
    return next((vp for vp in others if prefer(vp)), others[0])


def show_beside(area, source, series, index: int) -> None:
    """Show frame *index* of *series* in a viewport other than the report's *source* (a 1x2
    layout when there is none), with the report's regions, and make it the active one."""
    if series.series_instance_uid not in area.strip.series:
        area.strip.add(series)
    target = viewport_beside(area, source,
                             lambda vp: vp.series_uid == series.series_instance_uid)
    if target.series is not series:
        target.set_series(series, frame=index)
    else:
        target.set_frame(index, user=True)
    report = source.report_view
    if report is not None:
        target.report_regions.set_regions(report.regions(), report.volumes)
        target.report_regions.show_for(target.ref)
    area.set_active_viewport(target)
    area.seriesShown.emit(series.series_instance_uid)


def open_region(area, source, number: int) -> None:
    """Show the open image nearest the centre of the report's SCOORD3D region *number* among
    those of its frame of reference whose plane holds it."""
    report = source.report_view
    if report is None or not 0 <= number < len(report.volumes):
        return
    region = report.volumes[number]
    for series in area.strip.series.values():
        if (series.kind is ObjectKind.IMAGE
                and series.frame_of_reference_uid == region.frame_of_reference_uid):
            index = frame_holding(series.frames, region)
            if index is not None:
                show_beside(area, source, series, index)
                return
    area.statusMessage.emit(fill(tr("No open image of frame of reference %1 holds this "
                                    "region"), region.frame_of_reference_uid))
