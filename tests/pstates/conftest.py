"""Presentation state tests: the helper modules next to this file and the GSPS builders are
importable (pytest runs with --import-mode=importlib and only tests/ on the path)."""

import sys
from pathlib import Path

for _dir in (Path(__file__).parent, Path(__file__).parent.parent / "gsps"):
    if str(_dir) not in sys.path:
        sys.path.insert(0, str(_dir))
