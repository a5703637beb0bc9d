"""Fuzzing the CLI and the API: no traceback, no raw exception, no NaN or ±inf in any output.

The generators are tests/fuzz/fuzz_finite.py's (its ``main`` runs 10⁵ inputs by
hand); here hypothesis drives them, derandomized in the "ci" profile.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz.fuzz_finite import one, one_cli
from strategies import examples


@given(st.randoms(use_true_random=False))
@settings(max_examples=examples(400))
def test_api_never_raises_raw_or_returns_non_finite(rng):
    one(rng)  # raises AssertionError on a non-finite result, or the raw exception itself


@given(st.randoms(use_true_random=False))
@settings(max_examples=examples(300))
def test_cli_output_is_finite_or_one_error_line(rng):
    one_cli(rng)  # raises AssertionError on a traceback, a non-finite number, or a bad error shape
