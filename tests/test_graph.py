"""adkit.present.graph and ``adkit graph``: the computational graph as Graphviz DOT (seed Figs. 3.13/3.14)."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from helpers import need, run_cli

import adkit
from adkit.present.graph import quote, to_dot
from adkit.ir.notation import ASCII, LATEX
from adkit.modes.program import Program
from adkit.modes.reverse import local_partials
from adkit.ir.wengert import Builder

SEED = "ln(x1) + x1*x2 - sin(x2)"
AT = {"x1": 2, "x2": 5}

_STRING = r'"(?:[^"\\]|\\.)*"'
_NODE = re.compile(rf"^  ({_STRING}) \[(.*)\];$")
_EDGE = re.compile(rf"^  ({_STRING}) -> ({_STRING})(?: \[(.*)\])?;$")
_LABEL = re.compile(rf"label=({_STRING})")


def _unquote(text: str) -> str:
    """Inverse of graph.quote: the text Graphviz shows (lines joined by newlines)."""
    out, i, body = [], 0, text[1:-1]
    while i < len(body):
        if body[i] == "\\":
            out.append("\n" if body[i + 1] == "n" else body[i + 1])
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse(dot: str) -> tuple[dict[str, str], list[tuple[str, str, str, bool]]]:
    """(node id → label, [(tail, head, label, is_reverse)]) from adkit's DOT, failing on any other line."""
    lines = dot.splitlines()
    assert lines[0] == "digraph adkit {" and lines[-1] == "}"
    nodes: dict[str, str] = {}
    edges: list[tuple[str, str, str, bool]] = []
    for line in lines[1:-1]:
        if not line.strip() or line.startswith("  //") or line.startswith(("  graph [", "  node [", "  edge [")):
            continue
        if line.startswith("  { rank=source; "):
            continue
        edge = _EDGE.match(line)
        if edge:
            tail, head, attrs = edge.group(1), edge.group(2), edge.group(3) or ""
            label = _LABEL.search(attrs)
            edges.append((_unquote(tail), _unquote(head), _unquote(label.group(1)) if label else "",
                          "dir=back" in attrs))
            continue
        node = _NODE.match(line)
        assert node, f"unexpected DOT line: {line!r}"
        label = _LABEL.search(node.group(2))
        nodes[_unquote(node.group(1))] = _unquote(label.group(1))
    return nodes, edges


def forward_edges(edges):
    return [(t, h, label) for t, h, label, back in edges if not back]


def reverse_edges(edges):
    return [(t, h, label) for t, h, label, back in edges if back]


def test_seed_graph_has_one_node_per_variable_with_definition_and_value():
    nodes, _ = parse(to_dot(adkit.trace(SEED, at=AT, mode="reverse")))
    assert list(nodes) == ["v-1", "v0", "v1", "v2", "v3", "v4", "v5", "output0"]
    assert nodes["v-1"].splitlines()[:2] == ["v₋₁ = x1", "= 2"]
    assert nodes["v0"].splitlines()[:2] == ["v₀ = x2", "= 5"]
    assert nodes["v3"].splitlines()[:2] == ["v₃ = sin v₀", "= -0.9589"]
    assert nodes["v5"].splitlines()[:2] == ["y = v₅ = v₄ − v₃", "= 11.65"]
    assert nodes["output0"] == "y = v₅ = 11.65"


def test_seed_edges_carry_the_local_partials_as_text_and_value():
    _, edges = parse(to_dot(adkit.trace(SEED, at=AT, mode="reverse")))
    assert forward_edges(edges) == [
        ("v-1", "v1", "∂v₁/∂v₋₁ = 1/v₋₁ = 0.5"),
        ("v-1", "v2", "∂v₂/∂v₋₁ = v₀ = 5"),
        ("v0", "v2", "∂v₂/∂v₀ = v₋₁ = 2"),
        ("v0", "v3", "∂v₃/∂v₀ = cos v₀ = 0.2837"),
        ("v1", "v4", "∂v₄/∂v₁ = 1"),
        ("v2", "v4", "∂v₄/∂v₂ = 1"),
        ("v4", "v5", "∂v₅/∂v₄ = 1"),
        ("v3", "v5", "∂v₅/∂v₃ = −1"),
        ("v5", "output0", ""),
    ]


