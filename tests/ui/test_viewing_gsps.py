"""Presentation states in the viewer: the pick list, newest by default, pixels exactly the state's
rendering, none = the plain pipeline, graphics and text, annotations only, "modified", images and
frames the state does not reference, states found by the archive source."""

import numpy as np
import pytest
from pydicom.sequence import Sequence
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from gsps.gsps_builders import (annotation, graphic, item, layer, make_gsps, make_image, save,
                                voi_item)
from viewer.dicom import read_instance
from viewer.pipeline.gsps_graphics import layer_colour
from viewer.pipeline.gsps_presentation import AppliedPresentation
from viewer.store.archive import Archive
from viewer.viewing.display import Display
from viewing.ui_helpers import (center_of, drag, key, load, make_area, screen_of, surface,
                                wait_shown, wheel)
from viewing.viewing_builders import ct_dataset, ramp, write

RIGHT = Qt.MouseButton.RightButton
SHIFT = Qt.KeyboardModifier.ShiftModifier


def ps_of(images, label="KEY", date="20240101", **attributes):
    """A GSPS for *images* with the CT's rescale (so its windows are in HU)."""
    return make_gsps(*images, label=label, date=date, RescaleSlope=1, RescaleIntercept=-1024,
                     RescaleType="HU", **attributes)


def magnify(ps, top_left, bottom_right, ratio=1.0):
    area = ps.DisplayedAreaSelectionSequence[0]
    area.DisplayedAreaTopLeftHandCorner = list(top_left)
    area.DisplayedAreaBottomRightHandCorner = list(bottom_right)
    area.PresentationSizeMode = "MAGNIFY"
    area.PresentationPixelMagnificationRatio = ratio
    return ps


@pytest.fixture
def study(tmp_path):
    """Three 64 x 64 CT slices; returns (folder, datasets)."""
    images = [ct_dataset(ramp(offset=37 * i), z=i, number=i + 1) for i in range(3)]
    for i, ds in enumerate(images):
        write(ds, tmp_path / f"{i + 1:04d}.dcm")
    return tmp_path, images


def open_area(qtbot, folder, size=(900, 700)):
    area = make_area(qtbot, size)
    area.show_series_list([s for s in load(folder) if s.frames])
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    return area, viewport


def even_canvas(qtbot, area, viewport) -> None:
    """Make the canvas even-sized, so a displayed area of even size is centred on whole
    pixels (the viewport snaps its edges to whole screen pixels, the layout does not)."""
    size = surface(viewport).size()
    extra = (size.width() % 2, size.height() % 2)
    area.resize(area.width() + extra[0], area.height() + extra[1])
    qtbot.waitUntil(lambda: surface(viewport).width() % 2 == 0 and
                    surface(viewport).height() % 2 == 0)


def state_pixels(viewport, window=None):
    """What AppliedPresentation renders for the viewport's frame (before rotation/flip)."""
    applied = AppliedPresentation(viewport.presentation.state, viewport.ref.instance,
                                  viewport.ref.frame_index)
    if window is not None:
        applied.set_window(*window)
    return applied.render_image(viewport.ref.instance.frame(viewport.ref.frame_index))


def plain_pixels(viewport, window=None):
    return Display().render(viewport.ref, viewport.stored, window).image


def shown(viewport):
    return viewport.canvas.image_item.image


def bottom_right(viewport):
    return viewport.canvas.corners["br"]


def test_newest_state_is_listed_first_and_applied_by_default(qtbot, study):
    folder, images = study
    save(ps_of(images[:1], "OLD", "20230101", SoftcopyVOILUTSequence=Sequence([voi_item(0, 100)])),
         folder / "old.dcm")
    save(ps_of(images[:1], "NEW", "20240301",
               SoftcopyVOILUTSequence=Sequence([voi_item(-500, 300)])),
         folder / "new.dcm")
    area, viewport = open_area(qtbot, folder)
    combo = area.presentations.combo
    texts = [combo.itemText(i) for i in range(combo.count())]
    assert texts == ["No presentation state", "NEW  (2024-03-01)", "OLD  (2023-01-01)"]
    assert combo.currentIndex() == 1 and "PS: NEW" in bottom_right(viewport)
    assert "C: -500 W: 300" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), state_pixels(viewport))
    assert not np.array_equal(shown(viewport), plain_pixels(viewport))


