"""The pixels the viewport paints on screen, not the array handed to pyqtgraph: the canvas is
grabbed and sampled on a grid of screen points; each is compared with the pixel of the expected
frame (the file read again with pydicom and rendered by the pipeline, or the RGB values as
stored) that the view transform puts there. Random pixels, so a misplaced sample shows."""

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, SecondaryCaptureImageStorage, generate_uid
from PySide6.QtCore import Qt

from ui.painted import assert_painted
from viewer.pipeline import GrayscaleRenderer
from viewing.ui_helpers import center_of, drag, key, load, make_area, wait_shown
from viewing.viewing_builders import ct_dataset, write

RANGE_STEP = 4095 / 1024  # right-drag: the stored range over 1024 per screen pixel


def random_ct(tmp_path, seed=5):
    pixels = np.random.default_rng(seed).integers(0, 4096, (40, 48), dtype=np.uint16)
    return write(ct_dataset(pixels, window=(40, 400)), tmp_path / "ct.dcm")


def rgb_image(tmp_path, seed=6):
    pixels = np.random.default_rng(seed).integers(0, 256, (30, 44, 3), dtype=np.uint8)
    ds = Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = SecondaryCaptureImageStorage
    ds.SOPClassUID, ds.SOPInstanceUID = SecondaryCaptureImageStorage, generate_uid()
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Modality, ds.PatientName, ds.PatientID = "OT", "RGB^RANDOM", "RGB1"
    ds.SeriesNumber, ds.InstanceNumber = 1, 1
    ds.Rows, ds.Columns = pixels.shape[:2]
    ds.SamplesPerPixel, ds.PhotometricInterpretation, ds.PlanarConfiguration = 3, "RGB", 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 8, 8, 7, 0
    ds.PixelData = pixels.tobytes()
    return write(ds, tmp_path / "rgb.dcm")


def show(qtbot, path):
    area = make_area(qtbot)
    area.show_series_list(load(path.parent))
    viewport = area.active_viewport
    wait_shown(qtbot, viewport)
    key(qtbot, viewport, Qt.Key.Key_T)  # corner annotations off: they would cover samples
    assert not viewport.show_annotations
    return area, viewport


def rendered(path, window=None):
    ds = pydicom.dcmread(path)  # read again, not the viewer's copy
    return GrayscaleRenderer(ds, 0, stored=ds.pixel_array, window=window).render(ds.pixel_array)


def test_ct_header_window_then_a_right_drag_window(qtbot, tmp_path):
    path = random_ct(tmp_path)
    _, viewport = show(qtbot, path)
    assert viewport.state.zoom is None and viewport.zoom() > 8  # fit: 8+ screen px per pixel
    assert_painted(viewport, rendered(path, (40.0, 400.0)))

    drag(qtbot, viewport, Qt.MouseButton.RightButton, center_of(viewport), (60, -25))
    window = (40 - 25 * RANGE_STEP, 400 + 60 * RANGE_STEP)
    assert viewport.state.window == window
    assert_painted(viewport, rendered(path, window))


def test_ct_preset_zoomed_and_rotated(qtbot, tmp_path):
    path = random_ct(tmp_path, seed=9)
    _, viewport = show(qtbot, path)
    key(qtbot, viewport, Qt.Key.Key_4)  # lung
    key(qtbot, viewport, Qt.Key.Key_Plus)
    key(qtbot, viewport, Qt.Key.Key_R)
    assert viewport.state.rotation == 1 and viewport.current_window() == (-600, 1500)
    assert_painted(viewport, rendered(path, (-600, 1500)))


def test_rgb_pixels_as_stored(qtbot, tmp_path):
    path = rgb_image(tmp_path)
    _, viewport = show(qtbot, path)
    assert viewport.zoom() > 8
    assert_painted(viewport, pydicom.dcmread(path).pixel_array)
    key(qtbot, viewport, Qt.Key.Key_H)  # flipped: the samples follow the transform
    assert_painted(viewport, pydicom.dcmread(path).pixel_array)


@pytest.mark.parametrize("offset", [(1, 0), (0, 1)])
def test_a_shifted_expectation_is_caught(qtbot, tmp_path, offset):
    """The sampling can fail: the frame moved by one pixel does not match."""
    path = random_ct(tmp_path)
    _, viewport = show(qtbot, path)
    expected = np.roll(rendered(path, (40.0, 400.0)), offset, axis=(0, 1))
    with pytest.raises(AssertionError, match="samples differ"):
        assert_painted(viewport, expected)
