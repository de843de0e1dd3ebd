"""GSPS tests: make the helper module next to this file importable
(pytest runs with --import-mode=importlib and only tests/ on the path)."""

import sys
from pathlib import Path

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