def test_reverse_graph_shows_adjoints_and_draws_the_sweep_backwards():
    nodes, edges = parse(to_dot(adkit.trace(SEED, at=AT, mode="reverse")))
    assert nodes["v-1"].splitlines()[2:] == ["v̄₋₁ = ∂y/∂v₋₁ = 5.5"]
    assert nodes["v0"].splitlines()[2:] == ["v̄₀ = ∂y/∂v₀ = 1.716"]
    assert nodes["v5"].splitlines()[2:] == ["v̄₅ = ∂y/∂v₅ = 1"]
    # Table 3.2 read bottom-up: every += of the sweep, last step first.
    assert reverse_edges(edges) == [
        ("v5", "output0", "y\u0304 = 1"),
        ("v4", "v5", "v̄₄ += v̄₅ = 1"),
        ("v3", "v5", "v̄₃ += −v̄₅ = -1"),
        ("v1", "v4", "v̄₁ += v̄₄ = 1"),
        ("v2", "v4", "v̄₂ += v̄₄ = 1"),
        ("v0", "v3", "v̄₀ += v̄₃·cos v₀ = -0.2837"),
        ("v-1", "v2", "v̄₋₁ += v̄₂·v₀ = 5"),
        ("v0", "v2", "v̄₀ += v̄₂·v₋₁ = 2"),
        ("v-1", "v1", "v̄₋₁ += v̄₁/v₋₁ = 0.5"),
    ]
    # the dashed edges are drawn from the consumer back to its argument
    dot = to_dot(adkit.trace(SEED, at=AT, mode="reverse"))
    assert all("style=dashed" in line for line in dot.splitlines() if "dir=back" in line)


def test_forward_graph_shows_one_tangent_per_sweep_and_no_backward_edges():
    nodes, edges = parse(to_dot(adkit.trace(SEED, at=AT, mode="forward")))
    assert nodes["v1"].splitlines()[2:] == ["v̇₁ = ∂v₁/∂x1 = 0.5", "v̇₁ = ∂v₁/∂x2 = 0"]
    assert nodes["v5"].splitlines()[2:] == ["v̇₅ = ∂v₅/∂x1 = 5.5", "v̇₅ = ∂v₅/∂x2 = 1.716"]
    assert reverse_edges(edges) == []
    # partial values without a reverse sweep come from the engine, and agree with it
    _, reverse = parse(to_dot(adkit.trace(SEED, at=AT, mode="reverse")))
    assert forward_edges(edges) == forward_edges(reverse)


def test_forward_graph_with_a_seed_direction_names_it_in_the_caption():
    dot = to_dot(adkit.trace(SEED, at=AT, seed={"x1": 1, "x2": 2}))
    nodes, _ = parse(dot)
    assert nodes["v5"].splitlines()[2:] == ["v̇₅ = 8.933"]
    assert "v\u0307 (x\u03071=1, x\u03072=2)" in dot


def test_both_modes_show_tangents_and_adjoints():
    nodes, edges = parse(to_dot(adkit.trace(SEED, at=AT, mode="both")))
    assert nodes["v0"].splitlines()[2:] == ["v̇₀ = ∂v₀/∂x1 = 0", "v̇₀ = ∂v₀/∂x2 = 1", "v̄₀ = ∂y/∂v₀ = 1.716"]
    assert len(forward_edges(edges)) == 9 and len(reverse_edges(edges)) == 9


def test_fan_out_x_times_x_gives_two_edges_and_two_contributions():
    nodes, edges = parse(to_dot(adkit.trace("x*x", at={"x": 3}, mode="reverse")))
    assert forward_edges(edges) == [
        ("v0", "v1", "∂v₁/∂v₀ = v₀ = 3 (argument 1)"),
        ("v0", "v1", "∂v₁/∂v₀ = v₀ = 3 (argument 2)"),
        ("v1", "output0", ""),
    ]
    assert reverse_edges(edges)[1:] == [("v0", "v1", "v̄₀ += v̄₁·v₀ = 3")] * 2
    assert nodes["v0"].splitlines()[2] == "v̄₀ = ∂y/∂v₀ = 6"


