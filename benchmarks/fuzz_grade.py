"""Fuzz the grader: N inputs against a one-exercise key and a three-exercise worksheet key.

    PYTHONPATH=. python3 benchmarks/fuzz_grade.py N SEED

Inputs: random bytes; valid filled sheets (CSV in blocks, the old single-header
form, UTF-8 ± BOM, UTF-16, Windows-1258, CR / CRLF line ends, ';' with decimal
commas, Markdown, .xlsx) with random cuts, odd cells (huge numbers, 200,000
character cells, exercise 99999999999999999999, NUL, BOM, subscript digits,
'sin(' × 50) and random bytes spliced in; 0.1 % large files (0.1–1 MB).
Prints tracebacks (first few), runs over 5 s, the slowest run and peak memory.
"""

from __future__ import annotations

import csv
import io
import random
import resource
import sys
import time
import traceback

from adkit.coursework.forms import Exercise, answer_key, render_form
from adkit.coursework.generate import generate, worksheet_seeds
from adkit.coursework.grade import grade
from adkit.trace import trace

ODD = ["99999999999999999999", "1e308", "-1e400", "9" * 5000, "x" * 200_000, "\x00", "\ufeff", "v₃", "₃",
       "sin(" * 50, "nan", "inf", "0,5", '"', "\r", "exercise", "|", "---", ""]


def _key(count: int, seed: int) -> tuple[dict, str]:
    exercises = [Exercise(trace(t, at=p, mode="both"), "all") for t, p in
                 (generate(2, s) for s in worksheet_seeds(seed, count))]
    return answer_key(exercises), render_form(exercises, "csv")


def _fill(form: str, key: dict) -> str:
    """Every blank filled from the key (numbers to 4 digits, statements as in the key)."""
    rows = list(csv.reader(io.StringIO(form)))
    flat = [e for ex in key["exercises"] for e in ex["steps"]]
    out, i = io.StringIO(), 0
    writer = csv.writer(out)
    for row in rows:
        if row[0] in ("exercise", "step"):
            writer.writerow(row)
            continue
        e = flat[i]
        i += 1
        writer.writerow([c if c else (f"{e['value']:.4g}") for c in row])
    return out.getvalue()


def _variant(rng: random.Random, text: str) -> bytes:
    kind = rng.randrange(8)
    if kind == 0:
        text = text.replace("\n", "\r")
    elif kind == 1:
        text = text.replace("\n", "\r\n")
    elif kind == 2:
        text = text.replace(",", ";").replace(".", ",")
    elif kind == 3:
        text = "\n".join("| " + " | ".join(r) + " |" for r in csv.reader(io.StringIO(text)))
    elif kind == 4:
        return _xlsx(text)
    encoding = rng.choice(["utf-8", "utf-8-sig", "utf-16", "cp1258", "latin-1"])
    return text.encode(encoding, errors="replace")


def _xlsx(text: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in csv.reader(io.StringIO(text)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _mutate(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randrange(4)):
        at = rng.randrange(len(data) + 1)
        choice = rng.randrange(4)
        if choice == 0:
            data = data[:at]
        elif choice == 1:
            data = data[:at] + rng.choice(ODD).encode("utf-8") + data[at:]
        elif choice == 2:
            data = data[:at] + rng.randbytes(rng.randrange(1, 20)) + data[at:]
        else:
            data = data[:at] + b"," + rng.choice(ODD).encode("utf-8") + b"\n" + data[at:]
    return data


def inputs(rng: random.Random, sheets: list[str]):
    while True:
        roll = rng.random()
        if roll < 0.001:
            yield rng.choice(sheets).encode() * rng.randrange(30, 300)  # 0.1-1 MB
        elif roll < 0.2:
            yield rng.randbytes(rng.randrange(2000))
        else:
            data = _variant(rng, rng.choice(sheets))
            yield _mutate(rng, data) if rng.random() < 0.8 else data


def main(n: int, seed: int) -> None:
    rng = random.Random(seed)
    keys = [_key(1, 3), _key(3, 11)]
    sheets = [_fill(form, key) for key, form in keys]
    sheets.append(sheets[1].replace("exercise,", "", 0))
    failures, slow, slowest, start = 0, 0, 0.0, time.time()
    slow_cpu, slowest_cpu = 0, 0.0  # CPU time: wall time on a shared machine includes waiting
    stream = inputs(rng, sheets)
    for i in range(n):
        data = next(stream)
        for key, _ in keys:
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                grade(key, data, "fuzz")
            except Exception:
                failures += 1
                if failures <= 5:
                    print(f"input {i}: {data[:200]!r}\n{traceback.format_exc()}", file=sys.stderr)
            took, cpu = time.perf_counter() - t0, time.process_time() - c0
            slowest, slowest_cpu = max(slowest, took), max(slowest_cpu, cpu)
            slow += took > 5 and len(data) < 1_000_000
            slow_cpu += cpu > 5 and len(data) < 1_000_000
            if took > 2:
                print(f"slow input {i}: {took:.2f} s (CPU {cpu:.2f} s), {len(data)} bytes: {data[:150]!r}", file=sys.stderr, flush=True)
        if (i + 1) % 2500 == 0:
            print(f"... {i + 1} inputs, tracebacks {failures}, over 5 s {slow} (CPU {slow_cpu}), slowest "
                  f"{slowest:.3f} s (CPU {slowest_cpu:.3f} s), wall {time.time() - start:.0f} s", flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"inputs {n}, gradings {2 * n}, tracebacks {failures}, runs over 5 s {slow} (CPU {slow_cpu}), "
          f"slowest {slowest:.3f} s (CPU {slowest_cpu:.3f} s), peak memory {peak:.0f} MB, wall {time.time() - start:.0f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000, int(sys.argv[2]) if len(sys.argv) > 2 else 0)
