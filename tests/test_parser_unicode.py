"""Formulas as students write them and as adkit prints them: Unicode maths in, and the errors it gets."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings

import adkit
from adkit.errors import ParseError
from adkit.ir.notation import ASCII, UNICODE, definition
from adkit.language.lexer import tokenize
from adkit.language.parser import APPLICATION_POWER, BINDING_POWER, PREFIX_POWER, parse_expression
from adkit.api import compile_program
from helpers import run_cli
from strategies import examples, programs
from test_parser import shape


@pytest.mark.parametrize("text, expected", [
    ("x·y", ("mul", "x", "y")), ("x × y", ("mul", "x", "y")), ("x∗y", ("mul", "x", "y")),
    ("x⋅y", ("mul", "x", "y")), ("x ∙ y", ("mul", "x", "y")),  # U+22C5 dot operator, U+2219 bullet operator
    ("x − y", ("sub", "x", "y")), ("−x", ("neg", "x")), ("x÷y", ("div", "x", "y")), ("x∕y", ("div", "x", "y")),
    ("x²", ("pow", "x", 2.0)), ("x³", ("pow", "x", 3.0)), ("x⁻¹", ("pow", "x", -1.0)),
    ("x¹⁰", ("pow", "x", 10.0)), ("x⁽ⁿ⁺¹⁾", ("pow", "x", ("add", "n", 1.0))), ("x⁽⁻²⁾", ("pow", "x", -2.0)),
    ("-x²", ("neg", ("pow", "x", 2.0))), ("2x", None),
    ("√x", ("sqrt", "x")), ("√(x + 1)", ("sqrt", ("add", "x", 1.0))), ("√x·y", ("mul", ("sqrt", "x"), "y")),
    ("√x²", ("sqrt", ("pow", "x", 2.0))), ("√√x", ("sqrt", ("sqrt", "x"))),
    ("|x|", ("abs", "x")), ("|x − y|·2", ("mul", ("abs", ("sub", "x", "y")), 2.0)),
    ("||x| − |y||", ("abs", ("sub", ("abs", "x"), ("abs", "y")))), ("max(|x|, y)", ("max", ("abs", "x"), "y")),
    ("π·x", ("mul", "pi", "x")), ("σ(x)", ("sigmoid", "x")),
    ("x₁·x₂", ("mul", "x1", "x2")), ("v₋₁ + v₀", ("add", "v_m1", "v0")), ("v_-1 + v_0", ("add", "v_m1", "v_0")),
    ("ln v₀", ("log", "v0")), ("ln 2", ("log", 2.0)), ("sin x^2", ("sin", ("pow", "x", 2.0))),
    ("sin x²", ("sin", ("pow", "x", 2.0))), ("sin x·y", ("mul", ("sin", "x"), "y")),
    ("sin x/y", ("div", ("sin", "x"), "y")), ("-ln x", ("neg", ("log", "x"))), ("ln ln x", ("log", ("log", "x"))),
    ("2·ln x + 1", ("add", ("mul", 2.0, ("log", "x")), 1.0)), ("exp x^-1", ("exp", ("pow", "x", -1.0))),
    ("sin(x)^2", ("pow", ("sin", "x"), 2.0)),
])
def test_unicode_maths_reads_as_ascii(text, expected):
    if expected is None:
        with pytest.raises(ParseError):
            parse_expression(text)
    else:
        assert shape(parse_expression(text)) == expected


def test_application_sits_between_times_and_power_in_the_one_table():
    times = BINDING_POWER["*"][1]
    power = BINDING_POWER["^"][1]
    assert max(times, PREFIX_POWER["-"][1]) < APPLICATION_POWER <= power


def test_tokens_keep_offsets_into_the_original_text():
    text = "√x₁·y⁻¹"
    spans = [(t.kind, t.text, text[t.start:t.end]) for t in tokenize(text)]
    assert spans == [("NAME", "sqrt", "√"), ("NAME", "x1", "x₁"), ("OP", "*", "·"), ("NAME", "y", "y"),
                     ("OP", "^", "⁻"), ("OP", "(", "⁻"), ("OP", "-", "⁻"), ("NUM", "1", "¹"), ("OP", ")", "¹"),
                     ("END", "", "")]


@pytest.mark.parametrize("text, start, message", [
    ("x • y", 2, "unexpected character '•' (U+2022): write * instead"),
    ("x – y", 2, "unexpected character '–' (U+2013): write - instead"),
    ("α*x", 0, "unexpected character 'α' (U+03B1): write alpha instead"),
    ("٣", 0, "unexpected character '٣' (U+0663): write 3 instead"),
    ("x + ３", 4, "unexpected character '３' (U+FF13): write 3 instead"),
    ("x ≤ y", 2, "unexpected character '≤' (U+2264); adkit has no comparisons; use max(a, b) or min(a, b)"),
    ("x*∞", 2, "unexpected character '∞' (U+221E); adkit works with finite values only"),
    ("x ⊕ y", 2, "unexpected character '⊕' (U+2295)"),
    ("x!", 1, "unexpected character '!': factorial is not supported; write the product out (x*(x-1)*...)"),
    ("1e-99999", 0, "the number 1e-99999 is too small for a double-precision float (it would be read as 0)"),
    ("1e99999", 0, "the number 1e99999 is too large for a double-precision float (overflow)"),
    ("|x", 0, "this absolute value is never closed: add '|'"),
    ("x|", 1, "this '|' closes an absolute value that was never opened"),
    ("|(x|", 1, "this parenthesis is never closed: add ')'"),
    ("(|x)", 1, "this absolute value is never closed: add '|'"),
    ("max x", 0, "'max' is a function: call it as max(...)"),
    ("ln -x", 0, "'ln' is a function: call it as ln(...), or ln x for a single name or number"),
    ("ln x y", 5, "missing operator between 'x' and 'y': write x*y for a product"),
    ("x²y", 2, "missing operator between '²' and 'y': write ²*y for a product"),
    ("x −", 2, "the expression ends after '−': something is missing after it"),
    ("x · · y", 4, "expected a number, a name or '(' but found '·'"),
    ("√ + 1", 0, "'√' is a function: call it as √(...), or √ x for a single name or number"),
    ("sin²x", 0, "a power of sin goes after its argument: write sin(x)^2, not sin²x or sin^2(x)"),
    ("ln^2(x)", 0, "a power of ln goes after its argument: write ln(x)^2, not ln²x or ln^2(x)"),
    ("café", 3, "unexpected character 'é' (U+00E9): write e instead"),
])
def test_unicode_errors_name_the_character(text, start, message):
    with pytest.raises(ParseError) as info:
        parse_expression(text)
    assert (str(info.value), info.value.start) == (message, start)


def test_unicode_digits_are_never_read_as_numbers():
    for digit in "٣३৩๓３":
        with pytest.raises(ParseError):
            parse_expression(f"x*{digit}")


def test_underflow_to_zero_is_rejected_but_zero_and_subnormals_are_numbers():
    assert parse_expression("0e-99999").value == 0.0
    assert parse_expression("0.000").value == 0.0
    assert parse_expression("5e-324").value == 5e-324
    for text in ("1e-400", "0.5e-330", "7E-99999"):
        with pytest.raises(ParseError):
            parse_expression(text)


@pytest.mark.parametrize("name, suggestion", [("log3", None), ("lg", None), ("log_5", None), ("log_2", "log2"),
                                              ("LOG10", "log10"), ("Log", "log"), ("sine", "sin"), ("sqr", "sqrt")])
def test_log_suggestions_never_point_to_a_different_function(name, suggestion):
    with pytest.raises(ParseError) as info:
        parse_expression(f"{name}(x)")
    err = info.value
    assert err.params["suggestion"] == suggestion
    if suggestion is None:
        assert "ln(x)/ln(b)" in str(err) and "did you mean" not in str(err)


def test_base_two_and_ten_logarithms_are_functions():
    assert parse_expression("log2(x)").op == "log2" and parse_expression("log10(x)").op == "log10"


def test_copying_a_unicode_row_back_in_gives_the_same_value():
    status, out, err = run_cli("trace", "ln v₋₁ + v₋₁·v₀ − sin v₀", "--at", "v₋₁=2,v₀=5")
    assert status == 0, err
    assert "y = v₅ = 11.65" in out
    status, out, err = run_cli("trace", "√x² + |−x|·x⁻¹ + π", "--at", "x=-3")
    assert status == 0, err
    assert f"y = v₈ = {math.sqrt(9) + 3 * (-1 / 3) + math.pi:.4g}" in out


@settings(max_examples=examples(300))
@given(programs())
def test_every_printed_primal_statement_reparses_to_the_same_value(case):
    """Each step's right-hand side, Unicode or ASCII, read back with the step names as inputs."""
    text, point = case
    used = compile_program(text).inputs
    record = adkit.trace(text, at={name: point[name] for name in used}, mode="forward")
    steps = record.program.steps
    values = {s.step.number: s.value for s in record.steps}
    for style in (UNICODE, ASCII):
        names = {tokenize(style.var(n))[0].text: value for n, value in values.items()}
        assert len(names) == len(values)  # each printed step name is one name
        for step in steps:
            if step.primitive is None:
                continue
            statement = definition(step, steps, style)
            program = compile_program(statement)
            got = program.evaluate({name: names[name] for name in program.inputs})
            want = values[step.number]
            assert got == want or (math.isnan(got) and math.isnan(want)), (style.kind, statement)
