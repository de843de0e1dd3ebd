"""RT Structure Sets in the viewer: opened from the strip, the set lists its ROIs in their
colours and shows the CT it was drawn on beside it, with each ROI's contours painted through
the pixels its vertices name, on the right slice only; unchecking an ROI hides it. pydicom's
sample (no CT) and broken sets say what is wrong and nothing crashes."""

from __future__ import annotations

import shutil

import numpy as np
import pydicom
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from tests.dicom import rt_builders
from tests.dicom.dicom_builders import sample, write
from ui.real_input import double_click_item
from viewing.ui_helpers import load, make_area, wait_shown

RED, GREEN = (255, 0, 0), (0, 255, 0)
SQUARE = [(4, 6), (20, 6), (20, 18), (4, 18)]  # pixel (column, row) of each vertex


def write_study(folder, broken: bool = False):
    cts = rt_builders.ct_series(folder, count=3, rows=24, columns=32, spacing=(1.0, 1.0))
    square = rt_builders.contour(cts[1], SQUARE)
    line = rt_builders.contour(cts[2], [(2, 2), (28, 20)], kind="OPEN_PLANAR")
    rois = [(1, "PTV", RED, [square]), (2, "Cord", GREEN, [line])]
    if broken:
        empty = rt_builders.contour(cts[0], [(1, 1)])
        empty.ContourData = []
        away = rt_builders.contour(None, None, points=[[0, 0, 500.0], [1, 0, 500.0]],
                                   kind="OPEN_PLANAR")
        rois[1][3].extend([empty, away])
        rois.append((9, "Ghost", RED, [rt_builders.contour(cts[0], [(1, 1), (3, 3)])]))
    ds = rt_builders.structure_set(cts, rois, defined=[1, 2])
    write(ds, folder / "rtstruct.dcm")
    return cts


def open_structure_set(qtbot, area):
    strip = area.strip
    row = next(r for r in range(strip.count()) if "RTSTRUCT" in strip.item(r).text()
               or "Structure" in strip.item(r).text())
    double_click_item(qtbot, strip, strip.indexFromItem(strip.item(row)))
    viewport = area.active_viewport
    qtbot.waitUntil(lambda: viewport.object_panel.structure_panel is not None
                    and viewport.object_panel.structure_panel.isVisible())
    panel = viewport.object_panel.structure_panel
    qtbot.waitUntil(lambda: panel.structure_set is not None)  # read in a worker
    return viewport, panel


def colours_near(viewport, column: float, row: float) -> set[tuple[int, int, int]]:
    """The colours painted within one screen pixel of image point (column, row) (viewer image
    coordinates: pixel (c, r) covers [c, c + 1) x [r, r + 1))."""
    canvas = viewport.canvas
    at = canvas.mapFromScene(canvas.image_item.mapToScene(QPointF(column, row)))
    image = canvas.viewport().grab().toImage()
    ratio = image.devicePixelRatio()
    found = set()
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            colour = QColor(image.pixel(int((at.x() + dx) * ratio), int((at.y() + dy) * ratio)))
            found.add((colour.red(), colour.green(), colour.blue()))
    return found


def colour_at(viewport, column: float, row: float) -> tuple[int, int, int]:
    """The contour colour drawn within a screen pixel of the point, else what is there."""
    found = colours_near(viewport, column, row)
    drawn = found & {RED, GREEN}
    return drawn.pop() if len(drawn) == 1 else (found.pop() if len(found) == 1 else found)


def click_check_box(qtbot, view, row: int) -> None:
    """A real click on the check box of the list's *row*."""
    item = view.item(row)
    option = QStyleOptionViewItem()
    option.rect = view.visualItemRect(item)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option,
                                      view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())


def show_slice(qtbot, viewport, sop_uid: str) -> None:
    index = next(i for i, ref in enumerate(viewport.series.frames)
                 if ref.instance.sop_instance_uid == sop_uid)
    viewport.set_frame(index, user=True)
    wait_shown(qtbot, viewport)
    qtbot.wait(20)


