"""The one catalogue of user-facing messages.

Every error, warning and label a user reads is looked up here by key, so a
translation is one more column and a test can check that none is missing.
The language comes from :func:`set_language` or the ``ADKIT_LANG``
environment variable; English is the default.

Parameters whose value is another message key (``hint``, ``note``) are
rendered in the same language; a parameter that is ``None`` drops the
``[[...]]`` section of the template that mentions it.
"""

from __future__ import annotations

import os
import re
from typing import Any

LANGUAGES = ("en",)
_language: str | None = None

MESSAGES: dict[str, dict[str, str]] = {
    # ---- parsing -----------------------------------------------------------
    "parse.empty": {"en": "empty expression: type a formula such as ln(x1) + x1*x2"},
    "parse.bare_not_last": {"en": "only the last statement can be a bare expression; name this one (y = ...)"},
    "parse.expression_expected": {"en": "expected a single expression, not a program"},
    "parse.separator_in_parens": {"en": "';' inside parentheses: close the parenthesis before ending the statement"},
    "parse.missing_after_assign": {"en": "nothing after '=': write name = expression"},
    "parse.reserved_name": {"en": "'{name}' is not a finite number and cannot be a name; adkit works with finite values"},
    "parse.assign_function": {"en": "'{name}' is a function and cannot be assigned to; choose another name"},
    "parse.function_as_name": {"en": "'{name}' is a function: call it as {name}(...)"},
    "parse.unknown_function": {"en": "unknown function '{name}'[[ (did you mean '{suggestion}'?)]]; known functions: {known}[[. To multiply, write {multiply}*(...)]]"},
    "parse.number_overflow": {"en": "the number {number} is too large for a double-precision float (overflow)"},
    "parse.unexpected_char": {"en": "unexpected character {char!r}[[: {hint}]]"},
    "parse.dangling": {"en": "the expression ends after '{op}': something is missing after it"},
    "parse.expected_operand": {"en": "expected a number, a name or '(' but found '{found}'"},
    "parse.stray_comma": {"en": "',' outside a function call: only max, min and pow take two arguments"},
    "parse.unmatched_close": {"en": "this ')' has no matching '('"},
    "parse.unclosed": {"en": "this parenthesis is never closed: add ')'"},
    "parse.misplaced_assign": {"en": "'=' can only follow a name at the start of a statement (name = expression)"},
    "parse.implicit_multiplication": {"en": "missing operator between '{left}' and '{right}': write {left}*{right} for a product"},
    "parse.expected_operator": {"en": "expected an operator but found '{found}'"},
    "parse.arity": {"en": "{name} takes {arity} argument(s), got {count}"},
    "hint.attribute": {"en": "adkit expressions have no attributes or methods (x.real is Python, not adkit)"},
    "hint.indexing": {"en": "adkit expressions have no indexing; name each input (x1, x2, ...)"},
    "hint.string": {"en": "adkit expressions have no strings"},
    "hint.python": {"en": "this is Python syntax, not adkit syntax; nothing is executed"},
    "hint.modulo": {"en": "adkit has no '%' operator"},
    "hint.comparison": {"en": "adkit has no comparisons; use max(a, b) or min(a, b)"},
    "limit.length": {"en": "the text is {length} characters long; the limit is {limit}"},
    "limit.depth": {"en": "parentheses and calls nest deeper than the limit of {limit} levels"},
    # ---- programs and bindings --------------------------------------------
    "program.used_before_assignment": {"en": "'{name}' is used before it is assigned"},
    "program.assign_input": {"en": "'{name}' is an input (given in --at) and cannot also be assigned in the program"},
    "program.unknown_output": {"en": "unknown output '{name}'; the program's names are: {names}"},
    "bind.missing": {"en": "no value for input '{name}': add {name}=... to --at"},
    "bind.extra": {"en": "'{name}' is given a value but the expression does not use it[[; its inputs are: {inputs}]]"},
    "bind.duplicate": {"en": "'{name}' is given twice"},
    "bind.format": {"en": "expected name=value pairs separated by commas, got '{item}'"},
    "bind.not_a_number": {"en": "the value of '{name}' is not a number: {value}"},
    "bind.not_finite": {"en": "the value of '{name}' is not finite: {value}"},
    "bind.constant_expression": {"en": "the value of '{name}' may use numbers, pi and e, but not the name '{other}'"},
    "bind.count": {"en": "expected {expected} values, got {count}"},
    "bind.wrt_and_seed": {"en": "--wrt and --seed both choose the forward direction: give one of them"},
    "bind.mode_needs_forward": {"en": "--wrt and --seed choose a forward (tangent) sweep: use --mode forward or both"},
    # ---- domains and kinks ------------------------------------------------
    "domain.generic": {"en": "{op} is undefined at {args}"},
    "domain.div": {"en": "division by zero"},
    "domain.pow": {"en": "{op} is undefined at {args} (a negative base needs an integer exponent; 0 cannot have a negative exponent)"},
    "domain.asin": {"en": "{op} is undefined at {args}: its argument must lie in [-1, 1]"},
    "domain.log": {"en": "{op} is undefined at {args}: its argument must be positive"},
    "domain.sqrt": {"en": "{op} is undefined at {args}: its argument must be non-negative"},
    "domain.overflow": {"en": "{op} overflows at {args}: the result is too large for a double-precision float"},
    "domain.not_finite": {"en": "{op} gives {value} at {args}"},
    "domain.partial": {"en": "the derivative of {op} with respect to argument {position} is undefined at {args}"},
    "kink.abs": {"en": "abs is not differentiable at 0; adkit uses the derivative of the branch it evaluated, x ≥ 0, so sign 0 = +1"},
    "kink.relu": {"en": "relu is not differentiable at 0; adkit uses the derivative of the branch it evaluated, relu 0 = 0, so the slope is 0 (as PyTorch and JAX do)"},
    "kink.max": {"en": "max is not differentiable at a tie; adkit gives the whole derivative to the first argument (max(a, b) = a when a ≥ b)"},
    "kink.min": {"en": "min is not differentiable at a tie; adkit gives the whole derivative to the first argument (min(a, b) = a when a ≤ b)"},
    "warning.kink": {"en": "{step}: {note}"},
    # ---- tracing Python callables ------------------------------------------
    "tracing.float": {"en": "a traced function turned an adkit value into a Python float; use adkit.{hint} (adkit.sin, adkit.log, ...) instead of the math module"},
    "tracing.bool": {"en": "a traced function compared or branched on an input; adkit records straight-line formulas only (use max/min/relu/abs for kinks)"},
    "tracing.signature": {"en": "the function's parameters ({params}) do not match the names given in at ({names})"},
    "tracing.result": {"en": "the traced function must return a number computed from its inputs, not {kind}"},
    "tracing.mixed": {"en": "cannot mix values from two different traces or a Dual with a trace"},
    # ---- tables -------------------------------------------------------------
    "col.step": {"en": "step"},
    "col.name": {"en": "name"},
    "col.definition": {"en": "primal trace"},
    "col.value": {"en": "value"},
    "col.tangent_statement": {"en": "tangent trace"},
    "col.adjoint_statement": {"en": "adjoint trace"},
    "col.adjoint": {"en": "adjoint"},
    "title.trace": {"en": "{expression}  at {point}  ({mode})"},
    "title.callable": {"en": "traced function"},
    "mode.forward": {"en": "forward mode"},
    "mode.reverse": {"en": "reverse mode"},
    "mode.both": {"en": "forward and reverse mode"},
    "summary.forward_all": {"en": "forward mode: {sweeps} sweep(s), one per input, to get the whole gradient"},
    "summary.forward_one": {"en": "forward mode: 1 sweep gives the derivative in one direction"},
    "summary.reverse": {"en": "reverse mode: 1 sweep from ȳ = 1 gives the whole gradient ({inputs} partial derivative(s))"},
    # ---- verification (issue 3) ---------------------------------------------
    # ---- nn (issue 6) -------------------------------------------------------
    # ---- codegen (issue 7) --------------------------------------------------
    # ---- CLI ----------------------------------------------------------------
    "cli.error": {"en": "error"},
    "cli.warning": {"en": "warning"},
}

_SECTION = re.compile(r"\[\[(.*?)\]\]")


def set_language(lang: str | None) -> None:
    """Choose the language of messages (None: back to ``ADKIT_LANG`` or English)."""
    if lang is not None and lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; available: {', '.join(LANGUAGES)}")
    global _language
    _language = lang


def language() -> str:
    lang = _language or os.environ.get("ADKIT_LANG", "en")
    return lang if lang in LANGUAGES else "en"


def message(key: str, **params: Any) -> str:
    """The message ``key`` in the current language, filled with ``params``."""
    lang = language()
    entry = MESSAGES[key]
    template = entry.get(lang, entry["en"])
    values = {k: (message(v) if k in ("hint", "note") and v in MESSAGES else v) for k, v in params.items()}

    def section(m: re.Match[str]) -> str:
        names = re.findall(r"\{(\w+)", m.group(1))
        return m.group(1) if all(values.get(n) is not None for n in names) else ""

    return _SECTION.sub(section, template).format(**values)
