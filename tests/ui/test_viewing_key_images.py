"""Key images in the viewer (KOs built by highdicom): the star and count on the series that hold
them, the badge in the viewport on a selected frame (painted, with the KO's title and
description), the "Key images" entry stacking exactly the selected frames in the KO's order;
and objects that are not images (a Raw Data object) listed with their SOP class name
and opened as the tag browser."""

import subprocess

import numpy as np
import pytest
from pydicom import dcmread
from pydicom.data import get_testdata_file
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from viewing.key_objects import key_object
from required_tools import require
from ui.real_input import activate, double_click_item
from viewer.dicom import assemble_series, read_instance
from viewer.ui.viewing.object_icon import KEY_COLOUR
from viewer.viewing.gsps_save import write_presentation_state
from viewing.ui_helpers import key, load, make_area, wait_shown
from viewing.viewing_builders import STUDY_UID, ct_dataset, ramp, write

A, B = "1.2.826.0.1.3680043.8.498.100", "1.2.826.0.1.3680043.8.498.200"


@pytest.fixture
def study(tmp_path):
    a = [ct_dataset(ramp(offset=9 * i), z=i, number=i + 1, series_uid=A) for i in range(3)]
    b = [ct_dataset(ramp(offset=50 + i), z=i, number=i + 1, series_uid=B, series_number=2)
         for i in range(2)]
    for n, ds in enumerate(a + b):
        write(ds, tmp_path / f"{n}.dcm")
    write(key_object([b[1], a[2]], "For Teaching", "Nodule, right upper lobe"),
          tmp_path / "ko.dcm")
    return tmp_path, a, b


def gold_pixels(viewport) -> int:
    """Pixels of the key colour in the top fifth of the canvas (where the badge is)."""
    image = viewport.canvas.viewport().grab().toImage()
    found = 0
    for y in range(0, image.height() // 5, 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            found += (c.red(), c.green(), c.blue()) == (KEY_COLOUR.red(), KEY_COLOUR.green(),
                                                        KEY_COLOUR.blue())
    return found


def row_of(strip, uid):
    return strip.indexFromItem(strip.item_for(uid))


def test_key_images_marked_in_strip_and_viewport_and_stacked(qtbot, study):
    folder, a, b = study
    area = make_area(qtbot)
    area.show_series_list(load(folder))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    strip = area.strip
    assert strip.key_images(A) == 1 and strip.key_images(B) == 1
    assert "1 key image" in strip.item_for(A).text()
    assert strip.item_for(A).toolTip() == "For Teaching"
    qtbot.waitUntil(lambda: not strip.item_for(A).icon().isNull())  # rendered in a worker
    icon = strip.item_for(A).icon().pixmap(96, 96).toImage()
    star = [icon.pixelColor(x, y) == KEY_COLOUR for x in range(66, 96) for y in range(30)]
    assert sum(star) > 30  # the star, top right

    assert viewport.series_uid == A and viewport.canvas.badge == ""
    assert gold_pixels(viewport) == 0
    key(qtbot, viewport, Qt.Key.Key_End)  # a[2]: selected
    wait_shown(qtbot, viewport)
    assert viewport.canvas.badge == "Key image: For Teaching"
    assert viewport.canvas.toolTip() == "For Teaching: Nodule, right upper lobe"
    assert gold_pixels(viewport) > 8  # the star (every other pixel sampled)

    entry = strip.item(0)
    assert entry.text().startswith("Key images")
    assert entry.toolTip() == "For Teaching: Nodule, right upper lobe"
    double_click_item(qtbot, strip, strip.indexFromItem(entry))
    wait_shown(qtbot, viewport)
    shown = [(r.instance.sop_instance_uid, r.frame_index) for r in viewport.series.frames]
    assert shown == [(b[1].SOPInstanceUID, 0), (a[2].SOPInstanceUID, 0)]
    assert viewport.canvas.badge == "Key image: For Teaching"
    key(qtbot, viewport, Qt.Key.Key_Down)
    wait_shown(qtbot, viewport)
    assert viewport.ref.instance.sop_instance_uid == a[2].SOPInstanceUID
    assert np.array_equal(viewport.stored, a[2].pixel_array)


