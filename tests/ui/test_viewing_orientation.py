"""Orientation letters, scale bar, reference lines and the 3D cursor on the demo chest CT
(a coronal topogram and two axial series in one Frame of Reference; pixel spacing 1.4 mm),
driven by real keys, wheel and mouse, checked on what the canvas painted; letters through a
presentation state's flip/rotation and a projection image's Patient Orientation."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from gsps.gsps_builders import make_gsps, save
from viewer.ui.viewing.edges import TEXT
from viewer.ui.viewing.orienting import CURSOR_COLOUR, LINE_COLOURS
from viewing.ui_helpers import key, load, make_area, screen_of, surface, wait_shown, wheel
from viewing.viewing_builders import ct_dataset, ramp, write

SPACING = 1.4
LINE = LINE_COLOURS["current"]


@pytest.fixture
def chest(demo_ct):
    """{"topogram", "soft", "lung"}: the demo CT's series."""
    series = load(demo_ct)
    by_number = {str(s.instances[0].ds.SeriesNumber): s for s in series}
    return {"topogram": by_number["1"], "soft": by_number["2"], "lung": by_number["3"]}


def show(qtbot, area, *series):
    area.set_layout(1, len(series))
    for viewport, one in zip(area.viewports, series):
        area.show_series(viewport, one)
    for viewport in area.viewports:
        wait_shown(qtbot, viewport)
    return area.viewports


def grabbed(viewport):
    return surface(viewport).grab().toImage()


def count_colour(image, colour: QColor, box) -> int:
    x0, y0, x1, y1 = box
    want = colour.rgb()
    return sum(1 for x in range(max(x0, 0), min(x1, image.width()))
               for y in range(max(y0, 0), min(y1, image.height())) if image.pixel(x, y) == want)


