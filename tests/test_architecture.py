"""The layering rule: viewer.cli > ui > viewing | export | config | share > net > store >
pipeline > dicom.

A module imports only its own unit and lower layers (units in one layer never import each other),
and nothing below viewer.ui imports Qt or pyqtgraph. Two independent checks: import-linter's
contracts in pyproject.toml, and a source scan that also catches imports hidden inside functions.
"""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# highest first; the units of one layer are independent siblings
LAYERS = (("cli",), ("ui",), ("viewing", "export", "config", "share"), ("net",), ("store",),
          ("pipeline",), ("dicom", "about", "resources"))
RANK = {unit: len(LAYERS) - i for i, layer in enumerate(LAYERS) for unit in layer}
QT_FREE = tuple(unit for unit, rank in RANK.items() if rank < RANK["ui"])
QT = ("PySide6", "pyqtgraph", "shiboken6")


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                # the package of viewer/dicom/loader.py and viewer/dicom/__init__.py: viewer.dicom
                base = list(path.relative_to(ROOT).parts[:-1])
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([module] if module else []))
            if module == "viewer":  # from viewer import config -> viewer.config
                yield from (f"viewer.{alias.name}" for alias in node.names)
            else:
                yield module


def _unit(module: str) -> str | None:
    """``viewer.net.scp`` -> ``net``; None outside the layered units (viewer itself, Qt, ...)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "viewer" and parts[1] in RANK else None


def _unit_sources(unit: str) -> list[Path]:
    package = ROOT / "viewer" / unit
    return sorted(package.rglob("*.py")) if package.is_dir() else [package.with_suffix(".py")]


def _layer_offences(unit: str, where: str, name: str) -> list[str]:
    target = _unit(name)
    if target is not None and target != unit and RANK[target] >= RANK[unit]:
        return [f"{where} ({unit}) imports {name} ({target})"]
    if unit in QT_FREE and any(name == q or name.startswith(q + ".") for q in QT):
        return [f"{where} ({unit}) imports {name}"]
    return []


def test_every_unit_is_in_a_layer():
    units = {p.stem if p.is_file() else p.name for p in (ROOT / "viewer").iterdir()
             if p.name not in ("__init__.py", "__main__.py", "__pycache__")
             and (p.suffix == ".py" or (p / "__init__.py").exists())}
    assert units == set(RANK)


@pytest.mark.parametrize("unit", sorted(RANK))
def test_unit_imports_only_lower_layers(unit):
    offenders = [offence for path in _unit_sources(unit) for name in _imported_modules(path)
                 for offence in _layer_offences(unit, str(path.relative_to(ROOT)), name)]
    assert offenders == []


@pytest.mark.parametrize("source, unit, expected", [
    ("def f():\n    from PySide6 import QtCore\n", "store", 1),
    ("def f():\n    from viewer.ui.app import run\n", "viewing", 1),
    ("from viewer import config\n", "net", 1),  # config sits above net
    ("from viewer.export import png_bytes\n", "viewing", 1),  # siblings are independent
    ("from viewer.store.layout import write_atomically\n", "config", 0),
    ("from PySide6 import QtCore\n", "ui", 0),
])
def test_scan_detects_a_forbidden_import(tmp_path, source, unit, expected):
    bad = tmp_path / "bad.py"
    bad.write_text(source)
    found = [o for name in _imported_modules(bad) for o in _layer_offences(unit, "bad.py", name)]
    assert len(found) == expected, found


def test_relative_imports_resolve_to_their_package():
    names = set(_imported_modules(ROOT / "viewer" / "dicom" / "loader.py"))
    assert "viewer.dicom.errors" in names


def test_import_linter_contract_holds():
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is not installed (pip install -e .[test])"
    result = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
