"""Orthanc with its DICOMweb plugin on free loopback ports, for the DICOMweb tests.

A generated configuration (UTF-8 answers, so Japanese names come back intact; optional basic
authentication), files loaded through Orthanc's REST API, stopped at teardown. A missing Orthanc
or plugin fails the test naming the Debian package (never a skip).
"""

from __future__ import annotations

import base64
import json
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from required_tools import require  # tests/ is on pytest's pythonpath

PLUGIN = Path("/usr/share/orthanc/plugins/libOrthancDicomWeb.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class WebOrthanc:
    """A running Orthanc: its REST base, DICOMweb service root and (optional) credentials."""

    http_port: int
    process: subprocess.Popen
    workdir: Path
    users: dict = field(default_factory=dict)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def root(self) -> str:
        """The DICOMweb service root URL."""
        return f"{self.base}/dicom-web"

    def _request(self, path: str, data: bytes | None = None, method: str | None = None):
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if self.users:
            user, password = next(iter(self.users.items()))
            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        with urllib.request.urlopen(request, timeout=60) as answer:
            return json.loads(answer.read() or b"null")

    def upload(self, paths) -> None:
        """Load DICOM files through the REST API (POST /instances)."""
        for path in paths:
            self._request("/instances", Path(path).read_bytes())

    def instances(self) -> list[str]:
        return self._request("/instances")

    def clear(self) -> None:
        for patient in self._request("/patients"):
            self._request(f"/patients/{patient}", method="DELETE")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_orthanc(workdir: Path, users: dict | None = None, extra: dict | None = None) -> WebOrthanc:
    """Start Orthanc + DICOMweb in *workdir*; *users* {name: password} turns on basic auth;
    *extra* settings override the generated ones (the benchmark turns the DICOM server on)."""
    program = require("Orthanc", "orthanc")
    if not PLUGIN.exists():
        pytest.fail(f"{PLUGIN} is missing: install the Debian package 'orthanc-dicomweb' "
                    "(packaging/system-deps.sh does)", pytrace=False)
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    settings = {
        "Name": "DICOMWEB-TEST", "StorageDirectory": str(workdir / "db"),
        "IndexDirectory": str(workdir / "db"), "HttpPort": port, "DicomPort": free_port(),
        "DicomServerEnabled": False, "RemoteAccessAllowed": False,
        "AuthenticationEnabled": bool(users), "RegisteredUsers": users or {},
        "DefaultEncoding": "Utf8", "Plugins": [str(PLUGIN)],
        "DicomWeb": {"Enable": True, "Root": "/dicom-web/"},
        "HttpTimeout": 60, "ConcurrentJobs": 1, "StableAge": 1,
    } | (extra or {})
    config = workdir / "orthanc.json"
    config.write_text(json.dumps(settings), encoding="utf-8")
    log = open(workdir / "orthanc.log", "wb")
    process = subprocess.Popen([program, str(config)], stdout=log, stderr=subprocess.STDOUT,
                               cwd=workdir)
    server = WebOrthanc(port, process, workdir, dict(users or {}))
    _wait_until_up(server)
    return server


def _wait_until_up(server: WebOrthanc) -> None:
    for _ in range(300):
        if server.process.poll() is not None:
            raise RuntimeError("Orthanc exited: " +
                               (server.workdir / "orthanc.log").read_text(errors="replace")[-2000:])
        try:
            server._request("/system")
            return
        except (urllib.error.URLError, ConnectionError, OSError):
            time.sleep(0.1)
    server.stop()
    raise RuntimeError("Orthanc did not answer on its HTTP port")
