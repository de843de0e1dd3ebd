#!/usr/bin/env python3
"""C-MOVE benchmark: our move() against DCMTK movescu, same Orthanc, same study, same run.

A 500-instance CT study (make-series.py, 512x512, 256 MB) is loaded into a throw-away Orthanc;
then, alternating, it is moved by ``viewer.net.move.move`` into our destination and by
``movescu`` into DCMTK ``storescp`` (TCP_NODELAY=1, as the peer scripts do). Each run starts
with empty destination folders and ends when the final C-MOVE response arrives; every instance
must have arrived. Medians of --runs. Target: ours <= 1.5x the time of movescu -> storescp. Our move() into
storescp is timed too: it separates the SCU's share from the destination SCP's.

    .venv/bin/python benchmarks/retrieve.py [--instances 500] [--runs 3]

Our destination is /work/shared/peers/store-scp.py (a minimal pynetdicom Storage SCP writing
the received bytes) until the viewer's own Storage SCP (viewer.net.scp) is wired in; the output
says which one ran. The SCP, not the SCU, does nearly all the work of a C-MOVE.
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
PEERS = Path(os.environ.get("VIEWER_PEERS_DIR", ROOT.parent / "shared" / "peers"))

from viewer.net.common import Node  # noqa: E402
from viewer.net.move import move  # noqa: E402

OUR_AET, DCMTK_AET = "QRBENCH", "STORESCP"
NODELAY = dict(os.environ, TCP_NODELAY="1")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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


def count(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--instances", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--scp-pdu", type=int, default=131072,
                    help="maximum PDU our destination accepts (store-scp.py --pdu)")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rbench-") as tmp:
        tmp = Path(tmp)
        subprocess.run([sys.executable, str(PEERS / "make-series.py"), str(tmp / "data"), "-n",
                        str(a.instances), "--seed", "9"], check=True, stderr=subprocess.DEVNULL)
        study = str(pydicom.dcmread(next((tmp / "data").rglob("*.dcm"))).StudyInstanceUID)
        ports = {k: free_port() for k in ("dicom", "http", "ours", "dcmtk")}
        env = dict(os.environ, ORTHANC_DICOM_PORT=str(ports["dicom"]),
                   ORTHANC_HTTP_PORT=str(ports["http"]), VIEWER_AET=OUR_AET,
                   VIEWER_PORT=str(ports["ours"]), EXTRA_MODALITIES=f"{DCMTK_AET}:{ports['dcmtk']}")
        print(f"loading {a.instances} instances into Orthanc ...", file=sys.stderr)
        out = subprocess.run(["bash", str(PEERS / "orthanc.sh"), str(tmp / "data")], env=env,
                             check=True, stdout=subprocess.PIPE, text=True).stdout
        peer = dict(line.split("=", 1) for line in out.splitlines() if "=" in line)
        procs = []
        try:
            procs = start_destinations(tmp, ports, a.scp_pdu)
            node = Node("ORTHANC", "127.0.0.1", ports["dicom"])
            return measure(node, study, tmp, a)
        finally:
            for proc in procs:
                proc.terminate()
                proc.wait(timeout=10)
            subprocess.run(["bash", str(PEERS / "orthanc.sh"), "--stop", peer["ORTHANC_WORKDIR"]])


def start_destinations(tmp: Path, ports: dict, pdu: int) -> list[subprocess.Popen]:
    empty(tmp / "ours")
    empty(tmp / "dcmtk")
    ours = subprocess.Popen([sys.executable, str(PEERS / "store-scp.py"), str(ports["ours"]),
                             str(tmp / "ours"), "--aet", OUR_AET, "--pdu", str(pdu)],
                            stderr=subprocess.DEVNULL)
    dcmtk = subprocess.Popen(["storescp", "-aet", DCMTK_AET, "-od", str(tmp / "dcmtk"),
                              str(ports["dcmtk"])], env=NODELAY, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    wait_listening(ports["ours"], ours)
    wait_listening(ports["dcmtk"], dcmtk)
    return [ours, dcmtk]


def ours_move(node: Node, study: str, destination: str | None = None) -> int:
    final = list(move(node, [f"StudyInstanceUID={study}"], calling_aet=OUR_AET,
                      destination=destination))[-1]
    return final.completed


def dcmtk_move(node: Node, study: str) -> None:
    subprocess.run(["movescu", "-S", "-aet", OUR_AET, "-aem", DCMTK_AET, "-aec", node.aet,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study}",
                    node.host, str(node.port)], check=True, env=NODELAY,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def measure(node: Node, study: str, tmp: Path, a) -> int:
    times = {"ours": [], "movescu": [], "ours>storescp": []}
    ok = True
    for _ in range(a.runs):
        for name, folder, run in (
                ("ours", tmp / "ours", lambda: ours_move(node, study)),
                ("movescu", tmp / "dcmtk", lambda: dcmtk_move(node, study)),
                ("ours>storescp", tmp / "dcmtk", lambda: ours_move(node, study, DCMTK_AET))):
            for p in folder.iterdir():
                p.unlink()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            ok &= count(folder) == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-MOVE of a {a.instances}-instance CT study (512x512) from Orthanc, median of {a.runs}")
    print("  our destination: /work/shared/peers/store-scp.py (pynetdicom; the viewer's own "
          "Storage SCP is not wired in yet)")
    labels = {"ours": "ours: move() -> our destination", "movescu": "movescu -> storescp",
              "ours>storescp": "move() -> storescp (the SCU alone)"}
    for name, value in med.items():
        rate = a.instances / value
        print(f"  {labels[name]:36s} {value:.2f} s ({rate:.0f} instances/s)   runs: "
              f"{', '.join(f'{t:.2f}' for t in times[name])}")
    ratio = med["ours"] / med["movescu"]
    print(f"  ratio ours/movescu {ratio:.2f} (target <= 1.5: {'met' if ratio <= 1.5 else 'MISSED'})"
          f"; SCU alone {med['ours>storescp'] / med['movescu']:.2f}; every instance arrived: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
