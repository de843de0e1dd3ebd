#!/usr/bin/env python3
"""C-MOVE benchmark: our move() against DCMTK movescu, same Orthanc, same study, same run.

A 500-instance CT study (tests/peerkit/make_series.py, 512x512, 256 MB) is loaded into a throw-away Orthanc;
then, alternating, it is moved by ``viewer.net.move.move`` into our destination and by
``movescu`` into DCMTK ``storescp`` (TCP_NODELAY=1, as tests/peerkit does). Each run starts
with empty destination folders and ends when the final C-MOVE response arrives; every instance
must have arrived. Medians of --runs. Target: ours <= 1.5x the time of movescu -> storescp. Our move() into
storescp is timed too: it separates the SCU's share from the destination SCP's.

    .venv/bin/python benchmarks/retrieve.py [--instances 500] [--runs 3] [--get]

Our destination is the viewer's own Storage SCP (viewer.net.scp.StorageSCP, in this process,
started through move()'s ensure_destination as the application does) when it exists, else
tests/peerkit/store_scp.py (a minimal pynetdicom Storage SCP writing the received bytes);
--store-scp forces the latter. The output says which one ran. The SCP, not the SCU, does nearly
all the work of a C-MOVE.

--get also times C-GET of the same study: ``viewer.net.get.get`` into a store folder (the
instances come back on the same association and are filed as the listener files them) against
DCMTK ``getscu -od``, alternating, medians of --runs. No target is set for it.
"""

from __future__ import annotations

import argparse
import os
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
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the project's own peers: tests/peerkit

from peerkit import free_port, orthanc, store_scp  # noqa: E402
from peerkit.make_series import make_series  # noqa: E402
from viewer.net.common import Node  # noqa: E402
from viewer.net.move import move  # noqa: E402

OUR_AET, DCMTK_AET = "QRBENCH", "STORESCP"
NODELAY = dict(os.environ, TCP_NODELAY="1")


def wait_listening(port: int, proc: subprocess.Popen) -> None:
    for _ in range(200):
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[0]} exited with {proc.returncode}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise RuntimeError(f"nothing listens on {port}")


def empty(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)


