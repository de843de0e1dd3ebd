"""Decoding speed of a 100-frame JPEG 2000 (lossless) 512x512 CT object, frame by frame.

Prints frames/s single-threaded, with a pool of 2 threads and with a pool of 2 processes (the
machine has 2 cores), and the speed-ups, in one run. The object is made on the fly with
pylibjpeg-openjpeg's encoder (JPEG-LS has no encoder installed, so JPEG 2000 is used).

    .venv/bin/python benchmarks/decode.py [--frames 100]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import numpy as np
from pydicom.uid import JPEG2000Lossless

from _common import ct_512
from viewer.dicom import frame_cache, read_instance

_worker_instance = None


def make_object(path: Path, frames: int) -> None:
    ds, frame = ct_512()
    stack = np.stack([np.roll(frame, 3 * i, axis=1) for i in range(frames)])
    ds.NumberOfFrames = frames
    ds.compress(JPEG2000Lossless, stack, encoding_plugin="pylibjpeg")
    ds.save_as(path, enforce_file_format=True)


def _decode_in_worker(args: tuple[str, int]) -> int:
    global _worker_instance
    path, index = args
    if _worker_instance is None or str(_worker_instance.path) != path:
        _worker_instance = read_instance(path)
    return int(_worker_instance.frame(index).shape[0])


def frames_per_second(run, frames: int) -> float:
    start = time.perf_counter()
    run()
    return frames / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100)
    frames = parser.parse_args().frames
    frame_cache().budget = 0  # measure decoding, not the cache
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "j2k.dcm"
        make_object(path, frames)
        instance = read_instance(path)
        jobs = [(str(path), i) for i in range(frames)]
        single = frames_per_second(lambda: [instance.frame(i) for i in range(frames)], frames)
        with ThreadPoolExecutor(2) as pool:
            threads = frames_per_second(lambda: list(pool.map(instance.frame, range(frames))), frames)
        with ProcessPoolExecutor(2) as pool:
            list(pool.map(_decode_in_worker, jobs[:2]))  # start the workers first
            processes = frames_per_second(lambda: list(pool.map(_decode_in_worker, jobs)), frames)
        size = path.stat().st_size / 1e6
    print(f"{frames}-frame JPEG 2000 lossless, 512x512 int16 ({size:.1f} MB), {os.cpu_count()} cores")
    print(f"  single thread     {single:7.1f} frames/s")
    print(f"  2 threads         {threads:7.1f} frames/s  ({threads / single:.2f}x)")
    print(f"  2 processes       {processes:7.1f} frames/s  ({processes / single:.2f}x)")


if __name__ == "__main__":
    main()
