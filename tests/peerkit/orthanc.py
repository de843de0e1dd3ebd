"""A throw-away Orthanc PACS on free loopback ports: C-ECHO/C-FIND/C-MOVE/C-GET/C-STORE peer.

    with orthanc.start(folder, viewer_aet="QRVIEWER", viewer_port=port) as pacs:
        ... pacs.aet, pacs.port (DICOM), pacs.http_port, pacs.rest("/statistics") ...

Files are loaded through the REST API, which keeps them byte for byte (a C-STORE would rewrite
the file meta). The generated configuration (see :func:`configuration`):
- ``DicomAlwaysAllowFind/Move/Get`` true: Orthanc 1.10 otherwise *aborts* C-FIND/C-MOVE from a
  calling AE that is not in ``DicomModalities``; the called AE is not checked.
- ``DicomModalities``: ``viewer`` (*viewer_aet* on 127.0.0.1:*viewer_port*) and *modalities*;
  a C-MOVE destination must be listed (else 0xC000). Matching is case-insensitive.
- ``RemoteAccessAllowed`` false with ``AuthenticationEnabled`` false (true without the latter
  silently turns HTTP auth on); Orthanc 1.10 cannot bind to loopback only, but refuses REST
  calls from other hosts; only 127.0.0.1 is used. ``Plugins: []``, no job saving.
- *overrides* are merged over it, e.g. ``{"DefaultEncoding": "Utf8"}`` so that C-FIND answers
  keep Japanese names (Latin-1, the default, turns them into '?').
Orthanc runs with ``TCP_NODELAY=1`` (its DCMTK keeps Nagle on otherwise) and takes ~3 s to stop.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from peerkit import NODELAY_ENV, echo, free_port, port_busy, stop_process, wait_until
from required_tools import require


@dataclass
class Orthanc:
    process: subprocess.Popen
    workdir: Path
    aet: str
    port: int  # DICOM
    http_port: int
    loaded: int = 0
    rejected: list = field(default_factory=list)  # files Orthanc refused

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def node(self) -> str:
        return f"{self.aet}@127.0.0.1:{self.port}"

    def rest(self, path: str, data: bytes | None = None, method: str | None = None):
        """The decoded JSON answer of a REST call (raw bytes when it is not JSON)."""
        request = urllib.request.Request(self.url + path, data=data, method=method)
        with urllib.request.urlopen(request, timeout=60) as answer:
            body = answer.read()
        try:
            return json.loads(body)
        except ValueError:
            return body

    def load(self, *paths) -> int:
        """POST every file under *paths* (DICOMDIR aside); the number Orthanc accepted."""
        files = []
        for path in map(Path, paths):
            found = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
            files += sorted(p for p in found if p.name != "DICOMDIR")
        accepted = 0
        for path in files:
            try:
                self.rest("/instances", path.read_bytes(), "POST")
                accepted += 1
            except urllib.error.HTTPError:
                self.rejected.append(path)
        self.loaded += accepted
        return accepted

    def register_destination(self, aet: str, port: int, name: str = "viewer") -> None:
        """Make *aet* on 127.0.0.1:*port* the modality *name* (a C-MOVE destination)."""
        body = json.dumps({"AET": aet, "Host": "127.0.0.1", "Port": port}).encode()
        self.rest(f"/modalities/{name}", body, "PUT")

    def stop(self) -> None:
        stop_process(self.process, timeout=20)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Orthanc:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def configuration(workdir: Path, aet: str, port: int, http_port: int,
                  modalities: dict[str, tuple[str, int]], overrides: dict | None) -> dict:
    """Orthanc's JSON configuration (see the module text)."""
    storage = str(workdir / "storage")
    config = {
        "Name": aet, "StorageDirectory": storage, "IndexDirectory": storage,
        "StorageCompression": False, "Plugins": [], "SaveJobs": False,
        "HttpServerEnabled": True, "HttpPort": http_port,
        "RemoteAccessAllowed": False, "AuthenticationEnabled": False,
        "DicomServerEnabled": True, "DicomAet": aet, "DicomPort": port,
        "DicomCheckCalledAet": False, "DicomCheckModalityHost": False,
        "StrictAetComparison": False, "DicomAlwaysAllowEcho": True,
        "DicomAlwaysAllowStore": True, "DicomAlwaysAllowFind": True,
        "DicomAlwaysAllowFindWorklist": True, "DicomAlwaysAllowGet": True,
        "DicomAlwaysAllowMove": True, "UnknownSopClassAccepted": True, "DicomScuTimeout": 10,
        "SynchronousCMove": True, "LimitFindResults": 0, "LimitFindInstances": 0,
        "DicomModalities": {name: {"AET": called, "Host": "127.0.0.1", "Port": at}
                            for name, (called, at) in modalities.items()},
    }
    config.update(overrides or {})
    return config


def _answers_rest(http_port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/system", timeout=5):
            return True
    except OSError:
        return False


def start(*data, aet: str = "ORTHANC", viewer_aet: str = "VIEWER", viewer_port: int | None = None,
          modalities: dict[str, int] | None = None, overrides: dict | None = None) -> Orthanc:
    """Orthanc on free ports with the files under *data* loaded; *modalities*: more C-MOVE
    destinations as ``{AET: port}`` on 127.0.0.1. RuntimeError when it does not come up."""
    program = require("Orthanc")
    require("echoscu")
    port, http_port = free_port(), free_port()
    for busy in (p for p in (port, http_port) if port_busy(p)):
        raise RuntimeError(f"port {busy} on 127.0.0.1 is already in use")
    workdir = Path(tempfile.mkdtemp(prefix="orthanc-peer-"))
    (workdir / "storage").mkdir()
    listed = {"viewer": (viewer_aet, viewer_port or free_port())}
    listed.update({called: (called, at) for called, at in (modalities or {}).items()})
    config = workdir / "orthanc.json"
    config.write_text(json.dumps(configuration(workdir, aet, port, http_port, listed, overrides),
                                 indent=1))
    log = workdir / "orthanc.log"
    with open(log, "wb") as out:
        process = subprocess.Popen([program, str(config)], stdin=subprocess.DEVNULL, stdout=out,
                                   stderr=subprocess.STDOUT, env=NODELAY_ENV)
    pacs = Orthanc(process, workdir, aet, port, http_port)
    try:
        wait_until(lambda: _answers_rest(http_port) and echo(aet, port), process, "Orthanc", log)
        pacs.load(*data)
    except BaseException:
        pacs.stop()
        raise
    return pacs