def count(folder: Path, only_dcm: bool = False) -> int:
    """Files in *folder*; *only_dcm*: instances only (an indexed store also holds the index)."""
    return sum(1 for p in folder.rglob("*") if p.is_file() and (not only_dcm or p.suffix == ".dcm"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scp-pdu", type=int, default=131072,
                    help="maximum PDU store_scp.py accepts (when it is our destination)")
    ap.add_argument("--get", action="store_true", help="also time C-GET against getscu")
    ap.add_argument("--index", action="store_true",
                    help="our destination indexes what it receives (Archive.submit), as the "
                         "application's listener does; the index is flushed after each run")
    ap.add_argument("--store-scp", action="store_true",
                    help="use store_scp.py even when viewer.net.scp.StorageSCP exists")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rbench-") as tmp:
        tmp = Path(tmp)
        make_series(tmp / "data", a.instances, seed=9)
        study = str(pydicom.dcmread(next((tmp / "data").rglob("*.dcm"))).StudyInstanceUID)
        ports = {k: free_port() for k in ("ours", "dcmtk")}
        print(f"loading {a.instances} instances into Orthanc ...", file=sys.stderr)
        with orthanc.start(tmp / "data", viewer_aet=OUR_AET, viewer_port=ports["ours"],
                           modalities={DCMTK_AET: ports["dcmtk"]}) as peer:
            stop = []
            try:
                ours = our_destination(tmp / "ours", ports["ours"], a, stop)
                stop.append(start_storescp(tmp / "dcmtk", ports["dcmtk"]).terminate)
                node = Node(peer.aet, "127.0.0.1", peer.port)
                status = measure(node, study, tmp, ours, a)
                if a.get:
                    status |= measure_get(node, study, tmp, a)
                return status
            finally:
                for step in stop:
                    step()


def our_destination(folder: Path, port: int, a, stop: list):
    """``(label, ensure_destination)``: the viewer's StorageSCP in this process when it exists
    (as the application runs it), else tests/peerkit/store_scp.py in a subprocess."""
    empty(folder)
    try:
        from viewer.net.scp import StorageSCP
    except ImportError:
        StorageSCP = None
    if StorageSCP is not None and not a.store_scp:
        on_stored, label = None, "not indexed"
        if a.index:
            from viewer.store.archive import Archive
            archive = Archive.open(folder)
            stop.append(archive.close)
            a.flush = archive.flush
            a.reset = lambda study: (archive.flush(), archive.delete_study(study))
            on_stored, label = archive.submit, "indexed by Archive.submit"
        scp = StorageSCP(folder, aet=OUR_AET, port=port, bind="127.0.0.1", on_stored=on_stored)
        stop.insert(0, scp.stop)
        return (f"viewer.net.scp.StorageSCP (in this process, started by ensure_destination; "
                f"{label})"), scp.start
    proc = store_scp.start(port, folder, OUR_AET, "--pdu", str(a.scp_pdu))
    stop.append(proc.terminate)
    why = "asked for" if StorageSCP is not None else "the viewer's own Storage SCP is not there yet"
    return (f"tests/peerkit/store_scp.py --pdu {a.scp_pdu} (a minimal pynetdicom SCP; "
            f"{why})"), None


def start_storescp(folder: Path, port: int) -> subprocess.Popen:
    empty(folder)
    proc = subprocess.Popen(["storescp", "-aet", DCMTK_AET, "-od", str(folder), str(port)],
                            env=NODELAY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, proc)
    return proc


def ours_move(node: Node, study: str, destination=None, ensure=None, a=None) -> int:
    final = list(move(node, [f"StudyInstanceUID={study}"], calling_aet=OUR_AET,
                      destination=destination, ensure_destination=ensure))[-1]
    if destination is None and getattr(a, "flush", None):
        start = time.perf_counter()
        a.flush()  # the index catches up: reported, not counted
        a.flush_times.append(time.perf_counter() - start)
    return final.completed


def dcmtk_move(node: Node, study: str) -> None:
    subprocess.run(["movescu", "-S", "-aet", OUR_AET, "-aem", DCMTK_AET, "-aec", node.aet,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study}",
                    node.host, str(node.port)], check=True, env=NODELAY,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(node: Node, study: str, tmp: Path, ours, a) -> int:
    label, ensure = ours
    a.flush_times = []
    times = {"ours": [], "movescu": [], "ours>storescp": []}
    ok = True
    for _ in range(a.runs):
        for name, folder, run in (
                ("ours", tmp / "ours", lambda: ours_move(node, study, ensure=ensure, a=a)),
                ("movescu", tmp / "dcmtk", lambda: dcmtk_move(node, study)),
                ("ours>storescp", tmp / "dcmtk", lambda: ours_move(node, study, DCMTK_AET))):
            if name == "ours" and getattr(a, "reset", None):
                a.reset(study)  # the application's delete: files and rows
            else:
                empty(folder)
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            ok &= count(folder, name == "ours" and getattr(a, "reset", None)) == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-MOVE of a {a.instances}-instance CT study (512x512) from Orthanc, median of {a.runs}")
    print(f"  our destination: {label}")
    labels = {"ours": "ours: move() -> our destination", "movescu": "movescu -> storescp",
              "ours>storescp": "move() -> storescp (the SCU alone)"}
    for name, value in med.items():
        rate = a.instances / value
        print(f"  {labels[name]:36s} {value:.2f} s ({rate:.0f} instances/s)   runs: "
              f"{', '.join(f'{t:.2f}' for t in times[name])}")
    if a.flush_times:
        print(f"  index caught up {statistics.median(a.flush_times) * 1000:.0f} ms after the final "
              f"response (median; not counted above)")
    ratio = med["ours"] / med["movescu"]
    print(f"  ratio ours/movescu {ratio:.2f} (target <= 1.5: {'met' if ratio <= 1.5 else 'MISSED'})"
          f"; SCU alone {med['ours>storescp'] / med['movescu']:.2f}; every instance arrived: {ok}")
    return 0 if ok else 1


def ours_get(node: Node, study: str, folder: Path) -> None:
    from viewer.net.get import get
    list(get(node, [f"StudyInstanceUID={study}"], store_dir=folder, calling_aet=OUR_AET))


def dcmtk_get(node: Node, study: str, folder: Path) -> None:
    subprocess.run(["getscu", "-S", "-aet", OUR_AET, "-aec", node.aet, "-od", str(folder),
                    "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study}",
                    node.host, str(node.port)], check=True, env=NODELAY,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure_get(node: Node, study: str, tmp: Path, a) -> int:
    times = {"get()": [], "getscu": []}
    ok = True
    for _ in range(a.runs):
        for name, folder, run in (("get()", tmp / "get-ours", ours_get),
                                  ("getscu", tmp / "get-dcmtk", dcmtk_get)):
            empty(folder)
            start = time.perf_counter()
            run(node, study, folder)
            times[name].append(time.perf_counter() - start)
            ok &= count(folder, name == "ours" and getattr(a, "reset", None)) == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-GET of the same study, median of {a.runs}")
    for name, value in med.items():
        print(f"  {name:8s} {value:.2f} s ({a.instances / value:.0f} instances/s)   runs: "
              f"{', '.join(f'{t:.2f}' for t in times[name])}")
    print(f"  ratio get()/getscu {med['get()'] / med['getscu']:.2f}; every instance arrived: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
