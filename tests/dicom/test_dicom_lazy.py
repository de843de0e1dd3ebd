"""Frames are decoded one at a time, without mocks: a 1000-frame encapsulated object whose frames
2..1000 are garbage still shows frame 1, and a large native file is never read whole."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pydicom
import pytest
from pydicom.encaps import encapsulate, generate_frames
from pydicom.uid import RLELossless

from dicom_builders import image_dataset, write
from viewer.dicom import (
    DicomReadError,
    FrameIndexError,
    frame_cache,
    instance_from_dataset,
    read_instance,
)

FRAMES = 1000
GARBAGE = b"\xff\xff\xff\xff" + bytes(range(60))  # RLE header claiming 2**32-1 segments


def _rle_with_garbage_frames(has_bot: bool) -> tuple[pydicom.Dataset, np.ndarray]:
    first = (np.arange(64 * 48, dtype="<u2").reshape(64, 48) * 7) % 4096
    ds = image_dataset(first, rows=64, columns=48, bits_stored=12)
    ds.compress(RLELossless)
    encoded = next(generate_frames(ds.PixelData, number_of_frames=1))
    ds.NumberOfFrames = FRAMES
    ds.PixelData = encapsulate([encoded] + [GARBAGE] * (FRAMES - 1), has_bot=has_bot)
    ds["PixelData"].is_undefined_length = True
    return ds, first


@pytest.fixture(autouse=True)
def _empty_cache():
    frame_cache().clear()
    yield
    frame_cache().clear()


@pytest.mark.parametrize("has_bot", [True, False])
def test_first_frame_of_1000_decodes_although_the_others_are_garbage(tmp_path, has_bot):
    ds, first = _rle_with_garbage_frames(has_bot)
    instance = read_instance(write(ds, tmp_path / "rle1000.dcm"))
    assert instance.number_of_frames == FRAMES
    assert instance.pixel_problem is None
    np.testing.assert_array_equal(instance.frame(0), first)
    for index in (1, 500, FRAMES - 1):
        with pytest.raises(DicomReadError) as err:
            instance.frame(index)
        assert f"frame {index + 1} of {FRAMES}" in err.value.reason
        assert "RLE Lossless (1.2.840.10008.1.2.5)" in err.value.reason


def test_in_memory_dataset_decodes_one_frame_too():
    ds, first = _rle_with_garbage_frames(has_bot=True)
    instance = instance_from_dataset(ds)
    np.testing.assert_array_equal(instance.frame(0), first)
    with pytest.raises(DicomReadError):
        instance.frame(1)


def _native_multiframe(frames: int = 300) -> tuple[pydicom.Dataset, int]:
    rows = columns = 256
    pixels = np.repeat(np.arange(frames, dtype="<u2"), rows * columns)
    return image_dataset(pixels, rows=rows, columns=columns, frames=frames), rows * columns * 2


def test_native_file_is_read_one_frame_at_a_time(tmp_path):
    ds, frame_bytes = _native_multiframe()
    path = write(ds, tmp_path / "native300.dcm")
    del ds
    tracemalloc.start()
    try:
        instance = read_instance(path)
        header_peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        arr = instance.frame(150)
        frame_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "PixelData" not in instance.ds  # the header holds no pixel data
    assert header_peak < 20 * frame_bytes // 10  # 39 MB of pixel data, far below one frame * 2
    assert frame_peak < 6 * frame_bytes  # one frame (kept by the cache), parsing overhead
    assert arr.shape == (256, 256) and arr.dtype == np.uint16
    assert np.all(arr == 150)


def test_in_memory_native_frame_is_a_slice_not_a_copy_of_everything():
    ds, frame_bytes = _native_multiframe()
    instance = instance_from_dataset(ds)
    tracemalloc.start()
    try:
        arr = instance.frame(299)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 6 * frame_bytes
    assert np.all(arr == 299)


def counted_decodes(instance) -> list[int]:
    """The frame indexes *instance* really decodes (its file, through pydicom) from now on."""
    decoded = []
    real = instance._decode

    def decode(index):
        decoded.append(index)
        return real(index)

    instance._decode = decode
    return decoded


def test_a_cache_hit_is_the_same_read_only_array_without_decoding(tmp_path):
    ds, _ = _native_multiframe(frames=3)
    instance = read_instance(write(ds, tmp_path / "three.dcm"))
    decoded = counted_decodes(instance)
    assert instance.cached_frame(2) is None
    first = instance.frame(2)
    assert decoded == [2] and len(frame_cache()) == 1
    assert not first.flags.writeable
    with pytest.raises(ValueError):
        first[:] = 0  # a consumer that must change pixels copies them
    second = instance.frame(2)
    assert second is first and instance.cached_frame(2) is first
    assert decoded == [2]  # no second decode
    assert np.all(second == 2)
    instance.forget_frames()
    assert len(frame_cache()) == 0
    instance.frame(2)
    assert decoded == [2, 2]


def test_the_byte_bound_evicts_the_least_recently_used_frame(tmp_path):
    ds, frame_bytes = _native_multiframe(frames=4)
    instance = read_instance(write(ds, tmp_path / "four.dcm"))
    decoded = counted_decodes(instance)
    cache = frame_cache()
    old_budget = cache.budget
    cache.budget = 3 * frame_bytes
    try:
        for index in (0, 1, 2):
            instance.frame(index)
        instance.frame(0)  # 0 is now more recent than 1
        instance.frame(3)  # over the bound: 1, the least recently used, goes
        assert decoded == [0, 1, 2, 3] and cache.nbytes == 3 * frame_bytes
        assert instance.cached_frame(1) is None
        assert all(instance.cached_frame(i) is not None for i in (0, 2, 3))  # a look is a use
        instance.frame(1)  # 0 was looked at first: it goes
        assert decoded == [0, 1, 2, 3, 1] and instance.cached_frame(0) is None
    finally:
        cache.budget = old_budget


def test_a_frame_larger_than_the_budget_is_returned_read_only_but_not_kept(tmp_path):
    ds, frame_bytes = _native_multiframe(frames=2)
    instance = read_instance(write(ds, tmp_path / "two.dcm"))
    cache = frame_cache()
    old_budget = cache.budget
    cache.budget = frame_bytes - 1
    try:
        arr = instance.frame(0)
        assert not arr.flags.writeable and len(cache) == 0 and np.all(arr == 0)
    finally:
        cache.budget = old_budget


@pytest.mark.parametrize("index", [-1, 3, 10**9, True, 1.0, "0", None])
def test_out_of_range_or_non_integer_index_is_a_clear_index_error(tmp_path, index):
    ds, _ = _native_multiframe(frames=3)
    instance = read_instance(write(ds, tmp_path / "three.dcm"))
    with pytest.raises(FrameIndexError) as err:
        instance.frame(index)
    assert isinstance(err.value, IndexError) and isinstance(err.value, DicomReadError)
    assert repr(index) in err.value.reason


def test_numpy_integer_index_is_accepted(tmp_path):
    ds, _ = _native_multiframe(frames=3)
    instance = read_instance(write(ds, tmp_path / "three.dcm"))
    assert np.all(instance.frame(np.int64(1)) == 1)


def test_decoding_a_frame_does_not_parse_the_header_again(tmp_path):
    """An enhanced multi-frame header with 300 undefined-length Per-Frame Functional Groups items:
    re-parsing it (what pixel_array(path) does) allocates ~0.5 MB; one 16x16 frame needs 512 B."""
    frames = 300
    pixels = np.repeat(np.arange(frames, dtype="<u2"), 256)
    ds = image_dataset(pixels, rows=16, columns=16, frames=frames)
    items = []
    for k in range(frames):
        position, item = pydicom.Dataset(), pydicom.Dataset()
        position.ImagePositionPatient = [0, 0, k]
        item.PlanePositionSequence = [position]
        items.append(item)
    ds.PerFrameFunctionalGroupsSequence = items
    ds["PerFrameFunctionalGroupsSequence"].is_undefined_length = True
    instance = read_instance(write(ds, tmp_path / "enhanced.dcm"))
    tracemalloc.start()
    try:
        arr = instance.frame(123)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.all(arr == 123)
    assert peak < 64 * 1024


def test_a_file_replaced_after_opening_is_not_decoded_with_stale_offsets(tmp_path):
    path = tmp_path / "a.dcm"
    write(image_dataset(), path)
    instance = read_instance(path)
    write(image_dataset(np.zeros(4 * 5 * 2, "<u2"), frames=2), path)  # other size, other offsets
    with pytest.raises(DicomReadError) as err:
        instance.frame(0)
    assert err.value.reason.endswith("the file changed since it was opened; open it again")
