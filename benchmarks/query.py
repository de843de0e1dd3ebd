#!/usr/bin/env python3
"""C-FIND benchmark: our find() against DCMTK findscu, same Orthanc, same run.

1000 studies (tests/peerkit's make_series, one 16x16 slice each) are loaded into a throw-away Orthanc on free
loopback ports; then, alternating, a STUDY-level C-FIND with the default return keys (the IHE
set, 14 keys) by ``viewer.net.find.find`` and by ``findscu`` (output to /dev/null,
TCP_NODELAY=1 as tests/peerkit does). Medians of --runs. Target: ours <= 2x findscu.

    .venv/bin/python benchmarks/query.py [--studies 1000] [--runs 7]

Also shown: ours with every value decoded (``charset.decode_all``), which is what a GUI worker
or ``query --json`` pays on top (find() itself leaves value conversion to first access), and
pynetdicom's bare ``send_c_find`` loop on a stock AE (its sleep-polling DUL and association
threads; identifier logging off, as find() sets it), the baseline our SCU had to beat.

Where our time goes (1000 results, about 0.1 s of CPU): pydicom decoding each response's
command set (DUL thread) and identifier (caller), about 90 us per result. The requestor reactor
(viewer.net.scu_reactor: waits instead of sleep-polling, reads the socket 64 KiB at a time,
lock-free internal queues, no log handlers), the lean C-FIND-RSP conversion (scu_dimse) and
the lean response loop (scu_find) removed the rest. Orthanc itself needs ~60-70 ms before its
first response (it collects every match first), findscu and we alike.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))  # the project's own peers: tests/peerkit

from peerkit import orthanc  # noqa: E402
from peerkit.make_series import make_series  # noqa: E402
from viewer.net.charset import decode_all  # noqa: E402
from viewer.net.common import Node  # noqa: E402
from viewer.net.find import find  # noqa: E402
from viewer.net.query_keys import DEFAULT_KEYS  # noqa: E402

AET = "QRBENCH"


def ours(node: Node, decode: bool) -> int:
    results = list(find(node, None, "STUDY", calling_aet=AET))
    if decode:
        for ds in results:
            decode_all(ds)
    return len(results)


def bare_pynetdicom(node: Node) -> int:
    """The floor: pynetdicom's own send_c_find loop, same identifier, nothing of ours."""
    from pynetdicom import AE

    from viewer.net.common import NODELAY_HANDLERS
    from viewer.net.query_keys import MODELS, identifier, with_defaults

    model = MODELS[("study", "find")]
    ae = AE(AET)
    ae.add_requested_context(model)
    assoc = ae.associate(node.host, node.port, ae_title=node.aet, evt_handlers=NODELAY_HANDLERS)
    request = identifier("STUDY", with_defaults({}, "STUDY", "study"))
    found = sum(1 for _, ds in assoc.send_c_find(request, model) if ds is not None)
    assoc.release()
    return found


def findscu(node: Node, out=subprocess.DEVNULL) -> None:
    keys = [a for k in ("QueryRetrieveLevel=STUDY", *DEFAULT_KEYS["STUDY"]) for a in ("-k", k)]
    subprocess.run(["findscu", "-S", "-aet", AET, "-aec", node.aet, *keys, node.host,
                    str(node.port)], check=True, stdout=out, stderr=out,
                   env=dict(os.environ, TCP_NODELAY="1"))


def timed(fn) -> float:
    gc.collect()  # garbage of the previous contender is not this one's cost
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--studies", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="qbench-") as tmp:
        data = Path(tmp) / "data"
        make_series(data, 1, rows=16, cols=16, studies=a.studies, seed=7)
        print(f"loading {a.studies} studies into Orthanc ...", file=sys.stderr)
        with orthanc.start(data) as peer:
            return measure(Node(peer.aet, "127.0.0.1", peer.port), a)


def measure(node: Node, a) -> int:
    count = ours(node, False)
    with tempfile.TemporaryFile("w+") as log:  # check findscu really gets every study
        findscu(node, log)
        log.seek(0)
        theirs = log.read().count("Find Response")
    times = {"ours": [], "ours+decode": [], "pynetdicom": [], "findscu": []}
    for _ in range(a.runs):
        times["ours"].append(timed(lambda: ours(node, False)))
        times["ours+decode"].append(timed(lambda: ours(node, True)))
        times["pynetdicom"].append(timed(lambda: bare_pynetdicom(node)))
        times["findscu"].append(timed(lambda: findscu(node)))
    med = {k: statistics.median(v) for k, v in times.items()}
    print(f"C-FIND STUDY level, {len(DEFAULT_KEYS['STUDY'])} return keys, Orthanc, "
          f"{count} results (findscu: {theirs} responses), median of {a.runs}")
    for name, value in med.items():
        print(f"  {name:12s} {value:.3f} s   runs: {', '.join(f'{t:.3f}' for t in times[name])}")
    ratio = med["ours"] / med["findscu"]
    print(f"  ratio ours/findscu {ratio:.2f} (target <= 2.0: {'met' if ratio <= 2 else 'MISSED'});"
          f" with every value decoded {med['ours+decode'] / med['findscu']:.2f};"
          f" bare pynetdicom loop {med['pynetdicom'] / med['findscu']:.2f}")
    return 0 if count == a.studies else 1


if __name__ == "__main__":
    sys.exit(main())
