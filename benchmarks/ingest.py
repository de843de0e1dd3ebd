#!/usr/bin/env python3
"""Ingest throughput: DCMTK storescu -> DCMTK storescp vs -> our Storage SCP, same run.

Usage: .venv/bin/python benchmarks/ingest.py [-n 500] [--runs 3] [--data DIR] [--fsync]

Makes N synthetic 512x512 CT slices with tests/peerkit/make_series.py (cached in --data, default
$TMPDIR/viewer-ingest-bench), then for each run sends them over one association with storescu
(TCP_NODELAY=1) to storescp, to the application (``dicom-viewer listen``: its listener process,
indexing on, events printed) and to a bare StorageSCP (one process, no index), alternating, and
prints files/s of each, the median ratios (printed first: the application's, target >= 1.0),
and the RSS of each of ours (all its processes) after each pass of N instances (it must level
off, not grow with the instances received). Loopback only, ephemeral ports, temp
folders removed. The machine is shared: compare the ratio of one run, not runs with each other.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the project's own peers: tests/peerkit
from peerkit.make_series import make_series  # noqa: E402

ENV = {**os.environ, "TCP_NODELAY": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_data(folder: Path, count: int, seed: int = 1) -> list[Path]:
    series = folder / f"ct{count}-seed{seed}"
    files = sorted(series.rglob("*.dcm"))
    if len(files) != count:
        shutil.rmtree(series, ignore_errors=True)
        files = make_series(series, count, seed=seed)
    return files


def wait_until_listening(port: int, process: subprocess.Popen) -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"receiver exited with {process.returncode}")
        result = subprocess.run(["echoscu", "-aec", "ANY", "127.0.0.1", str(port)],
                                env=ENV, capture_output=True)
        if result.returncode == 0:
            return
        time.sleep(0.05)
    raise SystemExit(f"nothing answers C-ECHO on port {port}")


def settle() -> None:
    """Let the disk finish earlier writes and deletions (online discard) before a timed pass,
    so neither receiver pays for the other's leftovers."""
    os.sync()
    time.sleep(1.0)


