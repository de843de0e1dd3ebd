"""Against PixelMed's archive (an implementation independent of DCMTK and pynetdicom), in a
private network namespace: the faults of issue 14 reproduced there, fixed here."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pydicom
import pytest

sys.path.insert(0, str(Path(__file__).parent))
from pixelmed import VIEWER_AET, VIEWER_PORT, Namespace, PixelMedArchive  # noqa: E402
from test_scp_support import make_ct  # noqa: E402

STUDY_MR, STUDY_CT = "1.2.826.0.1.3680043.10.1", "1.2.826.0.1.3680043.10.2"


@pytest.fixture(scope="module")
def pixelmed(tmp_path_factory):
    base = tmp_path_factory.mktemp("pixelmed")
    namespace = Namespace(f"viewer-pixelmed-{os.getpid()}")
    archive = None
    try:
        archive = PixelMedArchive(namespace, base / "archive")
        for path in _files(base / "data"):
            loaded = archive.store(path)
            assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield namespace, archive
    finally:
        if archive is not None:
            archive.close()
        namespace.close()


def _files(folder: Path) -> list[Path]:
    """Study MR (two instances of one series), study CT, and an MR study whose Study Instance
    UID is empty (what PixelMed accepted from pydicom's JPEGLSNearLossless_16.dcm)."""
    series = "1.2.826.0.1.3680043.10.1.1"
    paths = [make_ct(folder, f"mr{i}.dcm", study=STUDY_MR, series=series, Modality="MR",
                     SeriesNumber=1, InstanceNumber=i + 1, PatientID="PM1") for i in range(2)]
    paths.append(make_ct(folder, "ct.dcm", study=STUDY_CT, Modality="CT", PatientID="PM2"))
    odd = make_ct(folder, "nostudy.dcm", Modality="MR", PatientID="PM3")
    ds = pydicom.dcmread(odd)
    ds.StudyInstanceUID = ""
    ds.save_as(odd)
    return [*paths, odd]


def test_a_study_without_uid_does_not_sink_a_series_query(pixelmed, tmp_path):
    namespace, archive = pixelmed
    done = namespace.viewer("query", archive.node, "--level", "SERIES", "-k", "Modality=MR",
                            "--json", config=tmp_path / "settings.json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert [r["0020000D"]["Value"][0] for r in found] == [STUDY_MR]
    assert "warning: skipped a study without a StudyInstanceUID" in done.stderr


def test_c_get_leaves_no_c_cancel_and_stores_the_study(pixelmed, tmp_path):
    namespace, archive = pixelmed
    before = archive.log_text()
    done = namespace.viewer("retrieve", archive.node, "--method", "get", "--store",
                            tmp_path / "store", "--aet", VIEWER_AET, "-k",
                            f"StudyInstanceUID={STUDY_MR}", config=tmp_path / "settings.json")
    assert done.returncode == 0, done.stderr
    assert len(list((tmp_path / "store").rglob("*.dcm"))) == 2
    new_log = archive.log_text()[len(before):]
    assert "C-CANCEL" not in new_log and "Unexpected command" not in new_log, new_log


def test_c_move_into_our_listener(pixelmed, tmp_path):
    namespace, archive = pixelmed
    done = namespace.viewer("retrieve", archive.node, "--method", "move", "--store",
                            tmp_path / "store", "--aet", VIEWER_AET, "--port", VIEWER_PORT,
                            "-k", f"StudyInstanceUID={STUDY_CT}",
                            config=tmp_path / "settings.json")
    assert done.returncode == 0, done.stderr
    assert "fallback" not in done.stderr.lower()
    [stored] = (tmp_path / "store").rglob("*.dcm")
    assert pydicom.dcmread(stored).StudyInstanceUID == STUDY_CT
