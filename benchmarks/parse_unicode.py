"""Issue 13: parsing speed of the same formula in ASCII and in the Unicode maths adkit prints,
and a fuzz of the lexer and parser over random strings of both alphabets.

    PYTHONPATH=. python3 benchmarks/parse_unicode.py [FUZZ_COUNT]

Prints a Markdown table for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import random
import statistics
import sys
import time

import adkit
from adkit.cli.common import parse_assignments
from adkit.errors import AdkitError
from adkit.language.parser import parse

TERM_ASCII, TERM_UNICODE = "sqrt(x1)*x2^2 - abs(x1 - x2)", "√x₁·x₂² − |x₁ − x₂|"
ALPHABET = list("xyv_ab019.+-*/^()|,=;\n !√π·×−÷²³⁻¹⁽⁾ⁿ₀₁₋σ٣é⋅ ") + ["ln ", "sin ", "max(", "1e-400", "1e400"]


def seconds(text: str, repeats: int = 3) -> float:
    runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        parse(text)
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def fuzz(count: int, seed: int = 0) -> tuple[int, int]:
    """(inputs, raw exceptions): every input must parse, evaluate or fail with an AdkitError."""
    rng, raw = random.Random(seed), 0
    for _ in range(count):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 14)))
        for attempt in (lambda: adkit.compile(text).evaluate({}), lambda: parse_assignments([text])):
            try:
                attempt()
            except AdkitError:
                pass
            except Exception:  # noqa: BLE001 - counting what must never happen
                raw += 1
    return count, raw


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    print("| formula (1,000,000 characters or so) | parse, median of 3 | characters/s |")
    print("|---|---:|---:|")
    for label, term in (("ASCII", TERM_ASCII), ("Unicode", TERM_UNICODE)):
        text = " + ".join([term] * (1_000_000 // (len(term) + 3)))
        t = seconds(text)
        shown = term.replace("|", "\\|")
        print(f"| {label}: `{shown} + …` ({len(text):,} chars) | {t:.2f} s | {len(text) / t:,.0f} |")
    inputs, raw = fuzz(count)
    print(f"\nfuzz: {inputs:,} random strings (compile + evaluate, and as --at): {raw} raw exceptions")


if __name__ == "__main__":
    main()
