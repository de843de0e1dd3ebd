"""Drag and drop onto the window with real QMimeData URLs: files, folders, a DICOMDIR, several
at once; imported in the background and opened; non-DICOM files listed, never fatal."""

import shutil
from pathlib import Path

import pydicom
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from ui.real_input import shortcut, type_text
from viewer.ui import study_rows as rows

DICOMDIR_FOLDER = Path(pydicom.__file__).parent / "data" / "test_files" / "dicomdirtests"


def mime_of(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(window, mime) -> bool:
    event = QDragEnterEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def drop(window, mime) -> bool:
    """A drop as a drag ends: enter, then drop."""
    drag_enter(window, mime)
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, event)
    return event.isAccepted()


def local_patient_ids(window):
    return sorted(window.local.model.item(r, 0).data(rows.PAYLOAD_ROLE).patient_id
                  for r in range(window.local.model.rowCount()))


def test_drop_folder_files_and_junk_imports_opens_and_lists_the_junk(qtbot, ui, tmp_path,
                                                                    main_env, make_window):
    ui.make_series(tmp_path / "ct", "-n", "5", "--rows", "32", "--cols", "32", "--seed", "41",
                   "--patient-id", "DROP0001")
    ui.make_series(tmp_path / "single", "-n", "1", "--rows", "32", "--cols", "32", "--seed", "42",
                   "--patient-id", "DROP0002")
    junk = tmp_path / "notes.txt"
    junk.write_text("not a DICOM file\n")
    (tmp_path / "ct" / "study0001" / "README").write_text("also not DICOM")
    single = next((tmp_path / "single").rglob("*.dcm"))
    window = make_window()
    mime = mime_of([tmp_path / "ct", single, junk])
    assert drag_enter(window, mime)
    assert drop(window, mime)
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    assert (job.completed, job.failed) == (8, 2)  # 6 images + 2 junk files handled
    assert "6 imported" in job.detail
    qtbot.waitUntil(lambda: local_patient_ids(window) == ["DROP0001", "DROP0002"], timeout=30000)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)  # opened
    notes = [box.text() + box.informativeText() for box in window.notices]
    assert any("notes.txt" in text and "README" in text for text in notes), notes
    assert all(not box.isModal() for box in window.notices)
    shortcut(qtbot, window, "Ctrl+2")  # the notices do not block the window: keys reach it
    type_text(qtbot, window, "usable")
    assert window.query.form.patient_name.text() == "usable"


def test_drop_dicomdir_imports_what_it_references(qtbot, ui, tmp_path, main_env, make_window):
    media = tmp_path / "cd"
    shutil.copytree(DICOMDIR_FOLDER, media)
    window = make_window()
    assert drop(window, mime_of([media / "DICOMDIR"]))
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    records = pydicom.dcmread(media / "DICOMDIR").DirectoryRecordSequence
    expected = {str(r.PatientID) for r in records if r.DirectoryRecordType == "PATIENT"}
    qtbot.waitUntil(lambda: set(local_patient_ids(window)) == expected, timeout=30000)


def test_drop_without_local_files_is_refused(qtbot, main_env, make_window):
    window = make_window()
    text = QMimeData()
    text.setText("hello")
    assert not drag_enter(window, text)
    web = mime_of([])
    web.setUrls([QUrl("https://example.invalid/x.dcm")])
    assert not drag_enter(window, web)
    assert not window.transfers.jobs


def test_drop_zip_imports_what_it_holds(qtbot, ui, tmp_path, main_env, make_window):
    """A zip (nested folders, a DICOMDIR inside) dropped goes through the same import."""
    import zipfile

    source = tmp_path / "from a colleague.zip"
    with zipfile.ZipFile(source, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(DICOMDIR_FOLDER / "DICOMDIR", "nested/cd/DICOMDIR")
        for path in DICOMDIR_FOLDER.rglob("*"):
            if path.is_file() and "DICOMDIR" not in path.name:
                archive.write(path, f"nested/cd/{path.relative_to(DICOMDIR_FOLDER)}")
    window = make_window()
    assert drop(window, mime_of([source]))
    ui.wait_jobs(qtbot, window)
    job = window.transfers.jobs[-1]
    assert job.state == "done", job.detail
    expected = {_patient_id(p) for p in DICOMDIR_FOLDER.rglob("*")
                if p.is_file() and "DICOMDIR" not in p.name} - {None}
    qtbot.waitUntil(lambda: set(local_patient_ids(window)) == expected, timeout=30000)
    qtbot.waitUntil(lambda: window.tabs.currentIndex() == 2, timeout=30000)  # opened
    assert window.viewer.strip.count() > 0
    notes = [box.text() + box.informativeText() for box in window.notices]
    assert not any("dicom-viewer-zip-" in text for text in notes), notes


def _patient_id(path):
    """pydicom's reading of the file's Patient ID (None for a file that is not DICOM)."""
    try:
        return str(pydicom.dcmread(path, stop_before_pixels=True).PatientID)
    except pydicom.errors.InvalidDicomError:
        return None
