"""``dicom-viewer --version`` and the licence list behind Help > About (viewer.about): the
versions are those installed, and every licence we state matches the package's own metadata
and resources/LICENSES.md."""

import re
import subprocess
import sys
from importlib.metadata import metadata, version

import pytest
from PySide6.QtCore import qVersion

from viewer import __version__, about
from viewer.cli import main
from viewer.resources import resources_folder

# How each SPDX licence we state is spelled in a package's metadata.
METADATA_SPELLINGS = {
    "MIT": ("MIT",),
    "BSD-3-Clause": ("BSD-3-Clause",),
    "LGPL-3.0-only": ("LGPL-3.0-only",),
    "GPL-3.0": ("GPL V3", "GPLv3"),
    "MIT-CMU": ("MIT-CMU",),
}


def metadata_licence(distribution: str) -> str:
    m = metadata(distribution)
    classifiers = [c for c in m.get_all("Classifier") or [] if c.startswith("License ::")]
    return " | ".join(filter(None, [m.get("License-Expression"), m.get("License"), *classifiers]))


@pytest.mark.parametrize("component", [c for c in about.COMPONENTS if c.distribution],
                         ids=lambda c: c.name)
def test_stated_licence_matches_the_package_metadata(component):
    found = metadata_licence(component.distribution)
    assert any(s in found for s in METADATA_SPELLINGS[component.licence]), found


def test_licences_file_lists_every_component_with_its_licence():
    text = (resources_folder() / "LICENSES.md").read_text()
    for component in about.COMPONENTS:
        row = next((line for line in text.splitlines()
                    if line.startswith("| ") and component.name in line.split("|")[1]), None)
        assert row is not None, component.name
        assert component.licence in row, row


def test_version_lists_the_installed_versions(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == f"dicom-viewer {__version__}"
    listed = dict(re.split(r"\s{2,}", line.strip(), maxsplit=1) for line in lines[1:])
    assert listed["Python"] == ".".join(map(str, sys.version_info[:3]))
    assert listed["Qt"] == qVersion()
    for component in about.COMPONENTS:
        if component.distribution:
            assert listed[component.name] == version(component.distribution)
    assert re.fullmatch(r"\d+\.\d+\.\d+", listed["OpenJPEG"])


def test_version_is_not_taken_for_a_gui_start():
    # through the console script's code path, in a fresh interpreter, without a display
    done = subprocess.run([sys.executable, "-m", "viewer", "--version"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"dicom-viewer {__version__}\n")
    assert "pylibjpeg-libjpeg" in done.stdout


def test_the_ffmpeg_in_pyavs_wheel_is_the_licence_we_state():
    """FFmpeg has no distribution metadata: its libraries report their own licence."""
    from av._core import library_meta, library_versions

    [ffmpeg] = [c for c in about.COMPONENTS if c.name == "FFmpeg"]
    assert ffmpeg.licence == "LGPL-3.0-or-later"
    assert set(library_meta) == set(library_versions) >= {"libavcodec", "libavformat"}
    assert {meta["license"] for meta in library_meta.values()} == {"LGPL version 3 or later"}
    assert about.component_version(ffmpeg) not in ("", about.NOT_INSTALLED)
