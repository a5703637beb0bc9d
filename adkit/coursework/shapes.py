"""Exercises an instructor would set: named shapes from AD courses, not token soup.

Each shape writes expression text from a FIXED, VERSIONED list of operations
(:data:`OPERATIONS`), never by iterating the registry, so operations added to
the registry later cannot change a seeded worksheet.  :func:`generate_shape`
draws a shape, a size and a point and keeps the first candidate that obeys
:func:`problems`' rules: no trivial simplification (``x + x``, ``c₁ + c₂``,
``x*1``, ``x^1``), at most two nested transcendental functions, inputs with at
most 2 significant digits, every intermediate value between 10⁻³ and 10³ in
magnitude (or exactly 0 at a ReLU's kink), and the difficulty's step count
and fan-out (:data:`adkit.coursework.generate.LEVELS`).
"""

from __future__ import annotations

import random
import warnings
from typing import Any, Callable

from adkit.errors import AdkitError, BindingError
from adkit.ir.wengert import Literal
from adkit.api import compile_program
from adkit.trace import trace

#: Bumped whenever a shape or the operation list changes (seeded worksheets change with it).
SHAPES_VERSION = 1
#: The functions shapes may use, fixed for SHAPES_VERSION 1.
OPERATIONS = ("sigmoid", "tanh", "exp", "ln", "sin", "cos", "sqrt", "softplus", "relu")
TRANSCENDENTAL = frozenset({"sigmoid", "tanh", "exp", "log", "sin", "cos", "softplus"})
_WEIGHTS = ("0.5", "1.5", "2", "3", "0.2", "0.3", "1.2")
#: Per difficulty 1..5: (fewest, most) steps, and whether some value must be used twice.
STEPS = {1: (3, 4, False), 2: (4, 6, False), 3: (6, 9, True), 4: (8, 12, True), 5: (11, 15, True)}


def _names(n: int, stem: str = "x") -> list[str]:
    return [stem] if n == 1 else [f"{stem}{i + 1}" for i in range(n)]


def _affine(rng: random.Random, n: int) -> tuple[str, list[str]]:
    xs, ws = _names(n), _names(n, "w")
    return " + ".join(f"{w}*{x}" for w, x in zip(ws, xs)) + " + b", ws + xs + ["b"]


def neuron(rng: random.Random, size: int) -> tuple[str, list[str]]:
    body, inputs = _affine(rng, min(size, 3))
    return f"{rng.choice(('sigmoid', 'tanh'))}({body})", inputs


def loss(rng: random.Random, size: int) -> tuple[str, list[str]]:
    body, inputs = _affine(rng, min(size, 3))
    if rng.random() < 0.5:
        return f"({rng.choice(('sigmoid', 'tanh'))}({body}) - y)^2", inputs + ["y"]
    return f"softplus(-y*({body}))", inputs + ["y"]  # logistic loss ln(1 + e^(−y·z))


_PRODUCTS = ("x*y*sin(x)", "x*y/(x + y)", "x*exp(x*y)", "(x + y)*(x - y)/x", "x*y*exp(-x)",
             "x/(1 + x*y)", "x*y*z/(x + z)", "(x*y + z)*x", "sin(x*y)*x*z", "x*x*y - y/x")


def product(rng: random.Random, size: int) -> tuple[str, list[str]]:
    text = rng.choice(_PRODUCTS)
    return text, [n for n in ("x", "y", "z") if n in text]


_TERMS = ("ln(x1)", "x1*x2", "sin(x2)", "exp(x1)", "cos(x1)", "x2^2", "sqrt(x1)", "x1/x2", "tanh(x2)", "x1^3")


def baydin(rng: random.Random, size: int) -> tuple[str, list[str]]:
    terms = rng.sample(_TERMS, min(size + 1, 5))
    text = terms[0] + "".join(f" {rng.choice('+-')} {t}" for t in terms[1:])
    return text, [n for n in ("x1", "x2") if n in text]


def _squared(text: str) -> str:
    return f"{text}^2" if text.isidentifier() else f"({text})^2"


_OUTER: dict[str, Callable[[str], str]] = {
    "exp": "exp({})".format, "sin": "sin({})".format, "cos": "cos({})".format, "tanh": "tanh({})".format,
    "sigmoid": "sigmoid({})".format, "ln": lambda t: f"ln(1 + {_squared(t)})",
    "sqrt": lambda t: f"sqrt(1 + {_squared(t)})", "square": _squared}


def composition(rng: random.Random, size: int) -> tuple[str, list[str]]:
    text = rng.choice(("x", "2*x", "x*y", "x + y"))
    for name in rng.sample(sorted(_OUTER), 2 if size < 3 else 3):
        text = _OUTER[name](text)
    return text, [n for n in ("x", "y") if n in text]


