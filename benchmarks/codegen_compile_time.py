"""Issue 7: code-generation + compile time against program size, one function vs chunks.

W2 programs (see codegen_speed.py) of growing size, built with the Wengert
builder (parsing is not what is measured).  For each size: generating and
compiling ``f`` (evaluate) as one Python function and split into chunks of
``CHUNK_STEPS``.  Linear time means a constant µs per step.

Usage:  python benchmarks/codegen_compile_time.py
"""

from __future__ import annotations

import gc
import time

from adkit.codegen import CHUNK_STEPS, python_function
from adkit.program import Program
from adkit.wengert import Builder


def w2_program(n: int) -> Program:
    builder = Builder([f"x{i}" for i in range(n)])
    total = None
    for i in range(n - 1):
        term = builder.apply("sub", [builder.apply("add", [builder.apply("log", [i]), builder.apply("mul", [i, i + 1])]),
                                     builder.apply("sin", [i + 1])])
        total = term if total is None else builder.apply("add", [total, term])
    steps, refs = builder.finish([total])
    return Program([f"x{i}" for i in range(n)], steps, ["y"], refs)


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