def raw_data_object(folder) -> str:
    """A Raw Data Storage object (PS3.3 A.37): nothing the viewer draws."""
    from pydicom.dataset import Dataset, FileMetaDataset
    from pydicom.uid import ExplicitVRLittleEndian, generate_uid

    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.66"
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.Modality = generate_uid(), generate_uid(), "OT"
    ds.save_as(folder / "raw.dcm", enforce_file_format=True)
    return str(folder / "raw.dcm")


@pytest.mark.parametrize("sop_class", ["Raw Data Storage"])
def test_an_object_not_displayed_shows_its_class_and_tags(qtbot, tmp_path, sop_class):
    area = make_area(qtbot)
    area.show_series_list(assemble_series([read_instance(raw_data_object(tmp_path))]))
    strip, viewport = area.strip, area.active_viewport
    assert strip.count() == 1
    item = strip.item(0)
    assert item.text().endswith(sop_class)
    icon = item.icon().pixmap(96, 96).toImage()
    assert not icon.isNull() and icon.pixelColor(48, 48).lightness() > 200  # the sheet
    double_click_item(qtbot, strip, strip.indexFromItem(item))
    panel = viewport.object_panel
    qtbot.waitUntil(panel.isVisible)
    assert not viewport.canvas.isVisible()
    assert panel.explanation.text() == f"{sop_class}: not displayed as an image; its attributes:"
    assert "(0008,0016)" in panel.tags.visible_tags()


def test_k_marks_saves_a_ko_and_reopening_shows_it(qtbot, study, tmp_path):
    folder, a, b = study
    area = make_area(qtbot)
    saved = []  # SOP Instance UIDs written; the file is named by it, as in the store

    def saver(ds):
        saved.append(ds.SOPInstanceUID)
        return write_presentation_state(ds, folder / f"{ds.SOPInstanceUID}.dcm")

    area.set_presentation_state_saver(saver)
    area.show_series_list(load(folder))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    key(qtbot, viewport, Qt.Key.Key_K)  # a[0], not selected before
    assert viewport.canvas.badge == "Key image: Of Interest"
    assert area.strip.key_images(A) == 2
    key(qtbot, viewport, Qt.Key.Key_K, Qt.KeyboardModifier.ShiftModifier)  # a note
    dialog = area.key_images.marking.dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClicks(QApplication.focusWidget(), "compare with the prior")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert viewport.canvas.toolTip() == "Of Interest: compare with the prior"
    qtbot.waitUntil(lambda: not dialog.isVisible())
    activate(qtbot, area)  # back to the viewer window (offscreen has no window manager)
    key(qtbot, viewport, Qt.Key.Key_Down)
    key(qtbot, viewport, Qt.Key.Key_K)  # a[1]
    wait_shown(qtbot, viewport)
    assert area.strip.key_images(A) == 3
    key(qtbot, viewport, Qt.Key.Key_K)  # a[1] again: unmarked
    assert area.strip.key_images(A) == 2 and viewport.canvas.badge == ""
    assert len(saved) == 4 and len(set(saved)) == 1  # one document, revised
    path = folder / f"{saved[0]}.dcm"
    assert [i.ValueType for i in dcmread(path).ContentSequence] == ["TEXT", "IMAGE"]
    result = subprocess.run([require("dciodvfy"), str(path)], capture_output=True, text=True)
    assert "Error" not in result.stdout + result.stderr

    again = make_area(qtbot)  # the study opened again: the new KO comes from the folder
    again.show_series_list(load(folder))
    wait_shown(qtbot, again.active_viewport)
    assert again.active_viewport.canvas.badge == "Key image: Of Interest"
    entry = again.key_images.key_series(STUDY_UID)
    assert again.strip.item(0) is again.strip.item_for(entry.series_instance_uid)
    assert [r.instance.sop_instance_uid for r in entry.frames] == [
        b[1].SOPInstanceUID, a[2].SOPInstanceUID, a[0].SOPInstanceUID]