def test_letters_shown_and_rotating_with_r(qtbot, chest):
    area = make_area(qtbot)
    (viewport,) = show(qtbot, area, chest["soft"])
    assert viewport.canvas.edges == {"top": "A", "bottom": "P", "left": "R", "right": "L"}
    height = surface(viewport).height()
    left_middle = (0, height // 2 - 15, 25, height // 2 + 15)  # black margin beside the image
    assert count_colour(grabbed(viewport), TEXT, left_middle) > 10  # the "R" is painted
    key(qtbot, viewport, Qt.Key.Key_R)  # rotate right: screen right (L) goes to the bottom
    assert viewport.canvas.edges == {"top": "R", "bottom": "L", "left": "P", "right": "A"}
    key(qtbot, viewport, Qt.Key.Key_H)  # then mirror left-right
    assert viewport.canvas.edges == {"top": "R", "bottom": "L", "left": "A", "right": "P"}
    key(qtbot, viewport, Qt.Key.Key_T)  # annotations off: no letters
    qtbot.waitUntil(lambda: count_colour(grabbed(viewport), TEXT, left_middle) == 0)


def test_coronal_topogram_letters(qtbot, chest):
    area = make_area(qtbot)
    (viewport,) = show(qtbot, area, chest["topogram"])
    assert viewport.canvas.edges == {"top": "H", "bottom": "F", "left": "R", "right": "L"}


def painted_bar_length(viewport) -> int:
    """The longest horizontal run of text-coloured pixels near the bottom: the scale bar."""
    image = grabbed(viewport)
    want, longest = TEXT.rgb(), 0
    for y in range(image.height() - 80, image.height()):
        run = 0
        for x in range(image.width()):
            run = run + 1 if image.pixel(x, y) == want else 0
            longest = max(longest, run)
    return longest


def test_scale_bar_follows_zoom(qtbot, chest):
    area = make_area(qtbot)
    (viewport,) = show(qtbot, area, chest["soft"])
    width = surface(viewport).width()
    bars = []
    for _ in range(3):
        pixels, label = viewport.canvas.scale_bar
        millimetres = float(label.split()[0])
        mm_per_pixel = SPACING / viewport.zoom()
        assert pixels == pytest.approx(millimetres / mm_per_pixel)
        quarter = width / 4 * mm_per_pixel  # the longest 1/2/5 x 10^n mm within it
        assert millimetres <= quarter
        mantissa = millimetres / 10 ** np.floor(np.log10(millimetres))
        assert round(mantissa, 9) in (1, 2, 5)
        following = {1: 2, 2: 5, 5: 10}[round(mantissa)] * millimetres / mantissa
        assert following > quarter
        assert abs(painted_bar_length(viewport) - pixels) <= 2
        bars.append((millimetres, pixels))
        key(qtbot, viewport, Qt.Key.Key_Plus)  # zoom in by 1.25
    assert len(set(bars)) == 3  # the bar changed with each zoom


def line_rows(viewport, column: float, rows) -> dict[float, bool]:
    """For each DICOM row: is the reference-line colour painted where (column, row) shows?"""
    image = grabbed(viewport)
    found = {}
    for row in rows:
        at = screen_of(viewport, column + 0.5, row + 0.5)
        box = (at.x() - 1, at.y() - 1, at.x() + 2, at.y() + 2)
        found[row] = count_colour(image, LINE, box) > 0
    return found


def topogram_top(viewport) -> float:
    """z of the topogram's first row (60 mm: above the axial scan range, from z = 0 down)."""
    return float(viewport.series.frames[0].instance.ds.ImagePositionPatient[2])


def test_reference_line_on_the_localizer_follows_scrolling(qtbot, chest):
    area = make_area(qtbot, size=(1200, 600))
    axial, topogram = show(qtbot, area, chest["soft"], chest["topogram"])
    qtbot.mouseClick(surface(axial), Qt.MouseButton.LeftButton, pos=surface(axial).rect().center())
    assert area.active_viewport is axial

    top = topogram_top(topogram)

    def expected_row():
        z = float(axial.series.frames[axial.state.frame].instance.ds.ImagePositionPatient[2])
        return (top - z) / SPACING  # the topogram's rows step 1.4 mm to the feet from its top

    rows_seen = []
    for notches in (0, -10, -12):  # wheel down: later slices
        if notches:
            wheel(axial, surface(axial).rect().center(), 120 * notches)
        row = expected_row()
        rows_seen.append(row)
        ((c0, r0), (c1, r1)), = [segment for _, segment in topogram.reference_lines]
        assert (r0, r1) == pytest.approx((row, row))
        assert sorted((c0, c1)) == pytest.approx([-0.5, 255.5])
        others = [r for r in rows_seen[:-1]]
        qtbot.waitUntil(lambda: all(line_rows(topogram, c, [row])[row]
                                    for c in (20.0, 128.0, 230.0)))
        for old in others:
            assert not any(line_rows(topogram, c, [old])[old] for c in (20.0, 128.0, 230.0))
    assert abs(rows_seen[1] - rows_seen[0]) > 30  # it moved along the topogram
    assert axial.reference_lines == []  # the active viewport has none of its own
    key(qtbot, axial, Qt.Key.Key_T)  # hidden with the annotations
    row = rows_seen[-1]
    qtbot.waitUntil(lambda: not any(line_rows(topogram, c, [row])[row] for c in (20.0, 128.0)))


def test_first_and_last_lines_toggle_and_none_for_parallel_planes(qtbot, chest):
    area = make_area(qtbot, size=(1200, 600))
    soft, lung = show(qtbot, area, chest["soft"], chest["lung"])
    area.set_layout(2, 2)
    area.show_series(area.viewports[2], chest["topogram"])
    wait_shown(qtbot, area.viewports[2])
    qtbot.mouseClick(surface(soft), Qt.MouseButton.LeftButton, pos=surface(soft).rect().center())
    assert lung.reference_lines == []  # parallel axial planes: never a line
    topogram = area.viewports[2]
    assert [kind for kind, _ in topogram.reference_lines] == ["current"]
    key(qtbot, soft, Qt.Key.Key_L)
    assert [kind for kind, _ in topogram.reference_lines] == ["current", "end", "end"]
    ends = sorted(segment[0][1] for kind, segment in topogram.reference_lines if kind == "end")
    zs = [float(f.instance.ds.ImagePositionPatient[2]) for f in soft.series.frames]
    top = topogram_top(topogram)
    assert ends == pytest.approx(sorted([(top - zs[0]) / SPACING, (top - zs[-1]) / SPACING]))
    key(qtbot, soft, Qt.Key.Key_L)
    assert len(topogram.reference_lines) == 1


def test_no_reference_line_for_another_frame_of_reference(qtbot, chest, demo_ct):
    mr = load(demo_ct.parent / "mr-ja")[0]
    area = make_area(qtbot, size=(1200, 600))
    topogram, head = show(qtbot, area, chest["topogram"], mr)
    area.show_series(head, mr)  # the MR active
    assert topogram.reference_lines == [] and head.reference_lines == []


def test_shift_click_moves_the_other_viewports_to_the_point(qtbot, chest):
    area = make_area(qtbot, size=(1200, 600))
    topogram, soft = show(qtbot, area, chest["topogram"], chest["soft"])
    row, column = 100, 90  # DICOM pixel of the topogram: z = 60 - 140 mm, x = 90 * 1.4 - 179.2
    at = screen_of(topogram, column + 0.5, row + 0.5)
    qtbot.mouseClick(surface(topogram), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ShiftModifier, at)
    zs = np.array([float(f.instance.ds.ImagePositionPatient[2]) for f in soft.series.frames])
    z = topogram_top(topogram) - row * SPACING
    assert soft.state.frame == int(np.argmin(np.abs(zs - z)))
    wait_shown(qtbot, soft)
    # the cross on the axial slice: x as picked (within a screen pixel), y = 0 (the
    # topogram's plane) exactly
    assert soft.cursor_pixel[0] == pytest.approx(column, abs=0.5)
    assert soft.cursor_pixel[1] == pytest.approx(179.2 / SPACING, abs=1e-9)
    assert topogram.cursor_pixel == pytest.approx((column, row), abs=0.5)
    mark = screen_of(soft, column + 0.5, 179.2 / SPACING + 0.5)
    box = (mark.x() - 6, mark.y() - 6, mark.x() + 7, mark.y() + 7)
    qtbot.waitUntil(lambda: count_colour(grabbed(soft), CURSOR_COLOUR, box) > 8)
    wheel(soft, surface(soft).rect().center(), -120)  # another slice: not the point's
    assert soft.cursor_pixel is None


def test_shift_click_between_axial_series_and_shift_drag_still_pans(qtbot, chest):
    area = make_area(qtbot, size=(1200, 600))
    area.set_sync(False)
    soft, lung = show(qtbot, area, chest["soft"], chest["lung"])
    soft.set_frame(7)
    wait_shown(qtbot, soft)
    qtbot.mouseClick(surface(soft), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                     surface(soft).rect().center())
    z = float(soft.series.frames[7].instance.ds.ImagePositionPatient[2])
    zs = np.array([float(f.instance.ds.ImagePositionPatient[2]) for f in lung.series.frames])
    assert lung.state.frame == int(np.argmin(np.abs(zs - z)))
    before = lung.state.frame
    centre = surface(lung).rect().center()
    widget = surface(lung)
    qtbot.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, centre)
    qtbot.mouseMove(widget, centre + QPoint(20, 0))
    qtbot.mouseMove(widget, centre + QPoint(40, 0))
    qtbot.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier,
                       centre + QPoint(40, 0))
    assert lung.state.center is not None  # panned
    assert soft.state.frame == 7 and lung.state.frame == before


