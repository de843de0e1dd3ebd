"""Rendering speed: a windowed 512x512 int16 CT frame against a bare numpy ``lut.take(frame)``.

Prints, in one run: time per rendered frame and its ratio to ``lut.take`` on the same frame
(target <= 1.3x); a window change on a 16-bit frame, new table + frame (target <= 2 ms).

    .venv/bin/python benchmarks/render.py
"""

from __future__ import annotations

import numpy as np

from _common import best_and_median, ct_512
from viewer.pipeline import GrayscaleRenderer


def main() -> None:
    ds, frame = ct_512()
    renderer = GrayscaleRenderer(ds, stored=frame, window=(40.0, 400.0))
    ours = renderer.render(frame)
    assert ours.dtype == np.uint8 and ours.flags.c_contiguous and ours.shape == (512, 512)

    # The reference: a 65536-entry table indexed by the raw 16-bit values, as fast as numpy goes.
    lut = np.zeros(65536, dtype=np.uint8)
    index = frame.view(np.uint16)
    reference = lambda: lut.take(index)  # noqa: E731
    render = lambda: renderer.render(frame)  # noqa: E731

    ref_best, ref_median = best_and_median(reference)
    our_best, our_median = best_and_median(render)
    centers = iter(np.tile(np.linspace(-500.0, 500.0, 64), 100))

    def window_change():
        renderer.set_window(next(centers), 400.0)
        renderer.render(frame)

    change_best, change_median = best_and_median(window_change, number=20)
    print("512x512 int16 CT frame, window 40/400")
    print(f"  bare lut.take(frame)     {ref_best * 1e3:7.3f} ms (median {ref_median * 1e3:.3f})")
    print(f"  GrayscaleRenderer.render {our_best * 1e3:7.3f} ms (median {our_median * 1e3:.3f})")
    print(f"  ratio (best / median)    {our_best / ref_best:7.2f}x / {our_median / ref_median:.2f}x"
          "   target <= 1.3x")
    print(f"  window change + render   {change_best * 1e3:7.3f} ms (median {change_median * 1e3:.3f})"
          "   target <= 2 ms")


if __name__ == "__main__":
    main()
