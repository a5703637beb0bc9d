"""Issue 7: code-generation + compile time against program size, one function vs chunks.

W2 programs (see codegen_speed.py) of growing size, parsed and lowered
once before the clock starts (parsing is not what is measured).  For each size: generating and
compiling ``f`` (evaluate) as one Python function and split into chunks of
``CHUNK_STEPS``.  Linear time means a constant µs per step.

Usage:  python benchmarks/codegen_compile_time.py
"""

from __future__ import annotations

import gc
import sys
import time
from pathlib import Path

import adkit
from adkit.codegen.python import python_function
from adkit.codegen.statements import CHUNK_STEPS
from adkit.modes.program import Program

sys.path.insert(0, str(Path(__file__).resolve().parent))
from w2_peers import w2_text  # noqa: E402


def w2_program(n: int) -> Program:
    """W2 with n inputs, parsed and lowered once (outside the timing)."""
    return adkit.compile(w2_text(n), inputs=[f"x{i}" for i in range(n)])


def seconds(program: Program, chunk_steps: int) -> float:
    gc.collect()
    start = time.perf_counter()
    python_function(program, "evaluate", chunk_steps=chunk_steps)
    return time.perf_counter() - start


def main() -> None:
    print(f"| steps | one function s | µs/step | chunks of {CHUNK_STEPS:,} s | µs/step |")
    print("|---:|---:|---:|---:|---:|")
    for n in (4_000, 8_000, 16_000, 32_000):
        program = w2_program(n)
        steps = len(program.steps) - n
        single, chunked = seconds(program, 10**9), seconds(program, CHUNK_STEPS)
        print(f"| {steps:,} | {single:.2f} | {single / steps * 1e6:.1f} | {chunked:.2f} | {chunked / steps * 1e6:.1f} |",
              flush=True)


if __name__ == "__main__":
    main()
