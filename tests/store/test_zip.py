"""Zips in and out of the archive: a zip (nested folders, a DICOMDIR inside) imports what it
holds; zip slip and zip bomb are refused before a byte is written; a zip being written is never
left half-made."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pydicom
import pytest

from viewer.cli import main
from viewer.store.zipped import ZipRefused, extract_zip, write_zip

DICOMDIR_FOLDER = Path(pydicom.__file__).parent / "data" / "test_files" / "dicomdirtests"


def zip_of(path: Path, members: dict[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            if isinstance(content, Path):
                archive.write(content, name)
            else:
                archive.writestr(name, content)
    return path


def test_import_of_a_zip_with_nested_folders_and_a_dicomdir(archive, ct_series, tmp_path):
    members = {f"a/b/c/{i}.dcm": p for i, p in enumerate(ct_series[:3])}
    members |= {f"disc/{p.relative_to(DICOMDIR_FOLDER)}": p
                for p in DICOMDIR_FOLDER.rglob("*") if p.is_file() and "DICOMDIR" not in p.name}
    members["disc/DICOMDIR"] = DICOMDIR_FOLDER / "DICOMDIR"
    members["a/notes.txt"] = b"not DICOM"
    referenced = len({_sop(p) for p in DICOMDIR_FOLDER.rglob("*") if _sop(p)})
    source = zip_of(tmp_path / "x.zip", members)
    report = archive.import_paths([source], copy=False)  # in place: still copied (temp folder)
    assert len(report.imported) == 3 + referenced
    instances = [i for s in archive.list_studies() for se in archive.list_series(s.study_uid)
                 for i in archive.list_instances(se.series_uid)]
    assert len(instances) == 3 + referenced and all(i.in_store for i in instances)
    assert all(i.path.exists() for i in instances)
    # what the report names exists after the import (the GUI opens it): the copies in the store
    assert {p.resolve() for p in report.imported} == {i.path.resolve() for i in instances}
    assert source / "a/notes.txt" in [path for path, _ in report.skipped]


def _sop(path: Path) -> str | None:
    """The SOP Instance UID of a DICOM instance (pydicom), None for anything else."""
    try:
        return str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)
    except Exception:
        return None


@pytest.mark.parametrize("name", ["../evil.dcm", "/tmp/evil.dcm", "a/../../evil.dcm",
                                  "C:/evil.dcm", "a\\..\\..\\evil.dcm"])
def test_zip_slip_is_refused_and_nothing_written(tmp_path, ct_series, name):
    source = zip_of(tmp_path / "slip.zip", {"ok.dcm": ct_series[0], name: b"x"})
    target = tmp_path / "deep" / "target"
    target.mkdir(parents=True)
    with pytest.raises(ZipRefused, match="zip slip"):
        extract_zip(source, target)
    assert list(target.iterdir()) == [] and not (tmp_path / "deep" / "evil.dcm").exists()


def test_zip_bomb_is_refused_by_ratio_and_by_total(tmp_path):
    bomb = zip_of(tmp_path / "bomb.zip", {"zeros.dcm": bytes(16 << 20)})
    with pytest.raises(ZipRefused, match="zip bomb.*expands"):
        extract_zip(bomb, tmp_path)
    many = zip_of(tmp_path / "many.zip", {f"{i}.dcm": bytes(1000) for i in range(10)})
    with pytest.raises(ZipRefused, match="zip bomb.*10000 bytes"):
        extract_zip(many, tmp_path, max_total=5000)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bomb.zip", "many.zip"]


def test_cli_import_of_a_hostile_zip_is_a_clear_message(tmp_path, ct_series, capsys):
    source = zip_of(tmp_path / "slip.zip", {"ok.dcm": ct_series[0], "../../evil.dcm": b"x"})
    assert main(["import", str(source), "--store", str(tmp_path / "store")]) == 1
    captured = capsys.readouterr()
    assert "zip slip" in captured.out and "'../../evil.dcm'" in captured.out
    assert "nothing imported" in captured.err
    assert not (tmp_path.parent / "evil.dcm").exists()
    assert not list((tmp_path / "store").rglob("*.dcm"))


def test_a_zip_that_fails_midway_leaves_nothing(tmp_path, ct_series):
    def members():
        yield "one.dcm", ct_series[0]
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_zip(tmp_path / "out.zip", members())
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="unsafe"):
        write_zip(tmp_path / "out.zip", [("../x.dcm", b"x")])
    assert list(tmp_path.iterdir()) == []


def test_export_zip_of_studies_original_and_anonymized(tmp_path, ct_series, capsys):
    store = tmp_path / "store"
    assert main(["import", *map(str, ct_series), "--store", str(store)]) == 0
    study = pydicom.dcmread(ct_series[0]).StudyInstanceUID
    assert main(["export-zip", study, "-o", str(tmp_path / "orig"), "--store", str(store)]) == 0
    with zipfile.ZipFile(tmp_path / "orig.zip") as archive:
        names = archive.namelist()
        originals = {pydicom.dcmread(p).SOPInstanceUID: p.read_bytes() for p in ct_series}
        assert len(names) == 6 and all(n.startswith(f"{study}/") for n in names)
        for name in names:
            assert archive.read(name) == originals[Path(name).stem]
    assert main(["export-zip", study, "-o", str(tmp_path / "anon.zip"), "--anonymize",
                 "--store", str(store)]) == 0
    with zipfile.ZipFile(tmp_path / "anon.zip") as archive:
        data = b"".join(archive.read(n) for n in archive.namelist())
    assert len(archive.namelist()) == 6 and study.encode() not in data
    assert b"SYN0001" not in data
    capsys.readouterr()
    assert main(["export-zip", "1.2.3.4", "-o", str(tmp_path / "none.zip"),
                 "--store", str(store)]) == 1
    assert "no study 1.2.3.4" in capsys.readouterr().err
    assert not (tmp_path / "none.zip").exists()
    shutil.rmtree(store)


def test_no_member_no_zip(tmp_path):
    existing = tmp_path / "out.zip"
    existing.write_bytes(b"earlier")
    assert write_zip(existing, []) == 0
    assert existing.read_bytes() == b"earlier" and len(list(tmp_path.iterdir())) == 1


def test_a_zip_that_cannot_be_extracted_is_refused_not_fatal(archive, tmp_path, ct_series):
    clash = zip_of(tmp_path / "clash.zip", {"a": b"file", "a/b.dcm": ct_series[0]})
    broken = tmp_path / "broken.zip"
    broken.write_bytes(zip_of(tmp_path / "tmp.zip", {"x.dcm": ct_series[0]}).read_bytes()[:-30])
    report = archive.import_paths([clash, broken, ct_series[1]])
    assert len(report.imported) == 1
    reasons = dict(report.skipped)
    assert "cannot extract" in reasons[clash] and "unreadable zip" in reasons[broken]
