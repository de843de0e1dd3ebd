"""Header values a viewport shows with each frame: the same as read directly, read once."""

from viewer.dicom import FrameRef, assemble_series, open_path
from viewer.viewing import orientation
from viewer.viewing.annotations import corner_values
from viewer.viewing.frame_header import FrameHeaders
from viewer.viewing.geometry import pixel_aspect, pixel_spacing
from viewing.viewing_builders import write_series


def test_values_are_those_of_the_header_and_read_once_per_frame(tmp_path):
    write_series(tmp_path, 3, spacing=(0.5, 0.25))
    (series,) = assemble_series(open_path(tmp_path).instances)
    headers = FrameHeaders(kept=8)
    for ref in series.frames:
        ds = ref.instance.ds
        assert headers.corner(ref, "YYYY-MM-DD") == corner_values(ds, 0, "YYYY-MM-DD")
        assert headers.axes(ref) == orientation.image_axes(ds, 0)
        assert headers.spacing(ref) == pixel_spacing(ds, 0)
        assert headers.aspect(ref) == pixel_aspect(ds, 0) == 0.5
    first = series.frames[0]
    corner = headers.corner(first, "YYYY-MM-DD")
    assert headers.corner(first, "YYYY-MM-DD") is corner
    assert headers.corner(first, "DD/MM/YYYY") is not corner  # another date format: read again
    assert headers.corner(first, "DD/MM/YYYY").study_date == "02/01/2024"
    other = FrameRef(series.frames[0].instance, 0)
    assert headers.axes(other) is headers.axes(first)  # the same frame, however referenced


def test_only_the_frames_seen_last_are_kept(tmp_path):
    write_series(tmp_path, 6)
    (series,) = assemble_series(open_path(tmp_path).instances)
    headers = FrameHeaders(kept=4)
    for ref in series.frames:
        headers.spacing(ref)
        headers.aspect(ref)
    assert len(headers._values) == 4