def test_letters_follow_a_presentation_states_flip_and_rotation(qtbot, tmp_path):
    images = [ct_dataset(ramp(offset=37 * i), z=i, number=i + 1) for i in range(2)]
    for i, ds in enumerate(images):
        write(ds, tmp_path / f"{i + 1:04d}.dcm")
    save(make_gsps(*images, label="TURNED", ImageRotation=90, ImageHorizontalFlip="Y"),
         tmp_path / "ps.dcm")
    area = make_area(qtbot)
    area.show_series_list([s for s in load(tmp_path) if s.frames])
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert viewport.presentation.info.label == "TURNED"
    # PS3.3 C.10.6.1.1: rotation before flip. 90 degrees clockwise takes L (screen right) to
    # the bottom and P (down) to the left; the flip then swaps left and right
    assert viewport.canvas.edges == {"top": "R", "bottom": "L", "left": "A", "right": "P"}
    combo = area.presentations.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # no presentation state: the image as stored
    assert viewport.canvas.edges == {"top": "A", "bottom": "P", "left": "R", "right": "L"}


def test_projection_image_patient_orientation_and_detector_scale(qtbot, tmp_path):
    ds = ct_dataset(ramp(), spacing=(0.2, 0.2), imager=True, normal_axis="none", modality="CR")
    ds.PatientOrientation = ["L", "F"]  # a PA chest: patient's left on screen right
    write(ds, tmp_path / "cr.dcm")
    area = make_area(qtbot)
    area.show_series_list(load(tmp_path))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    assert viewport.canvas.edges == {"top": "H", "bottom": "F", "left": "R", "right": "L"}
    pixels, label = viewport.canvas.scale_bar
    assert label.endswith("mm at detector")
    assert pixels == pytest.approx(float(label.split()[0]) / (0.2 / viewport.zoom()))