def test_picking_another_state_and_none_with_the_keyboard(qtbot, study):
    folder, images = study
    save(ps_of(images[:1], "OLD", "20230101", SoftcopyVOILUTSequence=Sequence([voi_item(0, 100)]),
               ImageRotation=90), folder / "old.dcm")
    save(ps_of(images[:1], "NEW", "20240301"), folder / "new.dcm")
    area, viewport = open_area(qtbot, folder)
    combo = area.presentations.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert viewport.presentation.info.label == "OLD" and viewport.state.rotation == 1
    assert np.array_equal(shown(viewport), state_pixels(viewport))
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert viewport.presentation.info is None and combo.currentIndex() == 0
    assert np.array_equal(shown(viewport), plain_pixels(viewport))
    assert viewport.state.rotation == 0 and viewport.state.zoom is None
    assert viewport.ps_graphics.drawn == []
    assert not any(line.startswith("PS:") for line in bottom_right(viewport))


def test_one_to_one_grab_equals_the_state_rendering(qtbot, study):
    """Rotation 90 + flip, shutter, VOI and a MAGNIFY 1 displayed area: every screen pixel of
    the viewport is the pixel AppliedPresentation.render puts on a canvas of the same size."""
    folder, images = study
    ps = ps_of(images[:1], SoftcopyVOILUTSequence=Sequence([voi_item(-400, 900)]),
               ImageRotation=90, ImageHorizontalFlip="Y", ShutterShape="RECTANGULAR",
               ShutterLeftVerticalEdge=6, ShutterRightVerticalEdge=58,
               ShutterUpperHorizontalEdge=3, ShutterLowerHorizontalEdge=50,
               ShutterPresentationValue=0x8000)
    save(magnify(ps, (5, 9), (44, 60)), folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder, size=(800, 600))
    even_canvas(qtbot, area, viewport)
    key(qtbot, viewport, Qt.Key.Key_T)  # corner text off: only the image is painted
    assert viewport.zoom() == 1.0 and (viewport.state.rotation, viewport.state.flip_h) == (1, True)
    grab = surface(viewport).grab().toImage()
    width, height = grab.width(), grab.height()
    applied = AppliedPresentation(viewport.presentation.state, viewport.ref.instance)
    canvas, _ = applied.render(viewport.ref.instance.frame(0), (width, height))
    painted = np.array([[QColor(grab.pixel(x, y)).red() for x in range(width)]
                        for y in range(height)], dtype=np.uint8)
    assert np.array_equal(painted, canvas)


def test_graphics_and_text_are_drawn_in_the_layer_colour(qtbot, study):
    folder, images = study
    text = item(UnformattedTextValue="肝臓 text", AnchorPointAnnotationUnits="PIXEL",
                AnchorPoint=[40.0, 30.0], AnchorPointVisibility="N")
    boxed = item(UnformattedTextValue="box", BoundingBoxAnnotationUnits="PIXEL",
                 BoundingBoxTopLeftHandCorner=[2.0, 50.0],
                 BoundingBoxBottomRightHandCorner=[30.0, 60.0],
                 BoundingBoxTextHorizontalJustification="LEFT")
    ps = ps_of(images[:1], SoftcopyVOILUTSequence=Sequence([voi_item(5000, 10)]),  # all black
               SpecificCharacterSet="ISO_IR 192",
               GraphicLayerSequence=Sequence([layer("RED", 1, 0xFFFF, lab=(34700, 53300, 50000))]),
               GraphicAnnotationSequence=Sequence([annotation(
                   "RED", graphics=[graphic("POLYLINE", [(8.25, 10.25), (40.25, 10.25)])],
                   texts=[text, boxed])]))
    save(magnify(ps, (1, 1), (64, 64), 4.0), folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    line, label, box = viewport.ps_graphics.drawn
    assert line.kind == "polyline" and line.points.tolist() == [[8.25, 10.25], [40.25, 10.25]]
    assert box.rect == (2.0, 50.0, 30.0, 60.0) and box.text == "box"
    assert label.text == "肝臓 text" and viewport.ps_graphics.labels[0].text() == "肝臓 text"
    red = tuple(line.colour)
    assert red == layer_colour(viewport.presentation.state.layers[0])[1]
    assert red[0] > 200 and red[1] < 60 and red[2] < 60  # CIELab L 53, a +80, b +67: red
    grab = surface(viewport).grab().toImage()
    at = screen_of(viewport, 24.0, 10.25)
    colours = {QColor(grab.pixel(at.x(), at.y() + dy)).getRgb()[:3] for dy in (-1, 0, 1)}
    assert red in colours
    assert QColor(grab.pixel(at.x(), at.y() + 8)).getRgb()[:3] == (0, 0, 0)


def test_annotations_only_keeps_the_users_window_and_shows_graphics(qtbot, study):
    folder, images = study
    ps = ps_of(images[:1], SoftcopyVOILUTSequence=Sequence([voi_item(-500, 300)]),
               ImageRotation=180, GraphicLayerSequence=Sequence([layer("L", 1)]),
               GraphicAnnotationSequence=Sequence([annotation(
                   "L", graphics=[graphic("POLYLINE", [(1, 1), (5, 5)])])]))
    save(ps, folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    key(qtbot, viewport, Qt.Key.Key_A, SHIFT)
    assert area.action_map["annotations_only"].isChecked()
    assert viewport.state.rotation == 0 and viewport.state.zoom is None
    assert "C: 40 W: 400" in bottom_right(viewport)  # the image's own window
    drag(qtbot, viewport, RIGHT, center_of(viewport), (40, 20))
    window = viewport.state.window
    assert window is not None and window != (40.0, 400.0)
    assert np.array_equal(shown(viewport), plain_pixels(viewport, window))
    assert viewport.ps_graphics.drawn[0].points.tolist() == [[1, 1], [5, 5]]
    assert "PS: KEY (annotations only)" in bottom_right(viewport)
    key(qtbot, viewport, Qt.Key.Key_A, SHIFT)
    assert viewport.state.rotation == 2 and "PS: KEY" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), state_pixels(viewport))


