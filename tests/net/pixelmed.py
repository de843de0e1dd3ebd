"""PixelMed's archive (Debian pixelmed-apps) as a real peer, inside a private network namespace.

PixelMed's DicomAndWebStorageServer binds every interface and announces itself by multicast DNS,
so it runs in a network namespace of its own with only loopback up (``ip netns``; the tests run
as root), and so does our side of each test: the CLI (``python -m viewer ...``) started with
``ip netns exec``. Nothing leaves the namespace.

The archive is configured by a properties file (keys found in PixelMed's classes:
Dicom.ListeningPort, Dicom.CalledAETitle, Dicom.RemoteAEs.<name>.*, Application.*), answers
C-FIND strictly level by level (an empty parent unique key gets 0xA900) and serves C-MOVE and
C-GET. It is loaded with PixelMed's own StorageSOPClassSCU, one file per association.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from required_tools import require

JAR = "/usr/share/java/pixelmed.jar"
REPO = Path(__file__).resolve().parents[2]
ARCHIVE_AET, ARCHIVE_PORT = "PIXELMED", 11120
VIEWER_AET, VIEWER_PORT = "NSVIEWER", 11112


class Namespace:
    """A network namespace with only loopback; removed by :meth:`close`."""

    def __init__(self, name: str) -> None:
        require("ip", "iproute2")
        self.name = name
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        subprocess.run(["ip", "netns", "add", name], check=True, capture_output=True)
        self.run(["ip", "link", "set", "lo", "up"], check=True)

    def command(self, argv: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.name, *map(str, argv)]

    def run(self, argv, *, check=False, timeout=120, env=None) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(argv), capture_output=True, text=True, check=check,
                              timeout=timeout, env=env)

    def popen(self, argv, **kwargs) -> subprocess.Popen:
        return subprocess.Popen(self.command(argv), **kwargs)

    def viewer(self, *args, config: Path, timeout=120) -> subprocess.CompletedProcess:
        """``dicom-viewer ARGS`` (this checkout's) inside the namespace."""
        env = dict(os.environ, PYTHONPATH=str(REPO), DICOM_VIEWER_CONFIG=str(config))
        return self.run([sys.executable, "-m", "viewer", *args], env=env, timeout=timeout)

    def close(self) -> None:
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True)


class PixelMedArchive:
    """DicomAndWebStorageServer in *namespace*, storing under *folder*; knows our AE as a
    move destination."""

    def __init__(self, namespace: Namespace, folder: Path) -> None:
        require("java", "default-jre-headless")
        if not Path(JAR).exists():
            import pytest
            pytest.fail("PixelMed is not installed: install the Debian package 'pixelmed-apps' "
                        "(packaging/system-deps.sh does)", pytrace=False)
        self.ns, self.folder = namespace, folder
        (folder / "images").mkdir(parents=True, exist_ok=True)
        properties = folder / "server.properties"
        properties.write_text("\n".join([
            f"Dicom.ListeningPort={ARCHIVE_PORT}", f"Dicom.CalledAETitle={ARCHIVE_AET}",
            f"Dicom.CallingAETitle={ARCHIVE_AET}", "Dicom.PrimaryDeviceType=ARCHIVE",
            f"Application.SavedImagesFolderName={folder / 'images'}",
            f"Application.DatabaseFileName={folder / 'db'}",
            "WebServer.ListeningPort=7091", "Dicom.RemoteAEs=viewer",
            f"Dicom.RemoteAEs.viewer.CalledAETitle={VIEWER_AET}",
            "Dicom.RemoteAEs.viewer.HostNameOrIPAddress=127.0.0.1",
            f"Dicom.RemoteAEs.viewer.Port={VIEWER_PORT}",
            "Dicom.RemoteAEs.viewer.QueryModel=STUDYROOT",
            "Dicom.RemoteAEs.viewer.PrimaryDeviceType=WSD", ""]))
        self.log = folder / "server.log"
        self.process = namespace.popen(
            ["java", "-Djava.awt.headless=true", "-cp", JAR,
             "com.pixelmed.server.DicomAndWebStorageServer", properties],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT, cwd=folder)
        self._wait_listening()

    @property
    def node(self) -> str:
        return f"{ARCHIVE_AET}@127.0.0.1:{ARCHIVE_PORT}"

    def _wait_listening(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"PixelMed exited: {self.log.read_text()[-2000:]}")
            listening = self.ns.run(["ss", "-ltn"]).stdout
            if f":{ARCHIVE_PORT} " in listening:
                return
            time.sleep(0.3)
        raise RuntimeError(f"PixelMed did not listen within {timeout:g} s")

    def store(self, path: Path, calling_aet: str = "LOADER") -> subprocess.CompletedProcess:
        """PixelMed's StorageSOPClassSCU sends one file to the archive."""
        return self.ns.run(["java", "-cp", JAR, "com.pixelmed.network.StorageSOPClassSCU",
                            "127.0.0.1", ARCHIVE_PORT, ARCHIVE_AET, calling_aet, path])

    def stored_count(self) -> int:
        return sum(1 for p in (self.folder / "images").rglob("*") if p.is_file())

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
