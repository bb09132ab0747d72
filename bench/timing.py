"""The one timing loop and report line the benchmarks share (run them as ``python bench/bench_….py``)."""

from __future__ import annotations

import statistics
import time


def timed(function, runs: int) -> list[float]:
    """Milliseconds of ``runs`` calls of ``function``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def describe(label: str, times: list[float], extra: str = "") -> str:
    return (f"{label:<48} median {statistics.median(times):8.1f} ms   min {min(times):8.1f} ms   "
            f"max {max(times):8.1f} ms   (n={len(times)})  {extra}").rstrip()
