"""Learning-rate schedules: η as a function of the epoch (seed 003 §3.7.2's decaying rate).

SGD's fixed rate "is usually replaced by one that decreases over time"; these
are the usual ways, with t = 0, 1, … the number of epochs already done and η₀
the optimizer's rate:

* ``constant``:     ηₜ = η₀
* ``step``:         ηₜ = η₀ · γ^⌊t / s⌋         (``drop`` γ every ``every`` = s epochs)
* ``exponential``:  ηₜ = η₀ · e^(−k t)          (``decay`` k)
* ``inverse``:      ηₜ = η₀ / (1 + k t)         (``decay`` k)
* ``cosine``:       ηₜ = η_min + ½(η₀ − η_min)(1 + cos(π t / T))   (T = the run's epochs)

The training loop sets the optimizer's rate to ηₜ at the start of every epoch.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from adkit.errors import NetworkError

SCHEDULES = ("constant", "step", "exponential", "inverse", "cosine")


@dataclass(frozen=True)
class Schedule:
    """A schedule by name with its parameters (only the ones its formula uses matter)."""

    name: str = "constant"
    drop: float = 0.5
    every: int = 10
    decay: float = 0.1
    min_lr: float = 0.0

    def __post_init__(self) -> None:
        if self.name not in SCHEDULES:
            raise NetworkError("nn.unknown_schedule", name=self.name, known=", ".join(SCHEDULES))
        checks = (("drop", 0 < self.drop <= 1, "a number in (0, 1]"),
                  ("every", isinstance(self.every, int) and self.every >= 1, "a positive whole number"),
                  ("decay", math.isfinite(self.decay) and self.decay >= 0, "zero or positive"),
                  ("min_lr", math.isfinite(self.min_lr) and self.min_lr >= 0, "zero or positive"))
        for name, ok, expected in checks:
            if not ok:
                raise NetworkError("nn.bad_setting", name=name, expected=expected, value=getattr(self, name))

    def __str__(self) -> str:
        used = {"step": ("drop", "every"), "exponential": ("decay",), "inverse": ("decay",), "cosine": ("min_lr",)}
        params = ", ".join(f"{k}={getattr(self, k):g}" for k in used.get(self.name, ()))
        return f"{self.name}({params})" if params else self.name

    def rate(self, lr: float, epoch: int, epochs: int) -> float:
        """η for the epoch that starts after ``epoch`` epochs of ``epochs`` (η₀ = ``lr``)."""
        t = epoch
        if self.name == "step":
            return lr * self.drop ** (t // self.every)
        if self.name == "exponential":
            return lr * math.exp(-self.decay * t)
        if self.name == "inverse":
            return lr / (1.0 + self.decay * t)
        if self.name == "cosine":
            return self.min_lr + 0.5 * (lr - self.min_lr) * (1.0 + math.cos(math.pi * t / max(epochs, 1)))
        return lr


def make_schedule(schedule: str | Schedule | None, **params: float) -> Schedule:
    """A :class:`Schedule` from a name and parameters, or the given one unchanged."""
    if isinstance(schedule, Schedule):
        return schedule
    return Schedule(schedule or "constant", **{k: v for k, v in params.items() if v is not None})
