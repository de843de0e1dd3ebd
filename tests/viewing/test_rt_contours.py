"""Where RT Structure Set contours land on a series' frames (viewer.viewing.rt_contours):
vertices placed on known pixel centres come back on those pixels, on the right slices."""

from __future__ import annotations

import numpy as np
import pytest

from tests.dicom import rt_builders
from viewer.dicom import assemble_series, open_path
from viewer.dicom.rt_struct import read_structure_set
from viewer.viewing.rt_contours import place_structure_set


def _series(folder):
    result = open_path(folder)
    images = [s for s in assemble_series(result.instances) if s.frames]
    assert len(images) == 1
    return images[0]


@pytest.mark.parametrize("orientation, spacing", [
    ((1, 0, 0, 0, 1, 0), (2.0, 1.5)),  # axial, non-square pixels
    ((0, 1, 0, 0, 0, -1), (0.7, 1.3)),  # sagittal
    ((0.8, 0.6, 0, 0, 0, -1), (1.0, 1.0)),  # oblique
])
def test_vertices_land_on_their_pixels(tmp_path, orientation, spacing):
    cts = rt_builders.ct_series(tmp_path, count=3, orientation=orientation, spacing=spacing)
    pixels = [(4, 6), (12, 6), (12, 14), (4, 14)]
    on_second = rt_builders.contour(cts[1], pixels, reference=False)
    point = rt_builders.contour(cts[2], [(7, 3)], kind="POINT")
    ds = rt_builders.structure_set(cts, [(1, "PTV", (255, 0, 0), [on_second]),
                                         (2, "Marker", (0, 255, 0), [point])])
    series = _series(tmp_path)
    placed = place_structure_set(read_structure_set(ds), series.frames)
    index = {ref.instance.sop_instance_uid: i for i, ref in enumerate(series.frames)}
    second, third = index[cts[1].SOPInstanceUID], index[cts[2].SOPInstanceUID]
    [drawn] = placed.on_frame(second)
    assert drawn.roi_number == 1 and drawn.colour == (255, 0, 0) and drawn.closed
    # pixel (c, r) covers [c, c + 1) x [r, r + 1): its centre is (c + 0.5, r + 0.5)
    np.testing.assert_allclose(drawn.points, [(c + 0.5, r + 0.5) for c, r in pixels],
                               atol=1e-6)
    [marker] = placed.on_frame(third)
    assert marker.point
    np.testing.assert_allclose(marker.points, [[7.5, 3.5]], atol=1e-6)
    assert placed.on_frame(index[cts[0].SOPInstanceUID]) == []
    assert placed.placed == {1: 1, 2: 1} and placed.unplaced == {}


def test_contour_off_every_slice_is_counted_unplaced(tmp_path):
    cts = rt_builders.ct_series(tmp_path, count=2, step=5.0)
    between = [[0.0, 0.0, 12.5], [5.0, 0.0, 12.5], [5.0, 5.0, 12.5]]  # z 10 and 15 are slices
    elsewhere = [[0.0, 0.0, 200.0], [1.0, 0.0, 200.0]]
    contours = [rt_builders.contour(None, None, points=between),
                rt_builders.contour(None, None, points=elsewhere, kind="OPEN_PLANAR")]
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255), contours)])
    placed = place_structure_set(read_structure_set(ds), _series(tmp_path).frames)
    assert placed.by_frame == {} and placed.unplaced == {1: 2}


def test_other_frame_of_reference_is_not_drawn(tmp_path):
    cts = rt_builders.ct_series(tmp_path, count=1)
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255),
                                          [rt_builders.contour(cts[0], [(1, 1), (2, 2)],
                                                               reference=False)])])
    ds.StructureSetROISequence[0].ReferencedFrameOfReferenceUID = "1.2.3.4"
    placed = place_structure_set(read_structure_set(ds), _series(tmp_path).frames)
    assert placed.by_frame == {} and placed.unplaced == {1: 1}


def test_named_image_wins_over_distance(tmp_path):
    """A contour whose Contour Image Sequence names slice 1 is drawn there (and only there)
    even with points a little off its plane."""
    cts = rt_builders.ct_series(tmp_path, count=2, step=1.0)
    item = rt_builders.contour(cts[0], [(2, 2), (6, 2), (6, 6)])
    points = np.array(item.ContourData, float).reshape(-1, 3)
    points[:, 2] += 0.7  # nearer slice 2 (1 mm away) than allowed for slice 1
    item.ContourData = [float(v) for v in points.ravel()]
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255), [item])])
    series = _series(tmp_path)
    placed = place_structure_set(read_structure_set(ds), series.frames)
    first = [i for i, ref in enumerate(series.frames)
             if ref.instance.sop_instance_uid == cts[0].SOPInstanceUID]
    assert list(placed.by_frame) == first


def test_dose_frames_lie_at_their_grid_frame_offsets(tmp_path):
    """pydicom's RT Dose: 15 frames 5 mm apart (Grid Frame Offset Vector 0, 5, ...); a contour
    at the fourth frame's z lands on that frame only."""
    import shutil

    from tests.dicom.dicom_builders import sample
    from viewer.viewing.geometry import slice_location

    shutil.copy(sample("rtdose.dcm"), tmp_path / "rtdose.dcm")
    series = _series(tmp_path)
    ds = series.frames[0].instance.ds
    assert [slice_location(ds, i) for i in (0, 3)] == pytest.approx([-761.87, -746.87])
    points = [[200.0, 210.0, -746.87], [250.0, 210.0, -746.87], [250.0, 260.0, -746.87]]
    (tmp_path / "ct").mkdir()
    cts = rt_builders.ct_series(tmp_path / "ct", count=1)  # only to build the set around
    struct = rt_builders.structure_set(cts, [(1, "PTV", (255, 0, 0), [
        rt_builders.contour(None, None, points=points)])])
    struct.StructureSetROISequence[0].ReferencedFrameOfReferenceUID = ds.FrameOfReferenceUID
    placed = place_structure_set(read_structure_set(struct), series.frames)
    assert list(placed.by_frame) == [3]
    # x 200 mm is (200 - 189.43125) / 10 mm = column 1.056875 from the first pixel's centre
    np.testing.assert_allclose(placed.by_frame[3][0].points[0], [1.056875 + 0.5, 1.056875 + 0.5])
