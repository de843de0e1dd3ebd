"""DCMTK ``dcmprscp`` as the print SCP of the print tests: started per test on a free port.

dcmprscp reads its printer from a ``dcmpstat.cfg``-format file; folders in it are relative to
the working directory, and the database folder (``db``) must exist before it starts. It serves
one association at a time and renders nothing: on print it writes a Stored Print object
(``SP_*.dcm``) and one Hardcopy Grayscale image (``HG_*.dcm``) per image box into ``db``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from required_tools import require

PRINTER_AET = "DCMPRSCP"
DISPLAY_FORMATS = "1,1\\1,2\\2,1\\2,2\\2,3\\3,3\\3,4\\4,4\\4,5"
FILM_SIZES = "8INX10IN\\10INX12IN\\10INX14IN\\11INX14IN\\14INX14IN\\14INX17IN\\24CMX24CM\\24CMX30CM"

CONFIG = """[[GENERAL]]
[DATABASE]
Directory = db
[PRINT]
Directory = spool
[LUT]
Directory = lut
[[COMMUNICATION]]
[{aet}]
Aetitle = {aet}
Description = test printer
Hostname = localhost
Port = {port}
Type = LOCALPRINTER
BorderDensity = 150\\20\\BLACK\\WHITE
DisplayFormat = {formats}
EmptyImageDensity = 20\\BLACK\\WHITE
FilmDestination = MAGAZINE\\PROCESSOR
FilmSizeID = {sizes}
ImplicitOnly = false
DisableNewVRs = false
MagnificationType = REPLICATE\\BILINEAR\\CUBIC\\NONE
MaxDensity = 320
MinDensity = 20
MaxPDU = 32768
MediumType = PAPER\\CLEAR FILM\\BLUE FILM
OmitSOPClassUIDFromCreateResponse = false
PresentationLUTMatchRequired = false
PresentationLUTinFilmSession = false
ResolutionID = STANDARD\\HIGH
SmoothingType = NONE
Supports12Bit = true
SupportsDecimateCrop = false
SupportsImageSize = false
SupportsPresentationLUT = true
SupportsTrim = true
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class PrintSCP:
    port: int
    workdir: Path
    process: subprocess.Popen
    aet: str = PRINTER_AET

    @property
    def db(self) -> Path:
        return self.workdir / "db"

    def stored(self, prefix: str) -> list[Path]:
        """The files dcmprscp wrote into its database, SP_ (Stored Print) or HG_ (images)."""
        return sorted(self.db.glob(f"{prefix}_*.dcm"))

    def log(self) -> str:
        return (self.workdir / "dcmprscp.log").read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def start_print_scp(workdir: Path) -> PrintSCP:
    """dcmprscp listening on 127.0.0.1 (a free port), its database under *workdir*/db."""
    program = require("dcmprscp")
    port = free_port()
    for folder in ("db", "spool", "lut"):
        (workdir / folder).mkdir(parents=True, exist_ok=True)
    config = workdir / "dcmpstat.cfg"
    config.write_text(CONFIG.format(aet=PRINTER_AET, port=port, formats=DISPLAY_FORMATS,
                                    sizes=FILM_SIZES))
    log = open(workdir / "dcmprscp.log", "wb")
    process = subprocess.Popen([program, "-c", str(config), "-p", PRINTER_AET], cwd=workdir,
                               stdout=log, stderr=subprocess.STDOUT,
                               env=dict(os.environ, TCP_NODELAY="1"))
    log.close()
    scp = PrintSCP(port, workdir, process)
    for _ in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"dcmprscp exited with {process.returncode}: {scp.log()}")
        if _listening(port):
            return scp
        time.sleep(0.05)
    scp.stop()
    raise RuntimeError(f"dcmprscp did not listen on port {port}: {scp.log()}")


REFERENCE_CONFIG = """[[GENERAL]]
[DATABASE]
Directory = refdb
[PRINT]
Directory = spool
Spooler = dcmprscu
[LUT]
Directory = lut
[[COMMUNICATION]]
[TESTPRN]
Aetitle = {aet}
Description = the dcmprscp under test
Hostname = 127.0.0.1
Port = {port}
Type = PRINTER
DisplayFormat = 1,1
FilmSizeID = 14INX17IN
MediumType = BLUE FILM
MagnificationType = REPLICATE
Supports12Bit = true
SupportsPresentationLUT = false
ImplicitOnly = false
DisableNewVRs = false
MaxPDU = 32768
"""


def reference_print(scp: PrintSCP, workdir: Path, source: Path) -> None:
    """Print *source* on *scp* with DCMTK's own print SCU: ``dcmpsprt`` renders it into a
    Stored Print and a 12-bit Hardcopy Grayscale image (its own database), ``dcmprscu`` sends
    that job to the printer."""
    for folder in ("refdb", "spool", "lut"):
        (workdir / folder).mkdir(parents=True, exist_ok=True)
    config = workdir / "reference.cfg"
    config.write_text(REFERENCE_CONFIG.format(aet=scp.aet, port=scp.port))
    _run([require("dcmpsprt"), "-c", str(config), "-p", "TESTPRN", str(source)], workdir)
    jobs = sorted((workdir / "refdb").glob("SP_*.dcm"))
    if not jobs:
        raise RuntimeError("dcmpsprt wrote no Stored Print object")
    _run([require("dcmprscu"), "-c", str(config), "-p", "TESTPRN", *map(str, jobs)], workdir)


def _run(command: list[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, env=dict(os.environ, TCP_NODELAY="1"),
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {result.stdout}{result.stderr}")
