"""Issue 28 point 6: a big trace to JSON or CSV, peak memory and time against the steps.

Each case runs in a fresh process (peak RSS is a high-water mark): trace a
generated program of about N steps in reverse mode, then write it to a file
the way ``adkit trace --format json|csv -o FILE`` does (``streamed``), or as
the whole string of ``Trace.to_json()`` / ``Trace.to_csv()`` (``--whole``,
what the command did before it streamed).  Printed per case: the seconds to
trace and to write, the resident memory once the trace is held (its records:
bytes per step) and the process's peak.  The program is a Python callable
(the formula text of 10⁶ steps is beyond the parser's 2,000,000 characters):
Σₖ sin(x·(k + 1.5) + y), four steps a term.

    python benchmarks/stream_memory.py                       # 10⁴, 10⁵, 10⁶ steps, JSON and CSV
    python benchmarks/stream_memory.py --steps 100000 --whole
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

AT = {"x": 0.3, "y": -1.2}


def program(steps: int):
    import adkit

    terms = max(1, (steps - 2) // 4)

    def f(x, y):
        total = adkit.sin(x * 1.5 + y)
        for k in range(1, terms):
            total = total + adkit.sin(x * (k + 1.5) + y)
        return total

    return f


def resident_mb() -> float:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def child(steps: int, fmt: str, whole: bool, path: str) -> dict:
    import adkit

    start = time.process_time()
    trace = adkit.trace(program(steps), at=AT, mode="reverse")
    traced = time.process_time() - start
    held = resident_mb()
    start = time.process_time()
    if whole:
        text = trace.to_json() + "\n" if fmt == "json" else trace.to_csv()
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:  # as adkit.cli.trace writes them
        from adkit.present.data import streamed_dict, write_json
        from adkit.present.exports import write_csv

        with open(path, "w", encoding="utf-8", newline="") as handle:
            if fmt == "json":
                write_json(streamed_dict(trace), handle, indent=2, ensure_ascii=False)
                handle.write("\n")
            else:
                write_csv(trace, handle)
    written = time.process_time() - start
    return {"steps": len(trace.steps), "format": fmt, "whole": whole, "trace_s": traced, "write_s": written,
            "held_mb": held, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3,
            "bytes": os.path.getsize(path)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", choices=("json", "csv"), default=["json", "csv"])
    parser.add_argument("--whole", action="store_true", help="the whole string, as before streaming")
    parser.add_argument("--child", nargs=3, metavar=("STEPS", "FORMAT", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1], args.whole, args.child[2])))
        return
    print("| steps | format | written | trace CPU s | write CPU s | held MB (B/step) | peak MB | output MB |")
    print("|---:|---|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for steps in args.steps:
            for fmt in args.formats:
                path = os.path.join(folder, f"trace.{fmt}")
                run = subprocess.run([sys.executable, __file__, "--child", str(steps), fmt, path]
                                     + (["--whole"] if args.whole else []), capture_output=True, text=True, check=True)
                r = json.loads(run.stdout)
                print(f"| {r['steps']:,} | {fmt} | {'whole string' if r['whole'] else 'streamed'} | {r['trace_s']:.2f} "
                      f"| {r['write_s']:.2f} | {r['held_mb']:.0f} ({r['held_mb'] * 1e6 / r['steps']:.0f}) "
                      f"| {r['peak_mb']:.0f} | {r['bytes'] / 1e6:.1f} |", flush=True)


if __name__ == "__main__":
    main()
