#!/usr/bin/env python3
"""C-MOVE benchmark: our move() into the application's listener against DCMTK movescu into storescp.

A CT study (tests/peerkit/make_series.py, 512x512, 500 instances unless --instances) is loaded
into a throw-away Orthanc; then, alternating in one run, it is moved by ``viewer.net.move.move``
into our destination and by ``movescu`` into DCMTK ``storescp`` (TCP_NODELAY=1, as tests/peerkit
does). Each run starts with the study deleted from our store (files and index rows, as the
application deletes) and ends when the final C-MOVE response arrives; afterwards every instance
must be on disk and, for ours, indexed (the time the index takes to catch up is printed, not
counted). Medians of --runs (5).

Printed first: RATIO app/movescu - our destination is the listener exactly as the application
runs it (viewer.net.listener_process.ListenerProcess: the Storage SCP in a child process, whose
rows the Archive of this process indexes, as the GUI, ``dicom-viewer listen`` and ``dicom-viewer
retrieve`` do), target <= 1.2. ``--in-process`` adds the earlier layout (StorageSCP in this
process, indexed), alternating in the same run. Also printed: our move() into storescp (the SCU's
share), the CPU (user+sys) our processes spent per move, and their RSS after each move (memory
must stay flat across the runs).

    .venv/bin/python benchmarks/retrieve.py [--instances 500] [--runs 5] [--in-process] [--get]

--get also times C-GET of the same study: ``viewer.net.get.get`` into a store folder against
DCMTK ``getscu -od``, alternating, medians of --runs. No target is set for it.
"""

from __future__ import annotations

import argparse
import os
import resource
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

from peerkit import free_port, orthanc  # noqa: E402
from peerkit.make_series import make_series  # noqa: E402
from viewer.net.common import Node  # noqa: E402
from viewer.net.move import move  # noqa: E402

OUR_AET, DCMTK_AET, INPROC_AET, CLI_AET = "QRBENCH", "STORESCP", "INPROC", "CLIBENCH"
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
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--get", action="store_true", help="also time C-GET against getscu")
    ap.add_argument("--cli", action="store_true",
                    help="also time `dicom-viewer retrieve` (a process per retrieve, its "
                         "listener forked per retrieve) minus a `dicom-viewer echo`")
    ap.add_argument("--in-process", action="store_true",
                    help="also time the earlier layout: StorageSCP in this process, indexed")
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="rbench-") as tmp:
        tmp = Path(tmp)
        make_series(tmp / "data", a.instances, seed=9)
        study = str(pydicom.dcmread(next((tmp / "data").rglob("*.dcm"))).StudyInstanceUID)
        ports = {k: free_port() for k in ("app", "inproc", "dcmtk", "cli")}
        print(f"loading {a.instances} instances into Orthanc ...", file=sys.stderr)
        with orthanc.start(tmp / "data", viewer_aet=OUR_AET, viewer_port=ports["app"],
                           modalities={DCMTK_AET: ports["dcmtk"], CLI_AET: ports["cli"],
                                       INPROC_AET: ports["inproc"]}) as peer:
            stop = []
            try:
                ours = [application(tmp / "app", ports["app"], stop)]
                if a.in_process:
                    ours.append(in_process(tmp / "inproc", ports["inproc"], stop))
                a.cli_port = ports["cli"]
                storescp = start_storescp(tmp / "dcmtk", ports["dcmtk"])
                stop.append(storescp.terminate)
                a.storescp_pid, a.orthanc_pid = storescp.pid, peer.process.pid
                node = Node(peer.aet, "127.0.0.1", peer.port)
                status = measure(node, study, tmp, ours, a)
                if a.get:
                    status |= measure_get(node, study, tmp, a)
                return status
            finally:
                for step in stop:
                    step()


class Destination:
    """One of our listeners: its AE title, store folder, index and processes."""

    def __init__(self, name, label, aet, folder, archive, pids, listener=None):
        self.name, self.label, self.aet, self.folder = name, label, aet, folder
        self.archive, self.pids, self.listener = archive, pids, listener
        self.flush_ms, self.rss = [], []

    def reset(self, study: str) -> None:
        self.archive.flush()
        self.archive.delete_study(study)  # the application's delete: files and rows

    def caught_up(self, instances: int) -> bool:
        """Wait for the index (timed, not counted); whether every instance is indexed."""
        start = time.perf_counter()
        if self.listener is not None:
            self.listener.sync()  # its last rows may still be on their way
        self.archive.flush()
        self.flush_ms.append((time.perf_counter() - start) * 1000)
        self.rss.append([rss_mb(pid) for pid in self.pids()])
        return count(self.folder, only_dcm=True) == instances