def test_literal_arguments_get_no_edge_and_no_partial():
    program = adkit.compile("x^2 + 2^x")
    partials = local_partials(program, program.values([2.0]))
    # v1 = v0^2 has no partial in its literal exponent (so ln of a negative base is never asked for)
    assert list(partials) == [(1, 0), (2, 1), (3, 0), (3, 1)]
    assert partials[(1, 0)] == 4.0
    constant = adkit.compile("(-2)^2*x")  # v1 = (−2)^2 has only literal arguments: no partial at all
    assert local_partials(constant, constant.values([3.0])) == {(2, 0): 3.0, (2, 1): 4.0}
    _, edges = parse(to_dot(adkit.trace("x^2", at={"x": 3}, mode="forward")))
    assert forward_edges(edges) == [("v0", "v1", "∂v₁/∂v₀ = 2·v₀ = 6"), ("v1", "output0", "")]


def test_local_partials_agree_with_the_reverse_sweep_contributions():
    t = adkit.trace(SEED, at=AT, mode="reverse")
    from_sweep = {(c.source, c.position): c.partial for r in t.steps for c in r.contributions}
    engine = local_partials(t.program, [r.value for r in t.steps])
    assert engine == from_sweep


def test_output_is_deterministic_and_in_wengert_order():
    t = adkit.trace("a = exp(x); b = a^2; c = a + b; d = exp(c); e = sin(c); f = d + e", at={"x": 0.5}, mode="both")
    first, second = to_dot(t), to_dot(t)
    assert first == second
    nodes, _ = parse(first)
    assert list(nodes)[:-1] == [s.name for s in t.program.steps]
    assert nodes["v1"].splitlines()[0] == "a = v₁ = exp v₀"
    assert nodes["v6"].splitlines()[0] == "f = v₆ = v₄ + v₅"


def test_output_node_is_highlighted_and_layout_left_to_right():
    dot = to_dot(adkit.trace(SEED, at=AT))
    assert "rankdir=LR" in dot
    highlighted = [line for line in dot.splitlines() if "fillcolor" in line]
    assert len(highlighted) == 1 and highlighted[0].startswith('  "v5" [')


def test_several_outputs_get_one_backward_sweep_each():
    t = adkit.trace("y1 = x1*x2; y2 = sin(x1)", at={"x1": 1, "x2": 2}, outputs=["y1", "y2"])
    nodes, edges = parse(to_dot(t))
    assert nodes["output0"] == "y1 = v₁ = 2" and nodes["output1"] == "y2 = v₂ = 0.8415"
    assert nodes["v-1"].splitlines()[2:] == ["v̄₋₁ = ∂y1/∂v₋₁ = 2", "v̄₋₁ = ∂y2/∂v₋₁ = 0.5403"]
    assert ("v-1", "v2", "v̄₋₁ += v̄₂·cos v₋₁ = 0.5403 (y2)") in reverse_edges(edges)


def test_ascii_style_is_plain_ascii_and_latex_is_refused():
    dot = to_dot(adkit.trace(SEED, at=AT, mode="both"), style=ASCII)
    assert dot.isascii()
    assert '"v_-1 = x1\\n= 2\\nvdot_-1 = dv_-1/dx1 = 1' in dot
    with pytest.raises(ValueError):
        to_dot(adkit.trace(SEED, at=AT), style=LATEX)


def test_quote_escapes_quotes_backslashes_and_line_breaks():
    assert quote('a"b\\c\nd') == '"a\\"b\\\\c\\nd"'
    assert quote("tab\there\x00") == '"tab here "'
    assert _unquote(quote('a"b\\N')) == 'a"b\\N'


HOSTILE = 'x"]; evil -> pwned; //\\'


def _hostile_trace():
    builder = Builder([HOSTILE, "z\\N\n}"])
    k = builder.apply("mul", [0, 1])
    steps, refs = builder.finish([builder.apply("sin", [k])])
    program = Program([HOSTILE, "z\\N\n}"], steps, ['out"put\\'], refs, text='ev"il\\ }\n{ text')
    return adkit.trace(program, at={HOSTILE: 1.0, "z\\N\n}": 2.0}, mode="both")


