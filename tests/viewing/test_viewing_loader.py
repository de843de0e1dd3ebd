"""Background decoding: requested order, into the one frame cache, errors."""

import threading

import numpy as np

from viewer.dicom import assemble_series, open_path
from viewer.viewing.display import Display
from viewer.viewing.loader import FrameLoader
from viewer.pipeline import GrayscaleRenderer
from viewing_builders import ramp, write_series


def load_all(folder, count):
    series = assemble_series(open_path(folder).instances)[0]
    done = threading.Event()
    order = []

    def loaded(ref, arr, error):
        order.append((series.frames.index(ref), error))
        if len(order) == count:
            done.set()

    loader = FrameLoader(loaded)
    return series, loader, order, done


def test_frames_arrive_in_the_order_asked(tmp_path):
    write_series(tmp_path, 5)
    series, loader, order, done = load_all(tmp_path, 5)
    frames = series.frames
    loader.request([frames[3]], [frames[i] for i in (2, 4, 1, 0, 3)])
    assert done.wait(30)
    loader.close()
    assert order == [(3, None), (2, None), (4, None), (1, None), (0, None)]
    np.testing.assert_array_equal(loader.store.get(frames[3]), ramp(offset=37 * 3))


def test_the_loader_fills_the_one_frame_cache_the_other_consumers_read(tmp_path):
    write_series(tmp_path, 3)
    series, loader, order, done = load_all(tmp_path, 3)
    loader.request(series.frames)
    assert done.wait(30)
    loader.close()
    for ref in series.frames:
        stored = loader.store.get(ref)
        assert stored is not None and not stored.flags.writeable
        assert ref.instance.frame(ref.frame_index) is stored  # a thumbnail or export: no decode
        ref.instance.forget_frames()
        assert loader.store.get(ref) is None and ref not in loader.store


def test_display_renders_with_the_pipeline_and_the_state_window(tmp_path):
    write_series(tmp_path, 1)
    ref = assemble_series(open_path(tmp_path).instances)[0].frames[0]
    stored = ref.instance.frame(0)
    display = Display()
    shown = display.render(ref, stored, None)
    assert shown.window == (40.0, 400.0) and not shown.colour
    expected = GrayscaleRenderer(ref.instance.ds, 0, stored=stored).render(stored)
    np.testing.assert_array_equal(shown.image, expected)
    shown = display.render(ref, stored, (100.0, 50.0))
    expected = GrayscaleRenderer(ref.instance.ds, 0, stored=stored, window=(100, 50)).render(stored)
    np.testing.assert_array_equal(shown.image, expected)
    assert display.render(ref, stored, None).window == (40.0, 400.0)
    assert display.value_range(ref, stored) == 4095.0


def test_the_loader_converts_the_headers_of_what_it_decodes(tmp_path):
    """pydicom converts a raw element at its first access; the loader's thread does it for the
    instances it decodes, so showing a slice does not. What it did not decode stays raw."""
    from pydicom.dataelem import RawDataElement

    def raw(instance):
        return sum(isinstance(e, RawDataElement) for e in instance.ds._dict.values())

    write_series(tmp_path, 3)
    series, loader, order, done = load_all(tmp_path, 2)
    frames = series.frames
    assert all(raw(ref.instance) for ref in frames)
    loader.request([frames[0], frames[2]])
    assert done.wait(30)
    loader.close()
    assert raw(frames[0].instance) == raw(frames[2].instance) == 0
    assert raw(frames[1].instance) > 0
    assert frames[0].instance.ds.PatientName == "TEST^PATIENT"  # values as read
