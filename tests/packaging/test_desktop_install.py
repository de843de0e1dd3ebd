"""packaging/linux/install-desktop.sh, run for a user whose home is a temporary folder: the menu
entry (valid, running the given program on the chosen files), the icons in every hicolor size,
and the application/dicom type, which the desktop's own tools then recognise by name (*.dcm)
and by content ("DICM" at byte 128)."""

import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from required_tools import require

ROOT = Path(__file__).resolve().parents[2]
INSTALL = ROOT / "packaging" / "linux" / "install-desktop.sh"
PROGRAM = Path(sys.executable).with_name("dicom-viewer")
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


@pytest.fixture
def home(tmp_path):
    """An environment with only the temporary home's data: the system's MIME types hidden."""
    (tmp_path / "system").mkdir()
    env = dict(os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_DIRS=str(tmp_path / "system"),
               XDG_CURRENT_DESKTOP="GNOME")  # xdg-mime then asks gio (shared-mime-info)
    return tmp_path, env


def file_type(path: Path, env) -> str:
    done = subprocess.run([require("xdg-mime"), "query", "filetype", str(path)], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def dicom_like_files(folder: Path) -> tuple[Path, Path]:
    """A PS3.10 header under a name without extension, and a .dcm name with other content."""
    by_content = folder / "IM000001"
    by_content.write_bytes(b"\0" * 128 + b"DICM" + b"\2\0\0\0UL\4\0" + b"\0" * 64)
    by_name = folder / "scan.dcm"
    by_name.write_text("not read: the name decides\n")
    return by_content, by_name


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", head[16:24])


def test_install_desktop_registers_entry_icons_and_file_type(home):
    root, env = home
    for tool in ("update-mime-database", "update-desktop-database", "gio"):
        require(tool)
    by_content, by_name = dicom_like_files(root)
    before = {file_type(by_content, env), file_type(by_name, env)}
    assert "application/dicom" not in before  # nothing but our definition can say so

    done = subprocess.run(["bash", str(INSTALL), "--exec", str(PROGRAM)], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr

    data = root / "data"
    entry = data / "applications" / "dicom-viewer.desktop"
    lines = entry.read_text().splitlines()
    assert f"Exec={PROGRAM} %F" in lines
    assert "MimeType=application/dicom;" in lines and "Icon=dicom-viewer" in lines
    assert "Categories=Graphics;MedicalSoftware;Science;" in lines
    validated = subprocess.run([require("desktop-file-validate"), str(entry)],
                               capture_output=True, text=True)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    for size in SIZES:
        assert png_size(data / f"icons/hicolor/{size}x{size}/apps/dicom-viewer.png") == (size, size)
    assert (data / "icons/hicolor/scalable/apps/dicom-viewer.svg").is_file()
    assert "application/dicom:*.dcm" in (data / "mime" / "globs2").read_text()

    assert file_type(by_content, env) == "application/dicom"
    assert file_type(by_name, env) == "application/dicom"
    default = subprocess.run([require("xdg-mime"), "query", "default", "application/dicom"],
                             env=env, capture_output=True, text=True, check=True)
    assert default.stdout.strip() == "dicom-viewer.desktop"


def test_uninstall_removes_what_install_added(home):
    root, env = home
    require("update-mime-database")
    subprocess.run(["bash", str(INSTALL), "--exec", str(PROGRAM), "--no-default"], env=env,
                   check=True, capture_output=True)
    subprocess.run(["bash", str(INSTALL), "--uninstall"], env=env, check=True,
                   capture_output=True)
    data = root / "data"
    assert not (data / "applications" / "dicom-viewer.desktop").exists()
    assert not list(data.glob("icons/hicolor/*/apps/dicom-viewer.*"))
    assert not (data / "mime" / "packages" / "dicom-viewer.xml").exists()
    by_content, _ = dicom_like_files(root)
    assert file_type(by_content, env) != "application/dicom"


def test_install_refuses_a_missing_program(home):
    root, env = home
    done = subprocess.run(["bash", str(INSTALL), "--exec", str(root / "nowhere")], env=env,
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "no dicom-viewer program found" in done.stderr
    assert not (root / "data" / "applications" / "dicom-viewer.desktop").exists()
