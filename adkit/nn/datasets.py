"""Small classification data sets that load with no network access.

* ``digits``: the 8×8 handwritten digits (UCI optdigits test set as bundled by
  scikit-learn, CC BY 4.0; see ``data/DIGITS-LICENSE.md``), shipped in the
  package as ``data/digits.csv.gz``: 1,797 images of 64 pixel counts.
* ``xor``: points uniform in [−1, 1]², class 1 when exactly one coordinate is
  positive (not linearly separable).
* ``moons``: two interleaved half circles with Gaussian noise.

Every set is split 80/20 per class (stratified) with a fixed seed, and the
inputs are standardised with the training part's mean and standard deviation.
Targets are one-hot rows; ``labels_*`` keep the class numbers.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from importlib import resources

import numpy as np

from adkit.errors import NetworkError

DATASETS = ("digits", "xor", "moons")


@dataclass(frozen=True)
class Dataset:
    name: str
    X_train: np.ndarray
    Y_train: np.ndarray
    X_test: np.ndarray
    Y_test: np.ndarray
    labels_train: np.ndarray
    labels_test: np.ndarray
    classes: int

    @property
    def features(self) -> int:
        return self.X_train.shape[1]


def digits_raw() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 digit images (pixel counts 0–16, shape (1797, 64)) and labels."""
    blob = resources.files("adkit.nn").joinpath("data/digits.csv.gz").read_bytes()
    table = np.loadtxt(gzip.decompress(blob).decode("ascii").splitlines(), delimiter=",", dtype=np.int64)
    return table[:, :64].astype(np.float64), table[:, 64]


def _xor(rng: np.random.Generator, n: int = 400) -> tuple[np.ndarray, np.ndarray]:
    X = rng.uniform(-1.0, 1.0, (n, 2))
    return X, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(np.int64)


def _moons(rng: np.random.Generator, n: int = 400, noise: float = 0.15) -> tuple[np.ndarray, np.ndarray]:
    half = n // 2
    t_out, t_in = np.linspace(0, np.pi, half), np.linspace(0, np.pi, n - half)
    X = np.vstack([np.column_stack([np.cos(t_out), np.sin(t_out)]),
                   np.column_stack([1 - np.cos(t_in), 0.5 - np.sin(t_in)])])
    X += noise * rng.standard_normal(X.shape)
    return X, np.repeat([0, 1], [half, n - half])


def stratified_split(labels: np.ndarray, test_fraction: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Train and test row indices, the same fraction of every class in the test part."""
    train, test = [], []
    for c in np.unique(labels):
        rows = rng.permutation(np.flatnonzero(labels == c))
        k = int(round(test_fraction * len(rows)))
        test.append(rows[:k])
        train.append(rows[k:])
    return np.sort(np.concatenate(train)), np.sort(np.concatenate(test))


def load_dataset(name: str, seed: int = 0, test_fraction: float = 0.2) -> Dataset:
    """Load (or generate) ``name``, split it 80/20 with ``seed`` and standardise it."""
    rng = np.random.default_rng(seed)
    if name == "digits":
        X, labels = digits_raw()
    elif name == "xor":
        X, labels = _xor(rng)
    elif name == "moons":
        X, labels = _moons(rng)
    else:
        raise NetworkError("nn.unknown_dataset", name=name, known=", ".join(DATASETS))
    train, test = stratified_split(labels, test_fraction, rng)
    mean = X[train].mean(axis=0)
    std = X[train].std(axis=0)
    std[std == 0] = 1.0  # constant pixels (always 0 in the corners) stay 0
    X = (X - mean) / std
    classes = int(labels.max()) + 1
    Y = np.eye(classes)[labels]
    return Dataset(name, X[train], Y[train], X[test], Y[test], labels[train], labels[test], classes)
