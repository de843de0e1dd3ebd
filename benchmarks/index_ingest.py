"""Index ingest throughput vs a bare header-reading loop, in the same run.

    .venv/bin/python benchmarks/index_ingest.py [-n 500] [--runs 3] [--data DIR]

Makes N synthetic CT slices with tests/peerkit/make_series.py (or uses DIR), places them in a
store folder (layout <Study>/<Series>/<SOP>.dcm, as the Storage SCP leaves them), and times, in
fresh indexes, medians of --runs runs (page cache warm):

- baseline: ``dcmread(path, stop_before_pixels=True)`` over the files;
- submit(path): the index writer reads each header itself (SCP without a decoded data set);
- submit(path, dataset): the caller hands over the decoded header (SCP path) - time to commit;
- import --in-place: read, check duplicates, submit (the CLI/GUI import without copying);
- import (copy): the same plus an atomic, fsynced copy of every file into the store.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pydicom import dcmread

from viewer.store import Archive
from viewer.store.layout import instance_relpath

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # tests/peerkit
from peerkit.make_series import make_series  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--data", type=Path, help="folder of DICOM files to use instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="index-bench-") as tmp:
        tmp = Path(tmp)
        sources = args.data or _make_series(tmp / "src", args.n)
        files = sorted(p for p in sources.rglob("*") if p.is_file())
        placed = _place(files, tmp / "placed")
        results = {}
        for name, bench in BENCHES:
            times = [bench(files, placed, tmp / f"run-{name}-{i}") for i in range(args.runs)]
            results[name] = statistics.median(times)
        base = len(files) / results["baseline"]
        print(f"{len(files)} files, medians of {args.runs} runs")
        for name, seconds in results.items():
            rate = len(files) / seconds
            print(f"{name:26s} {seconds:7.3f} s  {rate:7.0f} files/s  {rate / base:5.2f} x baseline")
    return 0


def _make_series(out: Path, n: int) -> Path:
    make_series(out, n, seed=1)
    return out


def _place(files, store: Path) -> list[Path]:
    """Copy the files into a store layout once; each run hard-links or copies from here."""
    placed = []
    for path in files:
        ds = dcmread(path, stop_before_pixels=True)
        rel = instance_relpath(ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID)
        (store / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, store / rel)
        placed.append(rel)
    return placed


def _link_or_copy(src, dst):
    try:
        Path(dst).hardlink_to(src)
    except OSError:
        shutil.copy2(src, dst)


def bench_baseline(files, placed, run_dir: Path) -> float:
    start = time.perf_counter()
    for path in files:
        dcmread(path, stop_before_pixels=True)
    return time.perf_counter() - start


def _submit_run(placed, run_dir: Path, with_dataset: bool) -> float:
    """Open an empty store, then put the files in place (as the SCP does) and submit them."""
    store = run_dir / "store"
    with Archive.open(store) as archive:
        shutil.copytree(run_dir.parent / "placed", store, copy_function=_link_or_copy,
                        dirs_exist_ok=True)
        datasets = [dcmread(store / rel, stop_before_pixels=True) if with_dataset else None
                    for rel in placed]
        start = time.perf_counter()
        for rel, ds in zip(placed, datasets):
            archive.submit(rel, ds)
        archive.flush()
        seconds = time.perf_counter() - start
        assert archive.count_instances() == len(placed)
    return seconds


def bench_submit_path(files, placed, run_dir: Path) -> float:
    return _submit_run(placed, run_dir, with_dataset=False)


def bench_submit_dataset(files, placed, run_dir: Path) -> float:
    return _submit_run(placed, run_dir, with_dataset=True)


def bench_import_in_place(files, placed, run_dir: Path) -> float:
    with Archive.open(run_dir) as archive:
        start = time.perf_counter()
        report = archive.import_paths(files, copy=False)
        seconds = time.perf_counter() - start
        assert len(report.imported) == len(files), report.skipped[:3]
    return seconds


def bench_import_copy(files, placed, run_dir: Path) -> float:
    with Archive.open(run_dir) as archive:
        start = time.perf_counter()
        report = archive.import_paths(files)
        seconds = time.perf_counter() - start
        assert len(report.imported) == len(files), report.skipped[:3]
    shutil.rmtree(run_dir)
    return seconds


BENCHES = [
    ("baseline", bench_baseline),
    ("submit(path)", bench_submit_path),
    ("submit(path, dataset)", bench_submit_dataset),
    ("import --in-place", bench_import_in_place),
    ("import (copy)", bench_import_copy),
]

if __name__ == "__main__":
    sys.exit(main())