def settings_for(folder: Path, aet: str, port: int):
    from viewer.config import Settings
    return Settings(aet=aet, port=port, store=folder, bind="127.0.0.1", min_free_mb=0)


def application(folder: Path, port: int, stop: list) -> Destination:
    """The listener exactly as the application runs it (viewer.ui.session, dicom-viewer
    listen/retrieve): ListenerProcess - the Storage SCP in a child process - indexed by the
    Archive of this process through on_stored, with an event listener as the GUI's log has."""
    from viewer.net.listener_process import ListenerProcess
    from viewer.store.archive import Archive
    empty(folder)
    archive = Archive.open(folder)
    stop.append(archive.close)
    listener = ListenerProcess(settings_for(folder, OUR_AET, port), on_stored=archive.submit,
                               on_event=lambda event: None)
    listener.start()
    stop.insert(0, listener.stop)
    return Destination("app", "the application's listener (ListenerProcess: SCP in a child "
                       "process, indexed by this process's Archive)", OUR_AET, folder, archive,
                       lambda: [os.getpid(), listener.pid], listener)


def in_process(folder: Path, port: int, stop: list) -> Destination:
    """The layout before issue 15: StorageSCP in this process, indexed by Archive.submit."""
    from viewer.net.scp import StorageSCP
    from viewer.store.archive import Archive
    empty(folder)
    archive = Archive.open(folder)
    stop.append(archive.close)
    scp = StorageSCP.from_settings(settings_for(folder, INPROC_AET, port),
                                   on_stored=archive.submit, on_event=lambda event: None)
    scp.start()
    stop.insert(0, scp.stop)
    return Destination("inproc", "StorageSCP in this process, indexed (before issue 15)",
                       INPROC_AET, folder, archive, lambda: [os.getpid()])


