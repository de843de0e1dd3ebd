#!/usr/bin/env python3
"""WADO-RS retrieve: this source tree against another (an earlier commit), alternating.

One Orthanc with its DICOMweb plugin holds a CT study (make-series.py, 512x512, 500 instances by
default). Each run retrieves it into an empty store folder in a fresh process of the tree under
test (``viewer.net.nodes.retrieve``, the second of two retrieves in the process timed: imports
and first uses excluded), alternating
curl to /dev/null, the other tree and this one; medians of --runs, the CPU time of each process
(user + system) beside the wall time. On a shared machine the wall times follow the load; the
ratios of one alternating run, and the CPU times, are what compare.

    git archive 9d5babb viewer | tar -x -C /tmp/before
    .venv/bin/python benchmarks/dicomweb_ab.py /tmp/before [--instances 500] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
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

ACCEPT = 'Accept: multipart/related; type="application/dicom"; transfer-syntax=*'
ONE_RUN = """
import json, resource, shutil, sys, time
from pathlib import Path
from viewer.net.dicomweb.node import WebNode
from viewer.net.nodes import retrieve
root, study, store = sys.argv[1:4]
cpu = lambda: sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
for run in ("warm-up", "timed"):  # the first pays the imports and pydicom's first uses
    shutil.rmtree(store, ignore_errors=True)
    Path(store).mkdir()
    wall, used = time.perf_counter(), cpu()
    steps = list(retrieve(WebNode.parse(root), {"StudyInstanceUID": study}, "STUDY",
                          store_dir=store))
print(json.dumps([time.perf_counter() - wall, cpu() - used, steps[-1].completed]))
"""


def curl(url: str) -> tuple[float, float]:
    before, wall = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(["curl", "-sSf", "-o", "/dev/null", "-H", ACCEPT, url], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - wall, sum(after[:2]) - sum(before[:2])


def ours(tree: Path, root: str, study: str, store: Path, expected: int) -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", ONE_RUN, root, study, str(store)],
                         env={**os.environ, "PYTHONPATH": str(tree)}, capture_output=True,
                         text=True, check=True).stdout
    wall, cpu, completed = json.loads(out.splitlines()[-1])
    if completed != expected:
        raise SystemExit(f"{tree}: {completed} of {expected} instances stored")
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("other", type=Path, help="the source tree to compare with (holds viewer/)")
    ap.add_argument("--instances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="wab-") as tmp:
        tmp = Path(tmp)
        make_series(tmp / "data", a.instances, seed=9)
        files = sorted((tmp / "data").rglob("*.dcm"))
        study = str(pydicom.dcmread(files[0]).StudyInstanceUID)
        orthanc = start_orthanc(tmp / "orthanc")
        try:
            orthanc.upload(files)
            url = f"{orthanc.root}/studies/{study}"
            runs = {"curl": lambda: curl(url),
                    "other": lambda: ours(a.other, orthanc.root, study, tmp / "s", a.instances),
                    "this": lambda: ours(ROOT, orthanc.root, study, tmp / "s", a.instances)}
            measured = {name: [] for name in runs}
            for _ in range(a.runs):
                for name, run in runs.items():
                    measured[name].append(run())
        finally:
            orthanc.stop()
    wall = {k: statistics.median(w for w, _ in v) for k, v in measured.items()}
    cpu = {k: statistics.median(c for _, c in v) for k, v in measured.items()}
    print(f"WADO-RS retrieve of {a.instances} CT instances, median of {a.runs}, alternating")
    for name in runs:
        print(f"  {name:5s} wall {wall[name]:.2f} s  cpu {cpu[name]:.2f} s   wall runs: "
              + ", ".join(f"{w:.2f}" for w, _ in measured[name]))
    print(f"  this/other: wall {wall['this'] / wall['other']:.2f}, cpu "
          f"{cpu['this'] / cpu['other']:.2f}; this/curl wall {wall['this'] / wall['curl']:.2f}, "
          f"other/curl wall {wall['other'] / wall['curl']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