def network(rng: random.Random, size: int) -> tuple[str, list[str]]:
    act = rng.choice(("relu", "softplus"))
    w = rng.sample(_WEIGHTS, 4)
    b = [f"{rng.choice('+-')} {c}" for c in rng.sample(("0.1", "0.2", "0.5", "1"), 2)]
    x = "x" if size < 4 else "(x1 + x2)"
    return (f"{w[2]}*{act}({w[0]}*{x} {b[0]}) - {w[3]}*{act}({w[1]}*{x} {b[1]})",
            ["x"] if size < 4 else ["x1", "x2"])


def polynomial(rng: random.Random, size: int) -> tuple[str, list[str]]:
    pool = ["3*x^2", "2*x*y", "y^3", "x^2*y", "5*x", "x*y^2", "4*y^2", "x^3"]
    terms = rng.sample(pool, min(size + 1, 5))
    text = terms[0] + "".join(f" {rng.choice('+-')} {t}" for t in terms[1:])
    return text, [n for n in ("x", "y") if n in text]


SHAPES: dict[str, Callable[[random.Random, int], tuple[str, list[str]]]] = {
    "neuron": neuron, "loss": loss, "product": product, "baydin": baydin, "composition": composition,
    "network": network, "polynomial": polynomial}


def problems(program: Any, t: Any) -> list[str]:
    """The rules an exercise breaks (empty: a good exercise)."""
    found = []
    steps = program.steps
    for step in steps:
        args = step.args
        if step.op in ("add", "sub") and len(args) == 2 and not isinstance(args[0], Literal) and args[0] == args[1]:
            found.append("A + A")
        if step.op in ("add", "sub", "mul", "div") and all(isinstance(a, Literal) for a in args):
            found.append("c + c")
        if step.op in ("mul", "div", "pow") and any(isinstance(a, Literal) and a.value == 1 for a in args[1:]) or \
                step.op == "mul" and isinstance(args[0], Literal) and args[0].value == 1:
            found.append("x*1")
    depth: dict[int, int] = {}
    for step in steps:
        inner = max((depth.get(a, 0) for a in step.args if not isinstance(a, Literal)), default=0)
        depth[step.index] = inner + (step.op in TRANSCENDENTAL)
    if max(depth.values(), default=0) > 2:
        found.append("nested")
    for name, value in t.point.items():
        if float(f"{value:.2g}") != value:
            found.append("point digits")
    for record in t.steps:
        v = abs(record.value)
        if not (1e-3 <= v <= 1e3 or v == 0 and record.step.op == "relu"):
            found.append("magnitude")
    return found


def shape_point(program: Any, inputs: list[str], rng: random.Random,
                accept: Callable[[Any], bool] = lambda t: True, tries: int = 10) -> dict[str, float] | None:
    """A nonzero point with one decimal in [-2, 2] where ``program`` breaks none of :func:`problems`' rules,
    its tangents and adjoints stay below 10³ and its trace is ``accept``-ed; None after ``tries`` draws."""
    for _ in range(tries):
        point = {x: rng.choice([-1, 1]) * rng.randint(1, 20) / 10 for x in inputs}
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                t = trace(program, at=point, mode="both")
        except (AdkitError, ArithmeticError, ValueError):
            continue
        if not problems(program, t) and all(abs(x) < 1e3 for r in t.steps for x in r.tangents + r.adjoints) \
                and accept(t):
            return point
    return None


def generate_shape(difficulty: int, seed: int, shape: str | None = None, tries: int = 400) -> tuple[str, dict[str, float]]:
    """A ``(expression, point)`` of a named shape (any shape when None), reproducible by ``seed``."""
    if difficulty not in STEPS:
        raise BindingError("exercise.difficulty", difficulty=difficulty)
    if shape is not None and shape not in SHAPES:
        raise BindingError("exercise.shape", shape=shape, shapes=", ".join(SHAPES))
    lo, hi, fan_out = STEPS[difficulty]
    rng = random.Random(seed)
    for _ in range(tries):
        name = shape or rng.choice(sorted(SHAPES))
        text, inputs = SHAPES[name](rng, rng.randint(1, 5))
        try:
            program = compile_program(text, inputs=inputs)
        except AdkitError:
            continue
        n = len(program.steps) - len(inputs)
        uses = [a for s in program.steps for a in s.args if not isinstance(a, Literal)]
        if not lo <= n <= hi or fan_out and len(uses) == len(set(uses)):
            continue
        point = shape_point(program, inputs, rng)
        if point is not None:
            return text, point
    raise BindingError("exercise.shape_difficulty", shape=shape or "", difficulty=difficulty)


__all__ = ["OPERATIONS", "SHAPES", "SHAPES_VERSION", "generate_shape", "problems", "shape_point"]
