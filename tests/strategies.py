"""Hypothesis profiles and strategies shared by the property and fuzz tests.

Profiles (choose with the HYPOTHESIS_PROFILE environment variable):

* ``ci`` (default): derandomized, so every run checks the same examples;
  the per-test counts below add up to well over 2,000 examples.
* ``thorough``: 100,000 examples for the main agreement property (and every
  other property scaled the same way), random seeds, for a local soak run:
  ``HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py``.
"""

from __future__ import annotations

import math
import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from adkit.primitives import CONSTANTS, FUNCTIONS, REGISTRY

settings.register_profile(
    "ci", derandomize=True, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
settings.register_profile(
    "thorough", deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
settings.load_profile(PROFILE)

#: Examples of the main agreement property in the thorough profile.
THOROUGH = 100_000


def examples(ci: int) -> int:
    """``ci`` examples in CI; scaled so the main property (1,000 in CI) runs 100,000 when thorough."""
    return ci if PROFILE == "ci" else max(ci, ci * THOROUGH // 1000)


INPUTS = ("x", "y", "z")
#: Function-call spellings for every registry key (``ln`` and ``log`` both appear).
CALL_NAMES = {key: sorted(name for name, k in FUNCTIONS.items() if k == key) for key in REGISTRY}
OPERATORS = {"add": ["+"], "sub": ["-"], "mul": ["*"], "div": ["/"], "pow": ["^", "**"]}
LIMIT = 1e4  # values and local partials stay below this: well-conditioned examples


def _fits(key: str, args: list[float], variable: list[bool]) -> float | None:
    """The primitive's value when it and its partials are defined, moderate and off any kink."""
    prim = REGISTRY[key]
    try:
        out = prim.evaluate(*args)
        if prim.kink is not None and prim.kink(*args):
            return None
        partials = [p(*args, out) for p, var in zip(prim.partials, variable) if var]
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    if not math.isfinite(out) or abs(out) > LIMIT or any(not math.isfinite(d) or abs(d) > LIMIT for d in partials):
        return None
    return out


def _literal(draw: st.DrawFn) -> tuple[str, float]:
    kind = draw(st.sampled_from(["int", "decimal", "sci", "const"]))
    if kind == "const":
        name = draw(st.sampled_from(sorted(CONSTANTS)))
        return name, CONSTANTS[name]
    if kind == "int":
        n = draw(st.integers(0, 5))
        return str(n), float(n)
    if kind == "decimal":
        text = f"{draw(st.integers(0, 4))}.{draw(st.integers(0, 99)):02d}"
        return text, float(text)
    text = f"{draw(st.integers(1, 9))}.{draw(st.integers(0, 9))}e{draw(st.integers(-2, 0))}"
    return text, float(text)


@st.composite
def programs(draw: st.DrawFn, max_ops: int = 10) -> tuple[str, dict[str, float]]:
    """(adkit source, point) over the whole grammar and every primitive, in-domain at the point.

    The point is drawn first; the formula is then built bottom-up choosing
    only operations that are defined (with their partials) at the values
    they receive, so every draw is a valid, differentiable example.  Nodes may
    be reused (fan-out), named by assignment statements, written with ``^`` or
    ``**``, ``ln`` or ``log``, unary ``-``/``+``, and literals including pi, e
    and scientific notation.
    """
    n_inputs = draw(st.integers(1, 3))
    point = {name: draw(st.floats(-2.5, 2.5).filter(lambda v: abs(v) > 1e-3)) for name in INPUTS[:n_inputs]}
    pool: list[tuple[str, float, bool]] = [(name, value, True) for name, value in point.items()]  # text, value, variable
    statements: list[str] = []
    for i in range(draw(st.integers(1, max_ops))):
        key = draw(st.sampled_from(sorted(REGISTRY)))
        prim = REGISTRY[key]
        chosen = []
        for _ in range(prim.arity):
            if draw(st.integers(0, 4)) == 0:
                text, value = _literal(draw)
                chosen.append((text, value, False))
            else:
                chosen.append(pool[draw(st.integers(0, len(pool) - 1))])
        if not any(var for _, _, var in chosen):
            chosen[0] = pool[-1]
        values = [v for _, v, _ in chosen]
        out = _fits(key, values, [var for _, _, var in chosen])
        if out is None:
            continue
        texts = [f"({t})" if not t.isidentifier() else t for t, _, _ in chosen]
        if key == "neg":
            text = f"-{texts[0]}"
        elif key in OPERATORS:
            op = draw(st.sampled_from(OPERATORS[key]))
            space = draw(st.sampled_from(["", " "]))
            text = f"{texts[0]}{space}{op}{space}{texts[1]}"
        else:
            text = f"{draw(st.sampled_from(CALL_NAMES[key]))}({', '.join(texts)})"
        if draw(st.integers(0, 9)) == 0:
            text = f"+({text})"
        if draw(st.integers(0, 3)) == 0:
            name = f"t{i}"
            statements.append(f"{name} = {text}")
            text = name
        pool.append((text, out, True))
    final = pool[-1][0]
    separator = draw(st.sampled_from(["; ", "\n"]))
    return separator.join(statements + [final]), point