def send_all(port: int, files: list[Path], aec: str) -> float:
    started = time.perf_counter()
    subprocess.run(["storescu", "-aec", aec, "127.0.0.1", str(port), *map(str, files)],
                   env=ENV, check=True, capture_output=True)
    return time.perf_counter() - started


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run_storescp(files, out: Path) -> float:
    port = free_port()
    process = subprocess.Popen(["storescp", "-aet", "STORESCP", str(port), "-od", str(out)],
                               env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_listening(port, process)
        settle()
        return send_all(port, files, "STORESCP")
    finally:
        stop(process)


def tree_rss_mb(pid: int) -> float:
    """RSS of *pid* and every process under it (the application's listener process too)."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss_mb(p) for p in tree if Path(f"/proc/{p}").exists())


def listen_command(port: int, out: Path) -> list[str]:
    """The application itself: ``dicom-viewer listen`` (indexing on, events printed)."""
    return [sys.executable, "-m", "viewer", "listen", "--port", str(port), "--store", str(out),
            "--aet", "VIEWER", "--bind", "127.0.0.1"]


def run_ours(files, warm, out: Path, fsync: bool, passes: int,
             app: bool = False) -> tuple[float, list[float]]:
    """Seconds of the measured pass, and our RSS (MB) after it and after each further pass.

    A short warm-up (*warm*: other instances) loads the code paths; nothing is deleted before the
    measured pass (deleting 260 MB makes the disk busy and would slow the pass down, which
    storescp does not suffer either). Later passes go to fresh folders, the previous deleted,
    so every pass writes all the files."""
    port = free_port()
    command = [sys.executable, __file__, "--serve", str(port), str(out)] + (["--fsync"] if fsync else [])
    env = ENV
    if app:
        command = listen_command(port, out)
        env = {**ENV, "PYTHONPATH": str(ROOT), "XDG_CONFIG_HOME": str(out.parent / "config")}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL if app else None)
    try:
        wait_until_listening(port, process)
        send_all(port, warm, "VIEWER")
        settle()
        seconds = send_all(port, files, "VIEWER")
        rss = [tree_rss_mb(process.pid)]
        for _ in range(passes - 1):
            _empty(out, keep_index=app)
            send_all(port, files, "VIEWER")
            rss.append(tree_rss_mb(process.pid))
        return seconds, rss
    finally:
        stop(process)


def _empty(folder: Path, keep_index: bool = False) -> None:
    """Remove what was received (the application's index stays: it is open; its rows then
    point at files received again, which the index takes as replacements)."""
    if not keep_index:
        shutil.rmtree(folder)
        folder.mkdir()
        return
    for child in folder.iterdir():
        if child.is_dir():
            shutil.rmtree(child)


def count_files(folder: Path) -> int:
    """Instances received (not the index's own files, not temporary files)."""
    return sum(1 for p in folder.rglob("*") if p.is_file() and not p.name.startswith(".tmp-")
               and not p.name.startswith("index.sqlite") and p.name != ".lock")


def serve(port: int, out: str, fsync: bool) -> None:
    """Child process: our SCP on 127.0.0.1:port until SIGTERM."""
    sys.path.insert(0, str(ROOT))
    from viewer.net.scp import SCPOptions, StorageSCP

    scp = StorageSCP(out, aet="VIEWER", port=port, bind="127.0.0.1",
                     options=SCPOptions(min_free_bytes=0, fsync=fsync))
    scp.start()
    signal.signal(signal.SIGTERM, lambda *_: (scp.stop(), os._exit(0)))
    signal.pause()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path,
                        default=Path(tempfile.gettempdir()) / "viewer-ingest-bench")
    parser.add_argument("--fsync", action="store_true", help="our SCP fsyncs every file")
    parser.add_argument("--passes", type=int, default=8,
                        help="passes of the N files into our SCP per run (the 1st is timed; RSS "
                        "after each shows whether memory grows with the instances received)")
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), args.serve[1], args.fsync)
        return 0
    files = make_data(args.data, args.n)
    warm = make_data(args.data, 50, seed=2)
    mb = sum(f.stat().st_size for f in files) / 1e6
    ratios = {"app": [], "scp": []}
    with tempfile.TemporaryDirectory(prefix="ingest-") as tmp:
        for run in range(1, args.runs + 1):
            outs = {name: Path(tmp, f"{name}{run}") for name in ("dcmtk", "app", "scp")}
            for out in outs.values():
                out.mkdir()
            t_dcmtk = run_storescp(files, outs["dcmtk"])
            line = [f"run {run}: storescp {args.n / t_dcmtk:5.0f} files/s ({mb / t_dcmtk:4.0f} MB/s)"]
            got = [count_files(outs["dcmtk"])]
            for name in ("app", "scp"):
                t_ours, rss = run_ours(files, warm, outs[name], args.fsync, args.passes,
                                       app=name == "app")
                got.append(count_files(outs[name]) - (len(warm) if args.passes < 2 else 0))
                ratios[name].append(t_dcmtk / t_ours)
                line.append(f"{name} {args.n / t_ours:5.0f} files/s, ratio {t_dcmtk / t_ours:.2f}, "
                            f"RSS MB after each pass: {', '.join(f'{r:.0f}' for r in rss)}")
            print(" | ".join(line) + f" | received {'/'.join(map(str, got))} of {args.n}",
                  flush=True)
            for out in outs.values():
                shutil.rmtree(out)
            if got != [args.n] * 3:
                print("FAIL: instances lost")
                return 1
    app, scp = statistics.median(ratios["app"]), statistics.median(ratios["scp"])
    print(f"RATIO application (dicom-viewer listen, indexed)/storescp throughput: {app:.2f} "
          f"(target >= 1.0: {'met' if app >= 1.0 else 'MISSED'})")
    print(f"ratio bare StorageSCP (not indexed, one process)/storescp: {scp:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
