"""A study with a structured report, opened in the main window: the strip shows the report with
its title and a document icon (no black thumbnail); double-clicked, the viewport reads the report
(Japanese text in its Specific Character Set, flags, observation context); clicking an image
link shows that image beside the report - from the open study, or from the local archive."""

from pathlib import Path

import numpy as np
import pydicom
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QTextCursor

from tests.dicom import sr_builders
from ui.real_input import double_click_item


def write_study_with_report(ui, folder: Path) -> tuple[list[str], Path]:
    ui.make_series(folder, "-n", "3", "--rows", "64", "--cols", "64", "--seed", "77",
                   "--patient-id", "SRGUI001")
    images = sorted((pydicom.dcmread(p) for p in folder.rglob("*.dcm")),
                    key=lambda ds: int(ds.InstanceNumber))
    report = sr_builders.japanese_report(study_uid=images[0].StudyInstanceUID,
                                         image_uid=images[1].SOPInstanceUID)
    report.PatientID, report.PatientName = "SRGUI001", images[0].PatientName
    path = folder / "report.dcm"
    report.save_as(path, enforce_file_format=True)
    return [ds.SOPInstanceUID for ds in images], path


def click_link(qtbot, view, text: str) -> None:
    """A real click on the link whose text contains *text*."""
    found = view.document().find(text)
    assert not found.isNull(), text
    cursor = QTextCursor(found)
    cursor.setPosition(found.selectionStart() + 1)
    view.ensureCursorVisible()
    rect = view.cursorRect(cursor)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(rect.center().x() + 2, rect.center().y()))


def cyan_near(viewport, column: float, row: float) -> bool:
    """Whether the canvas shows the region colour within 2 screen pixels of an image point."""
    canvas = viewport.canvas
    at = canvas.mapFromScene(canvas.image_item.mapToScene(QPointF(column, row)))
    image = canvas.grab().toImage()
    for dx in range(-2, 3):
        for dy in range(-2, 3):
            colour = image.pixelColor(at.x() + dx, at.y() + dy)
            if colour.red() < 80 and colour.green() > 180 and colour.blue() > 180:
                return True
    return False


def open_report(qtbot, window):
    strip = window.viewer.strip
    row = next(r for r in range(strip.count()) if "画像診断報告" in strip.item(r).text())
    item = strip.item(row)
    assert item.text().endswith("Report") and not item.icon().isNull()
    double_click_item(qtbot, strip, strip.indexFromItem(item))
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.report_view is not None and viewport.report_view.isVisible())
    assert not viewport.canvas.isVisible()
    return viewport


def test_the_report_reads_as_a_document_and_its_image_link_opens_the_image(
        qtbot, ui, tmp_path, main_env, make_window):
    uids, _ = write_study_with_report(ui, tmp_path / "study")
    window = make_window()
    ui.import_study(qtbot, window, tmp_path / "study")
    qtbot.waitUntil(lambda: window.viewer.strip.count() == 2, timeout=30000)

    viewport = open_report(qtbot, window)
    lines = viewport.report_view.plain_lines()
    for expected in ("画像診断報告", "Complete · Unverified", "Observation context",
                     "Person Observer Name: 山田 太郎", "所見",
                     "所見: 右肺に結節あり。", "長さ: 12.5 mm",
                     "Image Region: POLYLINE (5 point(s))", "印象: 腫瘤"):
        assert expected in lines, (expected, lines)

    click_link(qtbot, viewport.report_view, uids[1])
    other = window.viewer.viewports[1]
    qtbot.waitUntil(lambda: other.ref is not None, timeout=10000)
    assert other.ref.instance.sop_instance_uid == uids[1]
    assert viewport.report_view.isVisible()  # the report stays beside the image
    # the report's closed POLYLINE (8,8)-(40,8)-(40,40)-(8,40) is drawn on the image: its
    # edges, not its inside, are cyan where the image item maps those image coordinates on the screen
    qtbot.waitUntil(lambda: cyan_near(other, 24, 8) and cyan_near(other, 40, 24))
    assert not cyan_near(other, 24, 24) and not cyan_near(other, 24, 48)


