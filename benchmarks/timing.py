"""Per-call timing shared by the benchmark scripts (the peers' method).

Warm up, calibrate the calls per block so a block lasts at least
``min_block`` seconds, then time ``repeats`` blocks with the cyclic garbage
collector off inside each block (as ``timeit`` does).
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any, Callable


def per_call(fn: Callable[[], Any], repeats: int = 7, min_block: float = 0.05, warmup: float = 0.1,
             best: bool = False) -> float:
    """Seconds per call: the median block (or the fastest, with ``best=True``)."""
    t0, calls = time.perf_counter(), 0
    while calls < 2 or time.perf_counter() - t0 < warmup:
        fn()
        calls += 1
    number = max(1, int(min_block / max((time.perf_counter() - t0) / calls, 1e-9)))
    blocks = []
    for _ in range(repeats):
        gc.collect()
        gc.disable()
        start = time.perf_counter()
        for _ in range(number):
            fn()
        blocks.append((time.perf_counter() - start) / number)
        gc.enable()
    return min(blocks) if best else statistics.median(blocks)
