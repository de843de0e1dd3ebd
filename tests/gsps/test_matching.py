"""Which presentation states apply to an image and frame; the pick list, newest first."""

import numpy as np

from gsps_builders import make_gsps, make_image, save
from viewer.dicom import read_instance
from viewer.dicom.presentation_state import (list_presentation_states, presentation_states_for,
                                             references_image)

PIXELS = np.zeros((4, 4), dtype=np.uint8)


def test_states_referencing_the_image_newest_first(tmp_path):
    image = make_image(PIXELS, bits=8)
    other = make_image(PIXELS, bits=8)
    old = make_gsps(image, label="OLD", date="20230101", time="080000")
    new = make_gsps(image, label="NEW", date="20240301", time="090000")
    noon = make_gsps(image, label="NOON", date="20240301", time="120000")
    elsewhere = make_gsps(other, label="OTHER", date="20250101")
    paths = [save(ds, tmp_path / f"{i}.dcm") for i, ds in enumerate([old, new, noon, elsewhere])]
    candidates = [read_instance(p) for p in paths] + [read_instance(save(image, tmp_path / "img.dcm"))]
    infos = list_presentation_states(candidates[-1], candidates)
    assert [i.label for i in infos] == ["NOON", "NEW", "OLD"]
    first = infos[0]
    assert (first.description, first.creator, first.date) == ("NOON state", "Maker^Test", "20240301")
    assert first.source is candidates[2] and first.path == str(paths[2])
    assert presentation_states_for(candidates[-1], candidates) == [candidates[2], candidates[1], candidates[0]]


def test_frame_references_limit_the_match():
    image = make_image(np.zeros((3, 4, 4), np.uint8), bits=8)
    ps = make_gsps(image, frames=[2, 3])
    assert [references_image(ps, image, f) for f in (1, 2, 3)] == [False, True, True]
    assert references_image(ps, image)  # some frame of it
    assert list_presentation_states(image, [ps], frame_number=1) == []


def test_other_objects_are_not_candidates():
    image = make_image(PIXELS, bits=8)
    assert list_presentation_states(image, [image]) == []
