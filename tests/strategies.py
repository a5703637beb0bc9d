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

from adkit.ir.primitives import CONSTANTS, FUNCTIONS, REGISTRY

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
SENSITIVITY = 1e3  # and every |∂v/∂inputs| (summed over paths)


def _fits(key: str, args: list[float], sens: list[float]) -> tuple[float, float] | None:
    """(value, sensitivity) when the primitive and its partials are defined, moderate and off any kink.

    ``sens`` bounds |∂arg/∂inputs| (0 for a literal); the result's bound is
    Σ |∂ᵢ|·sensᵢ, kept below SENSITIVITY so a finite-difference stencil stays
    on the smooth part of the function (no pole of tan inside it).
    """
    prim = REGISTRY[key]
    try:
        out = prim.evaluate(*args)
        if prim.kink is not None and prim.kink(*args):
            return None
        if key == "pow" and args[0] == 0:
            return None  # the one-sided-limit convention at base 0 (sympy: 0·log 0); tested apart
        partials = [p(*args, out) for p, s in zip(prim.partials, sens) if s]
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    if not math.isfinite(out) or abs(out) > LIMIT or any(not math.isfinite(d) or abs(d) > LIMIT for d in partials):
        return None
    sensitivity = sum(abs(d) * s for d, s in zip(partials, [s for s in sens if s]))
    if sensitivity > SENSITIVITY:
        return None
    return out, sensitivity


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


def programs(max_ops: int = 10) -> st.SearchStrategy[tuple[str, dict[str, float]]]:
    """(adkit source, point): :func:`valued_programs` without the value (the same examples)."""
    return valued_programs(max_ops).map(lambda drawn: drawn[:2])


Node = tuple[str, float, float]  # text, value, sensitivity (0 for a literal)


def _node(draw: st.DrawFn, key: str, chosen: list[Node], name: str, statements: list[str]) -> Node | None:
    """``key`` applied to ``chosen`` as source text with its value, or None when it does not fit there."""
    fit = _fits(key, [v for _, v, _ in chosen], [sens for _, _, sens in chosen])
    if fit is None:
        return None
    out, sensitivity = fit
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
        statements.append(f"{name} = {text}")
        text = name
    return text, out, max(sensitivity, 1e-300)


@st.composite
def valued_programs(draw: st.DrawFn, max_ops: int = 10, twins: bool = False) -> tuple[str, dict[str, float], float]:
    """(adkit source, point, value) over the whole grammar and every primitive, in-domain at the point.

    The point is drawn first; the formula is then built bottom-up choosing
    only operations that are defined (with their partials) at the values
    they receive, off kinks, with values and partials below LIMIT and
    sensitivities below SENSITIVITY, so every draw is a valid, differentiable,
    reasonably conditioned example.  Nodes may
    be reused (fan-out), named by assignment statements, written with ``^`` or
    ``**``, ``ln`` or ``log``, unary ``-``/``+``, and literals including pi, e
    and scientific notation.  The value is the output's, computed while the
    formula is built (each primitive's ``evaluate`` on its arguments' values),
    so it owes nothing to the parser, the lowering or the engines.

    ``twins``: a node with a literal argument may get a twin, the same
    operation on the same arguments with fresh literals (``x+2`` and ``x+3``,
    or ``x+2`` and ``x+2.0``), and the two are combined, so the output depends
    on the common-subexpression table telling literals apart.  Without it the
    draws, hence the examples, are those of :func:`programs`.
    """
    n_inputs = draw(st.integers(1, 3))
    point = {name: draw(st.floats(-2.5, 2.5).filter(lambda v: abs(v) > 1e-3)) for name in INPUTS[:n_inputs]}
    pool: list[Node] = [(name, value, 1.0) for name, value in point.items()]
    statements: list[str] = []
    for i in range(draw(st.integers(1, max_ops))):
        key = draw(st.sampled_from(sorted(REGISTRY)))
        prim = REGISTRY[key]
        chosen = []
        for _ in range(prim.arity):
            if draw(st.integers(0, 4)) == 0:
                text, value = _literal(draw)
                chosen.append((text, value, 0.0))
            else:
                chosen.append(pool[draw(st.integers(0, len(pool) - 1))])
        if not any(sens for _, _, sens in chosen):
            chosen[0] = pool[-1]
        node = _node(draw, key, chosen, f"t{i}", statements)
        if node is None:
            continue
        pool.append(node)
        if twins and not all(sens for _, _, sens in chosen) and draw(st.booleans()):
            again = [(*_literal(draw), 0.0) if not sens else (text, value, sens) for text, value, sens in chosen]
            twin = _node(draw, key, again, f"t{i}b", statements)
            if twin is not None:
                pool.append(twin)
                both = _node(draw, draw(st.sampled_from(["add", "sub", "mul"])), [node, twin], f"t{i}c", statements)
                if both is not None:
                    pool.append(both)
    final = pool[-1][0]
    separator = draw(st.sampled_from(["; ", "\n"]))
    return separator.join(statements + [final]), point, pool[-1][1]
