"""viewer.store tests: make store_helpers importable (pytest runs with only tests/ on the path)."""

import sys
from pathlib import Path

import pytest

_HERE = str(Path(__file__).parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

from store_helpers import make_series  # noqa: E402

from viewer.store import Archive  # noqa: E402


@pytest.fixture(scope="session")
def ct_series(tmp_path_factory) -> list[Path]:
    """Two synthetic CT studies (patients SYN0001, SYN0002) of 6 slices each, 16x16."""
    return make_series(tmp_path_factory.mktemp("ct"), 6, studies=2)


@pytest.fixture
def archive(tmp_path):
    store = Archive.open(tmp_path / "store", max_latency=0.01)
    yield store
    store.close()
