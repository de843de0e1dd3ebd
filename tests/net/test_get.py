"""C-GET against Orthanc and dcmqrscp: instances land in the store layout, byte-exact data sets."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests/net helpers (pytest runs importlib mode)
from peers import VIEWER_AET, archive, qr_data, qr_env, qr_peers  # noqa: E402,F401

from viewer.net.get import get
from viewer.net.qr_progress import RetrieveError


def stored_files(store: Path) -> dict[str, Path]:
    return {p.stem: p for p in store.rglob("*.dcm")}


def test_get_a_multi_series_study_into_the_store_layout(archive, qr_data, tmp_path):
    _, node = archive
    seen = []
    steps = list(get(node, [f"StudyInstanceUID={qr_data.study_a}"], store_dir=tmp_path,
                     calling_aet=VIEWER_AET, on_stored=lambda path, ds: seen.append((path, ds))))
    final = steps[-1]
    assert final.kind == "final" and final.status == 0 and final.completed == 10
    assert [s.completed for s in steps] == sorted(s.completed for s in steps)
    files = stored_files(tmp_path)
    uids = qr_data.uids(study=qr_data.study_a)
    assert set(files) == uids and {str(ds.SOPInstanceUID) for _, ds in seen} == uids
    for uid, path in files.items():
        mine, theirs = pydicom.dcmread(path), pydicom.dcmread(qr_data.files[uid])
        assert path.relative_to(tmp_path).parts == (
            qr_data.study_a, str(theirs.SeriesInstanceUID), f"{uid}.dcm")
        assert mine.file_meta.MediaStorageSOPInstanceUID == uid
        # the archive sends the uncompressed files it holds: the pixel bytes arrive unchanged
        # (compared as stored - no decoder, ours or pydicom's, in between)
        assert mine.file_meta.TransferSyntaxUID == theirs.file_meta.TransferSyntaxUID
        assert mine.PixelData == theirs.PixelData, uid
    assert not list(tmp_path.rglob(".tmp-*"))


def test_get_one_image(archive, qr_data, tmp_path):
    _, node = archive
    series = qr_data.series_a[1]
    one = sorted(qr_data.uids(series=series))[0]
    keys = [f"StudyInstanceUID={qr_data.study_a}", f"SeriesInstanceUID={series}",
            f"SOPInstanceUID={one}"]
    assert list(get(node, keys, "IMAGE", store_dir=tmp_path, calling_aet=VIEWER_AET))[-1].completed == 1
    assert set(stored_files(tmp_path)) == {one}


def test_get_charset_files_of_other_sop_classes(archive, qr_data, tmp_path):
    """Secondary Capture objects come back too (its context is in the default list)."""
    _, node = archive
    uid = next(u for u, p in qr_data.files.items() if p.name == "chrX1.dcm")
    study = str(pydicom.dcmread(qr_data.files[uid]).StudyInstanceUID)
    assert list(get(node, [f"StudyInstanceUID={study}"], store_dir=tmp_path,
                    calling_aet=VIEWER_AET))[-1].completed == 1
    got = pydicom.dcmread(stored_files(tmp_path)[uid])
    assert str(got.PatientName) == "Wang^XiaoDong=王^小東"


def test_cancel_a_get_in_progress(archive, qr_data, tmp_path):
    _, node = archive
    cancel = threading.Event()
    steps = []
    for step in get(node, [f"StudyInstanceUID={qr_data.big_study}"], store_dir=tmp_path,
                    calling_aet=VIEWER_AET, cancel=cancel):
        steps.append(step)
        cancel.set()
    assert steps[-1].cancelled and steps[-1].completed < 300
    assert len(stored_files(tmp_path)) < 300


def test_get_of_nothing_known(archive, tmp_path):
    """Orthanc calls it a failure (0xC000), dcmqrscp a success with nothing to do."""
    name, node = archive
    request = get(node, ["StudyInstanceUID=1.2.3.4.5.6.7"], store_dir=tmp_path,
                  calling_aet=VIEWER_AET)
    if name == "orthanc":
        with pytest.raises(RetrieveError, match=r"C-GET failed: 0xC000 \(Failure: Unable to"):
            list(request)
    else:
        final = list(request)[-1]
        assert (final.status, final.completed, final.failed) == (0, 0, 0)
    assert not stored_files(tmp_path)
