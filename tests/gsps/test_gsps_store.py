"""The presentation states of a study, found through the local index (viewer.store)."""

import numpy as np

from gsps_builders import make_gsps, make_image, save
from viewer.dicom import read_instance
from viewer.store.archive import Archive
from viewer.viewing.gsps_store import presentation_states_for_image, presentation_states_in_study


def test_states_of_the_study_are_listed_newest_first(tmp_path):
    image = make_image(np.zeros((4, 4), np.uint8), bits=8)
    other = make_image(np.zeros((4, 4), np.uint8), bits=8, study_uid=image.StudyInstanceUID)
    source = tmp_path / "in"
    source.mkdir()
    save(image, source / "img.dcm")
    save(make_gsps(image, label="FIRST", date="20240101"), source / "a.dcm")
    save(make_gsps(image, label="SECOND", date="20240202"), source / "b.dcm")
    save(make_gsps(other, label="OTHER", date="20240303"), source / "c.dcm")
    with Archive.open(tmp_path / "store") as archive:
        archive.import_paths([source])
        archive.flush(10)
        assert len(presentation_states_in_study(archive, image.StudyInstanceUID)) == 3
        shown = read_instance(source / "img.dcm")
        assert [i.label for i in presentation_states_for_image(archive, shown)] == ["SECOND", "FIRST"]
