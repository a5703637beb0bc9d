"""Forward vs reverse, measured (issue 5): Jacobian time against the op-count model.

    python benchmarks/jacobian_scaling.py          # ~1-2 minutes; writes benchmarks/forward_vs_reverse.png

For f: ℝⁿ → ℝ (n = 1 … 1000) and f: ℝ → ℝᵐ (m = 1 … 1000), from the family in
adkit.cli.cost.family_program, it times the forward-mode Jacobian (n tangent
sweeps) and the reverse-mode Jacobian (m adjoint sweeps), and sets the measured
time ratio against the ratio the operation counts predict.  Then the
cheap-gradient ratio (reverse gradient / primal) and vector mode against n
scalar sweeps.  Prints Markdown for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import adkit  # noqa: E402
from timing import per_call  # noqa: E402
from adkit.cli.cost import family_program  # noqa: E402
from adkit.modes.cost import count  # noqa: E402
from adkit.modes.derivatives import jacobian  # noqa: E402
from w2_peers import inputs, w2_text  # noqa: E402

SIZES = [1, 3, 10, 30, 100, 300, 1000]


def scaling(vary: str) -> list[dict]:
    rows = []
    for size in SIZES:
        n, m = (size, 1) if vary == "n" else (1, size)
        program = family_program(n, m)
        at = {name: 0.01 * (i + 1) for i, name in enumerate(program.inputs)}
        c = count(program)
        repeats = 3 if size >= 300 else 5
        tf = per_call(lambda: jacobian(program, at, "forward"), min_block=0.02, repeats=repeats)
        tr = per_call(lambda: jacobian(program, at, "reverse"), min_block=0.02, repeats=repeats)
        predicted = c.forward.ops / c.reverse.ops
        measured = tf / tr
        rows.append(dict(n=n, m=m, steps=len(program.steps), forward=tf, reverse=tr, f_ops=c.forward.ops,
                         r_ops=c.reverse.ops, predicted=predicted, measured=measured,
                         agreement=max(measured / predicted, predicted / measured)))
    return rows


def print_scaling(title: str, rows: list[dict]) -> None:
    print(f"### {title}\n")
    print("| n | m | steps | forward Jacobian | reverse Jacobian | forward/reverse measured | predicted by op counts | off by |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']} | {r['m']} | {r['steps']} | {r['forward'] * 1e3:.3f} ms | {r['reverse'] * 1e3:.3f} ms | "
              f"{r['measured']:.3g} | {r['predicted']:.3g} | {r['agreement']:.2f}× |")
    print()


def cheap_gradient() -> None:
    print("### Cheap gradient: reverse gradient / primal evaluation\n")
    print("| program | steps | evaluate | gradient | ratio |\n|---|---:|---:|---:|---:|")
    cases = [("W2 n = 1000", w2_text(1000), {f"x{i}": v for i, v in enumerate(inputs(1000))}, [f"x{i}" for i in range(1000)]),
             ("Σ sin(x·i), 10⁴ steps", "+".join(f"sin(x*{i})" for i in range(1, 3334)), {"x": 0.1}, None),
             ("Σ sin(x·i), 10⁵ steps", "+".join(f"sin(x*{i})" for i in range(1, 33334)), {"x": 0.1}, None)]
    for name, text, at, names in cases:
        p = adkit.compile(text, inputs=names)
        ev = per_call(lambda: p.evaluate(at), repeats=5)
        gr = per_call(lambda: p.gradient(at), repeats=5)
        print(f"| {name} | {len(p.steps):,} | {ev * 1e3:.2f} ms | {gr * 1e3:.2f} ms | {gr / ev:.2f} |")
    print()


def vector_mode() -> None:
    print("### Forward Jacobian: one vector sweep (numpy tangents) vs n scalar sweeps, f: ℝⁿ → ℝ⁴\n")
    print("| n | n scalar sweeps | 1 vector sweep | speed-up |\n|---:|---:|---:|---:|")
    for n in (10, 100, 1000):
        program = family_program(n, 4)
        at = {name: 0.01 * (i + 1) for i, name in enumerate(program.inputs)}
        ts = per_call(lambda: jacobian(program, at, "forward"), min_block=0.02, repeats=3)
        tv = per_call(lambda: jacobian(program, at, "forward", vector=True), min_block=0.02, repeats=3)
        print(f"| {n} | {ts * 1e3:.2f} ms | {tv * 1e3:.2f} ms | {ts / tv:.1f}× |")
    print()


def plot(n_rows: list[dict], m_rows: list[dict], path: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("(matplotlib not installed: no plot)")
        return
    fig, axes = plt.subplots(1, 2, figsize=(11, 4))
    for ax, rows, key, title in ((axes[0], n_rows, "n", "f: ℝⁿ → ℝ"), (axes[1], m_rows, "m", "f: ℝ → ℝᵐ")):
        xs = [r[key] for r in rows]
        ax.plot(xs, [r["forward"] * 1e3 for r in rows], "o-", label="forward (measured)")
        ax.plot(xs, [r["reverse"] * 1e3 for r in rows], "s-", label="reverse (measured)")
        scale_f = rows[-1]["forward"] / rows[-1]["f_ops"]
        scale_r = rows[-1]["reverse"] / rows[-1]["r_ops"]
        ax.plot(xs, [r["f_ops"] * scale_f * 1e3 for r in rows], ":", color="C0", label="forward (op count)")
        ax.plot(xs, [r["r_ops"] * scale_r * 1e3 for r in rows], ":", color="C1", label="reverse (op count)")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(key)
        ax.set_ylabel("Jacobian time (ms)")
        ax.set_title(title)
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=90)
    print(f"plot: {path.name}\n")


if __name__ == "__main__":
    n_rows, m_rows = scaling("n"), scaling("m")
    print_scaling("f: ℝⁿ → ℝ (m = 1): reverse needs 1 sweep, forward n", n_rows)
    print_scaling("f: ℝ → ℝᵐ (n = 1): forward needs 1 sweep, reverse m", m_rows)
    cheap_gradient()
    vector_mode()
    plot(n_rows, m_rows, Path(__file__).resolve().parent / "forward_vs_reverse.png")
