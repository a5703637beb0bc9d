"""Views of gradient norms per layer and of one gradient-descent step.

They turn the results of :mod:`adkit.nn.norms` into the :class:`~adkit.nn.views.View`
records that the table, Markdown, LaTeX and JSON outputs of ``adkit mlp``
format; nothing is computed here.  Weights carry the labels of
:func:`~adkit.nn.views.parameter_label` in either layout; only ``new_weights``
in the JSON is written back in the layout the matrices were given in.
"""

from __future__ import annotations

from adkit.messages import message
from adkit.nn.layout import in_layout
from adkit.nn.norms import GradientStep, NormProfile
from adkit.nn.views import Section, View, layout_notes, parameter_label, subscript, vec

#: Examples shown one column each; a larger batch shows Σᵢ (every example is in the JSON).
SHOWN_EXAMPLES = 3
TOLERANCE = 1e-10  # the mean of the per-example gradients against BP1–BP4 over the batch


def _fmt(v: float, digits: int) -> str:
    return f"{float(v):.{digits}g}"


def norms_view(profile: NormProfile, heading: str, digits: int = 4) -> View:
    """One section per checkpoint: layer, ‖δ⁽ˡ⁾‖, ‖∂C/∂W⁽ˡ⁾‖, its ratio to the last layer's,
    and, when a layer is ReLU, its dead units (the JSON always has them)."""
    sections, data, ratios = [], [], []
    relu = any(n is not None for n in profile.checkpoints[0].dead)
    for point in profile.checkpoints:
        section = Section(message("nn.norms_title", epoch=point.epoch, loss=_fmt(point.loss, digits)),
                          [message("nn.col.layer"), "‖δ⁽ˡ⁾‖", "‖∂C/∂W⁽ˡ⁾‖", message("nn.col.ratio")]
                          + ([message("nn.col.dead")] if relu else []))
        last = point.grad_W[-1]
        for l, (d, g, dead, units) in enumerate(zip(point.delta, point.grad_W, point.dead, point.units), start=1):
            section.rows.append([str(l), _fmt(d, digits), _fmt(g, digits), _fmt(g / last, digits) if last else "—"]
                                + ([f"{dead}/{units}" if dead is not None else "—"] if relu else []))
        sections.append(section)
        ratios.append(f"{message('nn.col.epoch')} {point.epoch}: {_fmt(point.grad_W[0] / last, 3) if last else '—'}")
        data.append({"epoch": point.epoch, "loss": point.loss, "delta_norm": point.delta, "grad_W_norm": point.grad_W,
                     "dead_units": point.dead, "units": point.units})
    notes = [message("nn.norms_summary", ratios=", ".join(ratios))] + ([message("nn.dead_note")] if relu else [])
    payload = {"network": heading, "checkpoints": data}
    if profile.history is not None:
        payload["diverged"] = profile.history.diverged
    return View(heading, sections, notes, payload)


def step_view(step: GradientStep, layout: str = "out-in", digits: int = 6, title: str = "") -> View:
    """Each parameter's old value, gradient, update and new value; C before and after.

    Over a batch (m > 1) two sections come first: the examples with their
    losses Cᵢ, and each example's ∂Cᵢ/∂θ next to their mean, which is the
    ∂C/∂θ of the step.
    """
    m, sections, notes = step.m, [], []
    labels = [parameter_label(r.name, r.layer, r.index) for r in step.rows]
    if m > 1 and step.example_losses:
        sections += _batch_sections(step, labels, digits)
        notes.append(message("nn.batch_check" if step.mean_difference <= TOLERANCE else "nn.batch_check_failed",
                             m=m, diff=f"{step.mean_difference:.3g}"))
        if m > SHOWN_EXAMPLES:
            notes.append(message("nn.batch_json", m=m))
    elif m > 1:
        notes.append(message("nn.batch_coupled"))
    title_key = "nn.step_title" if m == 1 else "nn.step_title_batch"
    section = Section(message(title_key, lr=_fmt(step.lr, digits), m=m),
                      [message("nn.col.parameter"), message("nn.col.old"), message("nn.col.gradient"),
                       message("nn.col.update"), message("nn.col.new")])
    data = []
    for label, r in zip(labels, step.rows):
        section.rows.append([label] + [_fmt(v, digits) for v in (r.old, r.gradient, r.update, r.new)])
        data.append({"parameter": label, "old": r.old, "gradient": r.gradient, "update": r.update, "new": r.new,
                     **({"examples": list(r.examples), "example_mean": r.example_mean} if r.examples else {})})
    sections.append(section)
    change = step.loss_after - step.loss_before
    notes[:0] = [message("nn.step_loss", before=_fmt(step.loss_before, digits), after=_fmt(step.loss_after, digits),
                         change=_fmt(change, 3))]
    notes += layout_notes(layout)
    weights = [in_layout(W, layout).tolist() for W in step.after.weights]
    examples = [{"x": x.tolist(), "y": y.tolist()} for x, y in zip(step.X, step.Y)]
    for example, loss in zip(examples, step.example_losses):
        example["loss"] = loss
    payload = {"network": title, "lr": step.lr, "layout": layout, "m": m, "examples": examples,
               "loss_before": step.loss_before, "loss_after": step.loss_after, "parameters": data,
               "mean_difference": step.mean_difference, "new_weights": weights,
               "new_biases": [b.tolist() for b in step.after.biases]}
    return View(title, sections, notes, payload, step.mean_difference <= TOLERANCE)


def _batch_sections(step: GradientStep, labels: list[str], digits: int) -> list[Section]:
    """The examples and their losses Cᵢ, and ∂Cᵢ/∂θ per example (or Σᵢ) beside the mean."""
    shown = step.m <= SHOWN_EXAMPLES
    examples = Section(message("nn.batch_examples_title", m=step.m), ["i", "x", "y", "Cᵢ"])
    if shown:
        for i, (x, y, c) in enumerate(zip(step.X, step.Y, step.example_losses), start=1):
            examples.rows.append([str(i), vec(x, digits), vec(y, digits), _fmt(c, digits)])
    heads = [f"∂C{subscript(i)}/∂θ" for i in range(1, step.m + 1)] if shown else ["Σᵢ ∂Cᵢ/∂θ"]
    gradients = Section(message("nn.batch_gradients_title", m=step.m),
                        [message("nn.col.parameter"), *heads, message("nn.col.mean")])
    for label, r in zip(labels, step.rows):
        values = r.examples if shown else (r.example_sum,)
        gradients.rows.append([label, *(_fmt(v, digits) for v in values), _fmt(r.example_mean, digits)])
    return [examples, gradients] if shown else [gradients]
