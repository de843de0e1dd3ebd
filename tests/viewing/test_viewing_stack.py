"""Stack navigation and synchronised scrolling by position along the normal."""

import numpy as np

from viewer.viewing import stack
from viewer.viewing.geometry import Plane, frame_plane, nearest_slice
from viewing_builders import ct_dataset, ramp


def test_step_clamps_or_wraps():
    assert stack.step(0, -1, 10) == 0
    assert stack.step(9, 1, 10) == 9
    assert stack.step(9, 1, 10, wrap=True) == 0
    assert stack.page_size(500) == 50 and stack.page_size(5) == 1
    assert stack.clamp_fps(0) == 1 and stack.clamp_fps(200) == 60


def test_outward_order():
    assert stack.outward_order(2, 5) == [2, 3, 1, 4, 0]


def axial(z):
    return Plane(np.array([0.0, 0.0, z]), np.array([0.0, 0.0, 1.0]))


def test_nearest_slice_by_position_along_the_normal():
    source = [axial(z) for z in (0.0, 2.5, 5.0, 7.5)]
    target = [axial(z) for z in np.arange(0.0, 10.0, 1.0)]
    assert stack.synced_index(source, 1, target) == 2  # 2.5 -> 2.0 (first of a tie)
    assert stack.synced_index(source, 3, target) == 7  # 7.5 -> 7.0
    assert stack.synced_index(target, 9, source) == 3


def test_no_sync_between_non_parallel_stacks_or_without_geometry():
    sagittal = [Plane(np.array([x, 0.0, 0.0]), np.array([1.0, 0.0, 0.0])) for x in range(3)]
    assert nearest_slice(sagittal, np.array([0.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0])) is None
    assert stack.synced_index([None], 0, [axial(0)]) is None
    assert not stack.same_frame_of_reference(None, None)
    assert stack.same_frame_of_reference("1.2", "1.2")


def test_frame_plane_from_header():
    plane = frame_plane(ct_dataset(ramp(), z=-12.5))
    assert plane.position.tolist() == [0, 0, -12.5] and plane.normal.tolist() == [0, 0, 1]
    sag = frame_plane(ct_dataset(ramp(), z=3.0, normal_axis="sagittal"))
    assert sag.normal.tolist() == [-1, 0, 0]