def test_an_image_not_open_comes_from_the_local_archive(qtbot, ui, tmp_path, main_env,
                                                        make_window):
    uids, _ = write_study_with_report(ui, tmp_path / "study")
    window = make_window()
    ui.import_study(qtbot, window, tmp_path / "study")
    qtbot.waitUntil(lambda: window.viewer.strip.count() == 2, timeout=30000)
    report_series = [s for s in window.viewer.strip.series.values() if not s.frames]
    window.viewer.show_series_list(report_series)  # the images are not open any more

    viewport = open_report(qtbot, window)
    click_link(qtbot, viewport.report_view, uids[1])
    other = window.viewer.viewports[1]
    qtbot.waitUntil(lambda: other.ref is not None, timeout=10000)
    assert other.ref.instance.sop_instance_uid == uids[1]
    assert window.viewer.strip.count() == 2  # the image's series, read from the archive


def test_a_scoord3d_region_opens_the_slice_that_holds_it_and_is_drawn_there(
        qtbot, ui, tmp_path, main_env, make_window):
    folder = tmp_path / "study"
    ui.make_series(folder, "-n", "3", "--rows", "64", "--cols", "64", "--seed", "78",
                   "--patient-id", "SR3D0001")
    images = sorted((pydicom.dcmread(p) for p in folder.rglob("*.dcm")),
                    key=lambda ds: int(ds.InstanceNumber))
    middle = images[1]
    origin = np.array([float(v) for v in middle.ImagePositionPatient])
    cosines = np.array([float(v) for v in middle.ImageOrientationPatient])
    spacing_r, spacing_c = (float(v) for v in middle.PixelSpacing)

    def patient(column, row):  # SR image coordinates -> patient (pixel centres are at +0.5)
        return origin + (column - 0.5) * spacing_c * cosines[:3] + (row - 0.5) * spacing_r * cosines[3:]

    corners = [patient(c, r) for c, r in ((8, 8), (40, 8), (40, 40), (8, 40))]
    report = sr_builders.document(sr_builders.COMPREHENSIVE_SR, ("18748-4", "3D report", "LN"), [
        sr_builders.item("CONTAINS", "SCOORD3D", ("111030", "Image Region"),
                         GraphicType="POLYGON",
                         GraphicData=[float(v) for p in corners + corners[:1] for v in p],
                         ReferencedFrameOfReferenceUID=middle.FrameOfReferenceUID),
        sr_builders.item("CONTAINS", "SCOORD3D", ("111030", "Far away"), GraphicType="POINT",
                         GraphicData=[0.0, 0.0, 9999.0],
                         ReferencedFrameOfReferenceUID=middle.FrameOfReferenceUID),
    ], study_uid=middle.StudyInstanceUID)
    report.PatientID, report.PatientName = "SR3D0001", middle.PatientName
    report.save_as(folder / "report.dcm", enforce_file_format=True)
    window = make_window()
    ui.import_study(qtbot, window, folder)
    qtbot.waitUntil(lambda: window.viewer.strip.count() == 2, timeout=30000)
    strip = window.viewer.strip
    row = next(r for r in range(strip.count()) if "3D report" in strip.item(r).text())
    double_click_item(qtbot, strip, strip.indexFromItem(strip.item(row)))
    viewport = window.viewer.active_viewport
    qtbot.waitUntil(lambda: viewport.report_view is not None and viewport.report_view.isVisible())
    assert "Image Region: POLYGON (5 point(s))" in viewport.report_view.plain_lines()

    messages = []
    window.viewer.statusMessage.connect(messages.append)
    click_link(qtbot, viewport.report_view, "POINT (1")
    assert any("holds this region" in m for m in messages), messages

    click_link(qtbot, viewport.report_view, "POLYGON (5")
    other = window.viewer.viewports[1]
    qtbot.waitUntil(lambda: other.ref is not None, timeout=10000)
    assert other.ref.instance.sop_instance_uid == middle.SOPInstanceUID
    qtbot.waitUntil(lambda: cyan_near(other, 24, 8) and cyan_near(other, 40, 24))
    assert not cyan_near(other, 24, 24)
    other.set_frame(0, user=True)  # another slice: the region is not in its plane
    qtbot.waitUntil(lambda: not cyan_near(other, 24, 8))
