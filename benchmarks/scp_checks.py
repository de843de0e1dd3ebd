#!/usr/bin/env python3
"""What the Storage SCP's encoding check (viewer/net/scp_encoding.py) adds per instance.

Usage: .venv/bin/python benchmarks/scp_checks.py [--rows 512] [--runs 5] [-n 2000]

In one process, alternating, for an uncompressed CT slice and a JPEG 2000 one: the time of the
header parse every received instance gets (viewer.store.header.read_index_header, up to
Columns) and of that parse plus the encoding check from where it stopped, as InstanceFiler.file
runs them. Prints both per instance and the ratio (parse + check) / parse, median of the runs.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "net")]

import pydicom  # noqa: E402

from test_scp_support import TEST_FILES, dataset_bytes, make_ct  # noqa: E402
from viewer.net.scp_encoding import encoding_problem  # noqa: E402
from viewer.store.header import read_index_header  # noqa: E402


def samples(rows: int) -> dict[str, tuple[io.BytesIO, str]]:
    folder = Path(tempfile.mkdtemp(prefix="scp-checks-"))
    ct = make_ct(folder, "ct.dcm", rows=rows, WindowCenter=40, WindowWidth=400,
                 RescaleIntercept=-1024, RescaleSlope=1)
    j2k = TEST_FILES / "MR_small_jp2klossless.dcm"
    return {name: (io.BytesIO(dataset_bytes(path)),
                   str(pydicom.dcmread(path, stop_before_pixels=True).file_meta.TransferSyntaxUID))
            for name, path in (("CT 512x512 explicit LE", ct), ("MR J2K lossless", j2k))}


def per_instance_ms(action, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        action()
    return (time.perf_counter() - start) / n * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=512)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("-n", type=int, default=2000)
    args = parser.parse_args()
    for name, (data, syntax) in samples(args.rows).items():
        def parse():
            return read_index_header(data, syntax)

        def parse_and_check():
            header = read_index_header(data, syntax)
            assert encoding_problem(data, syntax, data.tell(), header) is None

        parsed, checked = [], []
        for _ in range(args.runs):
            parsed.append(per_instance_ms(parse, args.n))
            checked.append(per_instance_ms(parse_and_check, args.n))
        ratio = statistics.median(c / p for c, p in zip(checked, parsed))
        print(f"{name}: parse {statistics.median(parsed):.3f} ms, parse + check "
              f"{statistics.median(checked):.3f} ms per instance; ratio {ratio:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
