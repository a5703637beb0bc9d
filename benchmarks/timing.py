"""Per-call timing shared by the benchmark scripts (the peers' method).

Warm up, calibrate the calls per block so a block lasts at least
``min_block`` seconds, then time ``repeats`` blocks with the cyclic garbage
collector off inside each block (as ``timeit`` does).  ``calls_per_block``
and ``block`` are the two halves, for scripts that interleave blocks of
different callables (compare.py).
"""

from __future__ import annotations

import gc
import statistics
import time
from typing import Any, Callable


def calls_per_block(fn: Callable[[], Any], min_block: float = 0.05, warmup: float = 0.1) -> int:
    """Warm ``fn`` up (two calls at least), then the calls a block needs to last ``min_block`` seconds."""
    t0, calls = time.perf_counter(), 0
    while calls < 2 or time.perf_counter() - t0 < warmup:
        fn()
        calls += 1
    return max(1, int(min_block / max((time.perf_counter() - t0) / calls, 1e-9)))


def block(fn: Callable[[], Any], number: int, clock: Callable[[], float] = time.perf_counter) -> float:
    """Seconds per call by ``clock`` over ``number`` calls, the cyclic GC collected before and off during."""
    gc.collect()
    gc.disable()
    try:
        start = clock()
        for _ in range(number):
            fn()
        return (clock() - start) / number
    finally:
        gc.enable()


def per_call(fn: Callable[[], Any], repeats: int = 7, min_block: float = 0.05, warmup: float = 0.1,
             best: bool = False) -> float:
    """Seconds per call: the median block (or the fastest, with ``best=True``)."""
    number = calls_per_block(fn, min_block, warmup)
    blocks = [block(fn, number) for _ in range(repeats)]
    return min(blocks) if best else statistics.median(blocks)
