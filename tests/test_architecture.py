"""The layering rule: viewer.dicom, .pipeline, .net and .store never import Qt or the UI.

Two independent checks: import-linter's contract in pyproject.toml, and a source scan that also
catches imports hidden inside functions.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORE_LAYERS = ("dicom", "pipeline", "net", "store", "viewing")
FORBIDDEN = ("PySide6", "pyqtgraph", "viewer.ui", "shiboken6")


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def _forbidden(name: str) -> bool:
    return any(name == f or name.startswith(f + ".") for f in FORBIDDEN)


@pytest.mark.parametrize("layer", CORE_LAYERS)
def test_core_layer_source_never_imports_qt(layer):
    offenders = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / "viewer" / layer).rglob("*.py"))
        for name in _imported_modules(path)
        if _forbidden(name)
    ]
    assert offenders == []


def test_scan_detects_a_forbidden_import(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n")
    assert any(_forbidden(n) for n in _imported_modules(bad))


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.fail("import-linter is not installed: pip install import-linter (a test "
                    "dependency in pyproject.toml)", pytrace=False)
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
