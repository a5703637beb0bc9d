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
from adkit.nn.views import Section, View, layout_notes, parameter_label


def _fmt(v: float, digits: int) -> str:
    return f"{float(v):.{digits}g}"


def norms_view(profile: NormProfile, heading: str, digits: int = 4) -> View:
    """One section per checkpoint: layer, ‖δ⁽ˡ⁾‖, ‖∂C/∂W⁽ˡ⁾‖ and its ratio to the last layer's."""
    sections, data, ratios = [], [], []
    for point in profile.checkpoints:
        section = Section(message("nn.norms_title", epoch=point.epoch, loss=_fmt(point.loss, digits)),
                          [message("nn.col.layer"), "‖δ⁽ˡ⁾‖", "‖∂C/∂W⁽ˡ⁾‖", message("nn.col.ratio")])
        last = point.grad_W[-1]
        for l, (d, g) in enumerate(zip(point.delta, point.grad_W), start=1):
            section.rows.append([str(l), _fmt(d, digits), _fmt(g, digits), _fmt(g / last, digits) if last else "—"])
        sections.append(section)
        ratios.append(f"{message('nn.col.epoch')} {point.epoch}: {_fmt(point.grad_W[0] / last, 3) if last else '—'}")
        data.append({"epoch": point.epoch, "loss": point.loss, "delta_norm": point.delta, "grad_W_norm": point.grad_W})
    notes = [message("nn.norms_summary", ratios=", ".join(ratios))]
    payload = {"network": heading, "checkpoints": data}
    if profile.history is not None:
        payload["diverged"] = profile.history.diverged
    return View(heading, sections, notes, payload)


def step_view(step: GradientStep, layout: str = "out-in", digits: int = 6, title: str = "") -> View:
    """Each parameter's old value, gradient, update and new value; C before and after."""
    section = Section(message("nn.step_title", lr=_fmt(step.lr, digits)),
                      [message("nn.col.parameter"), message("nn.col.old"), message("nn.col.gradient"),
                       message("nn.col.update"), message("nn.col.new")])
    data = []
    for r in step.rows:
        label = parameter_label(r.name, r.layer, r.index)
        section.rows.append([label] + [_fmt(v, digits) for v in (r.old, r.gradient, r.update, r.new)])
        data.append({"parameter": label, "old": r.old, "gradient": r.gradient, "update": r.update, "new": r.new})
    change = step.loss_after - step.loss_before
    notes = [message("nn.step_loss", before=_fmt(step.loss_before, digits), after=_fmt(step.loss_after, digits),
                     change=_fmt(change, 3)), *layout_notes(layout)]
    weights = [in_layout(W, layout).tolist() for W in step.after.weights]
    payload = {"network": title, "lr": step.lr, "layout": layout, "loss_before": step.loss_before,
               "loss_after": step.loss_after, "parameters": data, "new_weights": weights,
               "new_biases": [b.tolist() for b in step.after.biases]}
    return View(title, [section], notes, payload)

