"""Teaching views of a network: BP1–BP4 tables, Theorem 3.1, the scalar program.

Each view is built once as :class:`Section` records (title, headers, rows of
text) from numbers computed by :mod:`adkit.nn.mlp` and the array tape; the
rich table, Markdown, LaTeX and JSON outputs only format those records.

Presets: Example 3.1 of Minh Quang Le's *Deep Learning and Neural Net 2* (§3.5)
and Trần Ngọc Bảo Duy's *Back Propagation trong mạng neural* state their 2-2-1
network only with symbols.  The numbers here are ours (the well-known values
of Mazur's "step by step backpropagation example", cut to one output) and are
marked as such in the output.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from adkit.errors import NetworkError
from adkit.messages import message
from adkit.nn.checks import collapse
from adkit.nn.mlp import MLP

_SUP = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

PRESETS: dict[str, dict[str, Any]] = {
    "2-2-1-identity": dict(
        source="nn.preset.2-2-1-identity",
        sizes=[2, 2, 1], activation="sigmoid", output_activation="identity", loss="mse",
        weights=[[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45]]], biases=[[0.35, 0.35], [0.60]],
        x=[0.05, 0.10], y=[0.01],
    ),
    "2-2-1-sigmoid": dict(
        source="nn.preset.2-2-1-sigmoid",
        sizes=[2, 2, 1], activation="sigmoid", output_activation="sigmoid", loss="mse",
        weights=[[[0.15, 0.20], [0.25, 0.30]], [[0.40, 0.45]]], biases=[[0.35, 0.35], [0.60]],
        x=[0.05, 0.10], y=[0.01],
    ),
}


#: The presets' first names, which scripts may still use (docs/cli.md notes them).
ALIASES = {"example-3.1": "2-2-1-identity", "seed-004": "2-2-1-sigmoid"}


def preset_name(name: str) -> str:
    """A preset's name for an alias, else ``name`` itself."""
    return ALIASES.get(name, name)


def preset(name: str) -> tuple[MLP, np.ndarray, np.ndarray, str]:
    """(network, x, y, description) of a named preset (or an alias of one)."""
    name = preset_name(name)
    if name not in PRESETS:
        raise NetworkError("nn.unknown_preset", name=name, known=", ".join(PRESETS))
    p = PRESETS[name]
    net = MLP(p["sizes"], activation=p["activation"], output_activation=p["output_activation"], loss=p["loss"],
              weights=p["weights"], biases=p["biases"])
    return net, np.array([p["x"]], dtype=float), np.array([p["y"]], dtype=float), message(p["source"])


@dataclass
class Section:
    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    data: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class View:
    title: str
    sections: list[Section]
    notes: list[str]
    data: dict[str, Any]
    ok: bool = True


def subscript(number: int) -> str:
    return str(number).translate(_SUB)


def _fmt(v: float, digits: int) -> str:
    return f"{float(v):.{digits}g}"


def vec(v: np.ndarray, digits: int) -> str:
    return "(" + ", ".join(_fmt(x, digits) for x in np.ravel(v)) + ")"


def _relative(a: np.ndarray, b: np.ndarray) -> float:
    scale = max(float(np.max(np.abs(b))), 1e-300)
    return float(np.max(np.abs(a - b))) / scale


def parameter_label(kind: str, layer: int, idx: tuple[int, ...]) -> str:
    """w⁽ˡ⁾ⱼₖ, b⁽ˡ⁾ⱼ, γ⁽ˡ⁾ⱼ, β⁽ˡ⁾ⱼ from a stored index (from 1, as in the notes).

    w⁽ˡ⁾ⱼₖ joins unit k of layer l−1 to unit j of layer l (Nielsen): stored
    (out, in) entry [j−1, k−1] whatever layout the matrix was written in, so
    every view and JSON names one weight one way.
    """
    symbol = {"W": "w", "w": "w", "gamma": "γ", "beta": "β"}.get(kind, kind)
    return f"{symbol}{str(layer).translate(_SUP).join('⁽⁾')}{''.join(subscript(i + 1) for i in idx)}"


