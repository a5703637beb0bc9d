"""The parser under attack: arbitrary text, bytes and mutations; limits; numbers that overflow.

Whatever the input, adkit returns a result or raises an AdkitError (ParseError,
LimitError, BindingError, DomainError) — never another exception, a hang, a
RecursionError, or Python being run (eval/exec/compile are booby-trapped
while adkit works).
"""

from __future__ import annotations

import builtins
from contextlib import contextmanager
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import examples, programs

import adkit
from adkit.errors import AdkitError, DomainError, LimitError, ParseError
from adkit.language.parser import MAX_DEPTH, MAX_LENGTH

#: Characters that matter to the lexer and parser, to reach deeper than random Unicode.
GRAMMAR_CHARS = "xyz12.e+-*/^(),;=\n pi sin ln max abs sqrt nan inf _ \t[]'\"%!<>{}#"


@contextmanager
def no_python_is_run():
    def trap(*args, **kwargs):
        raise AssertionError("adkit tried to run Python code from its input")

    with mock.patch.object(builtins, "eval", trap), mock.patch.object(builtins, "exec", trap), \
            mock.patch.object(builtins, "compile", trap):
        yield


def attack(text: str) -> None:
    """Compile, evaluate and differentiate ``text``; only AdkitError may escape."""
    with no_python_is_run():
        try:
            program = adkit.compile(text)
            at = {name: 0.5 for name in program.inputs}
            program.evaluate(at)
            program.gradient(at)
        except AdkitError as error:
            str(error)  # the message renders
            if isinstance(error, ParseError):
                assert 0 <= error.start < error.end <= len(text) + 1


@settings(max_examples=examples(600), deadline=2000)
@given(st.text())
def test_arbitrary_unicode_text(text):
    attack(text)


@settings(max_examples=examples(600), deadline=2000)
@given(st.text(alphabet=GRAMMAR_CHARS, max_size=60))
def test_grammar_soup(text):
    attack(text)


@settings(max_examples=examples(300), deadline=2000)
@given(st.binary(max_size=200))
def test_random_bytes(data):
    attack(data.decode("utf-8", errors="surrogateescape"))
    attack(data.decode("latin-1"))


@st.composite
def mutated(draw):
    text, _ = draw(programs(max_ops=6))
    chars = list(text)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["insert", "delete", "replace", "duplicate"]))
        i = draw(st.integers(0, len(chars)))
        if kind == "insert":
            chars.insert(i, draw(st.sampled_from(GRAMMAR_CHARS)))
        elif chars and kind == "delete":
            del chars[min(i, len(chars) - 1)]
        elif chars and kind == "replace":
            chars[min(i, len(chars) - 1)] = draw(st.sampled_from(GRAMMAR_CHARS))
        elif chars:
            j = draw(st.integers(i, len(chars)))
            chars[i:i] = chars[i:j]
    return "".join(chars)


@settings(max_examples=examples(600), deadline=2000)
@given(mutated())
def test_mutations_of_valid_expressions(text):
    attack(text)


# ---- limits ---------------------------------------------------------------------
def test_documented_limits_are_far_above_course_use():
    assert MAX_DEPTH >= 10_000 and MAX_LENGTH >= 1_000_000


@pytest.mark.parametrize("template", ["({})", "sin({})", "max({}, 1)"])
def test_depth_10000_parses_lowers_and_differentiates(template):
    text = "x"
    opening, closing = template.split("{}")
    text = opening * 10_000 + "x" + closing * 10_000
    program = adkit.compile(text)
    grad = program.gradient({"x": 0.5})["x"]
    t = adkit.trace(program, at={"x": 0.5}, mode="both")
    assert t.gradient["x"] == grad


def test_a_million_characters_parse():
    text = "x" + " " * 500_000 + "+ 1" + " " * 499_997
    assert len(text) == 1_000_001
    assert adkit.compile(text).evaluate({"x": 1.0}) == 2.0


def test_past_the_depth_limit_is_a_limit_error_not_a_recursion_error():
    text = "(" * (MAX_DEPTH + 1) + "x" + ")" * (MAX_DEPTH + 1)
    with pytest.raises(LimitError, match=f"limit of {MAX_DEPTH} levels"):
        adkit.compile(text)


def test_past_the_length_limit_is_a_limit_error():
    with pytest.raises(LimitError, match=f"the limit is {MAX_LENGTH}"):
        adkit.compile("x" + " " * MAX_LENGTH)


# ---- numbers --------------------------------------------------------------------
def test_number_overflow_in_the_text():
    with pytest.raises(ParseError) as info:
        adkit.compile("x + 1e400")
    assert str(info.value) == "the number 1e400 is too large for a double-precision float (overflow)"
    assert (info.value.start, info.value.end) == (4, 9)


@pytest.mark.parametrize("name", ["nan", "inf", "NaN", "Infinity"])
def test_nan_and_inf_are_not_names(name):
    with pytest.raises(ParseError, match="is not a finite number and cannot be a name"):
        adkit.compile(f"x*{name}")


@pytest.mark.parametrize("text, at, expected", [
    ("exp(1000)", {}, "v₁ = exp 1000: exp overflows at 1000: the result is too large for a double-precision float"),
    ("y = exp(x)", {"x": 1000.0}, "v₁ = exp v₀: exp overflows at 1000: the result is too large for a double-precision float"),
    ("x^1e300", {"x": 2.0}, "v₁ = v₀^1e300: ^ overflows at 2, 1e+300: the result is too large for a double-precision float"),
    ("x*1e308*10", {"x": 1.0}, "v₂ = v₁·10: * gives inf at 1e+308, 10"),
    ("cosh(x)*0", {"x": 800.0}, "v₁ = cosh v₀: cosh overflows at 800: the result is too large for a double-precision float"),
])
def test_overflow_during_evaluation_names_the_step(text, at, expected):
    with pytest.raises(DomainError) as info:
        adkit.trace(text, at=at)
    assert str(info.value) == expected
