"""Guard against the PySide6 6.12.0 reference leak on Python 3.11.

Those wheels drop a reference to None on every void call and to True on every Signal.emit; a
pyqtgraph view then aborts the interpreter after about a thousand paints. We pin 6.11.3; this test
fails if a wheel with the bug slips in.
"""

import sys

from PySide6 import QtCore


def test_void_calls_keep_none_refcount():
    point = QtCore.QPointF()
    point.setX(0.0)  # warm up any lazily created wrappers
    before = sys.getrefcount(None)
    for _ in range(100):
        point.setX(1.0)
    assert sys.getrefcount(None) >= before - 5


class _Emitter(QtCore.QObject):
    fired = QtCore.Signal(bool)


def test_signal_emit_keeps_true_refcount(qapp):
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    emitter.fired.emit(True)
    before = sys.getrefcount(True)
    for _ in range(100):
        emitter.fired.emit(True)
    assert len(received) == 101
    assert sys.getrefcount(True) >= before - 5


def test_pinned_pyside_version():
    import PySide6

    assert not PySide6.__version__.startswith("6.12.0"), "PySide6 6.12.0 leaks references"