def test_window_drag_and_zoom_mark_the_state_modified_and_reset_reapplies(qtbot, study):
    folder, images = study
    save(ps_of(images[:1], SoftcopyVOILUTSequence=Sequence([voi_item(-500, 300)])),
         folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    assert "PS: KEY" in bottom_right(viewport)
    drag(qtbot, viewport, RIGHT, center_of(viewport), (30, -10))
    window = viewport.state.window
    assert "PS: KEY (modified)" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), state_pixels(viewport, window))
    key(qtbot, viewport, Qt.Key.Key_Escape)  # Reset view: the state as saved
    assert "PS: KEY" in bottom_right(viewport) and viewport.state.window is None
    assert np.array_equal(shown(viewport), state_pixels(viewport))
    zoom = viewport.zoom()
    wheel(viewport, center_of(viewport), 120, Qt.KeyboardModifier.ControlModifier)
    assert viewport.zoom() == pytest.approx(zoom * 1.25)
    assert "PS: KEY (modified)" in bottom_right(viewport)
    assert viewport.presentation.moved


def test_scrolling_to_an_image_the_state_does_not_reference(qtbot, study):
    folder, images = study
    ps = ps_of(images[:2], SoftcopyVOILUTSequence=Sequence([voi_item(-500, 300)]),
               ImageRotation=90)
    save(ps, folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert viewport.state.rotation == 1 and "PS: KEY" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), state_pixels(viewport))
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert "PS: KEY (not for this image)" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), plain_pixels(viewport))
    assert viewport.state.rotation == 0 and viewport.ps_graphics.drawn == []
    key(qtbot, viewport, Qt.Key.Key_Up)
    wait_shown(qtbot, viewport)
    assert viewport.state.rotation == 1 and "PS: KEY" in bottom_right(viewport)


def test_frames_of_a_multi_frame_image(qtbot, tmp_path):
    pixels = np.stack([np.full((32, 32), 100 * (i + 1)) for i in range(3)])
    image = make_image(pixels, stored=12, window=(200, 400),
                       sop_class="1.2.840.10008.5.1.4.1.1.12.1")  # XA: multi-frame
    save(image, tmp_path / "xa.dcm")
    save(make_gsps(image, frames=[2], label="F2",
                   SoftcopyVOILUTSequence=Sequence([voi_item(200, 2)])), tmp_path / "ps.dcm")
    area, viewport = open_area(qtbot, tmp_path)
    assert "PS: F2 (not for this image)" in bottom_right(viewport)
    assert int(shown(viewport)[0, 0]) == int(plain_pixels(viewport)[0, 0])
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert "PS: F2" in bottom_right(viewport) and shown(viewport).max() == 255
    assert np.array_equal(shown(viewport), state_pixels(viewport))


