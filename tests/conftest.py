"""Test-wide settings: Qt runs offscreen, nothing downloads test data."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