def test_contours_drawn_through_their_pixels_on_their_slice_and_toggled(qtbot, tmp_path):
    cts = write_study(tmp_path)
    area = make_area(qtbot, size=(1000, 600))
    area.show_series_list(load(tmp_path))
    source, panel = open_structure_set(qtbot, area)
    assert [panel.roi_list.item(i).text() for i in range(panel.roi_list.count())] == [
        "PTV: 1 contour(s)", "Cord: 1 contour(s)"]
    assert panel.roi_list.item(0).icon().pixmap(8, 8).toImage().pixelColor(4, 4) == QColor(*RED)
    # the CT the set references opens beside it
    ct_view = next(vp for vp in area.viewports if vp is not source)
    qtbot.waitUntil(lambda: ct_view.series is not None and ct_view.ref is not None)
    ct_view.set_annotations_visible(False)
    assert ct_view.series.series_instance_uid == cts[0].SeriesInstanceUID
    qtbot.waitUntil(lambda: panel.note.text() == "")  # placed on a worker, then drawn

    show_slice(qtbot, ct_view, cts[1].SOPInstanceUID)
    for column, row in SQUARE:  # each vertex on its pixel's centre
        assert colour_at(ct_view, column + 0.5, row + 0.5) == RED, (column, row)
    assert colour_at(ct_view, 12.5, 6.5) == RED  # on an edge, between two vertices
    assert colour_at(ct_view, 12.5, 12.5) == (0, 0, 0)  # inside: the image
    assert colour_at(ct_view, 12.5, 4.5) == (0, 0, 0)  # two pixels above the top edge
    assert colour_at(ct_view, 2.5, 12.5) == (0, 0, 0)  # two pixels left of the left edge

    show_slice(qtbot, ct_view, cts[0].SOPInstanceUID)  # no contour on the first slice
    assert colour_at(ct_view, 4.5, 6.5) == (0, 0, 0)
    show_slice(qtbot, ct_view, cts[2].SOPInstanceUID)
    assert colour_at(ct_view, 2.5, 2.5) == GREEN and colour_at(ct_view, 28.5, 20.5) == GREEN
    assert colour_at(ct_view, 4.5, 6.5) == (0, 0, 0)

    # the ROI list switches an ROI off (a click on its check box) and on again
    click_check_box(qtbot, panel.roi_list, 1)
    assert panel.hidden() == {2}
    qtbot.wait(20)
    assert colour_at(ct_view, 2.5, 2.5) == (0, 0, 0)
    click_check_box(qtbot, panel.roi_list, 1)
    qtbot.wait(20)
    assert colour_at(ct_view, 2.5, 2.5) == GREEN
    # double-clicking an ROI shows the first slice it is drawn on
    show_slice(qtbot, ct_view, cts[0].SOPInstanceUID)
    double_click_item(qtbot, panel.roi_list, panel.roi_list.indexFromItem(panel.roi_list.item(0)))
    wait_shown(qtbot, ct_view)
    assert ct_view.ref.instance.sop_instance_uid == cts[1].SOPInstanceUID
    # the contours follow the view: zoomed in, the vertex is still on its pixel
    ct_view.zoom_by(2.0)
    show_slice(qtbot, ct_view, cts[1].SOPInstanceUID)
    assert colour_at(ct_view, 12.5, 6.5) == RED


def test_broken_structure_set_says_what_is_wrong(qtbot, tmp_path):
    cts = write_study(tmp_path, broken=True)
    area = make_area(qtbot, size=(1000, 600))
    area.show_series_list(load(tmp_path))
    source, panel = open_structure_set(qtbot, area)
    problems = panel.problems.text()
    assert panel.problems.isVisible()
    assert "ROI 9" in problems and "Contour Data" in problems
    qtbot.waitUntil(lambda: panel.note.text() == "1 contour(s) lie on no image shown.")
    ct_view = next(vp for vp in area.viewports if vp is not source)
    ct_view.set_annotations_visible(False)
    show_slice(qtbot, ct_view, cts[1].SOPInstanceUID)
    assert colour_at(ct_view, 4.5, 6.5) == RED  # what could be read is drawn


