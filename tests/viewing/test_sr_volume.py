"""SCOORD3D regions (PS3.3 C.18.9) on the frames whose planes hold them: which frames, and where
on them - checked against coordinates worked out by hand for axial and oblique planes."""

import math

import numpy as np
from pydicom.dataset import Dataset

from viewer.dicom import FrameRef, instance_from_dataset
from viewer.dicom.sr_regions import VolumeRegion
from viewer.viewing.sr_volume import frame_holding, region_on_frame

FOR = "1.2.3.99"


def slice_ds(z: float, orientation=(1, 0, 0, 0, 1, 0), position=None, thickness=2.0) -> Dataset:
    ds = Dataset()
    ds.SOPClassUID, ds.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.2", f"1.2.3.{int(z * 10) + 500}"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = "1.2.3.1", "1.2.3.2"
    ds.FrameOfReferenceUID = FOR
    ds.Rows = ds.Columns = 64
    ds.PixelSpacing = [0.5, 0.8]  # between rows, between columns
    ds.ImageOrientationPatient = list(orientation)
    ds.ImagePositionPatient = list(position or (-10.0, -20.0, z))
    ds.SliceThickness = thickness
    return ds


def square(z: float, kind: str = "POLYGON", frame_of_reference: str = FOR) -> VolumeRegion:
    # patient points of the pixel centres (col, row) = (4, 10), (20, 10), (20, 30)
    points = tuple((-10.0 + c * 0.8, -20.0 + r * 0.5, z) for c, r in ((4, 10), (20, 10), (20, 30)))
    return VolumeRegion("Region", kind, points, frame_of_reference)


def test_a_region_in_an_axial_plane_lands_on_its_pixels_in_sr_image_coordinates():
    drawn = region_on_frame(square(5.0), slice_ds(5.0), 0, "1.2.3.9")
    assert drawn is not None and drawn.graphic_type == "POLYGON"
    # SR image coordinates: 0,0 is the top left corner of the top left pixel (+0.5 to a centre)
    assert np.allclose(drawn.points, [(4.5, 10.5), (20.5, 10.5), (20.5, 30.5)])
    assert drawn.sop_instance_uid == "1.2.3.9" and drawn.frames == (1,)


def test_within_half_the_slice_thickness_only_and_in_the_same_frame_of_reference():
    assert region_on_frame(square(5.9), slice_ds(5.0), 0, "x") is not None  # 0.9 < 2.0 / 2
    assert region_on_frame(square(6.1), slice_ds(5.0), 0, "x") is None
    assert region_on_frame(square(5.3), slice_ds(5.0, thickness=0.0), 0, "x") is not None
    assert region_on_frame(square(5.6), slice_ds(5.0, thickness=0.0), 0, "x") is None  # 0.5 mm
    assert region_on_frame(square(5.0, frame_of_reference="9.9"), slice_ds(5.0), 0, "x") is None
    assert region_on_frame(square(5.0, "ELLIPSOID"), slice_ds(5.0), 0, "x") is None
    no_geometry = slice_ds(5.0)
    del no_geometry.ImageOrientationPatient
    assert region_on_frame(square(5.0), no_geometry, 0, "x") is None


def test_an_oblique_plane():
    a = math.radians(30)
    row, column = (math.cos(a), math.sin(a), 0.0), (0.0, 0.0, -1.0)
    origin = np.array([5.0, 7.0, 40.0])
    ds = slice_ds(0.0, orientation=(*row, *column), position=tuple(origin))
    pixel = (12, 33)  # (column, row) of a pixel centre
    point = origin + pixel[0] * 0.8 * np.array(row) + pixel[1] * 0.5 * np.array(column)
    region = VolumeRegion("P", "POINT", (tuple(point),), FOR)
    drawn = region_on_frame(region, ds, 0, "x")
    assert drawn is not None and np.allclose(drawn.points, [(12.5, 33.5)])
    off = VolumeRegion("P", "POINT", (tuple(point + 3 * np.cross(row, column)),), FOR)
    assert region_on_frame(off, ds, 0, "x") is None


def test_the_frame_holding_a_region_is_the_nearest_to_its_centre():
    frames = [FrameRef(instance_from_dataset(slice_ds(z, thickness=5.0)), 0)
              for z in (0.0, 2.0, 4.0, 6.0)]
    assert frame_holding(frames, square(3.9)) == 2  # 4.0 is nearest; 2.0 and 6.0 hold it too
    assert frame_holding(frames, square(40.0)) is None
