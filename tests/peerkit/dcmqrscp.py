"""A throw-away DCMTK dcmqrscp archive (C-ECHO/C-FIND/C-MOVE/C-GET/C-STORE) on a free port.

    with dcmqrscp.start(folder, viewer_aet="QRVIEWER", viewer_port=port) as archive:
        ... archive.aet, archive.port, archive.loaded ...

dcmqrscp 3.6.7 serves each SOP class in the first accepted presentation context whatever the
file's syntax and cannot (de)compress, so the archive is kept uncompressed: files are sent with
``dcmsend --decompress-lossless`` (lossy JPEG and JPEG 2000 files are refused and counted in
``rejected``). Its rules, unlike Orthanc's: the called AE must equal *aet* (else the
association is rejected); queries are strictly hierarchical (SERIES/IMAGE level without the
higher unique keys -> 0xC000); move destinations are case-sensitive (unknown -> 0xA801);
PN matching is case-sensitive. Limits: 500 studies, 1 GB per study (then the oldest study goes).
It forks one child per association, so it runs in its own process group, stopped as a whole.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from peerkit import NODELAY_ENV, echo, free_port, port_busy, stop_process, wait_until
from required_tools import require


@dataclass
class Dcmqrscp:
    process: subprocess.Popen
    workdir: Path
    aet: str
    port: int
    loaded: int = 0
    rejected: int = 0

    @property
    def node(self) -> str:
        return f"{self.aet}@127.0.0.1:{self.port}"

    def load(self, *paths) -> int:
        """dcmsend every file under *paths*; the number stored (see the module text)."""
        if not paths:
            return 0
        result = subprocess.run(
            [require("dcmsend"), "-v", "-aet", "LOADER", "-aec", self.aet, "--scan-directories",
             "--recurse", "--no-halt", "--decompress-lossless", "127.0.0.1", str(self.port),
             *map(str, paths)], env=NODELAY_ENV, capture_output=True, text=True, timeout=900)
        report = result.stdout + result.stderr
        (self.workdir / "load.log").write_text(report)
        sent = re.findall(r"with status SUCCESS *: *(\d+)", report)
        total = re.findall(r"Number of SOP instances *: *(\d+)", report)
        stored = int(sent[-1]) if sent else 0
        self.loaded += stored
        self.rejected += (int(total[-1]) if total else 0) - stored
        return stored

    def stop(self) -> None:
        stop_process(self.process, timeout=10, group=True)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Dcmqrscp:
        return self

    def __exit__(self, *_exc) -> None:
        self.stop()


def configuration(workdir: Path, aet: str, port: int, hosts: dict[str, tuple[str, int]]) -> str:
    """dcmqrscp.cfg: *hosts* maps a name to (AET, port) on 127.0.0.1 (move destinations).
    No UserName/GroupName lines: it keeps running as the caller."""
    lines = [f"NetworkTCPPort  = {port}", "MaxPDUSize      = 65536", "MaxAssociations = 32",
             "HostTable BEGIN"]
    lines += [f"{name} = ({called}, 127.0.0.1, {at})" for name, (called, at) in hosts.items()]
    lines += ["HostTable END", "VendorTable BEGIN", "VendorTable END", "AETable BEGIN",
              # AE  storage area  access  (max studies, max bytes per study)  peers
              f"{aet}  {workdir / 'db'}  RW  (500, 1024mb)  ANY", "AETable END"]
    return "\n".join(lines) + "\n"


def start(*data, aet: str = "DCMQRSCP", viewer_aet: str = "VIEWER", viewer_port: int | None = None,
          modalities: dict[str, int] | None = None) -> Dcmqrscp:
    """dcmqrscp on a free port with the files under *data* loaded; *modalities*: more C-MOVE
    destinations as ``{AET: port}`` on 127.0.0.1. RuntimeError when it does not come up."""
    program = require("dcmqrscp")
    require("echoscu")
    port = free_port()
    if port_busy(port):
        raise RuntimeError(f"port {port} on 127.0.0.1 is already in use")
    workdir = Path(tempfile.mkdtemp(prefix="dcmqrscp-peer-"))
    (workdir / "db").mkdir()
    hosts = {"viewer": (viewer_aet, viewer_port or free_port())}
    hosts.update({called: (called, at) for called, at in (modalities or {}).items()})
    config = workdir / "dcmqrscp.cfg"
    config.write_text(configuration(workdir, aet, port, hosts))
    log = workdir / "dcmqrscp.log"
    with open(log, "wb") as out:  # -dhl: no reverse DNS look-ups of peers
        process = subprocess.Popen([program, "-dhl", "-c", str(config)], stdin=subprocess.DEVNULL,
                                   stdout=out, stderr=subprocess.STDOUT, env=NODELAY_ENV,
                                   start_new_session=True)
    archive = Dcmqrscp(process, workdir, aet, port)
    try:
        wait_until(lambda: echo(aet, port), process, "dcmqrscp", log)
        archive.load(*data)
    except BaseException:
        archive.stop()
        raise
    return archive
