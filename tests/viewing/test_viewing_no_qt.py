"""viewer.viewing stays Qt-free (also imports inside functions), like the core layers."""

import ast
from pathlib import Path

import viewer.viewing

FORBIDDEN = ("PySide6", "pyqtgraph", "viewer.ui")


def imported_modules(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module


def test_viewing_package_imports_no_qt():
    root = Path(viewer.viewing.__file__).parent
    offenders = [
        (path.name, name)
        for path in sorted(root.rglob("*.py"))
        for name in imported_modules(path)
        if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    ]
    assert offenders == []
    assert len(list(root.rglob("*.py"))) >= 9
