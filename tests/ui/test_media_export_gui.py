"""Study > Export to CD/DVD folder: the selected study as a file-set our own import reads back;
a folder that is not empty is refused with a message and left untouched."""

from pathlib import Path

import pydicom
from PySide6.QtWidgets import QLineEdit

from viewer.store import Archive
from viewer.ui import study_rows as rows


def choose_folder(qtbot, window, folder: Path) -> None:
    qtbot.waitUntil(lambda: window.study_actions.dialog is not None, timeout=5000)
    dialog = window.study_actions.dialog
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(folder))  # typed, as a user would
    dialog.accept()


def test_export_a_study_to_a_cd_folder(qtbot, ui, main_env, make_window, tmp_path):
    source = tmp_path / "series"
    ui.make_series(source, "-n", "4", "--rows", "32", "--cols", "32", "--seed", "5")
    window = make_window()
    ui.import_study(qtbot, window, source)
    uid = window.local.model.item(0, 0).data(rows.UID_ROLE)
    assert window.local.select_study(uid)

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "keep.txt").write_text("mine")
    window.act_export_media.trigger()
    with qtbot.waitSignal(window.operations.notice, timeout=10000,
                          check_params_cb=lambda title, text: "not empty" in text):
        choose_folder(qtbot, window, busy)
    assert [p.name for p in busy.iterdir()] == ["keep.txt"]

    out = tmp_path / "cd"
    out.mkdir()
    jobs_before = len(window.transfers.jobs)
    window.act_export_media.trigger()
    choose_folder(qtbot, window, out)
    qtbot.waitUntil(lambda: len(window.transfers.jobs) > jobs_before, timeout=10000)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert (job.kind, job.state, job.completed, job.failed) == ("export", "done", 4, 0), job.detail
    assert (out / "DICOMDIR").is_file() and (out / "README.TXT").is_file()
    with Archive.open(tmp_path / "check-store") as archive:
        report = archive.import_paths([out / "DICOMDIR"])
    assert len(report.imported) == 4 and report.skipped == []
    originals = {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID
                 for p in source.rglob("*.dcm")}
    copies = {pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID
              for p in out.rglob("IM*")}
    assert copies == originals
