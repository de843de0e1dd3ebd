"""The frozen one-folder application (packaging/build.sh), built once per session into a
temporary folder and run like an installed program: no PYTHONPATH, a working directory outside
the repository, PATH without the venv, a fresh HOME. It must report its components' versions,
list every command, read and export images in the compressed syntaxes that need the pylibjpeg
plugins (found through entry points, so their metadata must be bundled) and video with PyAV,
with exactly the venv's pixels, receive over its Storage SCP, and start its window offscreen.

The build takes about a minute on two cores (PyInstaller's analysis and copying ~240 MB)."""

import json
import os
import re
import signal
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import numpy as np
import pydicom
import pytest
from PySide6.QtCore import qVersion
from pydicom.data import get_testdata_file

from imagefiles import read_png_with_qt
from viewer import __version__, about
from viewer.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "packaging" / "build.sh"


@pytest.fixture(scope="session")
def frozen(tmp_path_factory) -> Path:
    """The built program; the build's output is in the failure message if it fails."""
    out = tmp_path_factory.mktemp("frozen")
    done = subprocess.run(
        ["bash", str(BUILD), "--dist", str(out / "dist"), "--work", str(out / "work")],
        env=dict(os.environ, PYTHON=sys.executable), capture_output=True, text=True)
    assert done.returncode == 0, (done.stdout + done.stderr)[-6000:]
    program = out / "dist" / "dicom-viewer" / "dicom-viewer"
    assert program.is_file() and os.access(program, os.X_OK)
    return program


