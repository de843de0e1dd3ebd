"""dicom-viewer import / list / rescan / delete, through viewer.cli.main."""

import json

import pytest
from store_helpers import DICOMDIR, check_consistent

import viewer.cli
from viewer.store import Archive


@pytest.fixture(autouse=True)
def store_commands(monkeypatch):
    """Only this module's commands (the integrator registers it among the others)."""
    monkeypatch.setattr(viewer.cli, "COMMAND_MODULES", ("store",))


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "store"
    monkeypatch.setenv("DICOM_VIEWER_STORE", str(path))
    return path


def run(capsys, *argv):
    code = viewer.cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_then_list(store, capsys, ct_series):
    code, out, err = run(capsys, "import", ct_series[0].parent.parent)
    assert code == 0, err
    assert out.splitlines()[-1] == "imported 12, duplicates 0, skipped 0"
    code, out, _ = run(capsys, "list")
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:3] == ["STUDY_DATE", "PATIENT_NAME", "PATIENT_ID"]
    assert len(lines) == 3 and "SYNTHETIC^CT0001" in out
    check_consistent(store)


def test_list_json_filters_and_levels(store, capsys):
    assert run(capsys, "import", DICOMDIR)[0] == 0
    code, out, _ = run(capsys, "list", "--json", "--patient-name", "doe^p*",
                       "--date", "20030101-", "--modality", "MR")
    studies = json.loads(out)
    assert code == 0 and len(studies) == 3
    assert {s["patient_name"] for s in studies} == {"Doe^Peter"}
    mra = next(s for s in studies if s["study_description"] == "Brain-MRA")
    code, out, _ = run(capsys, "list", "--json", "--study", mra["study_uid"])
    series = json.loads(out)
    assert [s["series_number"] for s in series] == [1, 2, 700]
    code, out, _ = run(capsys, "list", "--json", "--series", series[2]["series_uid"])
    instances = json.loads(out)
    assert len(instances) == 7 and all(i["path"].startswith(str(store)) for i in instances)
    code, out, _ = run(capsys, "list", "--series", series[2]["series_uid"])
    assert out.splitlines()[0].split() == ["INSTANCE_NUMBER", "KIND", "NUMBER_OF_FRAMES",
                                           "FILE_SIZE", "PATH"]


def test_import_in_place_and_verbose(tmp_path, capsys, ct_series):
    code, out, _ = run(capsys, "import", "--store", tmp_path / "s", "--in-place", "-v",
                       *ct_series[:2])
    assert code == 0
    assert out.splitlines()[:2] == [f"[1/2] imported {ct_series[0]}", f"[2/2] imported {ct_series[1]}"]
    assert not list((tmp_path / "s").glob("*/*/*.dcm"))


def test_import_reports_skips_and_fails_when_nothing_came_in(store, capsys, tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("hello")
    code, out, err = run(capsys, "import", junk)
    assert code == 1
    assert out.splitlines() == [f"skipped {junk}: not a readable DICOM file: File is missing "
                                "DICOM File Meta Information header or the 'DICM' prefix is "
                                "missing from the header. Use force=True to force reading.",
                                "imported 0, duplicates 0, skipped 1"]
    assert err.startswith("dicom-viewer import: nothing imported; 1 file(s) skipped")
    assert len(err.splitlines()) == 1


def test_rescan_and_delete(store, capsys, ct_series):
    run(capsys, "import", *ct_series)
    victim = next(store.glob("*/*/*.dcm"))
    victim.unlink()
    (victim.parent / ".tmp-crash").write_bytes(b"x")
    code, out, _ = run(capsys, "rescan")
    assert code == 0
    assert out.splitlines()[-1] == "indexed 0, removed 1, temporary files deleted 1, skipped 0"
    with Archive.open(store, readonly=True) as archive:
        uids = [s.study_uid for s in archive.list_studies()]
    code, out, _ = run(capsys, "delete", uids[0])
    assert code == 0 and out.startswith(f"deleted study {uids[0]} (")
    code, out, _ = run(capsys, "list", "--json")
    assert [s["study_uid"] for s in json.loads(out)] == uids[1:]
    check_consistent(store)


@pytest.mark.parametrize("argv, message", [
    (["list", "--date", "2003-01-01"], "--date '2003-01-01': expected YYYYMMDD"),
    (["list", "--date", "20031399"], "not a date"),
    (["delete", "1.2.3.4"], "no study 1.2.3.4 in the archive"),
])
def test_user_errors_are_one_line(store, capsys, ct_series, argv, message):
    run(capsys, "import", ct_series[0])
    code, _, err = run(capsys, *argv)
    assert code == 1
    assert message in err and len(err.splitlines()) == 1


def test_list_without_a_store_and_busy_store(tmp_path, capsys, store):
    code, _, err = run(capsys, "list", "--store", tmp_path / "nowhere")
    assert code == 1 and "there is no index" in err
    with Archive.open(store):
        code, _, err = run(capsys, "rescan")
        assert code == 1 and "in use by another program" in err
        assert run(capsys, "list")[0] == 0  # reading works while another writer runs


def test_default_store_folder(monkeypatch, tmp_path, capsys, ct_series):
    monkeypatch.delenv("DICOM_VIEWER_STORE", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert run(capsys, "import", ct_series[0])[0] == 0
    assert (tmp_path / ".local/share/dicom-viewer/store/index.sqlite").is_file()


def test_store_folder_from_the_settings_file(monkeypatch, tmp_path, capsys, ct_series):
    """A store folder chosen in Settings is where `import` and `list` work by default."""
    from viewer import config

    monkeypatch.delenv("DICOM_VIEWER_STORE", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    chosen = tmp_path / "chosen-store"
    config.save_settings(config.with_overrides(config.load_settings(), store=chosen))
    assert run(capsys, "import", ct_series[0])[0] == 0
    assert (chosen / "index.sqlite").is_file()
