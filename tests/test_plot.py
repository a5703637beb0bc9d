"""``adkit plot``: values and forward-mode derivatives at many points, PNG/SVG, every error path."""

from __future__ import annotations

import math
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import adkit
from adkit.cli.plot import parse_over, sample
from helpers import run_cli


def test_sigmoid_derivative_is_s_times_one_minus_s() -> None:
    points = sample(adkit.compile("sigmoid(x)"), -6.0, 6.0, 13)
    assert points.x == [float(v) for v in range(-6, 7)] and points.skipped == 0
    for x, y, d in zip(points.x, points.y, points.dydx):
        s = 1.0 / (1.0 + math.exp(-x))
        assert y == pytest.approx(s, rel=1e-15) and d == pytest.approx(s * (1 - s), rel=1e-14)


def test_relu_derivative_is_a_step_with_zero_at_the_kink() -> None:
    points = sample(adkit.compile("relu(x)"), -1.0, 1.0, 5)
    assert points.dydx == [0.0, 0.0, 0.0, 1.0, 1.0]


@settings(max_examples=25, deadline=None)
@given(st.floats(-5, 5), st.floats(0.1, 5))
def test_tanh_derivative_matches_central_differences(lo: float, width: float) -> None:
    points = sample(adkit.compile("tanh(x)"), lo, lo + width, 7)
    h = 1e-6
    for x, d in zip(points.x, points.dydx):
        assert d == pytest.approx((math.tanh(x + h) - math.tanh(x - h)) / (2 * h), rel=1e-6, abs=1e-9)


def test_points_outside_the_domain_are_counted_not_drawn(tmp_path) -> None:
    points = sample(adkit.compile("ln(x)"), -1.0, 1.0, 5)
    assert points.x == [0.5, 1.0] and points.skipped == 3
    status, out, err = run_cli("plot", "ln(x)", "--over", "x=-1:1", "--points", "5", "-o", str(tmp_path / "ln.svg"))
    assert status == 0 and err == f"3 of 5 points are outside the domain and left out\nwrote {tmp_path / 'ln.svg'}\n"
    assert (tmp_path / "ln.svg").read_text().lstrip().startswith("<?xml")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_seed_001_activation_figures(name: str, tmp_path) -> None:
    path = tmp_path / f"{name}.png"
    status, out, err = run_cli("plot", f"{name}(x)", "--over", "x=-6:6", "--derivative", "-o", str(path))
    assert status == 0 and out == "" and err == f"wrote {path}\n" and path.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("argv,message", [
    (("x^2", "--over", "x=3:1"), "--over must be NAME=START:STOP with START < STOP (e.g. x=-6:6), got 'x=3:1'"),
    (("x^2", "--over", "x=a:1"), "--over must be NAME=START:STOP with START < STOP (e.g. x=-6:6), got 'x=a:1'"),
    (("x^2", "--over", "=0:1"), "--over must be NAME=START:STOP with START < STOP (e.g. x=-6:6), got '=0:1'"),
    (("x*y", "--over", "x=0:1"), "adkit plot draws a function of one input; this program has 2: x, y"),
    (("2+3", "--over", "x=0:1"), "adkit plot draws a function of one input; this program has 0: —"),
    (("t^2", "--over", "x=0:1"), "--over names 'x', but the input is 't'"),
    (("x^2", "--over", "x=0:1", "-o", "p.pdf"), "the plot file must end in .png or .svg, got 'p.pdf'"),
    (("x^2", "--over", "x=0:1", "--points", "1"), "--points must be a whole number from 2 to 100000, got 1"),
    (("ln(x)", "--over", "x=-2:-1"), "no point of x=-2:-1 is inside the domain: nothing to draw"),
])
def test_errors_are_one_line_and_exit_2(argv: tuple[str, ...], message: str, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli("plot", *argv)
    assert status == 2 and out == "" and err == f"adkit: error: {message}\n"


def test_without_matplotlib_the_command_says_how_to_install_it(monkeypatch, tmp_path) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    status, _, err = run_cli("plot", "x^2", "--over", "x=0:1", "-o", str(tmp_path / "p.png"))
    assert status == 2
    assert err == "adkit: error: adkit plot needs matplotlib, which is not installed: pip install adkit[plot]\n"


def test_parse_over() -> None:
    assert parse_over("x=-6:6") == ("x", -6.0, 6.0)
    assert parse_over(" t =0:1.5") == ("t", 0.0, 1.5)
