"""Fuzzing the CLI and the API: no traceback, no raw exception, no NaN or ±inf in any output.

The generators are tests/fuzz/fuzz_finite.py's (its ``main`` runs 10⁵ inputs by
hand); here hypothesis drives them, derandomized in the "ci" profile.
"""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.fuzz_finite import EXTREMES, formula, one
from helpers import run_cli
from strategies import examples


def _reject(constant: str) -> None:
    raise AssertionError(f"non-finite constant {constant} in JSON")


@given(st.randoms(use_true_random=False))
@settings(max_examples=examples(400))
def test_api_never_raises_raw_or_returns_non_finite(rng):
    one(rng)  # raises AssertionError on a non-finite result, or the raw exception itself


COMMANDS = (
    ("trace", "--mode", "reverse"), ("trace", "--mode", "forward"), ("trace", "--mode", "both"),
    ("hessian",), ("hessian", "--method", "forward-over-forward"), ("jacobian",),
    ("jacobian", "--mode", "forward", "--vector"), ("cost",),
)


@given(st.integers(0, 2 ** 32), st.sampled_from(COMMANDS), st.sampled_from(("json", "table")))
@settings(max_examples=examples(120))
def test_cli_output_is_finite_or_one_error_line(seed, command, fmt):
    rng = random.Random(seed)
    text = f"({formula(rng)})*x"  # at least one input, so --at is never empty
    at = ",".join(f"{name}={rng.choice(EXTREMES)!r}" for name in ("x", "y") if name in text)
    argv = [command[0], text, "--at", at] + list(command[1:]) + ["--format", fmt]
    code, out, err = run_cli(*argv)
    assert "Traceback" not in err
    if code == 0:
        assert "nan" not in out.lower().split() and "inf" not in out.lower().split()
        if fmt == "json":
            json.loads(out, parse_constant=_reject)
    else:
        assert code == 2 and out == "" and len(err.strip().splitlines()) == 1, err
