"""Key Object Selection documents read (title, description, references in order) and matched to
the frames of the opened study; KOs built by highdicom."""

import subprocess

import pytest
from pydicom.dataset import Dataset

from key_objects import key_object
from viewer.dicom import assemble_series, instance_from_dataset
from viewer.viewing.key_images import key_objects_of, read_key_object, select_key_frames
from viewing_builders import STUDY_UID, ct_dataset, ramp


def images(count, series_uid="1.2.826.0.1.3680043.8.498.3", series_number=1):
    return [ct_dataset(ramp(offset=i), z=i, number=i + 1, series_uid=series_uid,
                       series_number=series_number) for i in range(count)]


def multiframe():
    ds = ct_dataset(ramp(), series_uid="1.2.826.0.1.3680043.8.498.9", series_number=2)
    ds.NumberOfFrames = 3
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID = \
        "1.2.840.10008.5.1.4.1.1.7.3"  # Multi-frame Grayscale Word Secondary Capture
    ds.PixelData = ds.PixelData * 3
    return ds


def test_title_description_and_references_in_document_order():
    ct = images(3)
    ko = read_key_object(key_object([ct[2], ct[0]], "For Teaching", "Look at the nodule"))
    assert ko.title == "For Teaching"
    assert ko.description == "Look at the nodule"
    assert [r.sop_instance_uid for r in ko.references] == [ct[2].SOPInstanceUID,
                                                          ct[0].SOPInstanceUID]
    assert all(r.frames is None for r in ko.references)


def test_evidence_is_used_when_the_tree_has_no_references():
    ct = images(2)
    ds = key_object(ct)
    ds.ContentSequence = [i for i in ds.ContentSequence if i.ValueType != "IMAGE"]
    assert [r.sop_instance_uid for r in read_key_object(ds).references] == \
        [c.SOPInstanceUID for c in ct]


def test_not_a_container_is_refused():
    with pytest.raises(ValueError, match="CONTAINER"):
        read_key_object(Dataset())


def test_selection_matches_frames_across_series_in_ko_order():
    ct, mf = images(3), multiframe()
    first = key_object([ct[1], mf], frames={mf.SOPInstanceUID: [3, 1]})
    second = key_object([ct[1], ct[2]], "For Teaching", number=2)
    second.ContentDate, first.ContentDate = "20250102", "20250101"
    every = [instance_from_dataset(d) for d in [*ct, mf, second, first]]
    series = assemble_series(every)
    kos = key_objects_of(every)
    assert [k.title for k in kos] == ["Of Interest", "For Teaching"]  # by content date
    selection = select_key_frames(STUDY_UID, kos, series)
    picked = [(r.instance.sop_instance_uid, r.frame_index) for r in selection.frames]
    assert picked == [(ct[1].SOPInstanceUID, 0), (mf.SOPInstanceUID, 2),
                      (mf.SOPInstanceUID, 0), (ct[2].SOPInstanceUID, 0)]
    shared = selection.frames[0]
    assert [k.title for k in selection.objects_for(shared)] == ["Of Interest", "For Teaching"]
    by_uid = {s.series_instance_uid: s for s in series if s.frames}
    assert selection.count_in(by_uid[ct[0].SeriesInstanceUID]) == 2
    assert selection.count_in(by_uid[mf.SeriesInstanceUID]) == 2
    assert selection.titles_in(by_uid[ct[0].SeriesInstanceUID]) == ["Of Interest",
                                                                    "For Teaching"]
    assert selection.titles_in(by_uid[mf.SeriesInstanceUID]) == ["Of Interest"]
    assert [k.title for k in selection.documents()] == ["Of Interest", "For Teaching"]
    assert selection.missing == 0


def test_references_outside_the_opened_study_are_counted_missing():
    ct = images(2)
    every = [instance_from_dataset(ct[0]), instance_from_dataset(key_object(ct))]
    selection = select_key_frames(STUDY_UID, key_objects_of(every), assemble_series(every))
    assert len(selection.frames) == 1 and selection.missing == 1


def test_a_saved_key_object_is_valid_and_reads_back(tmp_path):
    import highdicom
    from pydicom import dcmread
    from pydicom.uid import generate_uid

    from required_tools import require
    from viewer.viewing.gsps_save import write_presentation_state
    from viewer.viewing.key_save import build_key_object

    ct, mf = images(2), multiframe()
    ct[1].PatientName = "山田^太郎"
    ds = build_key_object([(ct[1], None), (mf, (2,)), (ct[0], None)], generate_uid(),
                          generate_uid(), "Compare with the prior")
    path = write_presentation_state(ds, tmp_path / "ko.dcm")
    result = subprocess.run([require("dciodvfy"), str(path)], capture_output=True, text=True)
    errors = [line for line in (result.stdout + result.stderr).splitlines()
              if line.startswith("Error")]
    assert not errors, result.stdout + result.stderr
    again = dcmread(path)
    parsed = highdicom.ko.KeyObjectSelectionDocument.from_dataset(again)  # an independent reader
    assert parsed.ConceptNameCodeSequence[0].CodeMeaning == "Of Interest"
    ko = read_key_object(again)
    assert (ko.title, ko.description) == ("Of Interest", "Compare with the prior")
    assert [(r.sop_instance_uid, r.frames) for r in ko.references] == [
        (ct[1].SOPInstanceUID, None), (mf.SOPInstanceUID, (2,)), (ct[0].SOPInstanceUID, None)]
    assert again.SpecificCharacterSet == "ISO_IR 192"
    with pytest.raises(ValueError, match="at least one"):
        build_key_object([], generate_uid(), generate_uid())
