"""Big programs compile fast (issue 28): the lexer's, parser's and lowering's tight loops keep every token,
span and step, and the cyclic collector pauses only while a structure is built."""

from __future__ import annotations

import gc

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit.bulk import paused_gc
from adkit.errors import ParseError
from adkit.ir.wengert import Builder, Literal, Step
from adkit.language.lexer import tokenize
from adkit.language.parser import parse

#: Characters that reach every branch of the lexer: ASCII syntax, Unicode operators, names and
#: superscripts, subscripts, negative names, separators and characters that are errors.
LEXER_CHARS = "xy12.e+-*/^(),;=|\n \t_·×−÷π√σ²³⁻⁽⁾ⁿ₁₂₋[]'%αé٣"


def test_tokens_by_hand() -> None:
    assert [(t.kind, t.text, t.start, t.end) for t in tokenize("v_-1 + x₁·2.5e3 - √y²")] == [
        ("NAME", "v_m1", 0, 4), ("OP", "+", 5, 6), ("NAME", "x1", 7, 9), ("OP", "*", 9, 10),
        ("NUM", "2.5e3", 10, 15), ("OP", "-", 16, 17), ("NAME", "sqrt", 18, 19), ("NAME", "y", 19, 20),
        ("OP", "^", 20, 21), ("OP", "(", 20, 21), ("NUM", "2", 20, 21), ("OP", ")", 20, 21), ("END", "", 21, 21)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LEXER_CHARS, max_size=40))
def test_tokens_tile_the_text(text: str) -> None:
    """Every character is in a token or is space; an ASCII operator, number or name is the text it spans."""
    tokens = tokenize(text)
    assert tokens[-1].kind == "END" and tokens[-1].start == tokens[-1].end == len(text)
    covered = [False] * len(text)
    for tok in tokens[:-1]:
        assert 0 <= tok.start < tok.end <= len(text)
        for k in range(tok.start, tok.end):
            covered[k] = True
        source = text[tok.start:tok.end]
        if tok.kind in ("NUM", "OP", "SEP", "ERROR") and source.isascii() and len(source) == len(tok.text):
            assert tok.text == source
    assert all(c or text[k] in " \t\r\f\v" for k, c in enumerate(covered))
    starts = [t.start for t in tokens]
    assert starts == sorted(starts)


def test_common_steps_are_kept_once_and_literals_by_value() -> None:
    b = Builder(["x"])
    two, two_point_oh, three = Literal(2.0, "2"), Literal(2.0, "2.0"), Literal(3.0, "3")
    first = b.apply("pow", [0, two])
    assert b.apply("pow", (0, two_point_oh)) == first  # 2 and 2.0: one value, one step
    assert b.apply("pow", [0, three]) != first
    assert b.apply("mul", [0, 0]) == b.apply("mul", (0, 0)) != b.apply("mul", [0, first])
    b.alias(first, "p")
    steps, refs = b.finish([first])
    expected = (Step(0, 0, "input", (), ("x",)), Step(1, 1, "pow", (0, two), ("p",)), Step(2, 2, "pow", (0, three)),
                Step(3, 3, "mul", (0, 0)), Step(4, 4, "mul", (0, 1)))
    assert steps == expected and [hash(s) for s in steps] == [hash(s) for s in expected]
    assert [repr(s) for s in steps] == [repr(s) for s in expected]
    assert refs == (1,)


def test_numbers_without_inputs() -> None:
    steps = adkit.compile("exp(2)*3 + 1").steps
    assert [(s.index, s.number) for s in steps] == [(0, 1), (1, 2), (2, 3)]


def test_the_collector_is_back_on_after_parsing_lowering_and_errors() -> None:
    assert gc.isenabled()
    adkit.compile("sin(x)*y + x")
    assert gc.isenabled()
    with pytest.raises(ParseError):
        parse("sin(x")
    assert gc.isenabled()
    with pytest.raises(adkit.errors.BindingError):
        adkit.compile("x + y", outputs=["z"])
    assert gc.isenabled()


def test_paused_gc_nests_and_leaves_a_paused_collector_paused() -> None:
    with paused_gc():
        assert not gc.isenabled()
        with paused_gc():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner block found it off
    assert gc.isenabled()
    gc.disable()
    try:
        adkit.compile("x*y")
        assert not gc.isenabled()  # a caller who turned it off keeps it off
    finally:
        gc.enable()
