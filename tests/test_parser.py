"""Parser: grammar, precedence, spans and every syntax error path."""

from __future__ import annotations

import pytest

import adkit
from adkit.errors import LimitError, ParseError
from adkit.language.nodes import Apply, Assign, Name, Number
from adkit.language.parser import MAX_DEPTH, MAX_LENGTH, parse, parse_expression


def shape(node):
    """Nested tuples of an AST, for readable expectations."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Name):
        return node.id
    return (node.op, *(shape(a) for a in node.args))


@pytest.mark.parametrize("text, expected", [
    ("2", 2.0), ("2.5", 2.5), (".5", 0.5), ("1e-3", 1e-3), ("2.5E2", 250.0), ("3.", 3.0),
    ("x + y*z", ("add", "x", ("mul", "y", "z"))),
    ("x - y - z", ("sub", ("sub", "x", "y"), "z")),
    ("x / y / z", ("div", ("div", "x", "y"), "z")),
    ("-x^2", ("neg", ("pow", "x", 2.0))),
    ("2^-x", ("pow", 2.0, ("neg", "x"))),
    ("x^2^3", ("pow", "x", ("pow", 2.0, 3.0))),
    ("x**2**3", ("pow", "x", ("pow", 2.0, 3.0))),
    ("-x*y", ("mul", ("neg", "x"), "y")),
    ("+x", "x"),
    ("-2", -2.0),
    ("-2^2", ("neg", ("pow", 2.0, 2.0))),
    ("(-2)^2", ("pow", -2.0, 2.0)),
    ("--x", ("neg", ("neg", "x"))),
    ("x - -2", ("sub", "x", -2.0)),
    ("(x + y)*z", ("mul", ("add", "x", "y"), "z")),
    ("ln(x)", ("log", "x")),
    ("log(x)", ("log", "x")),
    ("max(x, y) + pow(x, 2)", ("add", ("max", "x", "y"), ("pow", "x", 2.0))),
    ("sin(x)^2", ("pow", ("sin", "x"), 2.0)),
    ("2*-x", ("mul", 2.0, ("neg", "x"))),
])
def test_grammar_and_precedence(text, expected):
    assert shape(parse_expression(text)) == expected


def test_programs_split_on_semicolons_and_newlines():
    module = parse("a = exp(x); b = a^2\nc = a + b\n\n")
    assert [st.target for st in module.statements] == ["a", "b", "c"]
    assert all(isinstance(st, Assign) for st in module.statements)


def test_newline_inside_parentheses_is_whitespace():
    assert shape(parse_expression("(x +\n y)")) == ("add", "x", "y")


def test_spans_point_into_the_original_text():
    node = parse_expression("  sin(x) + y")
    assert isinstance(node, Apply) and (node.start, node.end) == (2, 12)
    assert (node.args[0].start, node.args[0].end) == (2, 8)


def error(text: str) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse(text)
    return info.value


@pytest.mark.parametrize("text, start, end, message", [
    ("(x + 1", 0, 1, "this parenthesis is never closed: add ')'"),
    ("x +", 2, 3, "the expression ends after '+': something is missing after it"),
    ("", 0, 1, "empty expression: type a formula such as ln(x1) + x1*x2"),
    ("   ", 0, 3, "empty expression: type a formula such as ln(x1) + x1*x2"),
    ("x)", 1, 2, "this ')' has no matching '('"),
    ("2x", 1, 2, "missing operator between '2' and 'x': write 2*x for a product"),
    ("(x+1)(x-1)", 5, 6, "missing operator between ')' and '(': write )*( for a product"),
    ("x.real", 1, 2, "unexpected character '.': adkit expressions have no attributes or methods "
                     "(x.real is Python, not adkit)"),
    ("x[0]", 1, 2, "unexpected character '[': adkit expressions have no indexing; name each input (x1, x2, ...)"),
    ("lambda: 1", 6, 7, "unexpected character ':': this is Python syntax, not adkit syntax; nothing is executed"),
    ("sin(x, y)", 0, 9, "sin takes 1 argument, got 2"),
    ("sin()", 0, 5, "sin takes 1 argument, got 0"),
    ("max(x)", 0, 6, "max takes 2 arguments, got 1"),
    ("1e400", 0, 5, "the number 1e400 is too large for a double-precision float (overflow)"),
    ("nan + 1", 0, 3, "'nan' is not a finite number and cannot be a name; adkit works with finite values"),
    ("x, y", 1, 2, "',' outside a function call: only max, min and pow take two arguments"),
    ("sin + 1", 0, 3, "'sin' is a function: call it as sin(...), or sin x for a single name or number"),
    ("exp = 2; exp", 0, 3, "'exp' is a function and cannot be assigned to; choose another name"),
    ("y = ", 2, 3, "nothing after '=': write name = expression"),
    ("x + ; y", 2, 3, "the expression ends after '+': something is missing after it"),
    ("x*y; z", 0, 3, "only the last statement can be a bare expression; name this one (y = ...)"),
    ("x + * y", 4, 5, "expected a number, a name or '(' but found '*'"),
    ("a = x = 1", 6, 7, "'=' can only follow a name at the start of a statement (name = expression)"),
    ("(x; y)", 2, 3, "';' inside parentheses: close the parenthesis before ending the statement"),
])
def test_syntax_errors_have_message_and_span(text, start, end, message):
    err = error(text)
    assert (err.start, err.end) == (start, end)
    assert str(err) == message


def test_unknown_function_names_it_and_suggests_the_closest():
    err = error("sinn(x) + 1")
    assert (err.start, err.end) == (0, 4)
    assert str(err).startswith("unknown function 'sinn' (did you mean 'sin'?); known functions: abs, acos,")
    assert "sigmoid" in str(err) and "To multiply" not in str(err)


def test_unknown_function_without_a_close_name_hints_at_multiplication():
    err = error("q(x + 1)")
    assert str(err).endswith("To multiply, write q*(...)")


def test_python_code_is_rejected_and_never_run(tmp_path, monkeypatch):
    marker = tmp_path / "ran"
    monkeypatch.chdir(tmp_path)
    for text in (f"__import__('os').system('touch {marker}')", "open('ran', 'w')", "exec('1')",
                 "eval('1')", "x if x else y", "[x for x in y]"):
        with pytest.raises(ParseError):
            adkit.compile(text)
    assert not marker.exists()


def test_deep_nesting_does_not_recurse():
    depth = 10_000
    node = parse_expression("(" * depth + "x" + ")" * depth)
    assert shape(node) == "x"
    p = adkit.compile("sin(" * depth + "x" + ")" * depth)
    assert len(p.steps) == depth + 1
    assert p.gradient({"x": 0.0})["x"] == 1.0


def test_limits_give_a_clear_error():
    with pytest.raises(LimitError, match="nest deeper than the limit"):
        parse("(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1))
    with pytest.raises(LimitError, match="characters long"):
        parse("x" * (MAX_LENGTH + 1))
