"""References built from the AST, not from the Wengert list: an independent oracle for lowering.

Every other reference (sympy in :mod:`adkit.verify.symbolic`, finite
differences, :func:`adkit.verify.source.to_source`) reads the Wengert list,
so a wrong list agrees with itself.  These walk the parser's tree directly:
no common subexpressions, no step order, no literal table, just each node's
registry meaning applied to its children's values.  A name is a value given
in ``point`` (or ``symbols``), else the latest assignment to it, else a
constant (``pi``, ``e``); the program's value is its last statement's.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from adkit.ir.primitives import CONSTANTS, REGISTRY
from adkit.ir.wengert import Literal
from adkit.language.nodes import Assign, Module, Name, Node, Number
from adkit.verify.symbolic import sympy_literal


def interpret(module: Module, given: Mapping[str, Any], number: Callable[[str, float], Any],
              apply: Callable[[str, list[Any]], Any]) -> Any:
    """The last statement's value, with ``number(text, value)`` for literals and constants, ``apply`` for nodes."""
    env: dict[str, Any] = dict(given)
    value: Any = None
    for st in module.statements:
        value = _expression(st.value if isinstance(st, Assign) else st, env, number, apply)
        if isinstance(st, Assign):
            env[st.target] = value
    return value


def _expression(root: Node, env: Mapping[str, Any], number: Callable[[str, float], Any],
                apply: Callable[[str, list[Any]], Any]) -> Any:
    """Post-order with an explicit stack, so a deep tree never meets the recursion limit."""
    results: list[Any] = []
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, ready = stack.pop()
        if isinstance(node, Number):
            results.append(number(node.text, node.value))
        elif isinstance(node, Name):
            results.append(env[node.id] if node.id in env else number(node.id, CONSTANTS[node.id]))
        elif not ready:
            stack.append((node, True))
            stack.extend((arg, False) for arg in reversed(node.args))
        else:
            k = len(node.args)
            args = results[-k:]
            del results[-k:]
            results.append(apply(node.op, args))
    return results[0]


def float_value(module: Module, point: Mapping[str, float]) -> float:
    """The program's value at ``point`` in plain floats, through each primitive's ``evaluate``."""
    return interpret(module, point, lambda text, value: value, lambda op, args: REGISTRY[op].evaluate(*args))


def sympy_value(sp: Any, module: Module, symbols: Mapping[str, Any]) -> Any:
    """The program as one sympy expression in ``symbols`` (literals exact as written), through the registry."""
    return interpret(module, symbols, lambda text, value: sympy_literal(sp, Literal(value, text)),
                     lambda op, args: REGISTRY[op].sympy(sp, *args))
