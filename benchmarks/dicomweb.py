#!/usr/bin/env python3
"""WADO-RS benchmark: our streamed retrieve against a bare download and against our C-MOVE.

A CT study (make-series.py, 512x512; 500 instances, 256 MB by default) is loaded into a
throw-away Orthanc with its DICOMweb plugin and its DICOM server on. Alternating, median of
--runs, each into an empty folder:

- curl: the same WADO-RS request (``Accept: multipart/related; type="application/dicom";
  transfer-syntax=*``) streamed to /dev/null - the floor: Orthanc's work plus the transfer;
- curl>file: the same, written to one file in a folder beside the store (what writing the
  bytes to disk adds, without a file per instance);
- ours: ``viewer.net.nodes.retrieve`` on the DICOMweb node: parsed part by part and every
  instance filed into a store folder (as the CLI and GUI do; not indexed);
- C-MOVE: ``viewer.net.move.move`` of the same study into the viewer's Storage SCP in this
  process (benchmarks/retrieve.py's set-up).

Targets (issue 13): ours <= 1.3x curl, and ours <= our C-MOVE.

    .venv/bin/python benchmarks/dicomweb.py [--instances 500] [--runs 3] [--only ours]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pydicom

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "net")]

from dicomweb_orthanc import start_orthanc  # noqa: E402
from peerkit.make_series import make_series  # noqa: E402

from viewer.net.common import Node  # noqa: E402
from viewer.net.dicomweb.node import WebNode  # noqa: E402
from viewer.net.dicomweb.wado import ANY_SYNTAX  # noqa: E402
from viewer.net.move import move  # noqa: E402
from viewer.net.nodes import retrieve  # noqa: E402
from viewer.net.scp import StorageSCP  # noqa: E402

OUR_AET = "WEBBENCH"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def instances(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.dcm"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated runs to time (curl,ours,C-MOVE), "
                    "e.g. --only ours under py-spy")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wbench-") as tmp:
        tmp = Path(tmp)
        make_series(tmp / "data", a.instances, seed=9)
        files = sorted((tmp / "data").rglob("*.dcm"))
        study = str(pydicom.dcmread(files[0]).StudyInstanceUID)
        ports = {"dicom": free_port(), "ours": free_port()}
        extra = {"DicomServerEnabled": True, "DicomPort": ports["dicom"], "DicomAet": "ORTHANC",
                 "DicomModalities": {OUR_AET: [OUR_AET, "127.0.0.1", ports["ours"]]}}
        print(f"loading {a.instances} instances into Orthanc ...", file=sys.stderr)
        orthanc = start_orthanc(tmp / "orthanc", extra=extra)
        scp = StorageSCP(tmp / "move", aet=OUR_AET, port=ports["ours"], bind="127.0.0.1")
        try:
            orthanc.upload(files)
            return measure(orthanc, scp, study, tmp, a)
        finally:
            scp.stop()
            orthanc.stop()


def measure(orthanc, scp, study: str, tmp: Path, a) -> int:
    node = WebNode.parse(orthanc.root)
    dimse = Node("ORTHANC", "127.0.0.1", orthanc_dicom_port(orthanc))
    url = f"{orthanc.root}/studies/{study}"
    runs = {
        "curl": (None, lambda folder: subprocess.run(
            ["curl", "-sSf", "-o", "/dev/null", "-H", f"Accept: {ANY_SYNTAX}", url], check=True)),
        "curl>file": (tmp / "curl", lambda folder: subprocess.run(
            ["curl", "-sSf", "-o", str(folder / "body"), "-H", f"Accept: {ANY_SYNTAX}", url],
            check=True)),
        "ours": (tmp / "wado", lambda folder: list(retrieve(
            node, {"StudyInstanceUID": study}, "STUDY", store_dir=folder))),
        "C-MOVE": (tmp / "move", lambda folder: list(move(
            dimse, [f"StudyInstanceUID={study}"], calling_aet=OUR_AET,
            ensure_destination=scp.start))),
    }
    if a.only:
        runs = {k: v for k, v in runs.items() if k in a.only.split(",")}
    times: dict[str, list[float]] = {k: [] for k in runs}
    ok = True
    for _ in range(a.runs):
        for name, (folder, run) in runs.items():
            if folder is not None:
                empty(folder)
            start = time.perf_counter()
            run(folder)
            times[name].append(time.perf_counter() - start)
            ok &= folder is None or name == "curl>file" or instances(folder) == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"WADO-RS retrieve of a {a.instances}-instance CT study (512x512) from Orthanc "
          f"(DICOMweb plugin), median of {a.runs}")
    for name, value in med.items():
        print(f"  {name:9s} {value:.2f} s ({a.instances / value:.0f} instances/s)   runs: "
              f"{', '.join(f'{t:.2f}' for t in times[name])}")
    if not {"curl", "ours", "C-MOVE"} <= set(med):
        return 0 if ok else 1
    to_curl, to_move = med["ours"] / med["curl"], med["ours"] / med["C-MOVE"]
    print(f"  ratio ours/curl {to_curl:.2f} (target <= 1.3: {'met' if to_curl <= 1.3 else 'MISSED'})"
          f"; ours/C-MOVE {to_move:.2f} (target <= 1.0: {'met' if to_move <= 1.0 else 'MISSED'})"
          f"; every instance arrived: {ok}")
    if "curl>file" in med:
        print(f"  ours/(curl to a file) {med['ours'] / med['curl>file']:.2f} (the same bytes "
              "written to one file: the floor of any client that stores them)")
    return 0 if ok else 1


def orthanc_dicom_port(orthanc) -> int:
    import json
    return json.loads((orthanc.workdir / "orthanc.json").read_text())["DicomPort"]


if __name__ == "__main__":
    sys.exit(main())