@pytest.fixture
def run(frozen, tmp_path):
    """``run(*args, **env)`` the frozen program with a minimal environment, cwd a temp dir."""
    home = tmp_path / "home"
    (home / "cwd").mkdir(parents=True)

    def environment(extra) -> dict:
        return {"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                **extra}

    def start(*args, **extra) -> subprocess.Popen:
        return subprocess.Popen([str(frozen), *map(str, args)], cwd=home / "cwd",
                                env=environment(extra), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run_(*args, **extra) -> subprocess.CompletedProcess:
        return subprocess.run([str(frozen), *map(str, args)], cwd=home / "cwd",
                              env=environment(extra), capture_output=True, text=True,
                              timeout=300)

    run_.start = start
    return run_


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_version_lists_the_bundled_components(run):
    done = run("--version")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"dicom-viewer {__version__}"
    listed = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines[1:])
    assert listed["Qt"] == qVersion()
    assert listed["Python"] == ".".join(map(str, sys.version_info[:3]))
    for component in about.COMPONENTS:  # each dist-info travelled with its package
        if component.distribution:
            assert listed[component.name] == version(component.distribution), component.name
    assert listed["OpenJPEG"] != about.NOT_INSTALLED
    assert listed["littleCMS"] != about.NOT_INSTALLED


def test_help_lists_every_command(run):
    done = run("--help")
    assert done.returncode == 0, done.stderr
    listed = set(re.findall(r"^ {4}([\w-]+)(?: |$)", done.stdout, re.MULTILINE))
    assert listed == set(build_parser().command_names)


def test_info_reads_a_file_like_the_venv(run, capsys):
    path = get_testdata_file("CT_small.dcm")
    done = run("info", path)
    assert done.returncode == 0, done.stderr
    assert main(["info", path]) == 0
    assert done.stdout == capsys.readouterr().out
    assert "CT" in done.stdout


@pytest.mark.parametrize("name", [
    "MR_small_jp2klossless.dcm",  # JPEG 2000: pylibjpeg-openjpeg
    "MR_small_jpeg_ls_lossless.dcm",  # JPEG-LS: pylibjpeg-libjpeg
    "SC_rgb_jpeg_dcmtk.dcm",  # JPEG baseline: pylibjpeg-libjpeg
    "MR_small_RLE.dcm",  # RLE Lossless
])
def test_export_decodes_compressed_syntaxes_with_the_venvs_pixels(run, tmp_path, name):
    source = get_testdata_file(name)
    frozen_png, venv_png = tmp_path / "frozen.png", tmp_path / "venv.png"
    done = run("export", source, "-o", frozen_png)
    assert done.returncode == 0, done.stderr
    assert main(["export", source, "-o", str(venv_png)]) == 0
    ours = read_png_with_qt(frozen_png)
    assert ours.shape[:2] == (pydicom.dcmread(source).Rows, pydicom.dcmread(source).Columns)
    assert np.array_equal(ours, read_png_with_qt(venv_png))
    assert ours.std() > 0  # an image, not a blank


def test_export_decodes_video_with_the_bundled_pyav(run, tmp_path):
    """PyAV and its FFmpeg libraries travel with the build: an H.264 frame like the venv's."""
    sys.path.insert(0, str(ROOT / "tests" / "dicom"))
    from video_builders import FRAMES, video_file

    source = video_file(tmp_path / "h264.dcm", "h264")
    frozen_png, venv_png = tmp_path / "frozen.png", tmp_path / "venv.png"
    done = run("export", source, "-o", frozen_png, "--frame", FRAMES)
    assert done.returncode == 0, done.stderr
    assert main(["export", str(source), "-o", str(venv_png), "--frame", str(FRAMES)]) == 0
    ours = read_png_with_qt(frozen_png)
    assert ours.shape[:2] == (480, 720) and ours.std() > 0
    assert np.array_equal(ours, read_png_with_qt(venv_png))


def test_export_applies_an_icc_profile_with_the_bundled_littlecms(run, tmp_path):
    """Pillow's ImageCms travels with the build: a Color presentation state's ICC profile gives
    the venv's pixels."""
    sys.path[:0] = [str(ROOT / "tests" / "pstates"), str(ROOT / "tests" / "gsps")]
    from gsps_builders import save
    from icc_profiles import rgb_profile
    from ps_builders import COLOR, make_rgb_image, make_state

    pixels = np.random.default_rng(2).integers(0, 256, (16, 24, 3), dtype=np.uint8)
    image = make_rgb_image(pixels)
    source, ps = save(image, tmp_path / "rgb.dcm"), tmp_path / "ps.dcm"
    save(make_state(COLOR, image, profile=rgb_profile(1.0)), ps)
    frozen_png, venv_png = tmp_path / "frozen.png", tmp_path / "venv.png"
    done = run("export", source, "--pr", ps, "-o", frozen_png)
    assert done.returncode == 0, done.stderr
    assert main(["export", str(source), "--pr", str(ps), "-o", str(venv_png)]) == 0
    ours = read_png_with_qt(frozen_png)
    assert np.array_equal(ours, read_png_with_qt(venv_png))
    assert not np.array_equal(ours, pixels)  # the profile changed them


def test_storage_scp_receives_what_send_sends(run, tmp_path):
    port, store = free_port(), tmp_path / "store"
    listener = run.start("listen", "--aet", "FROZEN", "--port", port, "--store", store,
                         "--bind", "127.0.0.1")
    try:
        first = listener.stdout.readline()
        assert first.startswith("listening as FROZEN"), first + listener.stderr.read()
        source = get_testdata_file("CT_small.dcm")
        sent = run("send", f"FROZEN@127.0.0.1:{port}", source)
        assert sent.returncode == 0, sent.stderr
        assert "1 of 1 files sent" in sent.stdout
    finally:
        listener.send_signal(signal.SIGTERM)
        out, err = listener.communicate(timeout=60)
    assert listener.returncode == 0, err
    ds = pydicom.dcmread(source)
    assert len(list(store.rglob(f"{ds.SOPInstanceUID}.dcm"))) == 1
    listed = run("list", "--store", store, "--json")  # the frozen sqlite3 reads the index
    assert listed.returncode == 0, listed.stderr
    (study,) = json.loads(listed.stdout)
    assert (study["study_uid"], study["number_of_instances"]) == (ds.StudyInstanceUID, 1)


def test_gui_starts_offscreen_with_its_services_and_translations(run, tmp_path):
    port = free_port()
    done = run("--check", QT_QPA_PLATFORM="offscreen", LANG="ja_JP.UTF-8",
               DICOM_VIEWER_PORT=str(port), DICOM_VIEWER_STORE=str(tmp_path / "store"))
    assert done.returncode == 0, done.stdout + done.stderr
    line = done.stdout.strip().splitlines()[-1]
    assert line.startswith("check: main window shown (")
    assert "archive ready" in line and f"Storage SCP listening as DICOMVIEWER@{port}" in line
    loaded = line.rsplit("translations: ", 1)[1].split(", ")
    assert "qtbase_ja.qm" in loaded  # Qt's own, through the bundle's QLibraryInfo path
    if (ROOT / "resources" / "translations" / "dicom_viewer_ja.ts").exists():
        assert "dicom_viewer_ja.qm" in loaded  # compiled by build.sh and found frozen


def test_build_bundles_resources_and_leaves_test_data_out(frozen):
    bundle = frozen.parent / "_internal"
    translations = {p.stem for p in (ROOT / "resources" / "translations").glob("*.[tq][sm]")}
    assert translations <= {p.stem for p in (bundle / "resources" / "translations").glob("*.qm")}
    assert (bundle / "resources" / "icons" / "dicom-viewer-256.png").is_file()
    assert (bundle / "resources" / "LICENSES.md").is_file()
    for plugin in ("pylibjpeg_libjpeg", "pylibjpeg_openjpeg", "pylibjpeg_rle"):
        assert list(bundle.glob(f"{plugin}-*.dist-info/entry_points.txt")), plugin
    # the PDF renderer: PDFium's library and the version files pypdfium2 reads on import
    for part in ("pypdfium2_raw/libpdfium.so", "pypdfium2_raw/version.json",
                 "pypdfium2/version.json"):
        assert (bundle / part).is_file(), part
    assert not list(bundle.glob("pydicom_data*")) and not (bundle / "data_store").exists()
    assert (frozen.parent / "desktop" / "install-desktop.sh").is_file()