def layout_notes(layout: str) -> list[str]:
    """Under ``in-out`` the labels are not the written matrix's (row, column): say so."""
    return [message("nn.label_convention")] if layout == "in-out" else []


def trace_view(net: MLP, X: np.ndarray, Y: np.ndarray, digits: int = 6, title: str = "", tol: float = 1e-10) -> View:
    """Forward table, δ per layer (BP1/BP2) and ∂C/∂W, ∂C/∂b (BP3/BP4), each checked on the tape."""
    record = net.backprop(X, Y)
    tape = net.tape()
    values = tape.evaluate(net.tape_inputs(*net._check(X, Y)))
    bars = tape.vjp(values)
    worst = 0.0
    L = net.layers
    forward = Section(message("nn.title_forward"), ["l", "f", "z⁽ˡ⁾", "a⁽ˡ⁾"])
    forward.rows.append(["0", "", "", vec(record.a[0], digits)])
    for l in range(1, L + 1):
        forward.rows.append([str(l), net.activation_of(l), vec(record.z[l - 1], digits), vec(record.a[l], digits)])
        forward.data.append({"layer": l, "activation": net.activation_of(l), "z": record.z[l - 1].tolist(),
                             "a": record.a[l].tolist()})
    deltas = Section(message("nn.title_delta"), ["l", message("nn.col.equation"), "δ⁽ˡ⁾", message("nn.col.tape") + " z̄⁽ˡ⁾", message("nn.col.check")])
    for l in range(L, 0, -1):
        bp, ad = record.delta[l - 1], bars[f"z{l}"]
        diff = _relative(bp, ad)
        worst = max(worst, diff)
        eq = "BP1" if l == L else "BP2"
        deltas.rows.append([str(l), eq, vec(bp, digits), vec(ad, digits), "✓" if diff <= tol else "✗"])
        deltas.data.append({"layer": l, "equation": eq, "delta": bp.tolist(), "tape": np.asarray(ad).tolist(),
                            "relative_difference": diff})
    grads = Section(message("nn.title_gradient"), [message("nn.col.parameter"), message("nn.col.equation"), message("nn.col.value"),
                                                    message("nn.col.tape"), message("nn.col.check")])
    for l in range(1, L + 1):
        for kind, bp, ad in (("w", record.dW[l - 1], bars[f"W{l}"]), ("b", record.db[l - 1], bars[f"b{l}"])):
            for idx in np.ndindex(bp.shape):
                diff = abs(float(bp[idx]) - float(ad[idx])) / max(abs(float(ad[idx])), 1e-300) if ad[idx] else abs(float(bp[idx]))
                worst = max(worst, diff)
                name = "∂C/∂" + parameter_label(kind, l, idx)
                eq = "BP4" if kind == "w" else "BP3"
                grads.rows.append([name, eq, _fmt(bp[idx], digits), _fmt(ad[idx], digits), "✓" if diff <= tol else "✗"])
                grads.data.append({"parameter": parameter_label(kind, l, idx),
                                   "equation": eq, "value": float(bp[idx]), "tape": float(ad[idx]),
                                   "relative_difference": diff})
    ok = worst <= tol
    notes = [f"C = {_fmt(record.loss, digits)}",
             message("nn.check_ok", tol=f"{tol:g}") if ok else message("nn.check_failed", diff=f"{worst:.3g}"),
             *layout_notes(net.layout)]
    data = {"network": repr(net), "loss": record.loss, "forward": forward.data, "delta": deltas.data,
            "gradient": grads.data, "tape": tape.lines(), "max_relative_difference": worst, "agree": ok}
    return View(title or repr(net), [forward, deltas, grads], notes, data, ok)