def rss_mb(pid) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_s(pids) -> float:
    """user+sys CPU seconds of *pids* (this process's children that ended: not counted)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def children_cpu_s() -> float:
    """user+sys CPU seconds of this process's children that have ended (movescu)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def start_storescp(folder: Path, port: int) -> subprocess.Popen:
    empty(folder)
    proc = subprocess.Popen(["storescp", "-aet", DCMTK_AET, "-od", str(folder), str(port)],
                            env=NODELAY, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_listening(port, proc)
    return proc


def ours_move(node: Node, study: str, destination: str) -> int:
    return list(move(node, [f"StudyInstanceUID={study}"], calling_aet=OUR_AET,
                     destination=destination))[-1].completed


def dcmtk_move(node: Node, study: str) -> None:
    subprocess.run(["movescu", "-S", "-aet", OUR_AET, "-aem", DCMTK_AET, "-aec", node.aet,
                    "-k", "QueryRetrieveLevel=STUDY", "-k", f"StudyInstanceUID={study}",
                    node.host, str(node.port)], check=True, env=NODELAY,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def cli(tmp: Path, *args: str) -> float:
    """Seconds ``dicom-viewer ARGS`` takes (a fresh process, settings of its own)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(tmp / "cli-config"),
           "XDG_DATA_HOME": str(tmp / "cli-data")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "viewer", *args], env=env, check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cli_retrieve(node: Node, study: str, tmp: Path, a) -> tuple[float, float]:
    """``(dicom-viewer retrieve seconds, dicom-viewer echo seconds)``, the study deleted from
    the CLI's store first (files and rows, as the application deletes)."""
    from viewer.store.archive import Archive
    folder = tmp / "cli-store"
    if folder.exists():
        archive = Archive.open(folder)
        archive.delete_study(study)
        archive.close()
    address = f"{node.aet}@{node.host}:{node.port}"
    echo = cli(tmp, "echo", address, "--aet", CLI_AET)
    seconds = cli(tmp, "retrieve", address, "-k", f"StudyInstanceUID={study}", "--aet", CLI_AET,
                  "--port", str(a.cli_port), "--store", str(folder))
    if count(folder, only_dcm=True) != a.instances:
        raise RuntimeError("dicom-viewer retrieve did not store every instance")
    return seconds, echo


def measure(node: Node, study: str, tmp: Path, ours: list, a) -> int:
    times = {d.name: [] for d in ours} | {"movescu": [], "ours>storescp": []}
    if a.cli:
        times["cli"], echoes = [], []
    cpu = {d.name: [] for d in ours}  # per process: [this process, the listener's]
    dcmtk_cpu, orthanc_cpu = [], {d.name: [] for d in ours + [None] if d} | {"movescu": []}
    ok = True
    for _ in range(a.runs):
        for dest in ours:
            dest.reset(study)
            pids = dest.pids()
            before, orthanc_before = [cpu_s([pid]) for pid in pids], cpu_s([a.orthanc_pid])
            start = time.perf_counter()
            ours_move(node, study, dest.aet)
            times[dest.name].append(time.perf_counter() - start)
            cpu[dest.name].append([cpu_s([pid]) - b for pid, b in zip(pids, before)])
            orthanc_cpu[dest.name].append(cpu_s([a.orthanc_pid]) - orthanc_before)
            ok &= dest.caught_up(a.instances)
        if a.cli:
            seconds, echo = cli_retrieve(node, study, tmp, a)
            times["cli"].append(seconds - echo)
            echoes.append(echo)
        for name, run in (("movescu", lambda: dcmtk_move(node, study)),
                          ("ours>storescp", lambda: ours_move(node, study, DCMTK_AET))):
            empty(tmp / "dcmtk")
            before = (cpu_s([a.storescp_pid]), children_cpu_s(), cpu_s([a.orthanc_pid]))
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
            if name == "movescu":
                dcmtk_cpu.append(cpu_s([a.storescp_pid]) - before[0] + children_cpu_s() - before[1])
                orthanc_cpu[name].append(cpu_s([a.orthanc_pid]) - before[2])
            ok &= count(tmp / "dcmtk") == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-MOVE of a {a.instances}-instance CT study (512x512) from Orthanc, median of "
          f"{a.runs} alternating runs")
    for dest in ours:
        ratio = med[dest.name] / med["movescu"]
        verdict = "met" if ratio <= 1.2 else "MISSED"
        print(f"  RATIO {dest.name}/movescu {ratio:.2f} (target <= 1.2: {verdict}; runs: "
              f"{', '.join(f'{o / m:.2f}' for o, m in zip(times[dest.name], times['movescu']))})"
              f"  [{dest.label}]")
    if a.cli:
        ratio = med["cli"] / med["movescu"]
        print(f"  RATIO cli/movescu {ratio:.2f} (target <= 1.2: {'met' if ratio <= 1.2 else 'MISSED'}"
              f"; runs: {', '.join(f'{o / m:.2f}' for o, m in zip(times['cli'], times['movescu']))})"
              f"  [dicom-viewer retrieve minus dicom-viewer echo ({statistics.median(echoes):.2f} s)]")
    print(f"  ratio SCU alone (move() -> storescp)/movescu {med['ours>storescp'] / med['movescu']:.2f}")
    labels = {"cli": "dicom-viewer retrieve - echo", "app": "move() -> application listener", "inproc": "move() -> in-process SCP",
              "movescu": "movescu -> storescp", "ours>storescp": "move() -> storescp (SCU alone)"}
    for name, value in med.items():
        print(f"  {labels[name]:34s} {value:.2f} s ({a.instances / value:.0f} instances/s)   "
              f"runs: {', '.join(f'{t:.2f}' for t in times[name])}")
    for dest in ours:
        share = [statistics.median(c[i] for c in cpu[dest.name]) for i in range(len(dest.pids()))]
        rss = ["+".join(f"{r:.0f}" for r in per_pid) for per_pid in dest.rss]
        print(f"  {dest.name}: CPU (user+sys) per move, this process"
              f"{' + the listener process' if len(share) > 1 else ''}: "
              f"{' + '.join(f'{c:.2f}' for c in share)} s; index caught up "
              f"{statistics.median(dest.flush_ms):.0f} ms after the final response (median, not "
              f"counted); RSS MB after each move: {', '.join(rss)}")
    dcmtk = statistics.median(dcmtk_cpu)
    print(f"  movescu + storescp: CPU (user+sys) per move {dcmtk:.2f} s")
    for dest in ours:
        total = statistics.median(sum(c) for c in cpu[dest.name])
        print(f"  CPU ratio {dest.name}/(movescu + storescp) {total / dcmtk:.2f} (less load-"
              f"sensitive than wall time)")
    print(f"  Orthanc's CPU per move (the sender): "
          f"{', '.join(f'{k} {statistics.median(v):.2f} s' for k, v in orthanc_cpu.items())}")
    print(f"  every instance arrived and was indexed: {ok}")
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
            ok &= count(folder) == a.instances
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-GET of the same study, median of {a.runs}")
    for name, value in med.items():
        print(f"  {name:8s} {value:.2f} s ({a.instances / value:.0f} instances/s)   runs: "
              f"{', '.join(f'{t:.2f}' for t in times[name])}")
    print(f"  ratio get()/getscu {med['get()'] / med['getscu']:.2f}; every instance arrived: {ok}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
