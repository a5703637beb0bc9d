"""``adkit play`` and ``Trace.player()`` without a browser: the file, its limits and its languages."""

from __future__ import annotations

import json
import math
import re
import pytest

from adkit import trace
from adkit.errors import BindingError
from adkit.present.player import STEP_LIMIT, player_data
from helpers import run_cli

SEED = ("ln(x1) + x1*x2 - sin(x2)", "x1=2,x2=5")


def _chain(steps: int) -> str:
    """A program of exactly ``steps`` steps (the input and steps - 1 sines)."""
    return "; ".join(["a1 = sin(x)"] + [f"a{i} = sin(a{i - 1})" for i in range(2, steps)])


def _data(page: str) -> dict:
    found = re.search(r'<script type="application/json" id="adkit-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1))


def test_the_seed_page_is_one_small_file_with_nothing_to_fetch(tmp_path):
    path = tmp_path / "sweep.html"
    status, out, err = run_cli("play", SEED[0], "--at", SEED[1], "-o", str(path))
    assert (status, out) == (0, "")  # "wrote …" is information: stderr, never stdout
    page = path.read_text(encoding="utf-8")
    assert len(page.encode()) < 300_000
    assert re.findall(r'(?:src|href)\s*=', page) == []
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", page)
    assert "@import" not in page and "url(" not in page
    assert f"{path}" in err and "29" in err  # 14 tangent events + 7 primal + 8 adjoint


def test_dash_writes_the_page_to_standard_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = run_cli("play", SEED[0], "--at", SEED[1], "-o", "-")
    assert status == 0 and out.startswith("<!DOCTYPE html>") and "adkitPlayer" in out and err == ""
    assert list(tmp_path.iterdir()) == []


def test_a_formula_without_inputs_is_one_line_not_a_page(tmp_path):
    path = tmp_path / "constant.html"
    status, out, err = run_cli("play", "3+4", "-o", str(path))
    assert status == 2 and "no inputs" in err and "adkit trace" in err and len(err.strip().splitlines()) == 1
    assert not path.exists()
    with pytest.raises(BindingError):
        trace("3+4", at={}).player()
    status, _, err = run_cli("play", "x^2", "--at", "x=3,z=1", "-o", str(tmp_path / "warned.html"))
    assert status == 0 and "'z'" in err  # --at is optional; an unused value is a warning, as in trace


def test_the_events_are_the_trace_json_in_order():
    result = trace(SEED[0], at={"x1": 2.0, "x2": 5.0}, mode="both")
    data, expected = player_data(result), result.to_dict()
    assert [(e["step"], e["source"], e["value"]) for e in data["reverse"] if e["phase"] == "adjoint"] == [
        (e["target"], e["source"], e["adjoint"]) for e in expected["reverse_sweep"]]
    assert [e["value"] for e in data["forward"]] == [s["tangent"][x] for x in expected["inputs"]
                                                    for s in expected["steps"]]
    assert data["forward"][3]["text"] == "v̇₂ = v̇₋₁·v₀ + v̇₀·v₋₁ = 1×5 + 0×2 = 5"
    assert data["reverse"][-2]["text"].endswith("= −0.2837 + 1×2 = 1.716")


def test_the_graph_has_one_column_per_level_inputs_left_output_right():
    data = player_data(trace(SEED[0], at={"x1": 2.0, "x2": 5.0}, mode="both"))
    x = {n["step"]: n["x"] for n in data["graph"]["nodes"]}
    assert x["v-1"] == x["v0"] < x["v1"] == x["v2"] == x["v3"] < x["v4"] < x["v5"]
    assert {(e["source"], e["target"]) for e in data["graph"]["edges"]} == {
        ("v-1", "v1"), ("v-1", "v2"), ("v0", "v2"), ("v0", "v3"), ("v1", "v4"), ("v2", "v4"), ("v4", "v5"),
        ("v3", "v5")}


def test_beyond_the_step_limit_one_line_suggests_adkit_trace(tmp_path):
    path = tmp_path / "long.html"
    status, out, err = run_cli("play", _chain(STEP_LIMIT + 1), "--at", "x=0.5", "-o", str(path))
    assert status == 2 and not path.exists()
    assert err.strip().count("\n") == 0 and "adkit trace" in err and str(STEP_LIMIT) in err
    assert run_cli("play", _chain(STEP_LIMIT), "--at", "x=0.5", "-o", str(path))[0] == 0


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    status, _, err = run_cli("play", "ln(x1 +", "--at", "x1=2", "-o", str(tmp_path / "p.html"))
    assert status == 2 and "^" in err and "Traceback" not in err
    status, _, err = run_cli("play", "x*y", "--at", "x=1,y=2", "--wrt", "z", "-o", str(tmp_path / "p.html"))
    assert status == 2 and "Traceback" not in err


def test_vietnamese_labels(tmp_path):
    path = tmp_path / "vi.html"
    assert run_cli("play", SEED[0], "--at", SEED[1], "--lang", "vi", "-o", str(path))[0] == 0
    page = path.read_text(encoding="utf-8")
    assert '<html lang="vi">' in page
    assert _data(page)["labels"]["play.next"] == "sự kiện sau (→)"


def test_one_mode_and_one_seed_direction(tmp_path):
    path = tmp_path / "f.html"
    assert run_cli("play", SEED[0], "--at", SEED[1], "--mode", "forward", "--wrt", "x2", "-o", str(path))[0] == 0
    data = _data(path.read_text(encoding="utf-8"))
    assert data["modes"] == ["forward"] and data["sweeps"] == 1
    assert [e["value"] for e in data["forward"]][-1] == trace(SEED[0], at={"x1": 2, "x2": 5}, wrt="x2").tangent


def test_jupyter_shows_the_same_page_in_an_iframe_srcdoc():
    import html

    result = trace(SEED[0], at={"x1": 2.0, "x2": 5.0})
    view = result.player()
    shown = view._repr_html_()
    assert shown.startswith("<iframe srcdoc=\"") and html.unescape(shown.split('"')[1]) == view.html
    assert _data(view.html)["reverse"][-1]["value"] == result.gradient["x1"]


def test_kinks_are_said_on_the_page_and_at_the_terminal(tmp_path):
    path = tmp_path / "kink.html"
    status, _, err = run_cli("play", "abs(x) + max(x, y)", "--at", "x=0,y=0", "-o", str(path))
    warnings = trace("abs(x) + max(x, y)", at={"x": 0.0, "y": 0.0}, mode="both").warnings
    assert status == 0 and len(warnings) == 2
    assert _data(path.read_text(encoding="utf-8"))["warnings"] == list(warnings)
    assert all(w.split(":")[0] in err for w in warnings)


def test_an_edge_used_twice_keeps_both_partials_and_the_rows_their_final_numbers():
    result = trace("x*x", at={"x": 1.5}, mode="both")
    data = player_data(result)
    assert data["partials"] == {"v0>v1": ["1.5", "1.5"]}  # ∂(v₀·v₀)/∂ each factor = the other = 1.5
    assert [(e["step"], e["source"], e["term"], e["value"]) for e in data["reverse"] if e["phase"] == "adjoint"] == [
        ("v0", "v1", 0, 1.5), ("v0", "v1", 1, 3.0)]
    seed = player_data(trace(SEED[0], at={"x1": 2.0, "x2": 5.0}, mode="both"))
    assert [(r["tangents"], r["adjoint"]) for r in seed["rows"]][-1] == (["5.5", "1.716"], "1")


def test_several_outputs_one_line_names_them_and_the_way_to_pick_one(tmp_path):
    import pytest

    from adkit.errors import BindingError

    path, program = tmp_path / "two.html", "f = x*y; g = sin(x)"
    status, _, err = run_cli("play", program, "--at", "x=1,y=2", "--outputs", "f,g", "-o", str(path))
    assert status == 2 and not path.exists() and err.strip().count("\n") == 0
    assert "(f, g)" in err and "--outputs NAME" in err and "Traceback" not in err
    status, _, err = run_cli("play", program, "--at", "x=1,y=2", "--outputs", "f,g", "--lang", "vi", "-o", str(path))
    assert status == 2 and "(f, g)" in err and "đầu ra" in err
    with pytest.raises(BindingError, match=r"\(f, g\).*--outputs"):
        trace(program, at={"x": 1.0, "y": 2.0}, mode="both", outputs=["f", "g"]).player()
    for name, gradient in (("f", {"x": 2.0, "y": 1.0}), ("g", {"x": math.cos(1.0), "y": 0.0})):
        assert run_cli("play", program, "--at", "x=1,y=2", "--outputs", name, "-o", str(path), "--force")[0] == 0
        data = _data(path.read_text(encoding="utf-8"))
        assert data["seed"]["step"] == {"f": "v1", "g": "v2"}[name]
        final = {e["step"]: e["value"] for e in data["reverse"] if e["phase"] == "adjoint"}
        assert [final.get(s, 0.0) for s in ("v-1", "v0")] == [gradient["x"], gradient["y"]]
