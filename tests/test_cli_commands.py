"""``dicom-viewer WORD``: a command runs, an existing file or folder opens the GUI, anything else
is a usage error listing the commands (a typo must not start the GUI, or abort it without a
display)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from viewer.cli import main

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ("export", "info", "report", "echo", "listen", "send", "query", "retrieve", "import", "list",
            "rescan", "delete", "anonymize", "export-zip", "print", "printer-status",
            "media-export")


def run_cli(*argv: str, cwd: Path) -> subprocess.CompletedProcess:
    """``python -m viewer ARGV`` in *cwd*, headless (no display, no offscreen platform)."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "viewer", *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def test_an_unknown_word_is_a_usage_error_listing_the_commands(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["TYPO"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("dicom-viewer: unknown command 'TYPO' (and no such file or folder); "
                            f"commands: {', '.join(COMMANDS)}\n")


def test_an_unknown_word_fails_before_the_gui_without_a_display(tmp_path):
    result = run_cli("TYPO", "--demo", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("dicom-viewer: unknown command 'TYPO' (and no such file or "
                                    "folder); commands: export, info, report, echo, ")
    assert "qt.qpa" not in result.stderr  # never reached Qt


@pytest.mark.parametrize("kind", ["file", "folder"])
def test_an_existing_path_goes_to_the_gui(tmp_path, kind):
    target = tmp_path / "study"
    if kind == "file":
        target = tmp_path / "image.dcm"
        target.write_bytes(b"\0" * 132 + b"DICM")
    else:
        target.mkdir()
    # --help: the GUI's own parser answers (and exits) instead of opening a window
    result = run_cli(target.name, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Start the DICOM workstation." in result.stdout
    assert "unknown command" not in result.stderr


def test_a_command_word_still_runs_the_command(tmp_path, capsys):
    assert main(["info", str(tmp_path / "missing.dcm")]) == 1
    assert capsys.readouterr().err.startswith("dicom-viewer info: ")