def test_states_from_the_archive_source_arrive_in_the_background(qtbot, study, tmp_path_factory):
    folder, images = study
    elsewhere = tmp_path_factory.mktemp("archive")
    path = save(ps_of(images[:1], "ARCHIVED", SoftcopyVOILUTSequence=Sequence([voi_item(0, 50)])),
                elsewhere / "ps.dcm")
    asked = []

    def source(study_uid):
        asked.append(study_uid)
        return [read_instance(path)]

    area = make_area(qtbot)
    area.set_presentation_state_source(source)
    area.show_series_list([s for s in load(folder) if s.frames])
    viewport = area.active_viewport
    qtbot.waitUntil(lambda: viewport.presentation.info is not None)
    wait_shown(qtbot, viewport)
    assert asked == [images[0].StudyInstanceUID]
    assert area.presentations.combo.itemText(1) == "ARCHIVED  (2024-01-01)"
    assert "PS: ARCHIVED" in bottom_right(viewport)
    assert np.array_equal(shown(viewport), state_pixels(viewport))


def test_context_menu_lists_the_states(qtbot, study):
    folder, images = study
    save(ps_of(images[:1], "KEY"), folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    viewport.context_menu(surface(viewport).mapToGlobal(QPoint(10, 10)))
    menu = viewport.context_menu_widget
    sub = next(a.menu() for a in menu.actions() if a.text() == "Presentation state")
    texts = [a.text() for a in sub.actions()]
    assert texts[0] == "None" and texts[1].startswith("KEY — KEY state — Maker, Test")
    sub.actions()[0].trigger()
    assert viewport.presentation.info is None
    menu.close()


def test_a_growing_series_keeps_the_users_view_and_gets_its_state(qtbot, study):
    folder, images = study
    area, viewport = open_area(qtbot, folder)
    key(qtbot, viewport, Qt.Key.Key_Plus)
    drag(qtbot, viewport, RIGHT, center_of(viewport), (30, 10))
    before = viewport.state
    area.add_series([s for s in load(folder) if s.frames])  # the same series again
    assert viewport.state == before and viewport.presentation.info is None
    save(ps_of(images[:1], "LATE"), folder / "late.dcm")  # arrives with the next batch
    area.add_series([s for s in load(folder) if s.frames])
    assert viewport.presentation.info.label == "LATE" and "PS: LATE" in bottom_right(viewport)


def test_states_of_the_local_archive(qtbot, study, tmp_path_factory):
    folder, images = study
    inbox = tmp_path_factory.mktemp("inbox")
    save(ps_of(images[1:2], "STORED", SoftcopyVOILUTSequence=Sequence([voi_item(0, 50)])),
         inbox / "ps.dcm")
    with Archive.open(tmp_path_factory.mktemp("store")) as archive:
        archive.import_paths([inbox])
        archive.flush(10)
        area = make_area(qtbot)
        area.set_archive(archive)
        area.show_series_list([s for s in load(folder) if s.frames])
        viewport = area.active_viewport
        qtbot.waitUntil(lambda: viewport.presentation.info is not None)
        wait_shown(qtbot, viewport)
        assert "PS: STORED (not for this image)" in bottom_right(viewport)
        key(qtbot, viewport, Qt.Key.Key_Down)
        wait_shown(qtbot, viewport)
        assert "PS: STORED" in bottom_right(viewport) and "C: 0 W: 50" in bottom_right(viewport)
        area.set_archive(None)


def test_invert_with_a_colour_shutter_inverts_the_rgb_frame(qtbot, study):
    folder, images = study
    ps = ps_of(images[:1], ShutterShape="CIRCULAR", CenterOfCircularShutter=[32, 32],
               RadiusOfCircularShutter=20,
               ShutterPresentationColorCIELabValue=[30000, 50000, 20000])
    save(ps, folder / "ps.dcm")
    area, viewport = open_area(qtbot, folder)
    expected = state_pixels(viewport)
    assert expected.ndim == 3 and np.array_equal(shown(viewport), expected)
    key(qtbot, viewport, Qt.Key.Key_I)
    assert np.array_equal(shown(viewport), 255 - expected)
    assert "PS: KEY (modified)" in bottom_right(viewport)
