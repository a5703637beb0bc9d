"""Figures for ``adkit mlp``: the loss curve and the gradient norms per layer.

The caller loads matplotlib with :func:`adkit.present.pyplot.pyplot` (it is
optional) and hands it in, so this module never imports it; each figure comes
back as the bytes of ``path``'s format for the caller to write.
"""

from __future__ import annotations

from typing import Any

from adkit.messages import message
from adkit.present.pyplot import figure_bytes
from adkit.nn.norms import NormProfile


def loss_curve(plt: Any, losses: list[float], path: str) -> bytes:
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.plot(range(1, len(losses) + 1), losses)
    ax.set_xlabel(message("nn.col.epoch"))
    ax.set_ylabel(message("nn.col.loss"))
    ax.set_yscale("log")
    fig.tight_layout()
    data = figure_bytes(fig, path)
    plt.close(fig)
    return data


def norms_figure(plt: Any, profile: NormProfile, activation: str, path: str) -> bytes:
    """Two panels, log scale: ‖δ⁽ˡ⁾‖ and ‖∂C/∂W⁽ˡ⁾‖ against the layer, one line per checkpoint."""
    fig, axes = plt.subplots(1, 2, figsize=(10, 4), sharex=True)
    cmap = plt.get_cmap("viridis")
    count = len(profile.checkpoints)
    for i, point in enumerate(profile.checkpoints):
        layers = range(1, len(point.delta) + 1)
        style = dict(color=cmap(i / max(count - 1, 1)), marker="o", label=f"{message('nn.col.epoch')} {point.epoch}")
        axes[0].plot(layers, point.delta, **style)
        axes[1].plot(layers, point.grad_W, **style)
    for ax, label in zip(axes, ("‖δ⁽ˡ⁾‖", "‖∂C/∂W⁽ˡ⁾‖")):
        ax.set_yscale("log")
        ax.set_xlabel(message("nn.col.layer") + " l")
        ax.set_ylabel(label)
        ax.grid(True, which="both", alpha=0.3)
        ax.set_xticks(list(range(1, len(profile.checkpoints[0].delta) + 1)))
    axes[1].legend(fontsize="small")
    fig.suptitle(message("nn.norms_plot_title", activation=activation))
    fig.tight_layout()
    data = figure_bytes(fig, path)
    plt.close(fig)
    return data
