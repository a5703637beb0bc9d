"""False feedback (issue 26): how often a random wrong number gets a mistake named.

Random exercises (difficulty 1–5, both modes) are filled right to 4 significant
digits, then one tangent or adjoint cell gets a random number; among the cells
graded ``wrong``, the share that carry feedback is the false-feedback rate.
Three kinds of random number: log-uniform in ±[0.01, 30], the right number
times U(−3, 3), and a small integer −3…3 (which a mistake's own number often
is, at the integer points of random exercises).

    python benchmarks/feedback.py [EXERCISES]      (default 1000, 4 cells each)
"""

from __future__ import annotations

import csv
import io
import random
import sys
import time
from collections import Counter

from adkit.coursework.forms import Exercise, answer_key
from adkit.coursework.generate import generate
from adkit.coursework.grade import grade
from adkit.trace import trace

DRAWS = {
    "log-uniform ±[0.01, 30]": lambda rng, right: rng.choice([-1, 1]) * 10 ** rng.uniform(-2, 1.5),
    "right × U(−3, 3)": lambda rng, right: right * rng.uniform(-3, 3),
    "small integer −3…3": lambda rng, right: float(rng.randint(-3, 3)),
}


def filled(key: dict, t, cell: tuple[str, str], value: float) -> bytes:
    """The sheet of ``key`` with every graded cell right (4 digits) but ``cell``, which holds ``value``."""
    ex = key["exercises"][0]
    graded = [c for c in ex["columns"] if any(cid == c["id"] for _, cid in ex["graded"])]
    wanted = {tuple(g) for g in ex["graded"]}
    rows = [["step"] + [c["headers"]["en"] for c in graded]]
    for r in t.steps:
        row = [r.step.name]
        for c in graded:
            cid = c["id"]
            right = r.value if cid == "value" else r.adjoint if cid == "adjoint" else \
                r.tangents[int(cid.split("_")[1]) - 1]
            number = value if (r.step.name, cid) == cell else right
            row.append(f"{number:#.4g}" if (r.step.name, cid) in wanted else "")
        rows.append(row)
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def main(count: int) -> None:
    for label, draw in DRAWS.items():
        rng = random.Random(26)
        wrong = named = 0
        which: Counter[str] = Counter()
        start = time.perf_counter()
        for seed in range(count):
            text, point = generate(1 + seed % 5, seed)
            t = trace(text, at=point, mode="both")
            key = answer_key([Exercise(t, "values")])
            cells = [tuple(c) for c in key["exercises"][0]["graded"] if c[1] != "value"]
            for cell in rng.sample(cells, min(4, len(cells))):
                r = next(r for r in t.steps if r.step.name == cell[0])
                right = r.adjoint if cell[1] == "adjoint" else r.tangents[int(cell[1].split("_")[1]) - 1]
                marking = grade(key, filled(key, t, cell, draw(rng, right)))
                mark = next(c for c in marking.cells if (c.step, c.column) == cell)
                if mark.status == "wrong":
                    wrong += 1
                    if mark.feedback is not None:
                        named += 1
                        which[mark.feedback.mistake] += 1
        print(f"{label}: {named} of {wrong} wrong cells got feedback ({100 * named / wrong:.2f} %) "
              f"{dict(which)}  [{time.perf_counter() - start:.1f} s]")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
