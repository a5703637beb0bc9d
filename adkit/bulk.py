"""Large structures built without the cyclic garbage collector's passes over them.

CPython's collector runs a pass every few hundred new container objects and a
pass over every tracked object each time their number has grown by a quarter.
A 10⁵-step formula makes about a million tokens, nodes and steps, none in a
cycle, and those passes took a third of the time it took to compile
(benchmarks/RESULTS.md, issue 28).  Reference counting still frees everything
while the collector pauses, and it is back on, if it was on, when the block ends.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def paused_gc() -> Iterator[None]:
    """The collector off inside the block; on again after it only if it was on before (blocks nest)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