def test_hostile_names_cannot_break_the_dot_syntax():
    dot = to_dot(_hostile_trace())
    nodes, edges = parse(dot)  # every line is one well-formed statement
    assert list(nodes) == ["v-1", "v0", "v1", "v2", "output0"]
    assert nodes["v-1"].splitlines()[0] == f"v₋₁ = {HOSTILE}"
    assert nodes["output0"] == 'out"put\\ = v₂ = 0.9093'
    assert "evil -> pwned" not in [line.strip() for line in dot.splitlines()]


def test_hostile_dot_is_accepted_by_graphviz_with_the_same_nodes():
    need("dot")
    done = subprocess.run([need("dot"), "-Tjson"], input=to_dot(_hostile_trace()).encode(), capture_output=True, check=True)
    graph = json.loads(done.stdout)
    objects = [o for o in graph["objects"] if "nodes" not in o]  # not the rank=source subgraph
    assert [o["name"] for o in objects] == ["v-1", "v0", "v1", "v2", "output0"]
    assert len(graph["edges"]) == 3 + 1 + 3 + 1
    # Graphviz keeps escString escapes in the attribute: one shown backslash is "\\", a line break "\n"
    assert objects[0]["label"].startswith("v₋₁ = " + HOSTILE.replace("\\", "\\\\") + "\\n= 1")


@pytest.mark.parametrize("mode", ["forward", "reverse", "both"])
def test_dot_accepts_the_seed_graph(mode):
    need("dot")
    dot = to_dot(adkit.trace(SEED, at=AT, mode=mode))
    done = subprocess.run([need("dot"), "-Tsvg"], input=dot.encode(), capture_output=True, check=False)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""
    assert b"<svg" in done.stdout


# ---- CLI ------------------------------------------------------------------------


def test_cli_prints_dot_on_stdout():
    status, out, err = run_cli("graph", SEED, "--at", "x1=2,x2=5", "--mode", "reverse")
    assert status == 0 and err == ""
    assert out == to_dot(adkit.trace(SEED, at=AT, mode="reverse"))


def test_cli_digits_and_output_file(tmp_path):
    path = tmp_path / "g.dot"
    status, out, err = run_cli("graph", SEED, "--at", "x1=2,x2=5", "--digits", "8", "-o", str(path))
    assert status == 0 and out == ""
    assert f"DOT saved to {path}" in err
    assert "∂v₃/∂v₀ = cos v₀ = 0.28366219" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("ext, magic", [("svg", b"<?xml"), ("png", b"\x89PNG"), ("pdf", b"%PDF")])
def test_cli_render_writes_the_picture(tmp_path, ext, magic):
    need("dot")
    path = tmp_path / f"seed.{ext}"
    status, out, err = run_cli("graph", SEED, "--at", "x1=2,x2=5", "--render", str(path))
    assert status == 0, err
    assert out.startswith("digraph adkit {")
    assert path.read_bytes().startswith(magic)
    assert f"graph rendered to {path}" in err


def test_cli_render_without_graphviz_says_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setattr("adkit.present.dotview.shutil.which", lambda name: None)
    path = tmp_path / "seed.svg"
    status, out, err = run_cli("graph", SEED, "--at", "x1=2,x2=5", "--render", str(path))
    assert status == 2
    assert out == to_dot(adkit.trace(SEED, at=AT))  # the DOT text still works
    assert "apt-get install graphviz" in err and "brew install graphviz" in err
    assert not path.exists()


def test_cli_render_refuses_an_unknown_picture_format(capsys):
    status, out, _ = run_cli("graph", SEED, "--at", "x1=2,x2=5", "--render", "seed.gif")
    assert status == 2 and out == ""
    assert "--render seed.gif: the file name must end in .svg, .png or .pdf" in capsys.readouterr().err


def test_cli_reports_dot_failures(monkeypatch, tmp_path):
    monkeypatch.setattr("adkit.present.dotview.shutil.which", lambda name: "/bin/false")
    status, _, err = run_cli("graph", "x*x", "--at", "x=3", "--render", str(tmp_path / "g.svg"))
    assert status == 2
    assert "dot could not render" in err


def test_cli_bad_input_is_a_usage_error():
    status, out, err = run_cli("graph", "ln(x", "--at", "x=1")
    assert status == 2 and out == ""
    assert "^" in err