def test_pydicom_sample_without_its_ct(qtbot, tmp_path):
    shutil.copy(sample("rtstruct.dcm"), tmp_path / "rtstruct.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    _viewport, panel = open_structure_set(qtbot, area)
    texts = [panel.roi_list.item(i).text() for i in range(panel.roi_list.count())]
    assert texts == ["patient (EXTERNAL): 3 contour(s)", "Isocenter 1 (ISOCENTER): 1 contour(s)",
                     "Isocenter 2 (ISOCENTER): 1 contour(s)"]
    assert "sep30" in panel.title.text()
    assert panel.note.text().startswith("The images this structure set was drawn on are not "
                                        "shown")
    ds = pydicom.dcmread(sample("rtstruct.dcm"), force=True)
    assert ds.Modality == "RTSTRUCT"


def test_rt_plan_reads_as_a_document(qtbot, tmp_path):
    shutil.copy(sample("rtplan.dcm"), tmp_path / "rtplan.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    qtbot.waitUntil(lambda: viewport.object_panel.plan_view is not None
                    and viewport.object_panel.plan_view.isVisible())
    panel = viewport.object_panel
    assert not panel.tags.isVisible() and not viewport.canvas.isVisible()
    lines = panel.plan_view.plain_lines()
    for expected in ("Plan1 — Plan1", "RT Plan Storage", "Approval:", "UNAPPROVED",
                     "Prescription", "PTV", "TARGET", "30.83", "Fraction groups",
                     "Group 1: 30 fraction(s), 1 beam(s)", "Beams", "Field 1", "PHOTON",
                     "unit001", "116.00 MU", "1.028"):
        assert expected in lines, (expected, lines)
    assert area.show_tags(viewport) is not None  # its attributes stay one menu item away


def test_rt_dose_frames_are_images_in_dose_units(qtbot, tmp_path):
    shutil.copy(sample("rtdose.dcm"), tmp_path / "rtdose.dcm")
    ds = pydicom.dcmread(sample("rtdose.dcm"))
    grid = ds.pixel_array
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert viewport.frame_count == 15 and viewport.canvas.isVisible()
    assert "Dose: RELATIVE (PHYSICAL, BEAM)" in viewport.annotation_text()
    # the readout is stored value x Dose Grid Scaling
    ref = viewport.ref
    values = viewport.display.values(ref, viewport.stored)
    np.testing.assert_allclose(values, grid[ref.frame_index] * float(ds.DoseGridScaling))
    canvas = viewport.canvas
    at = canvas.mapFromScene(canvas.image_item.mapToScene(QPointF(4.5, 6.5)))  # pixel (4, 6)
    viewport.hover(at)
    dose = grid[ref.frame_index][6, 4] * float(ds.DoseGridScaling)
    assert viewport.hover_text == f"(4, 6): {dose:.2f} RELATIVE"
    # once the whole grid is decoded, its maximum shows
    qtbot.waitUntil(lambda: all(ref.instance.cached_frame(i) is not None for i in range(15)))
    viewport.set_frame(3, user=True)
    wait_shown(qtbot, viewport)
    peak = float(grid.max()) * float(ds.DoseGridScaling)
    assert f"Max: {peak:.3f} RELATIVE" in viewport.annotation_text()


def test_contours_are_placed_off_the_gui_thread(qtbot, tmp_path, monkeypatch):
    import threading

    from viewer.ui.viewing import rt_controls

    placed_on = []
    real = rt_controls.place_structure_set

    def recording(structure_set, frames):
        placed_on.append(threading.current_thread() is threading.main_thread())
        return real(structure_set, frames)

    monkeypatch.setattr(rt_controls, "place_structure_set", recording)
    write_study(tmp_path)
    area = make_area(qtbot, size=(1000, 600))
    area.show_series_list(load(tmp_path))
    _source, panel = open_structure_set(qtbot, area)
    qtbot.waitUntil(lambda: placed_on and panel.note.text() == "")
    assert placed_on == [False]  # once, on a worker
