"""The project's own DICOM test peers and oracles, all on 127.0.0.1 (no script outside the tree).

- :mod:`peerkit.make_series`: a synthetic, valid CT series (function and ``python -m`` CLI).
- :mod:`peerkit.make_gsps`: a Grayscale Softcopy Presentation State for one image.
- :mod:`peerkit.orthanc`: a throw-away Orthanc PACS on free ports, loaded through its REST API.
- :mod:`peerkit.dcmqrscp`: a throw-away DCMTK dcmqrscp archive, loaded with dcmsend.
- :mod:`peerkit.store_scp`: a minimal pynetdicom Storage SCP process (a C-MOVE destination).
- :mod:`peerkit.oracle_render`: DCMTK (and GDCM for JPEG 2000) rendering as the image oracle.

A missing program fails the calling test naming its Debian package
(:func:`required_tools.require`); nothing here skips. The tests' folder must be on ``sys.path``
(pytest's ``pythonpath``; the benchmarks insert it themselves).

Traps these launchers handle (found with Orthanc 1.10 and DCMTK 3.6.7):
- Debian's DCMTK, inside Orthanc too, leaves Nagle on unless ``TCP_NODELAY=1`` is in the
  environment: ~40 ms per DIMSE exchange. :data:`NODELAY_ENV` is passed to every peer.
- Orthanc aborts C-FIND/C-MOVE/C-GET from an AE not in ``DicomModalities`` unless
  ``DicomAlwaysAllow*`` is true; a C-MOVE destination must be in ``DicomModalities``;
  ``RemoteAccessAllowed`` without ``AuthenticationEnabled: false`` turns on HTTP auth.
- dcmqrscp cannot (de)compress and serves each SOP class in one negotiated syntax: its archive
  is loaded uncompressed (dcmsend ``--decompress-lossless``); the called AE must match; queries
  are strictly hierarchical; move destinations are case-sensitive.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time

NODELAY_ENV = dict(os.environ, TCP_NODELAY="1")


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_busy(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def echo(aet: str, port: int) -> bool:
    """True when a C-ECHO to *aet* at 127.0.0.1:*port* succeeds (DCMTK echoscu)."""
    from required_tools import require

    result = subprocess.run([require("echoscu"), "-aet", "PROBE", "-aec", aet, "127.0.0.1",
                             str(port)], env=NODELAY_ENV, capture_output=True, timeout=30)
    return result.returncode == 0


def wait_until(ready, process: subprocess.Popen, what: str, log=None, tries: int = 600) -> None:
    """Poll *ready()* every 0.1 s while *process* runs; RuntimeError when it exits or never is."""
    for _ in range(tries):
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"{what} exited with status {process.returncode}: {tail}")
        if ready():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not become ready")


def stop_process(process: subprocess.Popen, timeout: float = 20, group: bool = False) -> None:
    """Terminate *process* (its whole process group when *group*), kill it after *timeout* s."""
    if process.poll() is None:
        try:
            if group:
                os.killpg(process.pid, 15)
            else:
                process.terminate()
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            if group:
                os.killpg(process.pid, 9)
            else:
                process.kill()
            process.wait()
        except ProcessLookupError:
            pass
    if group:  # forked children of a finished parent
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
