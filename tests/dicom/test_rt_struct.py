"""RT Structure Set reading (viewer.dicom.rt_struct): pydicom's sample and broken sets."""

from __future__ import annotations

import numpy as np
import pydicom
import pytest
from pydicom.dataset import Dataset

from tests.dicom import rt_builders
from tests.dicom.dicom_builders import sample
from viewer.dicom.kinds import ObjectKind, classify_sop_class
from viewer.dicom.rt_struct import is_structure_set, read_structure_set


def test_pydicom_sample_rois_colours_and_contours():
    ds = pydicom.dcmread(sample("rtstruct.dcm"), force=True)
    assert is_structure_set(ds.SOPClassUID)
    assert classify_sop_class(ds.SOPClassUID, False) is ObjectKind.OTHER
    found = read_structure_set(ds)
    assert found.label == "sep30"
    assert [(r.number, r.name, r.colour) for r in found.rois] == [
        (1, "patient", (220, 160, 120)), (2, "Isocenter 1", (255, 64, 255)),
        (3, "Isocenter 2", (255, 64, 255))]
    patient = found.rois[0]
    assert [c.geometric_type for c in patient.contours] == ["CLOSED_PLANAR"] * 3
    assert patient.contours[0].points.shape == (5, 3)
    assert patient.contours[0].points[0].tolist() == [-200.0, 150.0, -200.0]
    assert found.rois[1].contours[0].geometric_type == "POINT"
    assert [r.interpreted_type for r in found.rois] == ["EXTERNAL", "ISOCENTER", "ISOCENTER"]
    assert found.referenced_series_uids == ("1.2.826.0.1.3680043.8.498.2010020400001.2.1.1",)
    assert found.problems == ()


def _ct(tmp_path):
    return rt_builders.ct_series(tmp_path, count=2)


def test_contour_naming_an_undefined_roi_is_reported_and_left_out(tmp_path):
    cts = _ct(tmp_path)
    square = rt_builders.contour(cts[0], [(1, 1), (5, 1), (5, 5)])
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 255, 0), [square]),
                                         (7, "Ghost", (255, 0, 0), [square])], defined=[1])
    found = read_structure_set(ds)
    assert [r.name for r in found.rois] == ["Body"]
    assert len(found.problems) == 1 and "ROI 7" in found.problems[0]


def test_empty_and_malformed_contour_data_are_reported(tmp_path):
    cts = _ct(tmp_path)
    empty = rt_builders.contour(cts[0], [(1, 1)])
    empty.ContourData = []
    ragged = rt_builders.contour(cts[0], [(1, 1), (2, 2)])
    ragged.ContourData = ragged.ContourData[:-1]  # 5 numbers: not triplets
    good = rt_builders.contour(cts[0], [(1, 1), (3, 1), (3, 3)])
    odd = rt_builders.contour(cts[0], [(1, 1), (3, 1)], kind="SPIRAL")
    ds = rt_builders.structure_set(cts, [(1, "Body", None, [empty, ragged, good, odd])])
    found = read_structure_set(ds)
    body = found.rois[0]
    assert [c.geometric_type for c in body.contours] == ["CLOSED_PLANAR", "OPEN_PLANAR"]
    assert body.colour == (255, 0, 0)  # no ROI Display Color: the first fallback colour
    assert len(found.problems) == 3
    assert "contour 1" in found.problems[0] and "contour 2" in found.problems[1]
    assert "SPIRAL" in found.problems[2]


def test_missing_sequences_read_as_an_empty_set_with_a_reason():
    ds = Dataset()
    ds.SOPClassUID = rt_builders.RT_STRUCTURE_SET
    found = read_structure_set(ds)
    assert found.rois == () and found.contour_count == 0
    assert found.problems and "Structure Set ROI Sequence" in found.problems[0]


def test_defined_roi_without_contours_is_listed_with_none(tmp_path):
    cts = _ct(tmp_path)
    ds = rt_builders.structure_set(cts, [(1, "Body", (1, 2, 3), [])], defined=[1, 2])
    found = read_structure_set(ds)
    assert [(r.number, len(r.contours)) for r in found.rois] == [(1, 0), (2, 0)]


@pytest.mark.parametrize("colour", [[300, 0, 0], [1, 2]])
def test_bad_display_colour_falls_back(tmp_path, colour):
    cts = _ct(tmp_path)
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 0), [])])
    ds.ROIContourSequence[0].ROIDisplayColor = colour
    found = read_structure_set(ds)
    assert found.rois[0].colour == (255, 0, 0)
    assert "ROI Display Color" in found.problems[0]


def test_unreadable_roi_number_is_reported(tmp_path):
    from pydicom.dataelem import RawDataElement
    from pydicom.tag import Tag

    cts = _ct(tmp_path)
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255), [
        rt_builders.contour(cts[0], [(1, 1), (2, 2)])])])
    tag = Tag(0x3006, 0x0084)  # Referenced ROI Number, IS: "ab" is no number
    ds.ROIContourSequence[0]._dict[tag] = RawDataElement(tag, "IS", 2, b"ab", 0, False, True)
    with pytest.warns(UserWarning):
        found = read_structure_set(ds)
    assert [(r.name, len(r.contours)) for r in found.rois] == [("Body", 0)]
    assert found.problems == ("ROI Contour Sequence: an item without a valid Referenced ROI "
                              "Number; its contours are not drawn",)


def test_contour_data_read_from_file_text_equals_the_values(tmp_path):
    """Contour Data read back from a file (parsed from its raw text) equals the values the set
    was made with (converted by pydicom)."""
    from tests.dicom.dicom_builders import write

    cts = _ct(tmp_path)
    item = rt_builders.contour(cts[1], [(1.25, 2.5), (7, 3), (4, 9.75)])
    ds = rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255), [item])])
    in_memory = read_structure_set(ds).rois[0].contours[0].points
    path = write(ds, tmp_path / "rs.dcm")
    from_file = pydicom.dcmread(path)
    assert isinstance(from_file.ROIContourSequence[0].ContourSequence[0]
                      .get_item("ContourData").value, bytes)  # the raw text is what is parsed
    read = read_structure_set(from_file).rois[0].contours[0].points
    assert read.shape == (3, 3)
    assert read.tolist() == in_memory.tolist() == [[float(v) for v in p] for p in
                                                   np.array(item.ContourData, float).reshape(-1, 3)]


def test_deferred_contour_data_is_read_from_the_file(tmp_path):
    """A value pydicom left in the file (defer_size, as the viewer's header reader does for
    large values) is read when the contour is."""
    from tests.dicom.dicom_builders import write

    cts = _ct(tmp_path)
    item = rt_builders.contour(cts[1], [(1.25, 2.5), (7, 3), (4, 9.75)])
    path = write(rt_builders.structure_set(cts, [(1, "Body", (0, 0, 255), [item])]),
                 tmp_path / "rs.dcm")
    deferred = pydicom.dcmread(path, defer_size=16)
    points = read_structure_set(deferred).rois[0].contours[0].points
    assert points.tolist() == np.array(item.ContourData, float).reshape(-1, 3).tolist()
