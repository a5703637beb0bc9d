"""The :class:`Primitive` record and the registry it is kept in; every operation is one record.

A record holds everything the rest of adkit needs to know about an operation:
how to evaluate it (with its domain), one local partial derivative per
argument, its sympy counterpart, how users write it, how it prints in Unicode
and LaTeX, its code templates, and the convention used at a kink.  Fields are
given by name (``Primitive(name="add", arity=2, ...)``), so a reader never
counts commas.  The records themselves live by family in
:mod:`adkit.ir.arithmetic`, :mod:`adkit.ir.elementary` and
:mod:`adkit.ir.activations`; :mod:`adkit.ir.primitives` gathers them.

Each partial is written once as an expression over the arguments ``X``, ``Y``
and the value ``OUT`` (:mod:`adkit.ir.partials`); from it the record gets the
callable ``partial(*args, out)`` — a fast form (:class:`~adkit.ir.closures.Constant`,
``ArgValue``, ``OutValue``, ``OfArg``) when the expression has that shape — and
its Python and C code.  Display templates use ``{0}``, ``{1}`` for the
arguments and ``{out}`` for the result, or are callables
``(args, literals) -> str``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Callable, Mapping, Sequence

from adkit.errors import DomainError
from adkit.ir.closures import derive
from adkit.ir.partials import Expr, code, sympy_form

Template = str | Callable[[Sequence[str], Sequence[float | None]], str]

FAILURES = (ValueError, ZeroDivisionError, OverflowError)


@dataclass(frozen=True, kw_only=True)
class Primitive:
    """One elementary operation.  See the module docstring for conventions."""

    name: str  # registry key; the ``op`` in JSON
    arity: int
    evaluate: Callable[..., float]
    partials: tuple[Callable[..., float], ...]  # written as expressions; callables once derived
    sympy: Callable[..., Any]  # (sympy module, *sympy args) -> sympy expression
    syntax: str  # adkit source form, re-parses to the same step: "sin({0})"
    unicode: Template  # "sin {0}"
    latex: Template  # "\\sin {0}"
    partial_unicode: tuple[Template, ...]
    partial_latex: tuple[Template, ...]
    domain: str = "domain.generic"  # message key when evaluation fails
    kink: Callable[..., bool] | None = None  # True where not differentiable
    kink_note: str | None = None  # message key stating the convention used
    # Code generation (adkit.codegen.python): templates over argument names {0}, {1} and
    # the result {out}.  Arguments are always plain names or parenthesised
    # literals.  Python may use only the math module; C only math.h and the
    # helper functions in ``c_helpers`` (emitted once in the preamble).
    python: str = ""  # "math.log({0})"
    c: str = ""  # "log({0})"
    partial_python: tuple[str, ...] = ()  # derived: one per argument, ("1.0 / {0}",)
    partial_c: tuple[str, ...] = ()  # derived
    partial_expressions: tuple[Expr, ...] = ()  # the partials as written (adkit.ir.partials)
    c_helpers: tuple[str, ...] = ()
    function: bool = True  # users may call it by name (operators such as add are not)

    def partial_sympy(self, sp: Any, *args: Any) -> tuple[Any, ...]:
        """Each partial as a sympy expression of the sympy arguments (derived from its expression)."""
        out = self.sympy(sp, *args)
        return tuple(sympy_form(d, sp, args, out, REGISTRY) for d in self.partial_expressions)

    @property
    def label(self) -> str:
        """Short name for messages: ``ln`` for log, ``/`` for div."""
        if "(" in self.syntax:
            return self.syntax.split("(")[0]
        return self.syntax.replace("{0}", "").replace("{1}", "").strip()


def sympy_function(name: str) -> Callable[..., Any]:
    """The ``sympy`` field of a record that is sympy's function ``name``."""
    return lambda sp, *a: getattr(sp, name)(*a)


_RECORDS: dict[str, Primitive] = {}
#: Every primitive by name, read-only: records are added only by :func:`register`.
REGISTRY: Mapping[str, Primitive] = MappingProxyType(_RECORDS)


def register(p: Primitive) -> Primitive:
    """Add a primitive; the one place an operation is defined (its partials are derived by
    :func:`derive_partials` once every record is in, since a partial may name a later primitive)."""
    if p.name in REGISTRY:
        raise ValueError(f"primitive {p.name!r} registered twice")
    if len(p.partials) != p.arity or len(p.partial_unicode) != p.arity or len(p.partial_latex) != p.arity:
        raise ValueError(f"primitive {p.name!r}: one partial and one template per argument")
    _RECORDS[p.name] = p
    return p


def derive_partials() -> None:
    """Every record's partials, written once as expressions, become its callables and Python and C code."""
    _RECORDS.update({name: _derive(p) for name, p in _RECORDS.items()})


def _derive(p: Primitive) -> Primitive:
    if any(isinstance(d, Expr) for d in p.partials):
        derived: dict[str, Any] = {"partials": tuple(derive(d, p.arity, REGISTRY, call) for d in p.partials),
                                   "partial_expressions": p.partials}
        if p.python:
            derived["partial_python"] = tuple(code(d, "python", REGISTRY) for d in p.partials)
            derived["partial_c"] = tuple(code(d, "c", REGISTRY) for d in p.partials)
        p = replace(p, **derived)
    if p.python and (len(p.partial_python) != p.arity or len(p.partial_c) != p.arity or not p.c):
        raise ValueError(f"primitive {p.name!r}: code templates need one partial per argument, Python and C")
    return p


def call(name: str, *args: Any) -> Any:
    """Primitive ``name`` inside a partial: plain maths on floats; on dual numbers
    or traced values it goes through the registry, so partials can themselves be
    differentiated (Hessians push duals through the reverse sweep)."""
    prim = REGISTRY[name]
    for a in args:
        if type(a) is not float:
            return apply(prim, args)
    return prim.evaluate(*args)


def apply(prim: Primitive, args: tuple[Any, ...]) -> Any:
    """Apply a primitive to numbers, duals or tracers."""
    for arg in args:
        handler = getattr(type(arg), "__adkit_apply__", None)
        if handler is not None:
            return handler(prim, args)
    values = tuple(float(a) for a in args)
    try:
        return prim.evaluate(*values)
    except FAILURES as exc:
        raise domain_error(prim, values, exc) from None


def domain_error(prim: Primitive, values: tuple[float, ...], exc: Exception, step: str | None = None) -> DomainError:
    key = "domain.overflow" if isinstance(exc, OverflowError) else prim.domain
    return DomainError(key, step=step, op=prim.label, args=", ".join(f"{v:.6g}" for v in values))