def collapse_view(net: MLP, digits: int = 6, samples: int = 5, seed: int = 0) -> View:
    """Theorem 3.1 on the network's own weights, checked on random inputs."""
    W_bar, b_bar = collapse(net)
    X = np.random.default_rng(seed).standard_normal((samples, net.sizes[0]))
    diff = float(np.max(np.abs(net.forward(X) - (X @ W_bar.T + b_bar))))
    product = " · ".join(f"W⁽{str(l).translate(_SUP)}⁾" for l in range(net.layers, 0, -1))
    section = Section(message("nn.collapse_title"), ["", message("nn.col.value")])
    section.rows.append([f"W̄ = {product}", "[" + "; ".join(" ".join(_fmt(v, digits) for v in row) for row in W_bar) + "]"])
    section.rows.append(["b̄ = Σᵢ (W⁽ᴸ⁾⋯W⁽ⁱ⁺¹⁾) b⁽ⁱ⁾", vec(b_bar, digits)])
    notes = [message("nn.collapse_check", count=samples, diff=f"{diff:.3g}")]
    data = {"network": repr(net), "W_bar": W_bar.tolist(), "b_bar": b_bar.tolist(), "max_difference": diff}
    return View(repr(net), [section], notes, data, diff <= 1e-9 * max(1.0, float(np.max(np.abs(W_bar)))))


def scalar_program(net: MLP, x: np.ndarray, y: np.ndarray) -> tuple[str, dict[str, float]]:
    """The network as a scalar adkit program (one statement per neuron) and its point.

    The parameters are the inputs (``w1_12`` is W⁽¹⁾ row 1, column 2; ``b2_1`` is
    b⁽²⁾₁); x and y are written in as numbers, so ``adkit trace`` returns
    exactly ∂L/∂θ for one example.
    """
    if net.loss != "mse" or net.output_activation == "softmax":
        raise NetworkError("nn.unknown_loss", name=net.loss, known="mse (scalar programs)")
    x = np.ravel(x)
    y = np.ravel(y)
    lines: list[str] = []
    at: dict[str, float] = {}
    prev = [repr(float(v)) for v in x]
    for l, (W, b) in enumerate(zip(net.weights, net.biases), start=1):
        f = net.activation_of(l)
        current = []
        for j in range(W.shape[0]):
            terms = []
            for k in range(W.shape[1]):
                name = f"w{l}_{j + 1}{k + 1}"
                at[name] = float(W[j, k])
                terms.append(f"{name}*{prev[k]}")
            at[f"b{l}_{j + 1}"] = float(b[j])
            lines.append(f"z{l}_{j + 1} = {' + '.join(terms)} + b{l}_{j + 1}")
            act = {"identity": "{0}", "sigmoid": "sigmoid({0})", "tanh": "tanh({0})", "relu": "relu({0})"}[f]
            lines.append(f"a{l}_{j + 1} = {act.format(f'z{l}_{j + 1}')}")
            current.append(f"a{l}_{j + 1}")
        prev = current
    loss = " + ".join(f"({yv!r} - {a})^2" for yv, a in zip(map(float, y), prev))
    lines.append(f"L = 0.5*({loss})")
    return "; ".join(lines), at


# ---- formats --------------------------------------------------------------
def to_rich(view: View) -> list[Any]:
    from rich.table import Table

    items: list[Any] = [view.title]
    for s in view.sections:
        items.append(s.title)  # its own line: a table title wraps at the table's width
        table = Table(show_edge=False)
        for h in s.headers:
            table.add_column(h)
        for row in s.rows:
            table.add_row(*row)
        items.append(table)
    items.extend(view.notes)
    return items


def to_markdown(view: View) -> str:
    out = [f"**{view.title}**", ""]
    for s in view.sections:
        out += [f"*{s.title}*", "", "| " + " | ".join(s.headers) + " |", "|" + "---|" * len(s.headers)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in s.rows]
        out.append("")
    return "\n".join(out + view.notes) + "\n"


def _latex_escape(text: str) -> str:
    return text.replace("\\", "\\textbackslash{}").replace("_", "\\_").replace("&", "\\&").replace("%", "\\%").replace("#", "\\#")


def to_latex(view: View) -> str:
    out = [f"% {view.title}"]
    for s in view.sections:
        out += [f"% {s.title}", "\\begin{tabular}{" + "l" * len(s.headers) + "}", "\\hline",
                " & ".join(_latex_escape(h) for h in s.headers) + " \\\\", "\\hline"]
        out += [" & ".join(_latex_escape(c) for c in row) + " \\\\" for row in s.rows]
        out += ["\\hline", "\\end{tabular}", ""]
    return "\n".join(out + [f"% {n}" for n in view.notes]) + "\n"
